/*
 * stop_machine(fn, data): run fn with every other online CPU quiet.
 *
 * Each CPU has a stopper thread, bound to it and queued ahead of all other
 * threads when woken. The caller numbers the request, wakes the stoppers
 * of all other CPUs and sends each CPU a reschedule IPI. A stopper, once it
 * runs, turns its interrupts off, raises its local APIC's task priority to
 * STOP_MACHINE_TPR, checks in, and halts until released. The last one to
 * check in wakes the caller with an IPI; the caller, which halts meanwhile,
 * runs fn with its own interrupts off, then releases the stoppers (a flag
 * and an IPI). One caller at a time: stop_mutex.
 *
 * Why halt, and why through the task priority. A CPU that spins costs the
 * host a core for as long as it spins; when vCPUs outnumber host cores a
 * spinning vCPU takes the slice the CPU we wait for needed. A halted vCPU
 * costs nothing. To halt, a CPU must take interrupts (hlt with interrupts
 * off only ends with an NMI), but no handler may run on a stopped CPU while
 * fn runs. The task priority settles both: with TPR at 0xe0 the APIC holds
 * every vector below 0xf0 pending (devices, the timer, reschedule and call
 * IPIs, APIC errors: irq_vectors.h) and delivers only STOP_MACHINE_VECTOR,
 * whose handler is an EOI. The one interrupt the TPR cannot hold, the
 * spurious vector, has no handler at all. The held interrupts are taken
 * when the stopper puts the TPR back and turns interrupts on. (An NMI would
 * also do, but an NMI can arrive between the test of the release flag and
 * the hlt, and then the CPU sleeps through its release; sti;hlt has no
 * such window, since sti takes effect after the next instruction.)
 *
 * Why a CPU is never stopped inside a preempt-disabled section (between
 * try_module_get's test of 'live' and its increment, for instance): a
 * stopper is a thread, and a thread only gets a CPU through the scheduler.
 * The scheduler switches threads only where preempt_count is zero: at the
 * end of an interrupt only if the interrupted code had preempt_count 0
 * (arch trap_dispatch), in preempt_enable only when the count drops to 0,
 * and in schedule(), which may only be called with it 0 (checked with
 * CONFIG_DEBUG_LOCKS). So when a stopper checks in, the thread it displaced
 * was at a preemptible point, outside every such section. The stopper and
 * the waiting caller keep preemption off, so the interrupts they take while
 * halted never switch them away.
 *
 * It cannot hang: a CPU that does not check in within the timeout
 * (stop_machine_timeout_ms, 1 s; `stop_machine.timeout_ms=N` on the kernel
 * command line) makes the call fail with -EBUSY and nothing done. The
 * caller ends the request with one compare-and-swap on the check-in word,
 * which also holds the request's number: a stopper that checks in later
 * finds the request aborted (or a newer one) and does not stop. So either
 * every CPU checked in and fn runs with all of them stopped, or the abort
 * won and fn does not run at all; there is no third case. The CPUs that
 * did stop are released as usual. The caller then names the CPU that did
 * not stop and what it was running (a thread spinning with preemption off
 * never reaches a preemptible point). Nothing is half done, so every
 * guarantee above holds for the calls that do run fn, and a caller like
 * rmmod fails with the module untouched.
 *
 * Deadlock rule: the caller holds no spin lock and the stopped CPUs wait
 * only for the release. A CPU spinning with interrupts off for something
 * a stopped CPU holds would never check in; nothing a stopped CPU holds
 * can be a spin lock (it was at a preemptible point), and cross-CPU calls
 * refuse to wait with interrupts off (kernel/smp.c). The timeout bounds
 * what is left: a CPU kept busy with preemption off.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <linux/uaccess.h>
#include <asm/apic.h>
#include <asm/irq_vectors.h>
#include <modlab/bootinfo.h>
#include <modlab/panic.h>
#include <modlab/smp.h>
#include <modlab/time.h>

/*
 * The check-in word: the request's number above, an abort flag, and one
 * bit per CPU that has stopped. A stopper checks in and the caller aborts
 * with a compare-and-swap on it, so the two cannot both win.
 */
#define CHECKIN_CPUS	0xffffu		/* NR_CPUS <= 16 */
#define CHECKIN_ABORTED	0x10000u
#define CHECKIN_SEQ_SHIFT	17	/* the request number's low 15 bits */

#define DEFAULT_TIMEOUT_MS	1000

_Static_assert(NR_CPUS <= 16, "the check-in word has 16 CPU bits");

/* Written by the caller under stop_mutex before any stopper is woken (the
 * wake-up orders it before the stopper's reads). */
static struct {
	unsigned int seq;	/* this request's number; never 0 */
	unsigned int want;	/* the CPUs that must check in */
	unsigned int caller;	/* the caller's CPU, woken by the last check-in */
} req;
static unsigned int checkin;	/* see CHECKIN_*; stoppers and the caller, by CAS */
/* LAB(stopmachine) BEGIN: the release word the stoppers wait on */
static unsigned int released;	/* number of the last request whose CPUs may go */
/* LAB(stopmachine) END */

static DEFINE_MUTEX(stop_mutex);
static struct task_struct *stoppers[NR_CPUS];
/* The request number each CPU's stopper is to serve (0: none); written by
 * the caller before the wake-up, taken (exchanged with 0) by the stopper. */
static unsigned int pending[NR_CPUS];
int stop_machine_stop_anywhere;
unsigned int stop_machine_timeout_ms = DEFAULT_TIMEOUT_MS;

/* LAB(stopmachine) BEGIN: check in by CAS (the last wakes the caller), halt till released */
/* Stop this CPU for request seq, if it still wants us. False if it ended. */
static bool check_in(unsigned int seq, unsigned int cpu)
{
	unsigned int old = __atomic_load_n(&checkin, __ATOMIC_ACQUIRE), new;

	do {
		if (old >> CHECKIN_SEQ_SHIFT != (seq & (~0u >> CHECKIN_SEQ_SHIFT)) ||
		    (old & CHECKIN_ABORTED))
			return false;
		new = old | (1u << cpu);
	} while (!__atomic_compare_exchange_n(&checkin, &old, new, false, __ATOMIC_ACQ_REL,
					      __ATOMIC_ACQUIRE));
	/*
	 * req is read after the check-in, and the caller may have moved on
	 * to a newer request in between (a tick woke it, it saw every CPU in,
	 * ran fn and returned). Then it needs no wake-up from us, and what we
	 * read can at worst send a needless one, whose handler only EOIs.
	 * While the caller still waits for this request, req is this one's.
	 */
	if ((new & CHECKIN_CPUS) == req.want)
		lapic_send_ipi(per_cpu(apic_id, req.caller), STOP_MACHINE_VECTOR);
	return true;
}

/* Has request seq (or a later one) been released? Numbers wrap: compare
 * by difference. */
static bool is_released(unsigned int seq)
{
	return (int)(__atomic_load_n(&released, __ATOMIC_ACQUIRE) - seq) >= 0;
}

/*
 * Hold this CPU still for request seq until the caller releases it:
 * interrupts off except while halted, and then only STOP_MACHINE_VECTOR
 * gets through the task priority.
 */
static void stop_this_cpu_for(unsigned int seq)
{
	unsigned long flags;
	u32 tpr;

	preempt_disable();
	local_irq_save(flags);
	tpr = lapic_get_tpr();
	lapic_set_tpr(STOP_MACHINE_TPR);
	if (check_in(seq, smp_processor_id())) {
		while (!is_released(seq)) {
			safe_halt();		/* sti; hlt: the release IPI cannot slip by */
			local_irq_disable();
		}
	}
	lapic_set_tpr(tpr);
	local_irq_restore(flags);	/* the interrupts held off are taken now */
	preempt_enable();
}
/* LAB(stopmachine) SKEL
static void stop_this_cpu_for(unsigned int seq)
{
}
*/
/* LAB(stopmachine) END */

static int stopper_thread(void *arg)
{
	unsigned int cpu = (unsigned int)(unsigned long)arg;
	unsigned int seq;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		seq = __atomic_exchange_n(&pending[cpu], 0, __ATOMIC_ACQ_REL);
		if (!seq) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		stop_this_cpu_for(seq);
	}
	return 0;
}

/* The wrong way, for the test: stop in the IPI handler, wherever we are. */
static void stop_from_interrupt(void *arg)
{
	stop_this_cpu_for((unsigned int)(unsigned long)arg);
}

void stop_machine_init(void)
{
	unsigned int cpu, ms;
	char buf[16];

	if (cmdline_get("stop_machine.timeout_ms", buf, sizeof(buf))) {
		if (!kstrtouint(buf, 10, &ms) && ms > 0)
			stop_machine_timeout_ms = ms;
		else
			pr_warn("stop_machine: bad stop_machine.timeout_ms '%s'; using %u\n", buf,
				stop_machine_timeout_ms);
	}
	for_each_online_cpu(cpu) {
		struct task_struct *t = kthread_create(stopper_thread, (void *)(unsigned long)cpu,
						       "stopper/%u", cpu);

		if (IS_ERR(t))
			panic("stop_machine: cannot create stopper/%u", cpu);
		kthread_bind(t, cpu);
		t->urgent = 1;
		stoppers[cpu] = t;
		wake_up_process(t);
	}
}

/* Ask every CPU in want to stop for request seq. */
static void ask_cpus(unsigned int seq, unsigned int want)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		if (!(want & (1u << cpu)))
			continue;
		if (READ_ONCE(stop_machine_stop_anywhere)) {
			smp_call_function_single(cpu, stop_from_interrupt, (void *)(unsigned long)seq,
						 0);
			continue;
		}
		__atomic_store_n(&pending[cpu], seq, __ATOMIC_RELEASE);
		wake_up_process(stoppers[cpu]);
		resched_cpu(cpu);	/* IPI: preempt whatever runs there */
	}
}

/* LAB(stopmachine) BEGIN: wait for every check-in or abort at the timeout; release */
/*
 * Halt until every CPU in want has checked in (true) or the timeout passed
 * and the request is aborted (false). Interrupts off on return.
 */
static bool wait_for_cpus(unsigned int want)
{
	u64 end = ktime_get_ns() + (u64)READ_ONCE(stop_machine_timeout_ms) * NSEC_PER_MSEC;
	unsigned int cur;

	local_irq_disable();
	for (;;) {
		cur = __atomic_load_n(&checkin, __ATOMIC_ACQUIRE);
		if ((cur & CHECKIN_CPUS) == want)
			return true;
		if (ktime_get_ns() >= end) {
			/* Fails if a CPU checked in just now: then look again. */
			if (__atomic_compare_exchange_n(&checkin, &cur, cur | CHECKIN_ABORTED,
							false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
				return false;
			continue;
		}
		safe_halt();	/* woken by the last check-in's IPI, or a tick */
		local_irq_disable();
	}
}

/* Release the CPUs that stopped for seq; a late one sees it and does not stop. */
static void release_cpus(unsigned int seq)
{
	__atomic_store_n(&released, seq, __ATOMIC_RELEASE);
	if (req.want)
		lapic_send_ipi_allbutself(STOP_MACHINE_VECTOR);
}
/* LAB(stopmachine) SKEL
static bool wait_for_cpus(unsigned int want)
{
	local_irq_disable();
	return true;
}

static void release_cpus(unsigned int seq)
{
}
*/
/* LAB(stopmachine) END */

/* Say which CPUs did not stop and what they run. Best effort: the thread
 * may end while we look, so its fields are copied without trusting them. */
static void report_not_stopped(unsigned int missing)
{
	struct task_struct *t;
	struct module *mod;
	int (*threadfn)(void *);
	char comm[TASK_COMM_LEN] = "?", modname[MODULE_NAME_LEN];
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		if (!(missing & (1u << cpu)))
			continue;
		t = READ_ONCE(per_cpu(current_task, cpu));
		threadfn = NULL;
		modname[0] = '\0';
		if (t && !copy_from_kernel_nofault(comm, t->comm, sizeof(comm)) &&
		    !copy_from_kernel_nofault(&threadfn, &t->threadfn, sizeof(threadfn)) &&
		    threadfn && (mod = __module_address((unsigned long)threadfn)) &&
		    copy_from_kernel_nofault(modname, mod->name, sizeof(modname)))
			modname[0] = '\0';
		comm[sizeof(comm) - 1] = modname[sizeof(modname) - 1] = '\0';
		pr_err("stop_machine: CPU %u did not stop within %u ms: it runs '%s'%s%s%s; "
		       "nothing done\n", cpu, stop_machine_timeout_ms, comm,
		       modname[0] ? " (module " : "", modname, modname[0] ? ")" : "");
	}
}

/**
 * stop_machine - run fn(data) with every other online CPU stopped
 *
 * Returns fn's value, or -EBUSY if a CPU did not stop within
 * stop_machine_timeout_ms (then fn did not run, every CPU is running again,
 * and the log names the CPU and its thread). May sleep (the mutex): call it
 * from a thread, with no spin lock held and interrupts on.
 */
int stop_machine(int (*fn)(void *data), void *data)
{
	unsigned int cpu, me, seq, want = 0;
	unsigned long flags;
	int ret;

	mutex_lock(&stop_mutex);
	preempt_disable();	/* the caller stays here, and wakes here */
	me = smp_processor_id();
	for_each_online_cpu(cpu)
		if (cpu != me)
			want |= 1u << cpu;
	seq = req.seq + 1 ? req.seq + 1 : 1;
	req = (typeof(req)){ .seq = seq, .want = want, .caller = me };
	__atomic_store_n(&checkin, seq << CHECKIN_SEQ_SHIFT, __ATOMIC_RELEASE);
	flags = arch_local_save_flags();	/* restored after fn */
	ask_cpus(seq, want);
	if (!wait_for_cpus(want)) {
		release_cpus(seq);
		local_irq_restore(flags);
		report_not_stopped(want & ~__atomic_load_n(&checkin, __ATOMIC_ACQUIRE));
		ret = -EBUSY;
	} else {
		ret = fn(data);		/* interrupts off, every other CPU halted */
		release_cpus(seq);
		local_irq_restore(flags);
	}
	preempt_enable();
	mutex_unlock(&stop_mutex);
	return ret;
}

/* For modules. */
EXPORT_SYMBOL(stop_machine);
