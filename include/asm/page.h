/* The page size, and the kernel's address <-> physical address, as Linux's asm/page.h. */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#include <asm/boot.h>

#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* modlab maps all RAM at virtual == physical (arch/x86/mm.c): both are casts. */
#define __pa(x)		((unsigned long)(x))
#define __va(x)		((void *)(unsigned long)(x))

#endif
