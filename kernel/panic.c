/*
 * When the kernel cannot go on: oops reports and panic.
 *
 * An exception in kernel code is a bug. The trap handler calls oops_begin(),
 * prints what it knows, and die() adds the registers and the call trace
 * (with symbol names) and panics. panic() prints its reason and stops the
 * machine; under QEMU with isa-debug-exit, QEMU exits with status 3, so a
 * test sees the failure at once instead of waiting for a timeout.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <asm/irqflags.h>
#include <asm/ptrace.h>
#include <asm/processor.h>
#include <linux/sched.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <modlab/panic.h>
#include <modlab/console.h>
#include <modlab/kallsyms.h>

static int die_counter;

void oops_begin(void)
{
	local_irq_disable();
	oops_in_progress = 1;
	smp_send_stop();	/* the others halt: the report is not interleaved */
}

void die(const char *what, struct pt_regs *regs)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol(sym, regs->eip);
	pr_emerg("Oops: %s, error code %#x [#%d] CPU %u thread %s, %s\n", what,
		 regs->error_code, ++die_counter, smp_processor_id(),
		 current ? current->comm : "(none)", print_tainted());
	pr_emerg("EIP is at %s\n", sym);
	show_regs(regs);
	pr_emerg("Call trace:\n");
	pr_emerg(" [<%08x>] %s\n", regs->eip, sym);
	show_stack(regs->ebp);
	panic("Fatal exception");
}

void dump_stack(void)
{
	pr_err("Call trace:\n");
	show_stack(read_frame_pointer());
}

void panic(const char *fmt, ...)
{
	static int in_panic;
	char buf[256];
	va_list args;

	local_irq_disable();
	oops_in_progress = 1;
	smp_send_stop();
	if (in_panic++)
		arch_halt_after_panic();	/* a panic while panicking: just stop */
	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	arch_halt_after_panic();
}

/* For modules. */
EXPORT_SYMBOL(panic);
EXPORT_SYMBOL(dump_stack);
