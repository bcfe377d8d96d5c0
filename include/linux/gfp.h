/*
 * Allocation flags and whole-page allocation, with Linux's names.
 *
 * modlab's allocators never sleep and have one zone, so of the flags only
 * __GFP_ZERO changes anything; the others are accepted so Linux code
 * compiles and means the same (GFP_KERNEL from a thread, GFP_ATOMIC from
 * anywhere). Pages are always mapped (no highmem): page_address() works
 * on every page.
 */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/types.h>

#define __GFP_ZERO		0x0001u	/* fill the memory with zeros */
#define __GFP_NOWARN		0x0002u	/* accepted */
#define __GFP_RETRY_MAYFAIL	0x0004u	/* accepted */
#define __GFP_NOFAIL		0x0008u	/* accepted */
#define __GFP_NORETRY		0x0010u	/* accepted */
#define __GFP_HIGHMEM		0x0020u	/* accepted: all memory is mapped */
#define __GFP_DMA		0x0040u	/* accepted: no DMA zone */
#define __GFP_DMA32		0x0080u	/* accepted */
#define __GFP_COMP		0x0100u	/* accepted */
#define __GFP_ACCOUNT		0x0200u	/* accepted */
#define __GFP_HIGH		0x0400u	/* accepted */
#define GFP_KERNEL	0x0u	/* normal allocation */
#define GFP_ATOMIC	0x0u	/* from interrupt context: this allocator never sleeps */
#define GFP_NOWAIT	0x0u
#define GFP_NOIO	0x0u
#define GFP_NOFS	0x0u
#define GFP_USER	0x0u
#define GFP_DMA		__GFP_DMA
#define GFP_DMA32	__GFP_DMA32
#define GFP_HIGHUSER	__GFP_HIGHMEM
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | __GFP_ACCOUNT)

/* Largest order alloc_pages takes, plus one, as in Linux 6.1. */
#define MAX_ORDER	11

struct page;

/* Contiguous pages for 'size' bytes (rounded up to pages); NULL when out of memory. */
void *alloc_pages_exact(size_t size, gfp_t gfp);
/* Free what alloc_pages_exact returned; a wrong pointer or size is reported. */
void free_pages_exact(void *virt, size_t size);

/* 2^order contiguous pages: their first struct page, or NULL. Any context. */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp)		alloc_pages(gfp, 0)
/* Free 2^order pages from alloc_pages; the order must match. */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page)	__free_pages((page), 0)

/* The same, by address. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
void free_pages(unsigned long addr, unsigned int order);
unsigned long __get_free_page(gfp_t gfp);
unsigned long get_zeroed_page(gfp_t gfp);
void free_page(unsigned long addr);

#endif
