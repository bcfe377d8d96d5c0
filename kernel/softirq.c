/*
 * Softirqs and tasklets: work deferred from interrupt handlers.
 *
 * A softirq is a small fixed set of per-CPU "pending" bits (HI_SOFTIRQ,
 * TIMER_SOFTIRQ, TASKLET_SOFTIRQ) with one handler each. Raising one sets
 * this CPU's bit; the handler then runs on this CPU:
 * - at the end of a hardware interrupt (irq_exit), if the interrupted code
 *   was not itself in a softirq or holding softirqs off (local_bh_disable),
 * - in local_bh_enable(), when the last disable goes,
 * - or in this CPU's "ksoftirqd/N" thread, when a softirq is raised outside
 *   interrupts or keeps being raised (after MAX_SOFTIRQ_RESTART rounds at
 *   interrupt exit the rest is handed to the thread so threads still run).
 * Softirq context: interrupts on, preemption off (the softirq count is in
 * preempt_count, see linux/preempt.h), no sleeping, on the raising CPU.
 *
 * Tasklets ride on two softirqs: each CPU has a list of scheduled tasklets
 * for TASKLET_SOFTIRQ and one for HI_SOFTIRQ. A tasklet's state bits make
 * the promises of linux/interrupt.h: SCHED (set by whoever schedules it
 * first; cleared just before it runs) makes it queued at most once; RUN
 * (test_and_set by the CPU about to run it) keeps it from running on two
 * CPUs at once: a CPU that finds it running elsewhere puts it back on its
 * own list and tries again on its next round.
 *
 * Locking: each CPU's pending bits and tasklet lists are touched only by
 * that CPU with its interrupts off, which is all the exclusion they need.
 * A tasklet's state is changed only with atomic bit operations.
 * tasklet_wait (a wait queue) is where tasklet_kill and tasklet_disable
 * sleep until a RUN bit clears.
 */
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/wait.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <modlab/kallsyms.h>
#include <modlab/panic.h>

#define MAX_SOFTIRQ_RESTART	10

struct tasklet_head {
	struct tasklet_struct *head;
	struct tasklet_struct **tail;
};

struct softirq_cpu {
	unsigned long pending;		/* raised softirqs, a bit each */
	struct tasklet_head tasklets;	/* TASKLET_SOFTIRQ */
	struct tasklet_head hi_tasklets;	/* HI_SOFTIRQ */
	struct task_struct *ksoftirqd;
} __aligned(64);

static struct softirq_cpu softirq_cpu[NR_CPUS];
static struct softirq_action softirq_vec[NR_SOFTIRQS];
static DECLARE_WAIT_QUEUE_HEAD(tasklet_wait);

/* This CPU's softirq state. Only with interrupts (or preemption) off. */
static struct softirq_cpu *this_softirq(void)
{
	return &softirq_cpu[smp_processor_id()];
}

void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	softirq_vec[nr].action = action;
}

static void wakeup_softirqd(void)
{
	struct task_struct *t = this_softirq()->ksoftirqd;

	if (t)
		wake_up_process(t);
}

void raise_softirq_irqoff(unsigned int nr)
{
	this_softirq()->pending |= 1ul << nr;
	/* Outside interrupts, no irq_exit is coming to run it: the thread
	 * does. (In an interrupt, or with softirqs held off, the interrupt's
	 * exit or local_bh_enable will.) */
	if (!in_interrupt())
		wakeup_softirqd();
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

static bool local_softirq_pending(void)
{
	return this_softirq()->pending != 0;
}

/* A handler must leave the count as it found it. */
static void check_handler(void (*action)(struct softirq_action *), int count)
{
	char name[KSYM_SYMBOL_LEN];

	if (likely(preempt_count() == count))
		return;
	sprint_symbol(name, (unsigned long)action);
	pr_err("softirq: %s changed the preemption count from %#x to %#x\n", name, count,
	       preempt_count());
	this_cpu_write(preempt_count, count);
}

/*
 * Run the pending softirqs of this CPU. Called with interrupts off and
 * with no softirq running or held off here; returns with interrupts off.
 */
static void __do_softirq(void)
{
	unsigned int restart = MAX_SOFTIRQ_RESTART;
	unsigned long pending;
	int count;

	this_cpu_add(preempt_count, SOFTIRQ_OFFSET);
	count = preempt_count();
	do {
		pending = this_softirq()->pending;
		this_softirq()->pending = 0;
		local_irq_enable();
		while (pending) {
			unsigned int nr = __builtin_ctzl(pending);
			void (*action)(struct softirq_action *) = softirq_vec[nr].action;

			pending &= pending - 1;
			if (action) {
				action(&softirq_vec[nr]);
				check_handler(action, count);
			}
		}
		local_irq_disable();
	} while (local_softirq_pending() && --restart);
	this_cpu_sub(preempt_count, SOFTIRQ_OFFSET);
	if (local_softirq_pending())
		wakeup_softirqd();	/* still more: let threads run meanwhile */
}

/* End of a hardware interrupt (arch code, interrupts off). */
void irq_exit(void)
{
	this_cpu_sub(preempt_count, HARDIRQ_OFFSET);
	if (!in_interrupt() && local_softirq_pending())
		__do_softirq();
}

void local_bh_enable(void)
{
	unsigned long flags;

	WARN_ON_ONCE(in_hardirq() || irqs_disabled());
	local_irq_save(flags);
	this_cpu_sub(preempt_count, SOFTIRQ_DISABLE_OFFSET);
	if (!in_interrupt() && local_softirq_pending())
		__do_softirq();
	local_irq_restore(flags);
	if (unlikely(this_cpu_read(need_resched)) && preempt_count() == 0)
		preempt_schedule();
}

static int ksoftirqd(void *unused)
{
	for (;;) {
		/* State first, then the test: a raise between the two finds us
		 * not running and wakes us (linux/sched.h). This thread is
		 * bound to its CPU, so this_softirq() stays ours. */
		set_current_state(TASK_INTERRUPTIBLE);
		if (!local_softirq_pending()) {
			schedule();
			continue;
		}
		__set_current_state(TASK_RUNNING);
		local_irq_disable();
		if (local_softirq_pending())
			__do_softirq();
		local_irq_enable();
		if (this_cpu_read(need_resched))
			schedule();
	}
	return 0;
}

/* ---- tasklets ------------------------------------------------------------- */

static void tasklet_enqueue(struct tasklet_head *list, struct tasklet_struct *t)
{
	t->next = NULL;
	*list->tail = t;
	list->tail = &t->next;
}

static void __tasklet_schedule_common(struct tasklet_struct *t, bool hi)
{
	struct softirq_cpu *sc;
	unsigned long flags;

	local_irq_save(flags);
	sc = this_softirq();
	tasklet_enqueue(hi ? &sc->hi_tasklets : &sc->tasklets, t);
	raise_softirq_irqoff(hi ? HI_SOFTIRQ : TASKLET_SOFTIRQ);
	local_irq_restore(flags);
}

void __tasklet_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, false);
}

void __tasklet_hi_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, true);
}

static bool tasklet_trylock(struct tasklet_struct *t)
{
	return !test_and_set_bit(TASKLET_STATE_RUN, &t->state);
}

/* Clear RUN, then wake anyone waiting for it. The full barrier orders the
 * clear before the look at the queue; the waiter puts itself on the queue
 * before it tests the bit (prepare_to_wait), so one of the two sees the
 * other. */
static void tasklet_unlock(struct tasklet_struct *t)
{
	smp_mb__before_atomic();
	clear_bit(TASKLET_STATE_RUN, &t->state);
	smp_mb();
	if (!list_empty(&tasklet_wait.head))
		wake_up(&tasklet_wait);
}

void tasklet_unlock_wait(struct tasklet_struct *t)
{
	if (in_atomic() || irqs_disabled()) {
		while (test_bit(TASKLET_STATE_RUN, &t->state))
			cpu_relax();
		return;
	}
	wait_event(tasklet_wait, !test_bit(TASKLET_STATE_RUN, &t->state));
}

static void tasklet_action_common(struct tasklet_head *list, unsigned int nr)
{
	struct tasklet_struct *t, *next;

	local_irq_disable();
	t = list->head;
	list->head = NULL;
	list->tail = &list->head;
	local_irq_enable();

	for (; t; t = next) {
		next = t->next;
		if (tasklet_trylock(t)) {
			if (!atomic_read(&t->count)) {
				if (!test_and_clear_bit(TASKLET_STATE_SCHED, &t->state))
					WARN(1, "tasklet %p on a list but not scheduled\n", t);
				if (t->use_callback)
					t->callback(t);
				else
					t->func(t->data);
				tasklet_unlock(t);
				continue;
			}
			tasklet_unlock(t);
		}
		/* Disabled, or running on another CPU: keep it for later. */
		local_irq_disable();
		tasklet_enqueue(list, t);
		raise_softirq_irqoff(nr);
		local_irq_enable();
	}
}

static void tasklet_action(struct softirq_action *a)
{
	tasklet_action_common(&this_softirq()->tasklets, TASKLET_SOFTIRQ);
}

static void tasklet_hi_action(struct softirq_action *a)
{
	tasklet_action_common(&this_softirq()->hi_tasklets, HI_SOFTIRQ);
}

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->use_callback = false;
	t->func = func;
	t->data = data;
}

void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *))
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->use_callback = true;
	t->callback = callback;
	t->data = 0;
}

/*
 * Take the SCHED bit ourselves, so nobody can schedule t again, after
 * waiting for a run that was scheduled to start and finish; then wait for
 * a run in progress, and let the bit go. A scheduled t is on some CPU's
 * list, and SCHED clears only as it starts to run; the end of that run
 * (tasklet_unlock) wakes tasklet_wait, where we test SCHED again.
 */
void tasklet_kill(struct tasklet_struct *t)
{
	if (in_interrupt())
		pr_notice("tasklet: tasklet_kill called from interrupt context\n");
	while (test_and_set_bit(TASKLET_STATE_SCHED, &t->state))
		wait_event(tasklet_wait, !test_bit(TASKLET_STATE_SCHED, &t->state));
	tasklet_unlock_wait(t);
	smp_mb__before_atomic();
	clear_bit(TASKLET_STATE_SCHED, &t->state);
}

void softirq_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		softirq_cpu[cpu].tasklets.tail = &softirq_cpu[cpu].tasklets.head;
		softirq_cpu[cpu].hi_tasklets.tail = &softirq_cpu[cpu].hi_tasklets.head;
	}
	open_softirq(TASKLET_SOFTIRQ, tasklet_action);
	open_softirq(HI_SOFTIRQ, tasklet_hi_action);
}

/* One ksoftirqd per online CPU, once the CPUs are up. */
void softirq_start_threads(void)
{
	struct task_struct *t;
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		t = kthread_create(ksoftirqd, NULL, "ksoftirqd/%u", cpu);
		if (IS_ERR(t)) {
			pr_err("softirq: no ksoftirqd for CPU %u (error %ld)\n", cpu, PTR_ERR(t));
			continue;
		}
		kthread_bind(t, cpu);
		WRITE_ONCE(softirq_cpu[cpu].ksoftirqd, t);
		wake_up_process(t);
	}
}

EXPORT_SYMBOL(raise_softirq);
EXPORT_SYMBOL(local_bh_enable);
EXPORT_SYMBOL(__tasklet_schedule);
EXPORT_SYMBOL(__tasklet_hi_schedule);
EXPORT_SYMBOL(tasklet_init);
EXPORT_SYMBOL(tasklet_setup);
EXPORT_SYMBOL(tasklet_kill);
EXPORT_SYMBOL(tasklet_unlock_wait);
