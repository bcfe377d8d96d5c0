/*
 * Page-table bits, Linux's asm/pgtable.h: what a driver's mmap code
 * includes. modlab maps all RAM once at boot (virtual == physical) and
 * gives modules no page-table calls; this header brings in the page
 * definitions such code also expects.
 */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include <asm/page.h>
#include <linux/mm.h>

#endif
