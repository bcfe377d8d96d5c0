/*
 * vmalloc: large buffers in whole pages, with Linux's names.
 *
 * In modlab vmalloc memory is physically contiguous: the kernel maps all
 * RAM once at virtual == physical and has no separate vmalloc area, so a
 * vmalloc is a run of pages from the page allocator, rounded up to whole
 * pages. The API and its promises are Linux's (page-aligned, may fail with
 * NULL, vfree(NULL) is nothing); what differs is that a large vmalloc can
 * fail when free memory is fragmented, where Linux would stitch scattered
 * pages together. vmalloc_to_page and vmalloc_to_pfn work on any address
 * inside the buffer.
 */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/types.h>
#include <linux/gfp.h>

struct page;

/* size bytes (rounded up to pages), or NULL. May be called from a thread;
 * modlab's never sleeps. */
void *vmalloc(unsigned long size);
/* The same, zeroed. */
void *vzalloc(unsigned long size);
#define vmalloc_user(size)	vzalloc(size)
#define vmalloc_32(size)	vmalloc(size)
void *vmalloc_array(size_t n, size_t size);
void *vcalloc(size_t n, size_t size);
/* Free what vmalloc returned; NULL is ignored, a pointer vmalloc did not
 * return is reported and otherwise ignored. */
void vfree(const void *addr);

struct page *vmalloc_to_page(const void *addr);
unsigned long vmalloc_to_pfn(const void *addr);
/* Is addr from vmalloc? (In modlab: is it inside a page run that neither
 * the slab nor kmalloc owns.) */
bool is_vmalloc_addr(const void *addr);

#endif
