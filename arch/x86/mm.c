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
#include <modlab/mmap.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <asm/irqflags.h>

#define PTE_PRESENT	0x001
#define PTE_WRITE	0x002
#define PTE_PWT		0x008	/* write-through */
#define PTE_PCD		0x010	/* cache disable, for device registers */
#define PTE_PAGE_REF	0x200	/* software bit: the entry holds a get_page reference */

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
	/* The mmap area's page table, made now so a mapping never allocates
	 * one under pt_lock. */
	for (addr = MMAP_AREA_START; addr < MMAP_AREA_END; addr += PAGE_SIZE << 10)
		pte_of(addr, true);

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

static bool in_mmap_area(unsigned long addr)
{
	return addr >= MMAP_AREA_START && addr < MMAP_AREA_END;
}

/*
 * The mmap area's entries (kernel/mm/mmap.c decides what goes where; this
 * only writes the entries). Installing needs no TLB flush: a CPU never
 * caches a not-present entry. Clearing is flushed by the caller, once for
 * the whole range, before the range is reused.
 */
int mmap_set_pte(unsigned long addr, unsigned long pfn, unsigned long prot, bool page_ref)
{
	u32 bits = PTE_PRESENT | (prot & (PTE_WRITE | PTE_PWT | PTE_PCD));
	unsigned long flags;
	u32 *pte;
	int ret = 0;

	if (!in_mmap_area(addr) || pfn >= (1UL << 20))
		return -EINVAL;
	spin_lock_irqsave(&pt_lock, flags);
	pte = pte_of(addr, false);
	if (*pte & PTE_PRESENT)
		ret = -EBUSY;
	else
		*pte = (pfn << PAGE_SHIFT) | bits | (page_ref ? PTE_PAGE_REF : 0);
	spin_unlock_irqrestore(&pt_lock, flags);
	return ret;
}

bool mmap_clear_pte(unsigned long addr, unsigned long *pfn)
{
	unsigned long flags;
	u32 *pte, old = 0;

	if (!in_mmap_area(addr))
		return false;
	spin_lock_irqsave(&pt_lock, flags);
	pte = pte_of(addr, false);
	old = *pte;
	*pte = 0;
	spin_unlock_irqrestore(&pt_lock, flags);
	*pfn = old >> PAGE_SHIFT;
	return (old & (PTE_PRESENT | PTE_PAGE_REF)) == (PTE_PRESENT | PTE_PAGE_REF);
}

/* One aligned load: no lock needed to see either the old or the new entry. */
bool mmap_pte_present(unsigned long addr)
{
	return in_mmap_area(addr) && (READ_ONCE(*pte_of(addr, false)) & PTE_PRESENT);
}

/*
 * A page fault in the mmap area: the mapping's fault handler may supply the
 * page (handle_mmap_fault). Only where the faulting code may sleep, as a
 * driver's fault handler may (Linux's faulthandler_disabled test): with
 * interrupts on and preemption on before the fault. Interrupts go back on
 * for the handler (the trap gate turned them off) and off again before the
 * return to the faulting instruction. If the page cannot be had, the fault
 * stays unhandled: the exception table's fixup (copy_from_kernel_nofault)
 * or an oops comes next.
 */
bool do_mmap_area_fault(u32 error_code, unsigned long address, unsigned long eflags)
{
	unsigned int fault_flags = (error_code & PF_WRITE) ? FAULT_FLAG_WRITE : 0;
	int ret;

	if (!in_mmap_area(address) || !(eflags & X86_EFLAGS_IF) || preempt_count())
		return false;
	local_irq_enable();
	ret = handle_mmap_fault(address, fault_flags, error_code & PF_PROT);
	local_irq_disable();
	return ret == 0;
}

/* Map device memory (uncached) at virtual == physical; returns the address. */
void __iomem *ioremap(resource_size_t phys, unsigned long size)
{
	u32 addr = phys & PTE_ADDR_MASK, end = phys + size;
	unsigned long flags;

	if (!page_directory)
		return (void *)phys;	/* paging is not on yet: all is reachable */
	if (phys < MMAP_AREA_END && end > MMAP_AREA_START) {
		pr_err("ioremap: %#x+%#lx lies in the mmap area (%#lx-%#lx): not mapped\n",
		       phys, size, MMAP_AREA_START, MMAP_AREA_END - 1);
		return NULL;
	}
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
