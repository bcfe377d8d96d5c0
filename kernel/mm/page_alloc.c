/*
 * The physical page allocator.
 *
 * RAM is described by an array of struct page, one per 4 KiB frame, built
 * from the loader's memory map. Frames the kernel must never hand out are
 * marked reserved: everything below 1 MiB (firmware data, the VGA buffer,
 * room for the SMP start-up code), the kernel image, the loader's modules
 * (the initramfs and friends, still needed) and this array itself.
 *
 * An allocation is a run of free frames found by a next-fit scan. Its first
 * page is marked PG_head and remembers the run's length, so a free can check
 * that it is handed exactly what was allocated: a double free, a pointer into
 * the middle of a run or a wrong size is reported, not obeyed.
 *
 * Locking: page_lock (interrupts off) protects every struct page's flags,
 * the free count and the scan hint.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/gfp.h>
#include <modlab/mm.h>
#include <modlab/bootinfo.h>
#include <modlab/panic.h>

#define LOW_MEMORY_END	0x100000u
/* All RAM is mapped at virtual == physical; keep clear of the device area. */
#define MAX_RAM_END	0xc0000000u

static struct page *mem_map;
static unsigned long max_pfn;
static unsigned long nr_total, nr_free, nr_reserved;
static unsigned long next_hint;
static DEFINE_SPINLOCK(page_lock);

struct page *virt_to_page(const void *virt)
{
	unsigned long pfn = PFN_DOWN((unsigned long)virt);

	return pfn < max_pfn && mem_map ? &mem_map[pfn] : NULL;
}

void *page_address(const struct page *page)
{
	return (void *)((unsigned long)(page - mem_map) << PAGE_SHIFT);
}

unsigned long page_to_pfn(const struct page *page)
{
	return page - mem_map;
}

struct page *pfn_to_page(unsigned long pfn)
{
	return pfn < max_pfn && mem_map ? &mem_map[pfn] : NULL;
}

static bool overlaps(u64 a, u64 a_end, u64 b, u64 b_end)
{
	return a < b_end && b < a_end;
}

/* Is [start, end) inside usable RAM and clear of the kernel and the modules? */
static bool range_is_free(u64 start, u64 end)
{
	bool usable = false;
	unsigned int i;

	for (i = 0; i < boot_info.nr_regions; i++) {
		const struct memory_region *r = &boot_info.regions[i];

		if (r->type == MEMORY_USABLE && start >= r->start && end <= r->start + r->length)
			usable = true;
	}
	if (!usable || start < LOW_MEMORY_END || end > MAX_RAM_END)
		return false;
	if (overlaps(start, end, (u32)_kernel_start, (u32)_kernel_end))
		return false;
	for (i = 0; i < boot_info.nr_modules; i++)
		if (overlaps(start, end, boot_info.modules[i].start,
			     ALIGN(boot_info.modules[i].end, PAGE_SIZE)))
			return false;
	return true;
}

/* Find room for the page array: just after the kernel or after a module. */
static u32 place_mem_map(u32 size)
{
	u32 candidate = ALIGN((u32)_kernel_end, PAGE_SIZE);
	unsigned int i;

	if (range_is_free(candidate, (u64)candidate + size))
		return candidate;
	for (i = 0; i < boot_info.nr_modules; i++) {
		candidate = ALIGN(boot_info.modules[i].end, PAGE_SIZE);
		if (range_is_free(candidate, (u64)candidate + size))
			return candidate;
	}
	panic("page_alloc: no room for the page array (%u bytes)", size);
}

static void reserve_range(u64 start, u64 end)
{
	unsigned long pfn;

	for (pfn = PFN_DOWN(start); pfn < PFN_UP(end) && pfn < max_pfn; pfn++) {
		if (mem_map[pfn].flags & PG_free) {
			mem_map[pfn].flags = PG_reserved;
			nr_free--;
			nr_reserved++;
		}
	}
}

void page_alloc_init(void)
{
	unsigned long pfn;
	unsigned int i;
	u32 map_size, map_addr;

	for (i = 0; i < boot_info.nr_regions; i++) {
		const struct memory_region *r = &boot_info.regions[i];
		u64 end = r->start + r->length;

		if (r->type != MEMORY_USABLE || r->start >= MAX_RAM_END)
			continue;
		if (end > MAX_RAM_END) {
			pr_warn("page_alloc: ignoring RAM above %#x\n", MAX_RAM_END);
			end = MAX_RAM_END;
		}
		max_pfn = max(max_pfn, (unsigned long)PFN_DOWN(end));
	}
	map_size = ALIGN(max_pfn * sizeof(struct page), PAGE_SIZE);
	map_addr = place_mem_map(map_size);
	mem_map = (struct page *)map_addr;
	memset(mem_map, 0, max_pfn * sizeof(struct page));	/* refs 0, mapping NULL, index 0 */
	for (pfn = 0; pfn < max_pfn; pfn++)
		mem_map[pfn].flags = PG_reserved;

	/* Whole frames inside usable regions join the pool... */
	for (i = 0; i < boot_info.nr_regions; i++) {
		const struct memory_region *r = &boot_info.regions[i];
		u64 end = min(r->start + r->length, (u64)max_pfn << PAGE_SHIFT);

		if (r->type != MEMORY_USABLE)
			continue;
		for (pfn = PFN_UP(r->start); pfn < PFN_DOWN(end); pfn++) {
			if (mem_map[pfn].flags & PG_free)
				continue;	/* regions that overlap: count once */
			mem_map[pfn].flags = PG_free;
			nr_free++;
			nr_total++;
		}
	}
	/* ...except what the kernel and the loader are using. */
	reserve_range(0, LOW_MEMORY_END);
	reserve_range((u32)_kernel_start, (u32)_kernel_end);
	reserve_range(map_addr, map_addr + map_size);
	for (i = 0; i < boot_info.nr_modules; i++)
		reserve_range(boot_info.modules[i].start, boot_info.modules[i].end);
	next_hint = PFN_DOWN(LOW_MEMORY_END);

	pr_info("mem: %lu KiB usable RAM, %lu KiB free, page array of %u KiB at %#x\n",
		nr_total * (PAGE_SIZE / 1024), nr_free * (PAGE_SIZE / 1024), map_size / 1024,
		map_addr);
}

/* A run of n free frames at or after 'from', or 0 (frame 0 is never free). */
static unsigned long find_free_run(unsigned long from, unsigned long to, unsigned long n)
{
	unsigned long pfn, run = 0;

	for (pfn = from; pfn < to; pfn++) {
		run = (mem_map[pfn].flags & PG_free) ? run + 1 : 0;
		if (run == n)
			return pfn + 1 - n;
	}
	return 0;
}

void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	unsigned long n = PFN_UP(size), pfn, i, flags;
	void *p;

	if (n == 0 || n > nr_total)
		return NULL;
	spin_lock_irqsave(&page_lock, flags);
	pfn = find_free_run(next_hint, max_pfn, n);
	if (!pfn)
		pfn = find_free_run(0, max_pfn, n);
	if (!pfn) {
		spin_unlock_irqrestore(&page_lock, flags);
		return NULL;
	}
	for (i = 0; i < n; i++)
		mem_map[pfn + i].flags = 0;
	mem_map[pfn].flags = PG_head;
	mem_map[pfn].nr_pages = n;
	nr_free -= n;
	next_hint = pfn + n;
	spin_unlock_irqrestore(&page_lock, flags);

	p = (void *)(pfn << PAGE_SHIFT);
	if (gfp & __GFP_ZERO)
		memset(p, 0, n * PAGE_SIZE);
	return p;
}

void free_pages_exact(void *virt, size_t size)
{
	struct page *page = virt_to_page(virt);
	unsigned long n = PFN_UP(size), i, flags;

	if (!page || ((unsigned long)virt & (PAGE_SIZE - 1))) {
		report_bad_free(__func__, "a pointer that is not a page the allocator gave out",
				virt);
		return;
	}
	spin_lock_irqsave(&page_lock, flags);
	if (page->flags & PG_free) {
		spin_unlock_irqrestore(&page_lock, flags);
		report_bad_free(__func__, "double free of", virt);
		return;
	}
	if (!(page->flags & PG_head) || page->nr_pages != n) {
		spin_unlock_irqrestore(&page_lock, flags);
		report_bad_free(__func__, (page->flags & PG_head) ? "wrong size for" :
				"a pointer that is not the start of an allocation", virt);
		return;
	}
	/*
	 * A page a mapping still holds (get_page, linux/mm.h) must not be
	 * handed out again while the mapping can reach it: refuse the free and
	 * keep the run (a leak, not a use after free). The references change
	 * without page_lock, so this catches the bug rather than excludes a
	 * race: taking a reference to a page while freeing it is the bug.
	 */
	for (i = 0; i < n; i++) {
		if (READ_ONCE(page[i].refs)) {
			spin_unlock_irqrestore(&page_lock, flags);
			report_bad_free(__func__, "a page still mapped (get_page without put_page):",
					(char *)virt + i * PAGE_SIZE);
			return;
		}
	}
	for (i = 0; i < n; i++)
		page[i].flags = PG_free;
	nr_free += n;
	spin_unlock_irqrestore(&page_lock, flags);
}

unsigned long __get_free_page(gfp_t gfp)
{
	return (unsigned long)alloc_pages_exact(PAGE_SIZE, gfp);
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_page(gfp | __GFP_ZERO);
}

void free_page(unsigned long addr)
{
	free_pages_exact((void *)addr, PAGE_SIZE);
}

/* Orders as Linux takes them: 2^order pages, order below MAX_ORDER. */
static bool order_ok(unsigned int order, const char *func)
{
	if (order < MAX_ORDER)
		return true;
	pr_warn("%s: order %u is above the largest, %u\n", func, order, MAX_ORDER - 1);
	return false;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	void *p;

	if (!order_ok(order, __func__))
		return NULL;
	p = alloc_pages_exact(PAGE_SIZE << order, gfp);
	return p ? virt_to_page(p) : NULL;
}

void __free_pages(struct page *page, unsigned int order)
{
	if (!page || !order_ok(order, __func__))
		return;
	free_pages_exact(page_address(page), PAGE_SIZE << order);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	if (!order_ok(order, __func__))
		return 0;
	return (unsigned long)alloc_pages_exact(PAGE_SIZE << order, gfp);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr || !order_ok(order, __func__))
		return;
	free_pages_exact((void *)addr, PAGE_SIZE << order);
}

/* The length in pages of the allocation starting at virt, or 0 if virt
 * starts none (a hint: a free checks again under the lock). */
unsigned long page_run_length(const void *virt)
{
	struct page *page = virt_to_page(virt);
	unsigned long flags, n = 0;

	if (!page || ((unsigned long)virt & (PAGE_SIZE - 1)))
		return 0;
	spin_lock_irqsave(&page_lock, flags);
	if ((page->flags & (PG_head | PG_free)) == PG_head)
		n = page->nr_pages;
	spin_unlock_irqrestore(&page_lock, flags);
	return n;
}

void page_get_stats(struct page_stats *st)
{
	unsigned long flags;

	spin_lock_irqsave(&page_lock, flags);
	st->total = nr_total;
	st->free = nr_free;
	st->reserved = nr_reserved;
	spin_unlock_irqrestore(&page_lock, flags);
}

/* fn(page, arg) for the first page of each large kmalloc block, under
 * page_lock (fn must not allocate or free). */
void page_for_each_large(void (*fn)(struct page *page, void *arg), void *arg)
{
	unsigned long flags, pfn;

	spin_lock_irqsave(&page_lock, flags);
	for (pfn = 0; pfn < max_pfn; pfn++)
		if (mem_map[pfn].flags & PG_large)
			fn(&mem_map[pfn], arg);
	spin_unlock_irqrestore(&page_lock, flags);
}

void report_bad_free(const char *func, const char *what, const void *ptr)
{
	pr_err("BUG: %s: %s %p\n", func, what, ptr);
	dump_stack();
}

unsigned long page_alloc_max_pfn(void)
{
	return max_pfn;
}

/* For modules. */
EXPORT_SYMBOL(alloc_pages_exact);
EXPORT_SYMBOL(free_pages_exact);
EXPORT_SYMBOL(__get_free_page);
EXPORT_SYMBOL(get_zeroed_page);
EXPORT_SYMBOL(free_page);
EXPORT_SYMBOL(alloc_pages);
EXPORT_SYMBOL(__free_pages);
EXPORT_SYMBOL(__get_free_pages);
EXPORT_SYMBOL(free_pages);
EXPORT_SYMBOL(page_to_pfn);
EXPORT_SYMBOL(pfn_to_page);
EXPORT_SYMBOL(virt_to_page);
EXPORT_SYMBOL(page_address);
