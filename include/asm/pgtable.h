/*
 * Page-table bits, Linux's asm/pgtable.h: what a driver's mmap code
 * includes. The protections (pgprot_t, PAGE_SHARED, pgprot_noncached) are
 * in asm/pgtable_types.h; the calls that install pages (remap_pfn_range,
 * vm_insert_page) in linux/mm.h, as in Linux.
 */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include <asm/page.h>
#include <asm/pgtable_types.h>
#include <linux/mm.h>

#endif
