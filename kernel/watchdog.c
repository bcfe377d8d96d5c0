/*
 * Watchdogs: CPUs that stop scheduling (soft lockups), threads stuck in
 * uninterruptible sleep (hung tasks), and backtraces of other CPUs by NMI.
 *
 * Soft lockup. Every CPU's timer tick asks: could this CPU have switched
 * threads just now? It could if it is idle, if it switched since the last
 * tick, or if the tick interrupted code that was preemptible (interrupts
 * and preemption on). Then the CPU is fine and its 'touched' time is now.
 * A CPU whose touched time is 2 * watchdog_thresh seconds old is stuck in
 * a preempt-off (or spin-locked) section; its own tick reports it, with
 * the interrupted code's registers and call trace. A CPU spinning with
 * interrupts off takes no ticks at all: the other CPUs notice that its
 * tick count stands still, and the first to see it reports it, with a
 * backtrace taken on that CPU by NMI (an NMI gets through with
 * interrupts off).
 *
 * NMI backtrace. The requester sets the CPU's 'requested' flag and sends
 * it an NMI; the NMI handler records the interrupted code's EIP and
 * return addresses (no printing, no lock: the CPU may hold the console
 * lock) and sets 'done'; the requester prints the trace with symbols.
 *
 * Hung task. A thread (khungtaskd) looks at every thread every few
 * seconds; one that stays in TASK_UNINTERRUPTIBLE with no context switch
 * for hung_task_timeout_secs is reported once, with its stack. So is an
 * interruptible sleep its thread asked to be watched (task->hung_watch):
 * rmmod --wait, which only Ctrl-C ends.
 *
 * Command line: watchdog_thresh=S (default 10; 0 turns the soft lockup
 * check off), hung_task_timeout_secs=S (default 120; 0 off).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/delay.h>
#include <asm/apic.h>
#include <asm/ptrace.h>
#include <asm/irqflags.h>
#include <modlab/bootinfo.h>
#include <modlab/kallsyms.h>
#include <modlab/module.h>
#include <modlab/panic.h>
#include <modlab/percpu.h>
#include <modlab/time.h>
#include <modlab/watchdog.h>
#include <modlab/sched.h>

#define NSEC_PER_SEC		1000000000ull
#define NMI_BT_DEPTH		24
#define NMI_BT_WAIT_NS		(200 * 1000000ull)
#define HUNG_CHECK_SECS		2	/* khungtaskd looks this often at most */

unsigned int watchdog_thresh = 10;
unsigned int hung_task_timeout_secs = 120;

/*
 * Per-CPU watchdog state. touched_ns, last_switches and reported are
 * written only by the CPU's own tick (interrupts off). last_tick_ns and
 * last_ticks are written by the CPU's own tick and read by the others, who
 * only compare them (a stale value delays a report by a tick, no more);
 * stall_reported is claimed with an atomic exchange, so one CPU reports a
 * stall once.
 */
struct watchdog_cpu {
	u64 touched_ns;
	unsigned long last_switches;
	int reported;
	u64 last_tick_ns;
	int stall_reported;
} __attribute__((aligned(64)));

static struct watchdog_cpu wd[NR_CPUS];

/* Per-CPU NMI backtrace slot: requested by one requester at a time
 * (bt_lock), filled by the target's NMI handler. */
struct nmi_backtrace {
	int requested;
	int done;
	u32 eip;
	u32 eflags;
	struct task_struct *task;
	unsigned int n;
	unsigned long ip[NMI_BT_DEPTH];
};

static struct nmi_backtrace bt[NR_CPUS];
static DEFINE_SPINLOCK(bt_lock);	/* one set of requests at a time */

void watchdog_setup(void)
{
	char buf[12];
	unsigned int v;

	if (cmdline_get("watchdog_thresh", buf, sizeof(buf)) && !kstrtouint(buf, 10, &v))
		watchdog_thresh = min(v, 60u);
	if (cmdline_get("hung_task_timeout_secs", buf, sizeof(buf)) && !kstrtouint(buf, 10, &v))
		hung_task_timeout_secs = v;
}

static unsigned int ns_to_secs(u64 ns)
{
	do_div(ns, (u32)NSEC_PER_SEC);	/* ns becomes the quotient */
	return (unsigned int)ns;
}

/* ---- NMI backtraces ---------------------------------------------------- */

/* From the NMI handler: record where this CPU is, if asked. */
bool nmi_backtrace_handler(const struct pt_regs *regs)
{
	struct nmi_backtrace *b = &bt[smp_processor_id()];

	if (!__atomic_load_n(&b->requested, __ATOMIC_ACQUIRE))
		return false;
	b->eip = regs->eip;
	b->eflags = regs->eflags;
	b->task = current;
	b->n = save_stack_trace(regs->ebp, b->ip, NMI_BT_DEPTH);
	WRITE_ONCE(b->requested, 0);
	__atomic_store_n(&b->done, 1, __ATOMIC_RELEASE);	/* the record is complete */
	return true;
}

static void print_addr(const char *prefix, unsigned long addr)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol(sym, addr);
	pr_emerg("%s[<%08lx>] %s\n", prefix, addr, sym);
}

static void print_backtrace(unsigned int cpu, const struct nmi_backtrace *b)
{
	unsigned int i;

	pr_emerg("NMI backtrace for CPU %u (thread %s pid %d, interrupts %s):\n", cpu,
		 b->task ? b->task->comm : "?", b->task ? b->task->pid : 0,
		 b->eflags & X86_EFLAGS_IF ? "on" : "off");
	print_addr(" EIP: ", b->eip);
	for (i = 0; i < b->n; i++)
		print_addr(" ", b->ip[i]);
}

/*
 * Print a backtrace of each CPU in mask (bit per CPU; this CPU's is taken
 * here directly). May be called with interrupts off and from interrupt
 * context; waits at most 200 ms for the others.
 */
void trigger_cpu_backtraces(unsigned long mask)
{
	unsigned int cpu, self;
	unsigned long flags;
	u64 end;

	local_irq_save(flags);
	if (!spin_trylock(&bt_lock)) {	/* another CPU is asking: it prints ours too */
		local_irq_restore(flags);
		return;
	}
	self = smp_processor_id();
	for_each_online_cpu(cpu) {
		if (cpu == self || !(mask & (1ul << cpu)))
			continue;
		WRITE_ONCE(bt[cpu].done, 0);
		__atomic_store_n(&bt[cpu].requested, 1, __ATOMIC_RELEASE);
		lapic_send_nmi(per_cpu(apic_id, cpu));
	}
	if (mask & (1ul << self)) {
		pr_emerg("NMI backtrace for CPU %u (thread %s pid %d, the CPU asking):\n", self,
			 current->comm, current->pid);
		dump_stack();
	}
	end = ktime_get_ns() + NMI_BT_WAIT_NS;
	for_each_online_cpu(cpu) {
		if (cpu == self || !(mask & (1ul << cpu)))
			continue;
		while (!__atomic_load_n(&bt[cpu].done, __ATOMIC_ACQUIRE) && ktime_get_ns() < end)
			cpu_relax();
		if (__atomic_load_n(&bt[cpu].done, __ATOMIC_ACQUIRE))
			print_backtrace(cpu, &bt[cpu]);
		else
			pr_emerg("NMI backtrace for CPU %u: no answer to the NMI\n", cpu);
		WRITE_ONCE(bt[cpu].requested, 0);
	}
	spin_unlock_irqrestore(&bt_lock, flags);
}

void trigger_all_cpu_backtrace(void)
{
	trigger_cpu_backtraces(~0ul);
}

/* ---- soft lockup --------------------------------------------------------- */

static void report_soft_lockup(const struct pt_regs *regs, u64 stuck_ns)
{
	char sym[KSYM_SYMBOL_LEN];
	struct task_struct *p = current;

	sprint_symbol(sym, regs->eip);
	pr_emerg("BUG: soft lockup - CPU#%u stuck for %us! [%s:%d]\n", smp_processor_id(),
		 ns_to_secs(stuck_ns), p->comm, p->pid);
	pr_emerg("EIP is at %s\n", sym);
	pr_emerg("preempt_count %#x, interrupts %s\n", preempt_count() - HARDIRQ_OFFSET,
		 regs->eflags & X86_EFLAGS_IF ? "on" : "off");
	pr_emerg("Call trace:\n");
	pr_emerg(" [<%08x>] %s\n", regs->eip, sym);
	show_stack(regs->ebp);
	add_taint(TAINT_SOFTLOCKUP);
}

/* Another CPU takes no ticks: interrupts are off there. */
static void check_stalled_cpus(u64 now)
{
	u64 limit = 2ull * watchdog_thresh * NSEC_PER_SEC;
	unsigned int cpu, self = smp_processor_id();
	u64 last;

	for_each_online_cpu(cpu) {
		if (cpu == self)
			continue;
		last = READ_ONCE(wd[cpu].last_tick_ns);
		if (!last || now < last || now - last < limit) {
			if (last && now >= last && now - last < limit)
				WRITE_ONCE(wd[cpu].stall_reported, 0);
			continue;
		}
		if (__atomic_exchange_n(&wd[cpu].stall_reported, 1, __ATOMIC_RELAXED))
			continue;
		pr_emerg("BUG: soft lockup - CPU#%u stuck for %us! (no timer interrupt: "
			 "interrupts off)\n", cpu, ns_to_secs(now - last));
		add_taint(TAINT_SOFTLOCKUP);
		trigger_cpu_backtraces(1ul << cpu);
	}
}

/* Every CPU's timer tick (interrupt context). regs: the interrupted code. */
void watchdog_tick(const struct pt_regs *regs)
{
	struct watchdog_cpu *w = &wd[smp_processor_id()];
	unsigned long switches = this_cpu_read(nr_switches);
	u64 now = ktime_get_ns();
	bool could_schedule;

	WRITE_ONCE(w->last_tick_ns, now);
	if (!watchdog_thresh)
		return;
	could_schedule = current == this_cpu_read(idle_task) || switches != w->last_switches ||
			 !w->touched_ns ||
			 (regs && (regs->eflags & X86_EFLAGS_IF) &&
			  (preempt_count() & PREEMPT_MASK) == 0);
	w->last_switches = switches;
	if (could_schedule) {
		w->touched_ns = now;
		w->reported = 0;
	} else if (!w->reported && regs &&
		   now - w->touched_ns > 2ull * watchdog_thresh * NSEC_PER_SEC) {
		w->reported = 1;
		report_soft_lockup(regs, now - w->touched_ns);
	}
	check_stalled_cpus(now);
}

/* ---- hung tasks ------------------------------------------------------------ */

static unsigned long hung_reported;	/* reports so far; at most 10 (Linux's default) */

/* Threads reported in this round (khungtaskd's only), to name a module an
 * rmmod --wait among them waits for. */
#define HUNG_PER_ROUND	10
static struct task_struct *hung_now[HUNG_PER_ROUND];
static unsigned int nr_hung_now;

/* Under tasklist_lock: look at one thread. */
static void check_hung_task(struct task_struct *p, void *arg)
{
	unsigned long now = jiffies, timeout = hung_task_timeout_secs * HZ;

	bool watched = p->state == TASK_UNINTERRUPTIBLE ||
		       (p->state == TASK_INTERRUPTIBLE && READ_ONCE(p->hung_watch));

	if (!watched || p->nr_switches != p->last_switch_count || !p->last_switch_time) {
		p->last_switch_count = p->nr_switches;
		p->last_switch_time = now;
		return;
	}
	if (now - p->last_switch_time < timeout || hung_reported >= 10)
		return;
	hung_reported++;
	pr_err("INFO: task %s:%d blocked for more than %u seconds.\n", p->comm, p->pid,
	       hung_task_timeout_secs);
	pr_err("      %s, kernel %s\n", p->oopsed ? "killed by an oops" : "sleeping",
	       print_tainted());
	show_task_stack(p);
	p->last_switch_time = now;	/* the next report, if any, a timeout later */
	if (nr_hung_now < HUNG_PER_ROUND)
		hung_now[nr_hung_now++] = p;
}

/* A hung thread that is an rmmod --wait: say which module and how many
 * references it waits for. (Under module_mutex, which the waiter let go.) */
static void name_waited_module(struct module *mod, void *unused)
{
	struct task_struct *w = READ_ONCE(mod->waiter);
	unsigned int i;

	for (i = 0; w && i < nr_hung_now; i++)
		if (hung_now[i] == w)
			pr_err("      %s:%d is rmmod --wait of module %s, which still has %d "
			       "reference(s)\n", w->comm, w->pid, mod->name, module_refcount(mod));
}

static int khungtaskd(void *unused)
{
	while (!kthread_should_stop()) {
		unsigned int secs = min(hung_task_timeout_secs, (unsigned int)HUNG_CHECK_SECS);

		schedule_timeout_interruptible(secs * HZ);	/* not itself a hung task */
		nr_hung_now = 0;
		for_each_task(check_hung_task, NULL);
		if (nr_hung_now)
			for_each_module(name_waited_module, NULL);
	}
	return 0;
}

void watchdog_init(void)
{
	struct task_struct *t;

	if (watchdog_thresh)
		pr_info("watchdog: soft lockups reported after %u s\n", 2 * watchdog_thresh);
	if (!hung_task_timeout_secs)
		return;
	t = kthread_run(khungtaskd, NULL, "khungtaskd");
	if (IS_ERR(t))
		pr_err("watchdog: cannot start khungtaskd: error %ld\n", PTR_ERR(t));
}
