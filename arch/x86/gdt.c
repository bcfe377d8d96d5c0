/*
 * The global descriptor tables, one per CPU: flat 4 GiB code and data
 * segments for the kernel, two task-state segments, and the per-CPU data
 * segment that %fs holds (its base is the CPU's struct cpu_data).
 *
 * The CPU runs on the first TSS; the second is the double-fault task, which
 * the IDT's vector 8 switches to with a fresh stack, so a kernel stack
 * overflow is reported instead of turning into a triple fault (a reset).
 * The task switch also loads %fs from that TSS, so the double-fault handler
 * still finds its own CPU's data.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/boot.h>
#include <modlab/percpu.h>

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

static struct gdt_entry gdt[NR_CPUS][GDT_ENTRIES] __aligned(64);

struct tss kernel_tss[NR_CPUS] __aligned(128);
static struct tss doublefault_tss[NR_CPUS] __aligned(128);
static u8 doublefault_stack[NR_CPUS][2 * PAGE_SIZE] __aligned(PAGE_SIZE);

void doublefault_entry(void);	/* entry.S: first instruction of the double-fault task */

static void set_entry(struct gdt_entry *e, u32 base, u32 limit, u8 access, u8 flags)
{
	e->limit_low = limit & 0xffff;
	e->base_low = base & 0xffff;
	e->base_mid = (base >> 16) & 0xff;
	e->access = access;
	e->flags_limit_high = (flags << 4) | ((limit >> 16) & 0xf);
	e->base_high = base >> 24;
}

/* Reload every segment register so the CPU uses our descriptors. */
static void load_gdt(struct gdt_entry *table)
{
	struct desc_ptr p = { sizeof(gdt[0]) - 1, (u32)table };

	__asm__ __volatile__(
		"lgdt %0\n\t"
		"ljmp %1, $1f\n"
		"1:\n\t"
		"mov %2, %%ax\n\t"
		"mov %%ax, %%ds\n\t"
		"mov %%ax, %%es\n\t"
		"mov %%ax, %%ss\n\t"
		"mov %%ax, %%gs\n\t"
		"mov %3, %%ax\n\t"
		"mov %%ax, %%fs\n\t"
		: : "m"(p), "i"(__KERNEL_CS), "i"(__KERNEL_DS), "i"(__PERCPU) : "eax", "memory");
	__asm__ __volatile__("ltr %w0" : : "r"(__TSS));
}

void gdt_init(unsigned int cpu)
{
	struct gdt_entry *g = gdt[cpu];
	struct tss *tss = &kernel_tss[cpu], *df = &doublefault_tss[cpu];
	struct cpu_data *data = &cpu_data[cpu];

	data->self = data;
	data->cpu = cpu;
	set_entry(&g[GDT_ENTRY_KERNEL_CS], 0, 0xfffff, ACC_CODE, FLAGS_4K_32);
	set_entry(&g[GDT_ENTRY_KERNEL_DS], 0, 0xfffff, ACC_DATA, FLAGS_4K_32);
	set_entry(&g[GDT_ENTRY_PERCPU], (u32)data, sizeof(*data) - 1, ACC_DATA, 0);

	memset(tss, 0, sizeof(*tss));
	tss->ss0 = __KERNEL_DS;
	tss->iomap_base = sizeof(*tss);	/* no I/O bitmap */
	set_entry(&g[GDT_ENTRY_TSS], (u32)tss, sizeof(*tss) - 1, ACC_TSS, 0);

	memset(df, 0, sizeof(*df));
	df->eip = (u32)doublefault_entry;
	df->esp = (u32)doublefault_stack[cpu] + sizeof(doublefault_stack[cpu]);
	df->eflags = 0x2;			/* interrupts off */
	df->cs = __KERNEL_CS;
	df->ds = df->es = df->ss = df->gs = __KERNEL_DS;
	df->fs = __PERCPU;
	df->cr3 = read_cr3();			/* paging_init updates the boot CPU's */
	df->iomap_base = sizeof(*df);
	set_entry(&g[GDT_ENTRY_DOUBLEFAULT_TSS], (u32)df, sizeof(*df) - 1, ACC_TSS, 0);

	load_gdt(g);
}

void doublefault_set_cr3(u32 cr3)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		doublefault_tss[cpu].cr3 = cr3;
}
