/*
 * Self tests of deferred work in softirq context: kernel timers (they run
 * once, not early, in softirq context on the arming CPU; del_timer_sync
 * waits for a callback running on another CPU) and tasklets (one run per
 * scheduling, never on two CPUs at once, disable/enable, tasklet_kill).
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/timer.h>
#include <asm/processor.h>
#include <modlab/percpu.h>
#include "selftest.h"

#define WAIT_MS		2000	/* for something due within a few ticks */

/* ---- timers ------------------------------------------------------------------ */

struct timer_check {
	struct timer_list timer;
	unsigned long armed_at, expires;
	atomic_t runs;
	unsigned int arm_cpu, run_cpu;
	unsigned long ran_at;
	bool softirq;		/* in_serving_softirq() in the callback */
	bool irqs_on;
	struct completion done;
};

static void timer_check_fn(struct timer_list *t)
{
	struct timer_check *c = from_timer(c, t, timer);

	c->run_cpu = smp_processor_id();
	c->ran_at = jiffies;
	c->softirq = in_serving_softirq() && !in_hardirq();
	c->irqs_on = !irqs_disabled();
	atomic_inc(&c->runs);
	complete(&c->done);
}

/* Arm c's timer delay ticks from now on the CPU we are on. */
static void timer_check_arm(struct timer_check *c, unsigned long delay)
{
	preempt_disable();
	c->arm_cpu = smp_processor_id();
	c->armed_at = jiffies;
	c->expires = c->armed_at + delay;
	mod_timer(&c->timer, c->expires);
	preempt_enable();
}

static int arm_on_cpu_fn(void *data)
{
	timer_check_arm(data, 3);
	return 0;
}

int selftest_timers(int argc, char **argv)
{
	struct timer_check *c = kzalloc(sizeof(*c), GFP_KERNEL);
	unsigned int cpus[NR_CPUS], n = selftest_online_cpus(cpus), i;
	struct task_struct *t;
	int ret;

	if (!c)
		return selftest_fail("kzalloc of the test state failed");
	timer_setup(&c->timer, timer_check_fn, 0);
	for (i = 0; i < n; i++) {
		init_completion(&c->done);
		atomic_set(&c->runs, 0);
		t = selftest_thread_on(arm_on_cpu_fn, c, cpus[i], "timerarm/%u", cpus[i]);
		if (IS_ERR(t))
			return selftest_fail("no thread on CPU %u", cpus[i]);
		selftest_stop_threads(&t, 1, NULL, WAIT_MS);
		if (!selftest_wait_completions(&c->done, 1, WAIT_MS))
			return selftest_fail("the timer armed on CPU %u to run within %u ms; it did not",
					     cpus[i], WAIT_MS);
		printf("timers: armed on CPU %u at jiffy %lu for %lu; ran on CPU %u at %lu\n",
		       c->arm_cpu, c->armed_at, c->expires, c->run_cpu, c->ran_at);
		if (c->run_cpu != c->arm_cpu)
			selftest_fail("the callback on the arming CPU %u, saw CPU %u", c->arm_cpu,
				      c->run_cpu);
		if (time_before(c->ran_at, c->expires))
			selftest_fail("no run before jiffy %lu, saw one at %lu", c->expires, c->ran_at);
		if (!c->softirq || !c->irqs_on)
			selftest_fail("softirq context with interrupts on; saw softirq %d irqs on %d",
				      c->softirq, c->irqs_on);
	}

	/* Re-arming a pending timer moves it; it runs once. */
	init_completion(&c->done);
	atomic_set(&c->runs, 0);
	timer_check_arm(c, 2);
	ret = mod_timer(&c->timer, jiffies + 4);
	if (ret != 1)
		selftest_fail("mod_timer of a pending timer to return 1, saw %d", ret);
	selftest_wait_completions(&c->done, 1, WAIT_MS);
	schedule_timeout_uninterruptible(6);
	if (atomic_read(&c->runs) != 1)
		selftest_fail("one run after arming twice, saw %d", atomic_read(&c->runs));

	/* A deleted timer does not run. */
	atomic_set(&c->runs, 0);
	timer_check_arm(c, 3);
	ret = del_timer(&c->timer);
	if (ret != 1)
		selftest_fail("del_timer of a pending timer to return 1, saw %d", ret);
	ret = del_timer(&c->timer);
	if (ret != 0)
		selftest_fail("del_timer of an idle timer to return 0, saw %d", ret);
	schedule_timeout_uninterruptible(6);
	if (atomic_read(&c->runs) != 0 || timer_pending(&c->timer))
		selftest_fail("no run after del_timer, saw %d (pending %d)",
			      atomic_read(&c->runs), timer_pending(&c->timer));
	if (!selftest_failed())
		kfree(c);
	return 0;
}

/* ---- timer-del-sync [ROUNDS] -------------------------------------------------- */

#define DEL_SYNC_ROUNDS		50
#define CALLBACK_SPIN_US	2000	/* a callback long enough to be caught running */

/*
 * The timer runs on one CPU and re-arms itself each time, spinning a while
 * inside; a thread on another CPU waits until the callback is running and
 * calls del_timer_sync. When that returns the callback must have finished
 * (inside == 0), the timer must not be pending, and it must not run again.
 */
struct del_sync {
	struct timer_list timer;
	int inside;			/* callback between entry and exit */
	atomic_t runs;
	unsigned int cpu;
};

static void del_sync_fn(struct timer_list *t)
{
	struct del_sync *d = from_timer(d, t, timer);

	WRITE_ONCE(d->inside, 1);
	atomic_inc(&d->runs);
	udelay(CALLBACK_SPIN_US);
	mod_timer(&d->timer, jiffies + 1);
	smp_mb();
	WRITE_ONCE(d->inside, 0);
}

static int del_sync_arm_fn(void *data)
{
	struct del_sync *d = data;

	mod_timer(&d->timer, jiffies + 1);
	return 0;
}

int selftest_timer_del_sync(int argc, char **argv)
{
	unsigned int cpus[NR_CPUS], n = selftest_online_cpus(cpus);
	unsigned int rounds = DEL_SYNC_ROUNDS, r, caught = 0;
	struct del_sync *d;
	struct task_struct *t;
	int runs;

	if (argc > 1 && selftest_parse_uint(argv[1], &rounds, 100000))
		return 1;
	if (n < 2)
		return selftest_fail("at least 2 CPUs (boot with -smp 2 or more), saw %u", n);
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return selftest_fail("kzalloc of the test state failed");
	/* Threads stay on their CPU: the timer goes to another one than ours,
	 * armed there by a helper thread, so its callback can be caught
	 * running while we call del_timer_sync. */
	d->cpu = cpus[0] == smp_processor_id() ? cpus[1] : cpus[0];
	for (r = 0; r < rounds; r++) {
		u64 end;

		timer_setup(&d->timer, del_sync_fn, 0);
		atomic_set(&d->runs, 0);
		t = selftest_thread_on(del_sync_arm_fn, d, d->cpu, "delsync/%u", d->cpu);
		if (IS_ERR(t))
			return selftest_fail("no thread on CPU %u", d->cpu);
		selftest_stop_threads(&t, 1, NULL, WAIT_MS);
		/* Spin (not sleep) until the callback is inside: it is in there
		 * a fifth of the time, and a sleeping poll would miss it. */
		end = ktime_get_ns() + selftest_ms_to_ns(WAIT_MS);
		while (!READ_ONCE(d->inside) && ktime_get_ns() < end)
			cpu_relax();
		if (READ_ONCE(d->inside))
			caught++;
		else if (!atomic_read(&d->runs))
			return selftest_fail("round %u: the callback to start within %u ms", r,
					     WAIT_MS);
		del_timer_sync(&d->timer);
		if (READ_ONCE(d->inside))
			return selftest_fail("round %u: the callback finished when del_timer_sync "
					     "returned; it was still running", r);
		if (timer_pending(&d->timer))
			return selftest_fail("round %u: the timer idle after del_timer_sync; "
					     "it was pending", r);
		runs = atomic_read(&d->runs);
		schedule_timeout_uninterruptible(3);
		if (atomic_read(&d->runs) != runs)
			return selftest_fail("round %u: no run after del_timer_sync, saw %d more",
					     r, atomic_read(&d->runs) - runs);
	}
	printf("timer-del-sync: %u rounds, callback caught running in %u\n", rounds, caught);
	if (caught * 2 < rounds)
		selftest_fail("del_timer_sync to meet a running callback in most rounds; "
			      "it did in %u of %u", caught, rounds);
	kfree(d);
	return 0;
}

/* ---- tasklets ------------------------------------------------------------------ */

struct tasklet_check {
	struct tasklet_struct t;
	atomic_t runs;
	atomic_t inside;		/* CPUs in the callback now */
	int overlap;			/* saw two at once */
	bool softirq;
	unsigned int spin_us;
	bool resched;			/* reschedules itself */
};

static void tasklet_check_fn(struct tasklet_struct *t)
{
	struct tasklet_check *c = from_tasklet(c, t, t);

	if (atomic_inc_return(&c->inside) != 1)
		WRITE_ONCE(c->overlap, 1);
	if (!in_serving_softirq())
		WRITE_ONCE(c->softirq, false);
	atomic_inc(&c->runs);
	if (c->spin_us)
		udelay(c->spin_us);
	atomic_dec(&c->inside);
	if (READ_ONCE(c->resched))
		tasklet_schedule(&c->t);
}

#define HAMMER_ROUNDS	2000

static int tasklet_hammer_fn(void *data)
{
	struct tasklet_check *c = data;
	unsigned int i;

	for (i = 0; i < HAMMER_ROUNDS; i++) {
		tasklet_schedule(&c->t);
		if (i % 16 == 0)
			schedule();
	}
	return 0;
}

int selftest_tasklets(int argc, char **argv)
{
	unsigned int cpus[NR_CPUS], n = selftest_online_cpus(cpus), i;
	struct task_struct *threads[NR_CPUS];
	struct tasklet_check *c = kzalloc(sizeof(*c), GFP_KERNEL);
	int runs;

	if (!c)
		return selftest_fail("kzalloc of the test state failed");
	tasklet_setup(&c->t, tasklet_check_fn);
	c->softirq = true;

	/* Scheduled three times before it can run: runs once. */
	local_bh_disable();
	tasklet_schedule(&c->t);
	tasklet_schedule(&c->t);
	tasklet_schedule(&c->t);
	if (atomic_read(&c->runs) != 0)
		selftest_fail("no run while softirqs are held off, saw %d", atomic_read(&c->runs));
	local_bh_enable();
	if (!selftest_wait_until(atomic_read(&c->runs) >= 1, WAIT_MS))
		return selftest_fail("the tasklet to run within %u ms", WAIT_MS);
	schedule_timeout_uninterruptible(3);
	if (atomic_read(&c->runs) != 1)
		selftest_fail("one run for three schedulings before it ran, saw %d",
			      atomic_read(&c->runs));

	/* Disabled, it waits; enabled, it runs. */
	atomic_set(&c->runs, 0);
	tasklet_disable(&c->t);
	tasklet_schedule(&c->t);
	schedule_timeout_uninterruptible(3);
	runs = atomic_read(&c->runs);
	tasklet_enable(&c->t);
	if (runs != 0)
		selftest_fail("no run while disabled, saw %d", runs);
	if (!selftest_wait_until(atomic_read(&c->runs) == 1, WAIT_MS))
		selftest_fail("one run after tasklet_enable, saw %d", atomic_read(&c->runs));

	/* Every CPU schedules it over and over while it runs a while: it must
	 * never run on two CPUs at once. */
	atomic_set(&c->runs, 0);
	c->spin_us = 50;
	for (i = 0; i < n; i++) {
		threads[i] = selftest_thread_on(tasklet_hammer_fn, c, cpus[i], "tasklet/%u", cpus[i]);
		if (IS_ERR(threads[i]))
			threads[i] = NULL;
	}
	if (selftest_stop_threads(threads, n, NULL, 20000))
		return selftest_fail("the scheduling threads to end within 20 s");
	tasklet_kill(&c->t);
	printf("tasklets: %u CPUs scheduled it %u times each; it ran %d times\n", n,
	       HAMMER_ROUNDS, atomic_read(&c->runs));
	if (READ_ONCE(c->overlap))
		selftest_fail("the tasklet on one CPU at a time; saw two at once");
	if (!c->softirq)
		selftest_fail("the tasklet in softirq context; saw it elsewhere");
	if (atomic_read(&c->runs) < 1 || atomic_read(&c->runs) > (int)(n * HAMMER_ROUNDS))
		selftest_fail("between 1 and %u runs, saw %d", n * HAMMER_ROUNDS,
			      atomic_read(&c->runs));
	if (!selftest_failed())
		kfree(c);
	return 0;
}

/* ---- tasklet-kill [ROUNDS] ----------------------------------------------------- */

static int tasklet_start_fn(void *data)
{
	struct tasklet_check *c = data;

	tasklet_schedule(&c->t);
	return 0;
}

/*
 * A tasklet that reschedules itself runs on one CPU without end; another
 * CPU kills it. After tasklet_kill it must be neither scheduled nor
 * running, and must not run again.
 */
int selftest_tasklet_kill(int argc, char **argv)
{
	unsigned int cpus[NR_CPUS], n = selftest_online_cpus(cpus);
	unsigned int rounds = 50, r, other;
	struct tasklet_check *c;
	struct task_struct *t;
	int runs;

	if (argc > 1 && selftest_parse_uint(argv[1], &rounds, 100000))
		return 1;
	if (n < 2)
		return selftest_fail("at least 2 CPUs (boot with -smp 2 or more), saw %u", n);
	other = cpus[0] == smp_processor_id() ? cpus[1] : cpus[0];	/* not ours */
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return selftest_fail("kzalloc of the test state failed");
	for (r = 0; r < rounds; r++) {
		tasklet_setup(&c->t, tasklet_check_fn);
		atomic_set(&c->runs, 0);
		c->spin_us = 200;
		c->resched = true;
		t = selftest_thread_on(tasklet_start_fn, c, other, "tkill/%u", other);
		if (IS_ERR(t))
			return selftest_fail("no thread on CPU %u", other);
		selftest_stop_threads(&t, 1, NULL, WAIT_MS);
		if (!selftest_wait_until(atomic_read(&c->runs) >= 3, WAIT_MS))
			return selftest_fail("round %u: the tasklet to run 3 times within %u ms",
					     r, WAIT_MS);
		tasklet_kill(&c->t);
		if (c->t.state)
			return selftest_fail("round %u: state 0 after tasklet_kill, saw %#lx", r,
					     c->t.state);
		runs = atomic_read(&c->runs);
		schedule_timeout_uninterruptible(2);
		if (atomic_read(&c->runs) != runs)
			return selftest_fail("round %u: no run after tasklet_kill, saw %d more", r,
					     atomic_read(&c->runs) - runs);
	}
	printf("tasklet-kill: %u rounds\n", rounds);
	kfree(c);
	return 0;
}
