/* x86 descriptor tables: the GDT, the IDT and task-state segments. */
#ifndef _ASM_DESC_H
#define _ASM_DESC_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/segment.h>

/* The 32-bit task-state segment (Intel SDM vol. 3, 8.2.1). */
struct tss {
	u16 link, _r0;
	u32 esp0;
	u16 ss0, _r1;
	u32 esp1;
	u16 ss1, _r2;
	u32 esp2;
	u16 ss2, _r3;
	u32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u16 es, _r4, cs, _r5, ss, _r6, ds, _r7, fs, _r8, gs, _r9, ldt, _r10;
	u16 trap, iomap_base;
} __packed;

/* Each CPU's normal TSS: where the CPU saved our registers when a double
 * fault switched to the double-fault task. */
extern struct tss kernel_tss[];

/* Load this CPU's GDT, TSS and per-CPU segment (%fs). */
void gdt_init(unsigned int cpu);
/* Fill the IDT (once), and load it on this CPU. */
void idt_init(void);
void idt_load(void);

/* Kernel stack bounds of the code that was running, for backtraces. */
extern char boot_stack_guard[], boot_stack_bottom[], boot_stack_top[];

#endif
