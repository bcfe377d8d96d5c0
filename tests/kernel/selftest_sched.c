/*
 * Self tests of threads and the scheduler: bound threads run where they
 * were put and are reaped by kthread_stop; a busy thread is preempted at
 * the tick; preempt_disable() keeps the other threads of its CPU off it.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <modlab/percpu.h>
#include "selftest.h"

/* ---- threads -------------------------------------------------------------- */

#define PROBE_SAMPLES	6
#define PROBE_EXIT_BASE	1000	/* a probe returns PROBE_EXIT_BASE + its CPU */
#define PROBE_PREFIX	"st-thr/"

struct probe {
	unsigned int cpu;			/* the CPU it was bound to */
	unsigned int seen[PROBE_SAMPLES];	/* smp_processor_id() at each sample */
	struct completion *sampled;
};

/* Sample the CPU a few times, giving the CPU away in between (yield, and a
 * real sleep that another CPU's tick ends), then wait to be stopped. */
static int probe_fn(void *data)
{
	struct probe *p = data;
	unsigned int i;

	for (i = 0; i < PROBE_SAMPLES; i++) {
		p->seen[i] = smp_processor_id();
		if (i & 1)
			msleep(1);
		else
			yield();
	}
	complete(p->sampled);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return PROBE_EXIT_BASE + p->cpu;
}

struct threads_test {
	struct probe probes[NR_CPUS];
	struct task_struct *tasks[NR_CPUS];
	int ret[NR_CPUS];
	unsigned int cpus[NR_CPUS];
	struct completion sampled;
};

static int check_probes(struct threads_test *d, unsigned int n)
{
	unsigned int i, s, bad = 0;

	for (i = 0; i < n; i++) {
		struct probe *p = &d->probes[i];
		unsigned int on_own = 0;

		for (s = 0; s < PROBE_SAMPLES; s++)
			on_own += p->seen[s] == p->cpu;
		printf("threads: %s%u: %u of %u samples on CPU %u, kthread_stop returned %d\n",
		       PROBE_PREFIX, p->cpu, on_own, PROBE_SAMPLES, p->cpu, d->ret[i]);
		for (s = 0; s < PROBE_SAMPLES; s++)
			if (p->seen[s] != p->cpu && !bad++)
				selftest_fail("thread bound to CPU %u to run on CPU %u, saw CPU %u",
					      p->cpu, p->cpu, p->seen[s]);
		if (d->ret[i] != (int)(PROBE_EXIT_BASE + p->cpu))
			selftest_fail("kthread_stop(%s%u) to return %u, saw %d", PROBE_PREFIX,
				      p->cpu, PROBE_EXIT_BASE + p->cpu, d->ret[i]);
	}
	return selftest_failed();
}

int selftest_threads(int argc, char **argv)
{
	struct threads_test *d = kzalloc(sizeof(*d), GFP_KERNEL);
	unsigned int i, n, got;

	if (!d)
		return selftest_fail("memory for the test, saw none");
	init_completion(&d->sampled);
	n = selftest_online_cpus(d->cpus);
	if (selftest_count_tasks(PROBE_PREFIX))
		return selftest_fail("no %s* thread before the test, saw %u", PROBE_PREFIX,
				     selftest_count_tasks(PROBE_PREFIX));
	for (i = 0; i < n; i++) {
		struct task_struct *t;

		d->probes[i].cpu = d->cpus[i];
		d->probes[i].sampled = &d->sampled;
		t = selftest_thread_on(probe_fn, &d->probes[i], d->cpus[i], PROBE_PREFIX "%u",
				       d->cpus[i]);
		if (IS_ERR(t))
			return selftest_fail("a thread for CPU %u, saw error %ld", d->cpus[i],
					     PTR_ERR(t));
		d->tasks[i] = t;
	}
	got = selftest_wait_completions(&d->sampled, n, 2000);
	if (got != n)
		return selftest_fail("%u threads to sample their CPU within 2 s, saw %u", n, got);
	/* All still alive (they wait for kthread_stop): a ps-like look sees them. */
	got = selftest_count_tasks(PROBE_PREFIX);
	if (got != n)
		return selftest_fail("%u %s* threads listed while running, saw %u", n,
				     PROBE_PREFIX, got);
	if (selftest_stop_threads(d->tasks, n, d->ret, 2000))
		return selftest_fail("kthread_stop of %u threads to return within 2 s, it did not",
				     n);
	if (check_probes(d, n))
		return 1;
	printf("threads: %u threads ran, one on each of the %u online CPUs\n", n,
	       num_online_cpus());
	/* A stopped thread is freed once its CPU has switched away from it for
	 * the last time, which may be a moment after kthread_stop returns. */
	if (!selftest_wait_until(selftest_count_tasks(PROBE_PREFIX) == 0, 500))
		return selftest_fail("no %s* thread left 500 ms after kthread_stop, saw %u",
				     PROBE_PREFIX, selftest_count_tasks(PROBE_PREFIX));
	printf("threads: none left after kthread_stop\n");
	kfree(d);
	return 0;
}

/* ---- preempt ---------------------------------------------------------------- */

#define PREEMPT_CPU		0
/* A woken thread waits at most the running thread's time slice, a few
 * ticks; ten ticks is "a few" with room for QEMU's timer jitter. */
#define PREEMPT_MAX_WAIT_MS	100
#define GIVE_UP_MS		1000	/* a busy loop's bound if nothing preempts it */
#define SECTION_MS		50	/* preempt-disabled busy wait */
#define SECTION_MIN_TICKS	3	/* of the ~5 a 50 ms section sees */

struct preempt_test {
	struct task_struct *busy, *other;
	struct completion done;
	int other_ran;			/* set by 'other' when it first runs */
	u64 other_ran_at;
	u64 woke_at;			/* when 'busy' woke 'other' */
	int busy_preempt_count;
	bool gave_up;			/* 'busy' spun GIVE_UP_MS without 'other' running */
	/* part (b), read by the test after 'done' */
	int ran_inside;			/* other_ran seen at the end of the section */
	unsigned long ticks_inside;	/* timer interrupts taken during the section */
	int resched_pending;		/* need_resched at the end of the section */
	int ran_at_enable;		/* other_ran right after preempt_enable() */
	u64 enabled_at;
};

static int other_fn(void *data)
{
	struct preempt_test *d = data;

	d->other_ran_at = ktime_get_ns();
	__atomic_store_n(&d->other_ran, 1, __ATOMIC_RELEASE);
	complete(&d->done);
	return 0;
}

static bool other_ran(struct preempt_test *d)
{
	return __atomic_load_n(&d->other_ran, __ATOMIC_ACQUIRE);
}

/* Spin (never sleeping) until 'other' has run or time 'until'; true if it ran. */
static bool spin_until_other_ran(struct preempt_test *d, u64 until)
{
	while (!other_ran(d) && ktime_get_ns() < until)
		cpu_relax();
	return other_ran(d);
}

/* (a) Busy, preemptible: wake 'other' on our CPU and spin until it has run.
 * Only the timer tick's preemption can let it run. */
static int busy_fn(void *data)
{
	struct preempt_test *d = data;

	d->busy_preempt_count = preempt_count();
	d->woke_at = ktime_get_ns();
	wake_up_process(d->other);
	d->gave_up = !spin_until_other_ran(d, d->woke_at + selftest_ms_to_ns(GIVE_UP_MS));
	complete(&d->done);
	return 0;
}

/* (b) Busy with preemption off for SECTION_MS, 'other' woken inside. */
static int holder_fn(void *data)
{
	struct preempt_test *d = data;
	unsigned long ticks;
	u64 end;

	preempt_disable();
	ticks = this_cpu_read(ticks);
	d->woke_at = ktime_get_ns();
	wake_up_process(d->other);
	end = d->woke_at + selftest_ms_to_ns(SECTION_MS);
	while (ktime_get_ns() < end)
		cpu_relax();
	d->ran_inside = other_ran(d);
	d->ticks_inside = this_cpu_read(ticks) - ticks;
	d->resched_pending = this_cpu_read(need_resched);
	d->enabled_at = ktime_get_ns();
	preempt_enable();
	/* If a reschedule was held off, preempt_enable() did it: 'other' has
	 * run by the time we get the CPU back. */
	d->ran_at_enable = other_ran(d);
	d->gave_up = !spin_until_other_ran(d, d->enabled_at + selftest_ms_to_ns(GIVE_UP_MS));
	complete(&d->done);
	return 0;
}

static int preempt_run(struct preempt_test *d, int (*fn)(void *), const char *what)
{
	struct task_struct *t[2];

	init_completion(&d->done);
	d->other = selftest_thread_create_on(other_fn, d, PREEMPT_CPU, "st-pre-other");
	if (IS_ERR(d->other))
		return selftest_fail("a thread, saw error %ld", PTR_ERR(d->other));
	d->busy = selftest_thread_on(fn, d, PREEMPT_CPU, "st-pre-%s", what);
	if (IS_ERR(d->busy))
		return selftest_fail("a thread, saw error %ld", PTR_ERR(d->busy));
	t[0] = d->busy;
	t[1] = d->other;
	if (selftest_wait_completions(&d->done, 2, 3 * GIVE_UP_MS) != 2)
		return selftest_fail("both threads of (%s) to finish within %u ms, they did not",
				     what, 3 * GIVE_UP_MS);
	if (selftest_stop_threads(t, 2, NULL, 1000))
		return selftest_fail("the threads of (%s) to end, they did not", what);
	return 0;
}

static int preempt_busy_loop(struct preempt_test *d)
{
	u32 wait_us;

	if (preempt_run(d, busy_fn, "busy"))
		return 1;
	if (d->busy_preempt_count)
		return selftest_fail("preempt_count 0 in a new thread, saw %#x",
				     d->busy_preempt_count);
	if (d->gave_up)
		return selftest_fail("a thread woken on CPU %u to run while another spins there, "
				     "it did not run within %u ms", PREEMPT_CPU, GIVE_UP_MS);
	wait_us = selftest_ns_to_us(d->other_ran_at - d->woke_at);
	printf("preempt: (a) woken beside a busy thread on CPU %u, ran after %u.%03u ms\n",
	       PREEMPT_CPU, US_MS(wait_us));
	if (wait_us > PREEMPT_MAX_WAIT_MS * 1000)
		return selftest_fail("a thread woken beside a busy one to run within %u ms, "
				     "saw %u.%03u ms", PREEMPT_MAX_WAIT_MS, US_MS(wait_us));
	return 0;
}

static int preempt_disabled_section(struct preempt_test *d)
{
	u32 after_us;

	if (preempt_run(d, holder_fn, "hold"))
		return 1;
	printf("preempt: (b) %u ms with preemption off: %lu ticks taken, other thread %s\n",
	       SECTION_MS, d->ticks_inside, d->ran_inside ? "RAN" : "did not run");
	if (d->ran_inside)
		return selftest_fail("no other thread on CPU %u while preemption is off, saw "
				     "one run", PREEMPT_CPU);
	if (d->ticks_inside < SECTION_MIN_TICKS)
		return selftest_fail("at least %u ticks during %u ms with preemption off "
				     "(interrupts stay on), saw %lu", SECTION_MIN_TICKS,
				     SECTION_MS, d->ticks_inside);
	if (d->gave_up)
		return selftest_fail("the other thread to run after preempt_enable, it did not "
				     "within %u ms", GIVE_UP_MS);
	after_us = selftest_ns_to_us(d->other_ran_at - d->enabled_at);
	printf("preempt: (b) reschedule %s at preempt_enable; other thread ran %u.%03u ms after\n",
	       d->resched_pending ? "pending" : "not yet due", US_MS(after_us));
	if (d->resched_pending && !d->ran_at_enable)
		return selftest_fail("the reschedule held off by preempt_disable to happen in "
				     "preempt_enable, saw the thread go on first");
	if (after_us > PREEMPT_MAX_WAIT_MS * 1000)
		return selftest_fail("the other thread to run within %u ms of preempt_enable, "
				     "saw %u.%03u ms", PREEMPT_MAX_WAIT_MS, US_MS(after_us));
	return 0;
}

int selftest_preempt(int argc, char **argv)
{
	struct preempt_test *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return selftest_fail("memory for the test, saw none");
	if (preempt_busy_loop(d))
		return 1;
	memset(d, 0, sizeof(*d));
	if (preempt_disabled_section(d))
		return 1;
	kfree(d);
	return 0;
}
