/*
 * The global descriptor table: flat 4 GiB code and data segments for the
 * kernel, and two task-state segments. The CPU runs on the first TSS; the
 * second is the double-fault task, which the IDT's vector 8 switches to with
 * a fresh stack, so a kernel stack overflow is reported instead of turning
 * into a triple fault (a reset).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/boot.h>

struct gdt_entry {
	u16 limit_low;
	u16 base_low;
	u8 base_mid;
	u8 access;
	u8 flags_limit_high;	/* flags in the high nibble */
	u8 base_high;
} __packed;

struct desc_ptr {
	u16 limit;
	u32 base;
} __packed;

#define ACC_PRESENT	0x80
#define ACC_CODE	0x9a	/* present, ring 0, code, readable */
#define ACC_DATA	0x92	/* present, ring 0, data, writable */
#define ACC_TSS		0x89	/* present, ring 0, 32-bit TSS available */
#define FLAGS_4K_32	0xc	/* 4 KiB granularity, 32-bit */

static struct gdt_entry gdt[GDT_ENTRIES] __aligned(8);

struct tss kernel_tss __aligned(128);
static struct tss doublefault_tss __aligned(128);
static u8 doublefault_stack[2 * PAGE_SIZE] __aligned(PAGE_SIZE);

void doublefault_entry(void);	/* entry.S: first instruction of the double-fault task */

static void set_entry(int i, u32 base, u32 limit, u8 access, u8 flags)
{
	gdt[i].limit_low = limit & 0xffff;
	gdt[i].base_low = base & 0xffff;
	gdt[i].base_mid = (base >> 16) & 0xff;
	gdt[i].access = access;
	gdt[i].flags_limit_high = (flags << 4) | ((limit >> 16) & 0xf);
	gdt[i].base_high = base >> 24;
}

/* Reload every segment register so the CPU uses our descriptors. */
static void load_gdt(void)
{
	struct desc_ptr p = { sizeof(gdt) - 1, (u32)gdt };

	__asm__ __volatile__(
		"lgdt %0\n\t"
		"ljmp %1, $1f\n"
		"1:\n\t"
		"mov %2, %%ax\n\t"
		"mov %%ax, %%ds\n\t"
		"mov %%ax, %%es\n\t"
		"mov %%ax, %%ss\n\t"
		"mov %%ax, %%fs\n\t"
		"mov %%ax, %%gs\n\t"
		: : "m"(p), "i"(__KERNEL_CS), "i"(__KERNEL_DS) : "eax", "memory");
	__asm__ __volatile__("ltr %w0" : : "r"(__TSS));
}

void gdt_init(void)
{
	struct tss *df = &doublefault_tss;

	set_entry(GDT_ENTRY_KERNEL_CS, 0, 0xfffff, ACC_CODE, FLAGS_4K_32);
	set_entry(GDT_ENTRY_KERNEL_DS, 0, 0xfffff, ACC_DATA, FLAGS_4K_32);

	memset(&kernel_tss, 0, sizeof(kernel_tss));
	kernel_tss.ss0 = __KERNEL_DS;
	kernel_tss.iomap_base = sizeof(kernel_tss);	/* no I/O bitmap */
	set_entry(GDT_ENTRY_TSS, (u32)&kernel_tss, sizeof(kernel_tss) - 1, ACC_TSS, 0);

	memset(df, 0, sizeof(*df));
	df->eip = (u32)doublefault_entry;
	df->esp = (u32)doublefault_stack + sizeof(doublefault_stack);
	df->eflags = 0x2;			/* interrupts off */
	df->cs = __KERNEL_CS;
	df->ds = df->es = df->ss = df->fs = df->gs = __KERNEL_DS;
	df->iomap_base = sizeof(*df);
	/* df->cr3 is filled in once paging is on (paging_init). */
	set_entry(GDT_ENTRY_DOUBLEFAULT_TSS, (u32)df, sizeof(*df) - 1, ACC_TSS, 0);

	load_gdt();
}

void doublefault_set_cr3(u32 cr3)
{
	doublefault_tss.cr3 = cr3;
}
