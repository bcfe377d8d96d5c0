/*
 * Physical memory: one struct page per page frame, the page allocator, and
 * the kernel's page tables. The kernel maps all RAM at virtual == physical.
 */
#ifndef _MODLAB_MM_H
#define _MODLAB_MM_H

#include <linux/types.h>
#include <asm/boot.h>

#define PG_reserved	(1u << 0)	/* never handed out: firmware, kernel, loader modules */
#define PG_free		(1u << 1)	/* in the free pool */
#define PG_head		(1u << 2)	/* first page of an allocation; 'nr_pages' is its length */
#define PG_slab		(1u << 3)	/* belongs to a slab; 'slab' points at its header */
#define PG_large	(1u << 4)	/* first page of a large kmalloc */
#define PG_vmalloc	(1u << 5)	/* first page of a vmalloc buffer */

struct slab;
struct address_space;

struct page {
	u32 flags;
	u32 nr_pages;		/* PG_head: length of the allocation */
	union {
		struct slab *slab;	/* PG_slab: the slab this page belongs to */
		unsigned long caller;	/* PG_large: who called kmalloc */
	};
	u32 refs;		/* get_page references: mappings holding it (linux/mm.h) */
	/* Linux's page-cache fields, which drivers print: no page cache here,
	 * so always NULL and 0. */
	struct address_space *mapping;
	unsigned long index;
};

#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)

/* The page describing the frame that holds virt, or NULL outside RAM. */
struct page *virt_to_page(const void *virt);
void *page_address(const struct page *page);

/* arch: paging. */
void paging_init(unsigned long max_pfn);
void set_memory_ro(unsigned long addr, unsigned int npages);
void set_memory_rw(unsigned long addr, unsigned int npages);
/* A kernel write fault on a page now writable: drops this CPU's stale entry
 * and returns true (the write is retried). arch/x86/mm.c. */
bool spurious_kernel_fault(u32 error_code, unsigned long address);
/* Drop [start, end)'s TLB entries on every online CPU (interrupts on). */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);
/* Drop this CPU's TLB entry for the page at addr. */
void flush_tlb_one_kernel(unsigned long addr);

extern char _text[], _etext[];

/*
 * Kernel-only from here: modules reach this header through Linux-named
 * ones, and a module's own names must not collide with these (Linux does
 * not declare them).
 */
#ifndef MODULE
/* Pages in the allocation that starts at virt; 0 if none starts there. */
unsigned long page_run_length(const void *virt);

void page_alloc_init(void);
unsigned long page_alloc_max_pfn(void);	/* one past the last RAM frame */
void slab_init(void);

/* Counts of page frames, for 'free' and /proc/meminfo. */
struct page_stats {
	unsigned long total;	/* usable RAM */
	unsigned long free;
	unsigned long reserved;	/* kernel image, loader modules, page array, low memory */
};
void page_get_stats(struct page_stats *st);
/* Each large kmalloc block's first page (kernel/mm/slab.c's leak report). */
void page_for_each_large(void (*fn)(struct page *page, void *arg), void *arg);

/* Report a bad free (what, at ptr) with a backtrace; the free is then ignored. */
void report_bad_free(const char *func, const char *what, const void *ptr);

/* Unmap (np) or map again (p) pages, e.g. a stack's guard page. */
void set_memory_np(unsigned long addr, unsigned int npages);
void set_memory_p(unsigned long addr, unsigned int npages);

/* Unmap, flushing this CPU only: the caller flushes the one other CPU that
 * must see it (a new thread's stack guard). */
void set_memory_np_local(unsigned long addr, unsigned int npages);

/* Totals over every cache, for 'free' and /proc/meminfo. */
struct slab_stats {
	unsigned long pages;		/* pages held by all caches */
	unsigned long objects;		/* objects in use */
	unsigned long bytes;		/* bytes in use (object sizes) */
	unsigned long large_pages;	/* pages of kmalloc requests above the largest cache */
};
void slab_get_stats(struct slab_stats *st);

extern char _kernel_start[], _kernel_end[];

/*
 * The mmap area: kernel virtual addresses where files are mapped
 * (kernel/mm/mmap.c). It starts where RAM may no longer be (page_alloc.c's
 * MAX_RAM_END), so it never meets the identity map of RAM; ioremap refuses
 * device memory that would fall inside it. One page table covers it.
 */
#define MMAP_AREA_START		0xc0000000UL
#define MMAP_AREA_SIZE		(4UL << 20)
#define MMAP_AREA_END		(MMAP_AREA_START + MMAP_AREA_SIZE)

/* arch: the mmap area's page-table entries, under pt_lock. prot holds
 * _PAGE_* bits (asm/pgtable_types.h); page_ref marks an entry that holds a
 * get_page reference. -EBUSY if addr is mapped already, -EINVAL outside. */
int mmap_set_pte(unsigned long addr, unsigned long pfn, unsigned long prot, bool page_ref);
/* Clear addr's entry (no TLB flush: the caller flushes the range). True if
 * it held a page reference, whose frame is then in *pfn. */
bool mmap_clear_pte(unsigned long addr, unsigned long *pfn);
bool mmap_pte_present(unsigned long addr);
#endif /* !MODULE */

#endif
