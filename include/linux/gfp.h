/* Allocation flags and whole-page allocation, with Linux's names. */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/types.h>

#define __GFP_ZERO	0x1u	/* fill the memory with zeros */
#define GFP_KERNEL	0x0u	/* normal allocation */
#define GFP_ATOMIC	0x0u	/* from interrupt context: this allocator never sleeps */

/* Contiguous pages for 'size' bytes (rounded up to pages); NULL when out of memory. */
void *alloc_pages_exact(size_t size, gfp_t gfp);
/* Free what alloc_pages_exact returned; a wrong pointer or size is reported. */
void free_pages_exact(void *virt, size_t size);

unsigned long __get_free_page(gfp_t gfp);
unsigned long get_zeroed_page(gfp_t gfp);
void free_page(unsigned long addr);

#endif
