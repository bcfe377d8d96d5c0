/*
 * Mapping a page to reach its bytes, with Linux's names. modlab has no
 * high memory: the kernel maps all RAM once, at virtual == physical, so a
 * page is always reachable at page_address(page) and these calls only say
 * so. They keep Linux's rules all the same, so code written here works
 * there: kmap_atomic disables preemption until kunmap_atomic (no sleeping
 * in between), kmap_local_page/kunmap_local nest like a stack.
 */
#ifndef _LINUX_HIGHMEM_H
#define _LINUX_HIGHMEM_H

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/preempt.h>

static inline void *kmap(struct page *page)
{
	return page_address(page);
}

static inline void kunmap(struct page *page)
{
}

static inline void *kmap_local_page(struct page *page)
{
	return page_address(page);
}

/* addr is what kmap_local_page returned, or an address inside that page. */
static inline void kunmap_local(const void *addr)
{
}

static inline void *kmap_atomic(struct page *page)
{
	preempt_disable();
	return page_address(page);
}

static inline void kunmap_atomic(const void *addr)
{
	preempt_enable();
}

static inline void memcpy_from_page(char *to, struct page *page, size_t offset, size_t len)
{
	memcpy(to, (char *)kmap_local_page(page) + offset, len);
}

static inline void memcpy_to_page(struct page *page, size_t offset, const char *from, size_t len)
{
	memcpy((char *)kmap_local_page(page) + offset, from, len);
}

static inline void memzero_page(struct page *page, size_t offset, size_t len)
{
	memset((char *)kmap_local_page(page) + offset, 0, len);
}

static inline void clear_highpage(struct page *page)
{
	memzero_page(page, 0, PAGE_SIZE);
}

#endif
