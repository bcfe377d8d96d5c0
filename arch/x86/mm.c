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
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/gfp.h>
#include <asm/processor.h>
#include <asm/desc.h>
#include <modlab/mm.h>
#include <modlab/panic.h>

#define PTE_PRESENT	0x001
#define PTE_WRITE	0x002
#define PTE_PCD		0x010	/* cache disable, for device registers */
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

static void change_pages(unsigned long addr, unsigned int npages, u32 set, u32 clear)
{
	unsigned long flags;
	unsigned int i;

	spin_lock_irqsave(&pt_lock, flags);
	for (i = 0; i < npages; i++, addr += PAGE_SIZE) {
		u32 *pte = pte_of(addr, false);

		/* Only pages of RAM's identity map: their frame is their address. */
		if (pte && (*pte & PTE_ADDR_MASK) == (addr & PTE_ADDR_MASK)) {
			*pte = (*pte | set) & ~clear;
			invlpg((void *)addr);
		}
	}
	spin_unlock_irqrestore(&pt_lock, flags);
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

void set_memory_p(unsigned long addr, unsigned int npages)
{
	change_pages(addr, npages, PTE_PRESENT, 0);
}

/* Map device memory (uncached) at virtual == physical; returns the address. */
void *ioremap(phys_addr_t phys, size_t size)
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
