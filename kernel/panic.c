/*
 * When the kernel cannot go on: oops reports and panic.
 *
 * An exception in kernel code is a bug. The trap handler calls oops_begin(),
 * prints what it knows, and die() adds the registers and the call trace
 * (with symbol names). If the fault came from a thread that can be stopped
 * where it is (interrupts and preemption on, not the idle thread, not in an
 * interrupt handler), only that thread dies: the kernel is tainted 'D' and
 * goes on. Otherwise, or with panic_on_oops=1, die() panics, saying why.
 * panic() prints its reason and stops the machine; under QEMU with
 * isa-debug-exit, QEMU exits with status 3, so a test sees the failure at
 * once instead of waiting for a timeout.
 */
#include <linux/panic_notifier.h>
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
#include <modlab/bootinfo.h>
#include <modlab/time.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/proc_fs.h>
#include <linux/workqueue.h>
#include <modlab/sched.h>
#include <modlab/module.h>

static int die_counter;
int panic_on_oops;		/* panic_on_oops=1 on the command line */

/*
 * die_owner: the CPU printing an oops report, or -1. Reports from two CPUs
 * would interleave line by line; the second waits (interrupts off, which
 * is safe: the first CPU needs nothing from it to finish its report). Each
 * CPU's own flags say whether it holds die_owner and whether its oops came
 * from inside its own report; only that CPU touches them.
 */
static int die_owner = -1;
static bool die_owned[NR_CPUS];
static bool die_nested[NR_CPUS];

void panic_setup(void)
{
	char buf[8];

	if (cmdline_get("panic_on_oops", buf, sizeof(buf)))
		panic_on_oops = strcmp(buf, "0") != 0;
}

void oops_begin(void)
{
	int me = smp_processor_id(), free;
	u64 end = ktime_get_ns() + 2000000000ull;

	local_irq_disable();
	die_nested[me] = READ_ONCE(die_owner) == me;
	if (die_nested[me])
		return;
	for (;;) {
		free = -1;
		if (__atomic_compare_exchange_n(&die_owner, &free, me, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED)) {
			die_owned[me] = true;
			return;
		}
		if (ktime_get_ns() > end)	/* the other report is stuck: go on */
			return;
		cpu_relax();
	}
}

static void oops_end(void)
{
	int me = smp_processor_id();

	if (die_owned[me]) {
		die_owned[me] = false;
		__atomic_store_n(&die_owner, -1, __ATOMIC_RELEASE);
	}
}

/*
 * Can the kernel go on after this oops by killing the thread that caused
 * it? Not when there is no thread to kill (an interrupt handler, the idle
 * thread), nor when the thread cannot be stopped cleanly where it is: with
 * interrupts off or preemption off it may hold a spin lock, and killing it
 * would leave every other CPU spinning on that lock for ever. Returns why
 * the oops is fatal, or NULL if the thread can be killed.
 */
static const char *oops_fatal_reason(const struct pt_regs *regs)
{
	struct task_struct *p = current;

	if (die_nested[smp_processor_id()])
		return "Fatal exception while reporting an oops";
	if (regs->vector == 8)		/* double fault: we are on its own task */
		return "Fatal exception: double fault (the thread's stack is gone)";
	if (in_interrupt())
		return "Fatal exception in interrupt";
	if (!p || p == this_cpu_read(idle_task))
		return "Attempted to kill the idle task!";
	if (!(regs->eflags & X86_EFLAGS_IF))
		return "Fatal exception with interrupts off";
	if (preempt_count() & PREEMPT_MASK)
		return "Fatal exception with preemption off (a spin lock held?)";
	if (p->oopsed)
		return "Fatal exception while killing an oopsed thread";
	if (panic_on_oops)
		return "Fatal exception (panic_on_oops is set)";
	return NULL;
}

/* The mutexes the thread holds: they stay locked once it is dead, and
 * whoever waits for them waits for ever (the hung-task check reports it). */
static void report_held_locks(struct task_struct *p)
{
#if CONFIG_DEBUG_LOCKS
	char sym[KSYM_SYMBOL_LEN];
	int i, n = min(p->lock_depth, MAX_HELD_LOCKS);

	if (!p->lock_depth) {
		pr_emerg("no locks held by %s/%d\n", p->comm, p->pid);
		return;
	}
	pr_emerg("%d lock(s) held by %s/%d stay locked:\n", p->lock_depth, p->comm, p->pid);
	for (i = 0; i < n; i++) {
		sprint_symbol(sym, p->held_ips[i]);
		pr_emerg(" #%d: mutex '%s', taken at %s\n", i, p->held_locks[i]->name, sym);
	}
	if (p->lock_depth > n)
		pr_emerg(" ... and %d more\n", p->lock_depth - n);
#endif
}

/*
 * End the thread that oopsed, as if it had returned from its function:
 * a kthread_stop() waiting for it returns -EFAULT, and the scheduler frees
 * its stack once it has switched away for good. Its task_struct stays
 * until it is reaped (kthread_stop, or the shell that ran the command),
 * since whoever started the thread still holds a pointer to it. What it
 * held and the kernel cannot know to be consistent stays as it is: its
 * mutexes stay locked (and its task_struct is kept for good, as their
 * owner), its memory stays allocated, module references it took stay
 * counted, a /proc entry it was reading stays in use.
 */
static void __noreturn make_task_dead(void)
{
	struct task_struct *self = current;

	self->oopsed = 1;
#if CONFIG_DEBUG_LOCKS
	if (self->lock_depth) {
		get_task_struct(self);	/* the locks' owner pointer stays valid */
		self->cwd_mnt = NULL;	/* dropping it may need the locks it holds */
		self->cwd_dentry = NULL;
	}
#endif
	local_irq_enable();
	if (!wq_worker_died(self))	/* a worker is nobody's to reap */
		get_task_struct(self);	/* dropped by the reaper: kthread_reap() */
	kthread_exit(-EFAULT);
}

void die(const char *what, struct pt_regs *regs)
{
	char sym[KSYM_SYMBOL_LEN];
	const char *fatal = oops_fatal_reason(regs);
	struct task_struct *p = current;

	if (fatal) {
		oops_in_progress = 1;
		smp_send_stop();	/* the others halt: the report is not interleaved */
	}
	sprint_symbol(sym, regs->eip);
	pr_emerg("Oops: %s, error code %#x [#%d] CPU %u thread %s pid %d, %s%s\n", what,
		 regs->error_code, ++die_counter, smp_processor_id(), p ? p->comm : "(none)",
		 p ? p->pid : 0, tainted_mask ? "Tainted: " : "", print_tainted());
	pr_emerg("EIP is at %s\n", sym);
	show_regs(regs);
	pr_emerg("Call trace:\n");
	pr_emerg(" [<%08x>] %s\n", regs->eip, sym);
	show_stack(regs->ebp);
	if (fatal)
		panic("%s", fatal);
	report_held_locks(p);
	add_taint(TAINT_DIE);
	pr_emerg("---[ end trace: thread %s (pid %d) killed; the kernel goes on ]---\n",
		 p->comm, p->pid);
	oops_end();
	make_task_dead();
}

static int tainted_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%lu\n", READ_ONCE(tainted_mask));
	return 0;
}

/* /proc/sys/kernel/tainted: the taint bits as a number, Linux's numbering. */
void panic_proc_init(void)
{
	struct proc_dir_entry *sys = proc_mkdir("sys", NULL);
	struct proc_dir_entry *kernel = sys ? proc_mkdir("kernel", sys) : NULL;

	if (!kernel || !proc_create_single("tainted", 0444, kernel, tainted_show))
		pr_err("panic: cannot create /proc/sys/kernel/tainted\n");
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
	/* The other CPUs are stopped and interrupts are off: the callbacks
	 * run here, once, in atomic context (as in Linux). */
	atomic_notifier_call_chain(&panic_notifier_list, 0, buf);
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	arch_halt_after_panic();
}

/* For modules. */
EXPORT_SYMBOL(panic);
EXPORT_SYMBOL(dump_stack);
