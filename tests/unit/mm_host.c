/*
 * The page allocator's interface (linux/gfp.h, modlab/mm.h) over a fixed
 * arena of host memory, so the slab allocator can be tested as a process.
 * It keeps the kernel's rules: page-aligned runs, a head page with the
 * run's length, and bad frees reported rather than obeyed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <modlab/mm.h>
#include "mm_host.h"

#define ARENA_PAGES	1024

static char *arena;
static struct page pages[ARENA_PAGES];
int host_bad_frees;
int host_pages_in_use;
int host_fail_allocs;	/* > 0: fail the next N allocations */

static void arena_init(void)
{
	if (!arena) {
		arena = aligned_alloc(PAGE_SIZE, (size_t)ARENA_PAGES * PAGE_SIZE);
		for (int i = 0; i < ARENA_PAGES; i++)
			pages[i].flags = PG_free;
	}
}

struct page *virt_to_page(const void *virt)
{
	const char *p = virt;

	arena_init();
	if (p < arena || p >= arena + (size_t)ARENA_PAGES * PAGE_SIZE)
		return NULL;
	return &pages[(p - arena) / PAGE_SIZE];
}

void *page_address(const struct page *page)
{
	return arena + (size_t)(page - pages) * PAGE_SIZE;
}

void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	unsigned long n = PFN_UP(size), run = 0;

	arena_init();
	if (host_fail_allocs > 0) {
		host_fail_allocs--;
		return NULL;
	}
	for (unsigned long i = 0; i < ARENA_PAGES; i++) {
		run = (pages[i].flags & PG_free) ? run + 1 : 0;
		if (run == n) {
			unsigned long first = i + 1 - n;

			for (unsigned long j = first; j <= i; j++)
				pages[j].flags = 0;
			pages[first].flags = PG_head;
			pages[first].nr_pages = n;
			host_pages_in_use += n;
			return page_address(&pages[first]);
		}
	}
	return NULL;
}

void free_pages_exact(void *virt, size_t size)
{
	struct page *page = virt_to_page(virt);
	unsigned long n = PFN_UP(size);

	if (!page || !(page->flags & PG_head) || page->nr_pages != n) {
		report_bad_free(__func__, "bad page free of", virt);
		return;
	}
	for (unsigned long i = 0; i < n; i++)
		page[i].flags = PG_free;
	host_pages_in_use -= n;
}

void page_for_each_large(void (*fn)(struct page *page, void *arg), void *arg)
{
	for (unsigned long i = 0; i < ARENA_PAGES; i++)
		if (pages[i].flags & PG_large)
			fn(&pages[i], arg);
}

void report_bad_free(const char *func, const char *what, const void *ptr)
{
	host_bad_frees++;
	if (getenv("UNIT_VERBOSE"))
		fprintf(stderr, "report: %s: %s %p\n", func, what, ptr);
}
