/*
 * Read-copy update: grace periods and callbacks (linux/rcupdate.h).
 *
 * A read-side section is a stretch with preemption off, so it cannot span
 * a context switch, and a CPU that is seen with nothing counted in its
 * preempt_count is outside any section. synchronize_rcu waits until each
 * online CPU has been in such a quiescent state since the call:
 *
 * - this CPU: the caller is a thread that may sleep, so it is in no
 *   section, and no other section can be open underneath it;
 * - a CPU whose context-switch count (cpu_data.nr_switches) moved since
 *   the start: the switch happened after the start, and every section
 *   open at the start had ended before it (a section cannot switch);
 * - a CPU that passed through cond_resched() with preemption on since the
 *   start (rcu_all_qs counts those passes in rcu_qs_count): a thread
 *   that can be preempted there is in no section, and a section opened
 *   on that CPU earlier cannot still be open under it;
 * - otherwise an IPI asks the CPU: the handler runs between two of the
 *   interrupted code's instructions, and if that code had preempt_count 0
 *   (the handler sees only its own HARDIRQ_OFFSET) no section was open
 *   there. An idle CPU answers this way.
 * CPUs that are neither (busy in a section, in a softirq) are asked again
 * a tick later.
 *
 * Ordering: the updater's stores (the unlinking of the old version) come
 * before the start; smp_mb() there orders them before our first read of
 * a CPU's count or the IPI. A reader that starts after a CPU was found
 * quiescent starts after those stores were visible to all (x86 stores are
 * seen in one order by every CPU, and the IPI or the switch's locked
 * instructions are full barriers on that CPU), so it cannot find the old
 * version.
 *
 * call_rcu queues a callback on one list (rcu_cb_lock, a spin lock taken
 * with interrupts off, since callbacks are queued from any context). One
 * work item takes the whole list, waits a grace period, and runs the
 * batch in order; rcu_barrier waits until the count of callbacks run
 * reaches the count queued when it was called.
 */
#include <linux/rcupdate.h>
#include <linux/export.h>
#include <linux/smp.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/wait.h>
#include <linux/slab.h>
#include <linux/bug.h>
#include <linux/preempt.h>
#include <linux/delay.h>
#include <modlab/percpu.h>
#include <modlab/smpconfig.h>

/* Passes through cond_resched() outside any section, per CPU. Each CPU
 * writes only its own entry; synchronize_rcu reads them. */
static unsigned long rcu_qs_count[NR_CPUS];

void rcu_all_qs(void)
{
	if (preempt_count() != 0)
		return;
	/* Our earlier section's loads before the count another CPU reads;
	 * with preemption on we stay on this CPU only by chance, so the
	 * entry is read and written with preemption off. */
	smp_mb();
	preempt_disable();
	WRITE_ONCE(rcu_qs_count[smp_processor_id()],
		   rcu_qs_count[smp_processor_id()] + 1);
	preempt_enable();
}
EXPORT_SYMBOL_GPL(rcu_all_qs);

/* In the IPI: was the code this interrupt stopped outside any section? */
static void rcu_qs_check(void *info)
{
	bool *quiet = info;

	*quiet = preempt_count() == HARDIRQ_OFFSET;
}

void synchronize_rcu(void)
{
	unsigned long snap[NR_CPUS], qs[NR_CPUS];
	bool done[NR_CPUS] = { false };
	unsigned int cpu, left, rounds = 0;

	might_sleep();
	WARN_ON_ONCE(rcu_read_lock_held());
	smp_mb();	/* the updater's unlinking before any look at a CPU */
	for_each_possible_cpu(cpu) {
		snap[cpu] = READ_ONCE(per_cpu(nr_switches, cpu));
		qs[cpu] = READ_ONCE(rcu_qs_count[cpu]);
	}
	done[get_cpu()] = true;
	put_cpu();
	for (;;) {
		left = 0;
		for_each_online_cpu(cpu) {
			bool quiet = false;

			if (done[cpu])
				continue;
			if (READ_ONCE(per_cpu(nr_switches, cpu)) != snap[cpu] ||
			    READ_ONCE(rcu_qs_count[cpu]) != qs[cpu] ||
			    (smp_call_function_single(cpu, rcu_qs_check, &quiet, 1) == 0 && quiet))
				done[cpu] = true;
			else
				left++;
		}
		if (!left)
			break;
		/* Busy CPUs usually pass a quiescent state within microseconds
		 * (a cond_resched, a switch): look again shortly for the
		 * first millisecond, then once a tick. */
		if (++rounds <= 20)
			udelay(50);
		else
			schedule_timeout_uninterruptible(1);
	}
	smp_mb();	/* every reader's loads before the updater's free */
}
EXPORT_SYMBOL_GPL(synchronize_rcu);

static DEFINE_SPINLOCK(rcu_cb_lock);	/* protects the four below */
static struct rcu_head *rcu_cb_head;
static struct rcu_head **rcu_cb_tail = &rcu_cb_head;
static unsigned long rcu_cb_queued;	/* callbacks ever queued */
static unsigned long rcu_cb_done;	/* callbacks ever run (in queue order) */
static DECLARE_WAIT_QUEUE_HEAD(rcu_barrier_wq);

/* An offset below this in ->func means "kfree the object that holds the
 * rcu_head this far in" (kfree_rcu): no function lives in the first page. */
#define RCU_KFREE_LIMIT	4096

static void rcu_invoke(struct rcu_head *head)
{
	unsigned long f = (unsigned long)head->func;

	if (f < RCU_KFREE_LIMIT)
		kvfree((void *)head - f);
	else
		head->func(head);
}

static void rcu_cb_work_fn(struct work_struct *work)
{
	struct rcu_head *batch, *next;
	unsigned long flags, n;

	for (;;) {
		spin_lock_irqsave(&rcu_cb_lock, flags);
		batch = rcu_cb_head;
		rcu_cb_head = NULL;
		rcu_cb_tail = &rcu_cb_head;
		spin_unlock_irqrestore(&rcu_cb_lock, flags);
		if (!batch)
			return;
		synchronize_rcu();
		for (n = 0; batch; batch = next, n++) {
			next = batch->next;
			rcu_invoke(batch);
		}
		spin_lock_irqsave(&rcu_cb_lock, flags);
		rcu_cb_done += n;
		spin_unlock_irqrestore(&rcu_cb_lock, flags);
		wake_up_all(&rcu_barrier_wq);
	}
}
static DECLARE_WORK(rcu_cb_work, rcu_cb_work_fn);

static void rcu_queue(struct rcu_head *head, rcu_callback_t func)
{
	unsigned long flags;

	head->func = func;
	head->next = NULL;
	spin_lock_irqsave(&rcu_cb_lock, flags);
	*rcu_cb_tail = head;
	rcu_cb_tail = &head->next;
	rcu_cb_queued++;
	spin_unlock_irqrestore(&rcu_cb_lock, flags);
	schedule_work(&rcu_cb_work);
}

void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	if (WARN((unsigned long)func < RCU_KFREE_LIMIT, "call_rcu: bad callback %p\n", func))
		return;
	rcu_queue(head, func);
}
EXPORT_SYMBOL_GPL(call_rcu);

void __kvfree_call_rcu(struct rcu_head *head, unsigned long offset)
{
	rcu_queue(head, (rcu_callback_t)offset);
}
EXPORT_SYMBOL_GPL(__kvfree_call_rcu);

void kvfree_rcu_headless(void *ptr)
{
	if (!ptr)
		return;
	synchronize_rcu();
	kvfree(ptr);
}
EXPORT_SYMBOL_GPL(kvfree_rcu_headless);

static bool rcu_cb_reached(unsigned long target)
{
	unsigned long flags;
	bool reached;

	spin_lock_irqsave(&rcu_cb_lock, flags);
	reached = (long)(rcu_cb_done - target) >= 0;
	spin_unlock_irqrestore(&rcu_cb_lock, flags);
	return reached;
}

void rcu_barrier(void)
{
	unsigned long flags, target;

	might_sleep();
	spin_lock_irqsave(&rcu_cb_lock, flags);
	target = rcu_cb_queued;
	spin_unlock_irqrestore(&rcu_cb_lock, flags);
	wait_event(rcu_barrier_wq, rcu_cb_reached(target));
}
EXPORT_SYMBOL_GPL(rcu_barrier);
