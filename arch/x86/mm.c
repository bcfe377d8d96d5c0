/*
 * Paging: two-level 32-bit page tables that map all RAM at virtual ==
 * physical with 4 KiB pages, so single pages can be unmapped or made
 * read-only:
 *   - page 0 is not mapped, so a NULL pointer dereference faults;
 *   - the page below the boot stack is not mapped (a stack overflow faults);
 *   - kernel text and read-only data are read-only (CR0.WP makes that hold
 *     for the kernel too).
 * Device memory (APIC registers, ACPI tables above RAM) is mapped on demand
 * by ioremap(), also at virtual == physical.
 *
 * Locking: pt_lock protects the page directory and tables once the kernel
 * runs; paging_init runs alone at boot.
 *
 * Every CPU caches translations in its own TLB, and invlpg clears only the
 * CPU that runs it. So a change that takes a right away (present -> not
 * present, writable -> read-only) is flushed on every online CPU
 * (flush_tlb_kernel_range) before the call returns; otherwise another CPU
 * could go on reading an unmapped page or writing a read-only one for as
 * long as its TLB entry lives. A change that gives a right (set_memory_rw,
 * set_memory_p) is not: a stale entry can only refuse what is now allowed,
 * and spurious_kernel_fault() drops such an entry when it faults (as Linux
 * does), so nothing is sent to the other CPUs for it.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/gfp.h>
#include <linux/smp.h>
#include <asm/processor.h>
#include <asm/desc.h>
#include <modlab/mm.h>
#include <asm/io.h>
#include <linux/export.h>
#include <modlab/panic.h>

#define PTE_PRESENT	0x001
#define PTE_WRITE	0x002
#define PTE_PCD		0x010	/* cache disable, for device registers */

/* Page-fault error code bits (Intel SDM vol. 3, 4.7). */
#define PF_PROT		0x001	/* the page was present: a rights violation */
#define PF_WRITE	0x002	/* the access was a write */
#define PTE_ADDR_MASK	0xfffff000u

#define PDE_INDEX(a)	((a) >> 22)
#define PTE_INDEX(a)	(((a) >> 12) & 0x3ff)

static u32 *page_directory;
static DEFINE_SPINLOCK(pt_lock);

extern char _sdata[];
void doublefault_set_cr3(u32 cr3);

/* The page-table entry for addr, making the page table if needed. */
static u32 *pte_of(u32 addr, bool create)
{
	u32 *pde = &page_directory[PDE_INDEX(addr)];
	u32 *table;

	if (!(*pde & PTE_PRESENT)) {
		if (!create)
			return NULL;
		table = (u32 *)get_zeroed_page(GFP_KERNEL);
		if (!table)
			panic("paging: out of memory for page tables");
		*pde = (u32)table | PTE_PRESENT | PTE_WRITE;
	}
	table = (u32 *)(*pde & PTE_ADDR_MASK);
	return &table[PTE_INDEX(addr)];
}

static void map_page(u32 addr, u32 flags)
{
	*pte_of(addr, true) = (addr & PTE_ADDR_MASK) | flags | PTE_PRESENT;
}

static void unmap_page(u32 addr)
{
	u32 *pte = pte_of(addr, false);

	if (pte)
		*pte = 0;
}

void paging_init(unsigned long max_pfn)
{
	u32 addr, end = max_pfn << PAGE_SHIFT;

	page_directory = (u32 *)get_zeroed_page(GFP_KERNEL);
	if (!page_directory)
		panic("paging: out of memory for the page directory");
	for (addr = PAGE_SIZE; addr < end; addr += PAGE_SIZE) {
		bool ro = addr >= (u32)_kernel_start && addr < (u32)_sdata;

		map_page(addr, ro ? 0 : PTE_WRITE);
	}
	unmap_page((u32)boot_stack_guard);

	write_cr3((u32)page_directory);
	doublefault_set_cr3((u32)page_directory);
	write_cr0(read_cr0() | X86_CR0_PG | X86_CR0_WP);
	pr_info("paging: RAM mapped to %#x; NULL page, boot stack guard unmapped; text read-only\n",
		end);
}

/* Above this many pages one CR3 reload is cheaper than the invlpgs. */
#define FLUSH_ALL_PAGES	32

struct flush_range {
	unsigned long start, end;
};

static void flush_tlb_range_here(void *info)
{
	const struct flush_range *r = info;
	unsigned long addr;

	if ((r->end - r->start) / PAGE_SIZE > FLUSH_ALL_PAGES) {
		write_cr3(read_cr3());	/* no global pages: this drops every entry */
		return;
	}
	for (addr = r->start; addr < r->end; addr += PAGE_SIZE)
		invlpg((void *)addr);
}

/*
 * Drop the TLB entries for [start, end) on every online CPU and return once
 * all have done it (an IPI to each other CPU, on_each_cpu with wait).
 *
 * Context: interrupts on, except in two cases where this CPU alone is
 * enough:
 *  - early boot, before the other CPUs run (one CPU online): an AP loads
 *    CR3 in the trampoline after these changes and starts with an empty
 *    TLB; while smp_boot_cpus starts them, CPU 0 changes no page tables.
 *  - interrupts off after boot: waiting for other CPUs with interrupts off
 *    can deadlock (two CPUs doing it to each other; kernel/smp.c refuses),
 *    so it is reported as a bug and only this CPU is flushed. The only
 *    caller with interrupts off, freeing a dead thread's stack in the
 *    context switch, calls set_memory_p, which needs no flush anywhere.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	struct flush_range r = { .start = start & PTE_ADDR_MASK, .end = end };
	unsigned long flags;

	if (num_online_cpus() == 1 || irqs_disabled()) {
		if (num_online_cpus() > 1) {
			pr_err("BUG: flush_tlb_kernel_range(%#lx, %#lx) with interrupts off: "
			       "other CPUs not flushed\n", start, end);
			dump_stack();
		}
		local_irq_save(flags);
		flush_tlb_range_here(&r);
		local_irq_restore(flags);
		return;
	}
	on_each_cpu(flush_tlb_range_here, &r, 1);
}

static void change_pages(unsigned long addr, unsigned int npages, u32 set, u32 clear)
{
	unsigned long flags, start = addr;
	unsigned int i;

	spin_lock_irqsave(&pt_lock, flags);
	for (i = 0; i < npages; i++, addr += PAGE_SIZE) {
		u32 *pte = pte_of(addr, false);

		/* Only pages of RAM's identity map: their frame is their address. */
		if (pte && (*pte & PTE_ADDR_MASK) == (addr & PTE_ADDR_MASK))
			*pte = (*pte | set) & ~clear;
	}
	spin_unlock_irqrestore(&pt_lock, flags);
	/*
	 * Taking a right away is flushed everywhere before we return. Giving
	 * one is flushed here only: a CPU never caches a translation whose
	 * present bit is 0 (Intel SDM vol. 3, 4.10.2.3), and another CPU's
	 * stale read-only entry makes its next write fault, which
	 * spurious_kernel_fault() turns into a flush of that one entry (SDM
	 * 4.10.4.3 allows exactly this lazy upgrade).
	 */
	if (clear) {
		flush_tlb_kernel_range(start, addr);
	} else {
		for (addr = start; addr < start + npages * PAGE_SIZE; addr += PAGE_SIZE)
			invlpg((void *)addr);
	}
}

/*
 * A kernel write that faulted on a page its page table now lets it write:
 * this CPU still held the read-only entry from before a set_memory_rw,
 * which flushed only the CPU that made the change. Drop the entry and let
 * the write run again. Any context (the fault may come in an interrupt
 * handler or with pt_lock held elsewhere): the entries are read without the
 * lock, one aligned 32-bit load each, so each is either the old or the new
 * value; if a right was taken away meanwhile, the retried write faults
 * again, finds the page read-only, and is reported as the bug it is.
 */
bool spurious_kernel_fault(u32 error_code, unsigned long address)
{
	u32 pde, pte;

	/* Only a write to a present page can be a stale read-only entry. */
	if ((error_code & (PF_PROT | PF_WRITE)) != (PF_PROT | PF_WRITE) || !page_directory)
		return false;
	pde = READ_ONCE(page_directory[PDE_INDEX(address)]);
	if ((pde & (PTE_PRESENT | PTE_WRITE)) != (PTE_PRESENT | PTE_WRITE))
		return false;
	pte = READ_ONCE(((u32 *)(pde & PTE_ADDR_MASK))[PTE_INDEX(address)]);
	if ((pte & (PTE_PRESENT | PTE_WRITE)) != (PTE_PRESENT | PTE_WRITE))
		return false;
	invlpg((void *)address);
	return true;
}

void set_memory_ro(unsigned long addr, unsigned int npages)
{
	change_pages(addr, npages, 0, PTE_WRITE);
}

void set_memory_rw(unsigned long addr, unsigned int npages)
{
	change_pages(addr, npages, PTE_WRITE, 0);
}

void set_memory_np(unsigned long addr, unsigned int npages)
{
	change_pages(addr, npages, 0, PTE_PRESENT);
}

/*
 * Unmap pages, flushing this CPU's TLB only: for a caller that knows the
 * one CPU that must see it and flushes that one itself (a new thread's
 * stack guard: the thread runs on one CPU only, and drops the guard's old
 * entry there when it first runs). Saves an IPI to every CPU per thread.
 */
void set_memory_np_local(unsigned long addr, unsigned int npages)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&pt_lock, flags);
	for (i = 0; i < npages; i++) {
		unsigned long a = addr + i * PAGE_SIZE;
		u32 *pte = pte_of(a, false);

		if (pte && (*pte & PTE_ADDR_MASK) == (a & PTE_ADDR_MASK)) {
			*pte &= ~PTE_PRESENT;
			invlpg((void *)a);
		}
	}
	spin_unlock_irqrestore(&pt_lock, flags);
}

/* Drop this CPU's TLB entry for one page (Linux's name; this CPU only). */
void flush_tlb_one_kernel(unsigned long addr)
{
	invlpg((void *)addr);
}

void set_memory_p(unsigned long addr, unsigned int npages)
{
	change_pages(addr, npages, PTE_PRESENT, 0);
}

/* Map device memory (uncached) at virtual == physical; returns the address. */
void __iomem *ioremap(resource_size_t phys, unsigned long size)
{
	u32 addr = phys & PTE_ADDR_MASK, end = phys + size;
	unsigned long flags;

	if (!page_directory)
		return (void *)phys;	/* paging is not on yet: all is reachable */
	spin_lock_irqsave(&pt_lock, flags);
	for (; addr < end && addr >= (phys & PTE_ADDR_MASK); addr += PAGE_SIZE) {
		u32 *pte = pte_of(addr, true);

		if (!(*pte & PTE_PRESENT)) {
			*pte = addr | PTE_PRESENT | PTE_WRITE | PTE_PCD;
			invlpg((void *)addr);
		}
	}
	spin_unlock_irqrestore(&pt_lock, flags);
	return (void *)phys;
}

/* For modules (iounmap is inline: asm/io.h). */
EXPORT_SYMBOL(ioremap);
