/*
 * Pages and their frames, with Linux's names: struct page, virt_to_page,
 * page_address, page_to_pfn, pfn_to_page (all RAM is mapped at virtual ==
 * physical, so every page has an address). What a module may read of a
 * struct page is only what these functions return.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <asm/boot.h>		/* PAGE_SIZE, PAGE_SHIFT */
#include <modlab/mm.h>		/* struct page, virt_to_page, page_address */

#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(addr)	(((addr) + PAGE_SIZE - 1) & PAGE_MASK)
#define PAGE_ALIGNED(addr)	((((unsigned long)(addr)) & (PAGE_SIZE - 1)) == 0)
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

/* The frame number of page, and back (NULL outside RAM). */
unsigned long page_to_pfn(const struct page *page);
struct page *pfn_to_page(unsigned long pfn);
#define virt_to_pfn(v)		((unsigned long)(v) >> PAGE_SHIFT)
#define pfn_valid(pfn)		(pfn_to_page(pfn) != NULL)
#define page_to_virt(page)	page_address(page)
#define virt_addr_valid(v)	(virt_to_page(v) != NULL)

/* The order (log2 of pages) that holds size bytes. */
static inline int get_order(unsigned long size)
{
	int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

#include <linux/vmalloc.h>

#endif
