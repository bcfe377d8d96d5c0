/* The page size, as Linux's asm/page.h gives it. */
#ifndef _ASM_PAGE_H
#define _ASM_PAGE_H

#include <asm/boot.h>

#define PAGE_MASK	(~(PAGE_SIZE - 1))

#endif
