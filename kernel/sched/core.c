/*
 * The scheduler: per-CPU run queues, round robin with a time slice,
 * preemption on the timer tick, sleeping and waking.
 *
 * Each CPU has a run queue (struct rq) of threads that are ready to run
 * there; the thread running on the CPU is not in the queue. A thread stays
 * on the CPU it was given when it was created (threads do not migrate), so
 * p->cpu names the one run queue whose lock covers p's scheduling state.
 *
 * Locking:
 *  - rq->lock (interrupts off) protects the queue, nr_running, curr, and
 *    for every thread of that CPU: state changes by wake-ups, on_rq and
 *    run_list. It is held across the context switch and released by the
 *    thread switched to (in finish_task_switch), so no other CPU can act
 *    on the previous thread until its stack is no longer in use.
 *  - tasklist_lock protects task_list (every thread, for ps).
 *  Lock order: tasklist_lock is never held while taking a run queue lock.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <modlab/panic.h>
#include <linux/smp.h>
#include <modlab/smp.h>
#include <modlab/time.h>
#include <modlab/sched.h>

#define TIME_SLICE	5	/* ticks (50 ms at HZ=100) */

struct rq {
	spinlock_t lock;
	struct list_head queue;		/* ready threads, not running */
	unsigned int nr_running;	/* in the queue */
	struct task_struct *curr;
	struct task_struct *idle;
};

static struct rq runqueues[NR_CPUS];
DEFINE_SPINLOCK(tasklist_lock);
LIST_HEAD(task_list);

/* Switch stacks to next; returns (in next's context) the thread switched
 * away from to get there. arch/x86/switch.S. */
struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next);

static struct rq *task_rq(struct task_struct *p)
{
	return &runqueues[p->cpu];
}

void sched_init_cpu(unsigned int cpu, struct task_struct *idle)
{
	struct rq *rq = &runqueues[cpu];

	spin_lock_init(&rq->lock);
	INIT_LIST_HEAD(&rq->queue);
	rq->idle = idle;
	rq->curr = idle;
	idle->cpu = cpu;
	idle->bound = 1;
	idle->on_rq = 1;
	idle->on_cpu = 1;
	idle->state = TASK_RUNNING;
	per_cpu(rq, cpu) = rq;
	per_cpu(idle_task, cpu) = idle;
	per_cpu(current_task, cpu) = idle;
}

/* Ask cpu to reschedule soon: a flag, and an IPI if it is another CPU. */
void resched_cpu(unsigned int cpu)
{
	if (cpu == smp_processor_id()) {
		this_cpu_write(need_resched, 1);
		return;
	}
	/* Another CPU's need_resched: it only ever goes from 0 to 1 here,
	 * and that CPU clears it itself in schedule(). */
	WRITE_ONCE(per_cpu(need_resched, cpu), 1);
	smp_send_reschedule(cpu);
}

static void enqueue(struct rq *rq, struct task_struct *p)
{
	if (p->urgent)
		list_add(&p->run_list, &rq->queue);	/* runs next */
	else
		list_add_tail(&p->run_list, &rq->queue);
	rq->nr_running++;
	p->on_rq = 1;
}

int wake_up_state(struct task_struct *p, unsigned int state)
{
	struct rq *rq = task_rq(p);
	unsigned long flags;
	int woken = 0;

	spin_lock_irqsave(&rq->lock, flags);
	if (p->state & state) {
		p->state = TASK_RUNNING;
		woken = 1;
		/* Still on the queue means it has not yet switched out in
		 * schedule(): the state change alone keeps it running. An idle
		 * CPU is told to look at its queue; so is a busy one when the
		 * thread is urgent (a stopper), which must preempt what runs. */
		if (!p->on_rq) {
			enqueue(rq, p);
			if (rq->curr == rq->idle || p->urgent)
				resched_cpu(p->cpu);
		} else if (p->urgent) {
			resched_cpu(p->cpu);
		}
	}
	spin_unlock_irqrestore(&rq->lock, flags);
	return woken;
}

int wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
}

/*
 * The second half of a context switch, run by the thread switched to:
 * release the run queue lock taken by the thread switched from, and reap
 * that thread if it was exiting (its stack is no longer in use now).
 */
static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_cpu_read(rq);
	bool dead = prev->state == TASK_DEAD;

	prev->on_cpu = 0;
	spin_unlock(&rq->lock);		/* taken by prev in __schedule */
	if (dead)
		put_task_struct(prev);	/* the thread's own reference */
}

/* A new thread's first code (from switch.S): finish the switch that got
 * us here, with interrupts on and preemption enabled again. */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	preempt_enable_no_resched();
	local_irq_enable();
}

/*
 * Pick the next thread and switch to it. Interrupts are off, preemption
 * is disabled once (by our caller). 'preempt' says the thread is being
 * preempted rather than calling schedule() itself: then it stays runnable
 * whatever its state, because a thread preempted between setting
 * TASK_UNINTERRUPTIBLE and calling schedule() may not yet be anywhere a
 * wake-up would find it.
 */
static void __schedule(bool preempt)
{
	struct task_struct *prev = current, *next;
	struct rq *rq = this_cpu_read(rq);

	spin_lock(&rq->lock);
	this_cpu_write(need_resched, 0);
	if (prev->state == TASK_INTERRUPTIBLE && signal_pending(prev))
		prev->state = TASK_RUNNING;	/* a pending signal cuts the sleep short */
	if (prev != rq->idle) {
		if (prev->state == TASK_RUNNING || (preempt && prev->state != TASK_DEAD))
			enqueue(rq, prev);
		else
			prev->on_rq = 0;
	}
	if (!list_empty(&rq->queue)) {
		next = list_first_entry(&rq->queue, struct task_struct, run_list);
		list_del(&next->run_list);
		rq->nr_running--;
	} else {
		next = rq->idle;
	}
	if (next == prev) {
		spin_unlock(&rq->lock);
		return;
	}
	next->time_slice = TIME_SLICE;
	next->on_cpu = 1;
	next->nr_switches++;
	rq->curr = next;
	this_cpu_inc(nr_switches);
	this_cpu_write(current_task, next);
	prev = __switch_to(prev, next);
	/* Here we are 'next' again, resumed by some later switch. */
	finish_task_switch(prev);
}

void schedule(void)
{
	unsigned long flags;
	int held = 0;

#if CONFIG_DEBUG_LOCKS
	held = preempt_count();
	if (unlikely(held)) {
		sleeping_while_atomic("schedule");
		/* Switch as if it were zero, and give this thread its count
		 * back when it runs again: the count is per CPU, and the next
		 * thread on this CPU must not inherit it. */
		this_cpu_write(preempt_count, 0);
	}
#endif
	local_irq_save(flags);
	preempt_disable();
	__schedule(false);
	preempt_enable_no_resched();
	if (held)
		this_cpu_write(preempt_count, held);
	local_irq_restore(flags);
}

/* From preempt_enable(): the reschedule that was held off. */
void preempt_schedule(void)
{
	unsigned long flags;

	if (preempt_count() != 0 || irqs_disabled())
		return;
	local_irq_save(flags);
	preempt_disable();
	__schedule(true);
	preempt_enable_no_resched();
	local_irq_restore(flags);
}

/* From the end of an interrupt that interrupted preemptible code:
 * interrupts are off and stay off until the interrupted code's iret. */
void preempt_schedule_irq(void)
{
	preempt_disable();
	__schedule(true);
	preempt_enable_no_resched();
}

void yield(void)
{
	this_cpu_write(need_resched, 1);
	schedule();
}

/* Every CPU's timer tick: use up the running thread's time slice. */
void scheduler_tick(void)
{
	struct task_struct *p = current;
	struct rq *rq = this_cpu_read(rq);

	this_cpu_inc(ticks);
	if (p == rq->idle) {
		this_cpu_inc(idle_ticks);
		if (READ_ONCE(rq->nr_running))
			this_cpu_write(need_resched, 1);
		return;
	}
	if (--p->time_slice <= 0) {
		p->time_slice = TIME_SLICE;
		if (READ_ONCE(rq->nr_running))
			this_cpu_write(need_resched, 1);
	}
}

/* Each CPU ends its start-up here, as its idle thread. */
void cpu_idle(void)
{
	for (;;) {
		local_irq_disable();
		if (!this_cpu_read(need_resched))
			safe_halt();	/* sti; hlt: no wake-up is lost in between */
		else
			local_irq_enable();
		schedule();
	}
}

struct task_struct *get_task_struct(struct task_struct *p)
{
	__atomic_add_fetch(&p->usage, 1, __ATOMIC_RELAXED);
	return p;
}

void free_task(struct task_struct *p);	/* kthread.c */

void put_task_struct(struct task_struct *p)
{
	if (__atomic_sub_fetch(&p->usage, 1, __ATOMIC_ACQ_REL) == 0)
		free_task(p);
}

void for_each_task(void (*fn)(struct task_struct *p, void *arg), void *arg)
{
	struct task_struct *p;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(p, &task_list, tasks)
		fn(p, arg);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

const char *task_state_name(const struct task_struct *p)
{
	switch (p->state) {
	case TASK_RUNNING:
		return p->on_cpu ? "running" : "ready";
	case TASK_INTERRUPTIBLE:
		return "sleeping";
	case TASK_UNINTERRUPTIBLE:
		return "blocked";
	case TASK_IDLE:
		return "sleeping";	/* as good as interruptible: nothing is stuck */
	case TASK_DEAD:
		return "dead";
	}
	return "?";
}

/* For modules. */
EXPORT_SYMBOL(schedule);
EXPORT_SYMBOL(wake_up_process);
EXPORT_SYMBOL(wake_up_state);
EXPORT_SYMBOL(yield);
EXPORT_SYMBOL(preempt_schedule);
EXPORT_SYMBOL(get_task_struct);
EXPORT_SYMBOL(put_task_struct);
