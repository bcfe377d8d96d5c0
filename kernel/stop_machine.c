/*
 * stop_machine(fn, data): run fn with every other online CPU quiet.
 *
 * Each CPU has a stopper thread, bound to it and queued ahead of all other
 * threads when woken. The caller wakes the stoppers of all other CPUs and
 * sends each CPU a reschedule IPI. A stopper, once it runs, turns its CPU's
 * interrupts off, checks in, and spins until released. When all have
 * checked in, the caller turns its own interrupts off, runs fn, releases
 * the stoppers and waits until they have left (the shared state is on its
 * stack). One caller at a time: stop_mutex.
 *
 * Why a CPU is never stopped inside a preempt-disabled section (between
 * try_module_get's test of 'live' and its increment, for instance): a
 * stopper is a thread, and a thread only gets a CPU through the scheduler.
 * The scheduler switches threads only where preempt_count is zero: at the
 * end of an interrupt only if the interrupted code had preempt_count 0
 * (arch trap_dispatch), in preempt_enable only when the count drops to 0,
 * and in schedule(), which may only be called with it 0 (checked with
 * CONFIG_DEBUG_LOCKS). So when a stopper checks in, the thread it displaced
 * was at a preemptible point, outside every such section; and with
 * interrupts off no interrupt handler runs on that CPU until release.
 *
 * Deadlock rule: the caller holds no spin lock and the stopped CPUs wait
 * only for the release. A CPU spinning with interrupts off for something
 * a stopped CPU holds would never check in; nothing a stopped CPU holds
 * can be a spin lock (it was at a preemptible point), and cross-CPU calls
 * refuse to wait with interrupts off (kernel/smp.c).
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <modlab/panic.h>
#include <modlab/smp.h>

struct stop_request {
	int (*fn)(void *data);
	void *data;
	unsigned int checked_in;	/* stoppers now spinning with interrupts off */
	unsigned int checked_out;	/* stoppers that have seen 'released' */
	int released;
};

static DEFINE_MUTEX(stop_mutex);
static struct task_struct *stoppers[NR_CPUS];
/* The request each CPU's stopper is to join; written by the caller (under
 * stop_mutex) before the wake-up, cleared by the stopper. */
static struct stop_request *pending[NR_CPUS];
int stop_machine_stop_anywhere;

/* Hold this CPU still, interrupts off, until the caller releases us. */
static void stop_this_cpu_for(struct stop_request *req)
{
	unsigned long flags;

	local_irq_save(flags);
	__atomic_add_fetch(&req->checked_in, 1, __ATOMIC_ACQ_REL);
	while (!__atomic_load_n(&req->released, __ATOMIC_ACQUIRE))
		cpu_relax();
	__atomic_add_fetch(&req->checked_out, 1, __ATOMIC_RELEASE);
	local_irq_restore(flags);
}

static int stopper_thread(void *arg)
{
	unsigned int cpu = (unsigned int)(unsigned long)arg;
	struct stop_request *req;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		req = __atomic_exchange_n(&pending[cpu], NULL, __ATOMIC_ACQ_REL);
		if (!req) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		stop_this_cpu_for(req);
	}
	return 0;
}

/* The wrong way, for the test: stop in the IPI handler, wherever we are. */
static void stop_from_interrupt(void *arg)
{
	stop_this_cpu_for(arg);
}

void stop_machine_init(void)
{
	unsigned int cpu;

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

int stop_machine(int (*fn)(void *data), void *data)
{
	struct stop_request req = { .fn = fn, .data = data };
	unsigned int cpu, me, others = 0;
	unsigned long flags;
	int ret;

	mutex_lock(&stop_mutex);
	me = current->cpu;	/* threads do not migrate: stable */
	for_each_online_cpu(cpu) {
		if (cpu == me)
			continue;
		others++;
		if (READ_ONCE(stop_machine_stop_anywhere)) {
			smp_call_function_single(cpu, stop_from_interrupt, &req, 0);
			continue;
		}
		__atomic_store_n(&pending[cpu], &req, __ATOMIC_RELEASE);
		wake_up_process(stoppers[cpu]);
		resched_cpu(cpu);	/* IPI: preempt whatever runs there */
	}
	while (__atomic_load_n(&req.checked_in, __ATOMIC_ACQUIRE) < others)
		cpu_relax();

	local_irq_save(flags);
	preempt_disable();
	ret = fn(data);
	__atomic_store_n(&req.released, 1, __ATOMIC_RELEASE);
	preempt_enable_no_resched();
	local_irq_restore(flags);

	while (__atomic_load_n(&req.checked_out, __ATOMIC_ACQUIRE) < others)
		cpu_relax();
	mutex_unlock(&stop_mutex);
	return ret;
}

/* For modules. */
EXPORT_SYMBOL(stop_machine);
