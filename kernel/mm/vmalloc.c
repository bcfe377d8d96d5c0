/*
 * vmalloc (linux/vmalloc.h): page runs from the page allocator. With all
 * RAM mapped at virtual == physical and no vmalloc area, a vmalloc buffer
 * is physically contiguous (the header says what that changes). The
 * allocation's first struct page carries PG_vmalloc, so vfree can refuse
 * a pointer that vmalloc did not return, and kvfree can tell vmalloc
 * memory from kmalloc memory.
 *
 * Locking: none here; the page flags change under page_lock inside the
 * page allocator, and PG_vmalloc is set before the pointer is returned and
 * cleared by the one vfree that owns it.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <modlab/mm.h>

static void *__vmalloc(unsigned long size, gfp_t gfp)
{
	void *p;

	if (!size)
		return NULL;
	p = alloc_pages_exact(size, gfp);
	if (p)
		__atomic_or_fetch(&virt_to_page(p)->flags, PG_vmalloc, __ATOMIC_RELAXED);
	else if (!(gfp & __GFP_NOWARN))
		pr_warn("vmalloc: allocation failure: %lu bytes\n", size);
	return p;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL);
}

void *vzalloc(unsigned long size)
{
	return __vmalloc(size, GFP_KERNEL | __GFP_ZERO);
}

void *vmalloc_array(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return vmalloc(n * size);
}

void *vcalloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return vzalloc(n * size);
}

bool is_vmalloc_addr(const void *addr)
{
	struct page *page = virt_to_page(addr);

	return page && (READ_ONCE(page->flags) & PG_vmalloc);
}

void vfree(const void *addr)
{
	struct page *page;
	unsigned long n;

	if (!addr)
		return;
	page = virt_to_page(addr);
	n = page_run_length(addr);
	if (!n || !(page->flags & PG_vmalloc)) {
		report_bad_free(__func__, "a pointer vmalloc never returned:", addr);
		return;
	}
	__atomic_and_fetch(&page->flags, ~PG_vmalloc, __ATOMIC_RELAXED);
	free_pages_exact((void *)addr, n * PAGE_SIZE);
}

struct page *vmalloc_to_page(const void *addr)
{
	return virt_to_page(addr);
}

unsigned long vmalloc_to_pfn(const void *addr)
{
	return virt_to_pfn(addr);
}

EXPORT_SYMBOL(vmalloc);
EXPORT_SYMBOL(vzalloc);
EXPORT_SYMBOL(vmalloc_array);
EXPORT_SYMBOL(vcalloc);
EXPORT_SYMBOL(vfree);
EXPORT_SYMBOL(vmalloc_to_page);
EXPORT_SYMBOL(vmalloc_to_pfn);
EXPORT_SYMBOL(is_vmalloc_addr);
