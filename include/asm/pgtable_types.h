/*
 * Page protections, Linux's asm/pgtable_types.h for 32-bit x86 without
 * PAE: pgprot_t holds the low bits of a page-table entry. A driver's mmap
 * reads vma->vm_page_prot and may change it (pgprot_noncached) before
 * remap_pfn_range; kernel/mm/mmap.c installs only the present, write and
 * caching bits of it (modlab's mappings are the kernel's own, never user).
 */
#ifndef _ASM_PGTABLE_TYPES_H
#define _ASM_PGTABLE_TYPES_H

#include <linux/types.h>

#define _PAGE_PRESENT	0x001
#define _PAGE_RW	0x002
#define _PAGE_USER	0x004
#define _PAGE_PWT	0x008
#define _PAGE_PCD	0x010
#define _PAGE_ACCESSED	0x020
#define _PAGE_DIRTY	0x040

typedef unsigned long pgprotval_t;
typedef struct pgprot {
	pgprotval_t pgprot;
} pgprot_t;

#define pgprot_val(x)	((x).pgprot)
#define __pgprot(x)	((pgprot_t){ (x) })

#define PAGE_NONE	__pgprot(_PAGE_ACCESSED)
#define PAGE_SHARED	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_READONLY	__pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_KERNEL	__pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

/* Uncached (UC-: PCD set, PWT clear), as Linux on any CPU after the 386. */
#define pgprot_noncached(prot)	__pgprot(pgprot_val(prot) | _PAGE_PCD)
/* No PAT here: write-combining falls back to uncached, as Linux without PAT. */
#define pgprot_writecombine(prot)	pgprot_noncached(prot)
/* No memory encryption on i686. */
#define pgprot_decrypted(prot)	(prot)

#endif
