/*
 * The interrupt descriptor table and what happens on each vector:
 * exceptions (0-31) in the kernel are fatal and print an oops; device
 * interrupts go to their driver through do_irq().
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/boot.h>
#include <asm/desc.h>
#include <asm/ptrace.h>
#include <asm/processor.h>
#include <asm/irqflags.h>
#include <asm/extable.h>
#include <modlab/irq.h>
#include <modlab/panic.h>
#include <modlab/console.h>
#include <modlab/percpu.h>
#include <modlab/smp.h>
#include <modlab/time.h>
#include <asm/apic.h>
#include <modlab/watchdog.h>
#include <modlab/mm.h>
#include <modlab/mmap.h>
#include <linux/sched.h>

struct idt_entry {
	u16 offset_low;
	u16 selector;
	u8 zero;
	u8 type_attr;
	u16 offset_high;
} __packed;

#define IDT_INTERRUPT_GATE	0x8e	/* present, ring 0, 32-bit, interrupts off */
#define IDT_TASK_GATE		0x85	/* present, ring 0, task gate */

#define VECTOR_NMI		2
#define VECTOR_DOUBLE_FAULT	8
#define VECTOR_GP_FAULT		13
#define VECTOR_PAGE_FAULT	14

static struct idt_entry idt[256] __aligned(8);
extern char trap_stubs[];	/* entry.S: 256 stubs, 16 bytes apart */
#define TRAP_STUB_SIZE	16

static const char *const exception_names[32] = {
	[0] = "Divide error (#DE)",
	[1] = "Debug (#DB)",
	[2] = "Non-maskable interrupt (NMI)",
	[3] = "Breakpoint (#BP)",
	[4] = "Overflow (#OF)",
	[5] = "BOUND range exceeded (#BR)",
	[6] = "Invalid opcode (#UD)",
	[7] = "Device not available (#NM)",
	[8] = "Double fault (#DF)",
	[9] = "Coprocessor segment overrun",
	[10] = "Invalid TSS (#TS)",
	[11] = "Segment not present (#NP)",
	[12] = "Stack-segment fault (#SS)",
	[13] = "General protection fault (#GP)",
	[14] = "Page fault (#PF)",
	[16] = "x87 floating-point error (#MF)",
	[17] = "Alignment check (#AC)",
	[18] = "Machine check (#MC)",
	[19] = "SIMD floating-point exception (#XM)",
	[20] = "Virtualization exception (#VE)",
	[21] = "Control protection exception (#CP)",
};

const char *exception_name(unsigned int vector)
{
	if (vector < 32 && exception_names[vector])
		return exception_names[vector];
	return "Reserved exception";
}

static void set_gate(unsigned int vector, u32 offset, u16 selector, u8 type)
{
	idt[vector].offset_low = offset & 0xffff;
	idt[vector].selector = selector;
	idt[vector].zero = 0;
	idt[vector].type_attr = type;
	idt[vector].offset_high = offset >> 16;
}

void idt_load(void)
{
	struct { u16 limit; u32 base; } __packed p = { sizeof(idt) - 1, (u32)idt };

	__asm__ __volatile__("lidt %0" : : "m"(p));
}

/* One IDT serves every CPU. */
void idt_init(void)
{
	unsigned int v;

	for (v = 0; v < 256; v++)
		set_gate(v, (u32)trap_stubs + v * TRAP_STUB_SIZE, __KERNEL_CS, IDT_INTERRUPT_GATE);
	/* A double fault switches task, and so stacks: see gdt.c. */
	set_gate(VECTOR_DOUBLE_FAULT, 0, __DOUBLEFAULT_TSS, IDT_TASK_GATE);
	idt_load();
}

/* Explain a page fault's error code and address in words. */
static void describe_page_fault(const struct pt_regs *regs, u32 cr2)
{
	const char *what = regs->error_code & 0x10 ? "instruction fetch" :
			   regs->error_code & 0x2 ? "write" : "read";

	if (cr2 < PAGE_SIZE)
		pr_emerg("BUG: kernel NULL pointer dereference, address: %08x\n", cr2);
	else
		pr_emerg("BUG: unable to handle page fault for address: %08x\n", cr2);
	pr_emerg("#PF: %s access in kernel mode, %s\n", what,
		 regs->error_code & 0x1 ? "protection violation" : "page not present");
}

/* Interrupts from devices and other CPUs. Returns false for a vector
 * nobody asked for. */
static bool handle_interrupt(unsigned int vector, const struct pt_regs *regs)
{
	if (vector >= IRQ_BASE_VECTOR && vector < IRQ_BASE_VECTOR + NR_IRQS) {
		do_irq(vector - IRQ_BASE_VECTOR);
		return true;
	}
	switch (vector) {
	case LOCAL_TIMER_VECTOR:
		lapic_eoi();
		timer_tick();
		watchdog_tick(regs);
		return true;
	case RESCHEDULE_VECTOR:
		lapic_eoi();	/* need_resched is already set: see the end of trap_dispatch */
		return true;
	case CALL_FUNCTION_VECTOR:
		lapic_eoi();
		smp_call_function_interrupt();
		return true;
	case STOP_MACHINE_VECTOR:
		lapic_eoi();	/* only wakes a halted CPU: see stop_machine.c */
		return true;
	case SPURIOUS_APIC_VECTOR:
		return true;	/* no EOI for a spurious interrupt */
	case ERROR_APIC_VECTOR:
		lapic_eoi();
		pr_warn("apic: error interrupt on CPU %u\n", smp_processor_id());
		return true;
	}
	return false;
}

void trap_dispatch(struct pt_regs *regs)
{
	if (regs->vector == VECTOR_NMI) {
		if (smp_stop_requested())
			stop_this_cpu();	/* another CPU panicked */
		if (!nmi_backtrace_handler(regs))	/* sysrq l, a soft lockup */
			pr_warn("traps: NMI for no known reason on CPU %u\n", smp_processor_id());
		return;
	}
	if (regs->vector >= FIRST_EXTERNAL_VECTOR) {
		/* Hardware interrupt context: counted in preempt_count, so
		 * sleeping here is caught and nothing preempts the handler. */
		this_cpu_write(preempt_count, preempt_count() + HARDIRQ_OFFSET);
		this_cpu_inc(irqs);
		if (!handle_interrupt(regs->vector, regs))
			pr_warn("traps: unexpected interrupt on vector %u\n", regs->vector);
		irq_exit();	/* and run the softirqs it raised: kernel/softirq.c */
		/* Preempt the interrupted thread if a reschedule is due and it
		 * was preemptible: preemption on and interrupts on. */
		if (this_cpu_read(need_resched) && preempt_count() == 0 &&
		    (regs->eflags & X86_EFLAGS_IF))
			preempt_schedule_irq();
		return;
	}
	/* A write through a stale read-only TLB entry (spurious_kernel_fault). */
	if (regs->vector == VECTOR_PAGE_FAULT && spurious_kernel_fault(regs->error_code, read_cr2()))
		return;
	/* A page of a file mapping not present yet: the driver's fault handler
	 * brings it in (kernel/mm/mmap.c), and the access runs again. */
	if (regs->vector == VECTOR_PAGE_FAULT &&
	    do_mmap_area_fault(regs->error_code, read_cr2(), regs->eflags))
		return;
	/* A uaccess or nofault copy touching a bad pointer: resume at its fixup. */
	if ((regs->vector == VECTOR_PAGE_FAULT || regs->vector == VECTOR_GP_FAULT) &&
	    fixup_exception(regs))
		return;
	/* An exception in the kernel is a bug: report it, and kill the thread
	 * or panic (kernel/panic.c). */
	oops_begin();
	if (regs->vector == VECTOR_PAGE_FAULT)
		describe_page_fault(regs, read_cr2());
	die(exception_name(regs->vector), regs);
}

void show_regs(const struct pt_regs *regs)
{
	pr_emerg("EIP: %04x:%08x EFLAGS: %08x\n", regs->cs, regs->eip, regs->eflags);
	pr_emerg("EAX: %08x EBX: %08x ECX: %08x EDX: %08x\n",
		 regs->eax, regs->ebx, regs->ecx, regs->edx);
	pr_emerg("ESI: %08x EDI: %08x EBP: %08x ESP: %08x\n",
		 regs->esi, regs->edi, regs->ebp, regs->esp);
	pr_emerg("DS: %04x ES: %04x FS: %04x GS: %04x\n",
		 regs->ds & 0xffff, regs->es & 0xffff, regs->fs & 0xffff, regs->gs & 0xffff);
	pr_emerg("CR0: %08x CR2: %08x CR3: %08x CR4: %08x\n",
		 read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

/*
 * The double-fault task (entered through the task gate, on its own stack).
 * The registers of the code that faulted are in kernel_tss, where the task
 * switch saved them; a stack pointer at or below the bottom of its stack
 * means the stack overflowed.
 */
void doublefault_task(void)
{
	struct pt_regs regs;
	struct tss *tss = &kernel_tss[smp_processor_id()];
	u32 esp = tss->esp;

	memset(&regs, 0, sizeof(regs));
	regs.vector = VECTOR_DOUBLE_FAULT;
	regs.eip = tss->eip;
	regs.cs = tss->cs;
	regs.eflags = tss->eflags;
	regs.eax = tss->eax;
	regs.ebx = tss->ebx;
	regs.ecx = tss->ecx;
	regs.edx = tss->edx;
	regs.esi = tss->esi;
	regs.edi = tss->edi;
	regs.ebp = tss->ebp;
	regs.esp = esp;
	regs.ds = tss->ds;
	regs.es = tss->es;
	regs.fs = tss->fs;
	regs.gs = tss->gs;

	oops_begin();
	if (stack_overflowed(esp))
		pr_emerg("BUG: kernel stack overflow (ESP %08x is below the stack's bottom)\n", esp);
	die(exception_name(VECTOR_DOUBLE_FAULT), &regs);
}
