/*
 * `selftest labref SEED [ROUNDS [OPS [RACES [PER_CPU]]]]`: judges the bench
 * lab's reference-count scheme (labref.h) the way module unload relies on
 * one.
 *
 *  1. Exact counts. PER_CPU threads (default 2) bound to each online CPU
 *     (thread i on the (i mod N)-th of the N online CPUs) do OPS random
 *     steps a round: get (two steps in three) or put of a reference it
 *     holds. Two threads on one CPU preempt each other at timer ticks, so
 *     a get or put that is not one atomic step loses updates even when the
 *     host runs one virtual CPU at a time. The steps come from a
 *     xorshift32 generator seeded from SEED and i, so the host can work
 *     out how many references each thread holds after each round. With
 *     every thread finished, labref_count() must be exactly the sum:
 *	labref: round R expected=E count=C
 *  2. Release. While references are held, labref_try_release() must fail
 *     and change nothing; once every thread has put its references it must
 *     succeed; then no get may succeed on any CPU; after labref_unrelease()
 *     a get works again:
 *	labref: held=E try_release=0 count=E
 *	labref: all put count=0
 *	labref: at zero try_release=1
 *	labref: after release 0 of G gets succeeded
 *	labref: unreleased get=1 count=0
 *  3. Release racing gets. RACES times: every thread takes a reference,
 *     holds it a few microseconds and puts it, over and over, while this
 *     thread calls labref_try_release() until it succeeds. From then on no
 *     thread may hold a reference: each looks at 'released' just after its
 *     get and just before its put.
 *	labref: races=N released=N violations=0
 * Then "selftest labref: PASS" or FAIL with the first problem.
 */
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <modlab/console.h>
#include "labref.h"
#include "selftest.h"

#define LABREF_GETS_AFTER_RELEASE	100	/* per thread */
#define LABREF_RELEASE_TRIES		20000	/* per race, 20 us apart */
#define LABREF_RACE_HOLD_MS		3	/* the threads run on after a release */
#define LABREF_MAX_PER_CPU		4

enum labref_phase { LR_STEPS, LR_PUT_ALL, LR_TRY_GETS, LR_RACE };

struct labref_thread {
	u32 rng;
	long held;		/* references this thread holds now */
	unsigned int ops;
	enum labref_phase phase;
	unsigned int got;	/* gets that succeeded (LR_TRY_GETS), failed (LR_STEPS) */
	unsigned int violations;
} __aligned(64);

static struct labref_thread *lr_threads;
/*
 * Flags the test's thread sets and the workers read (READ_ONCE in their
 * loops): lr_go starts a phase, lr_stop ends a race. lr_released is set
 * only after labref_try_release() returned true, behind a full barrier, so
 * a worker that sees it set while holding a reference proves the release
 * decided wrongly.
 */
static int lr_go, lr_stop, lr_released;
static bool lr_stuck;		/* threads that did not stop may still use lr_threads */
static unsigned int lr_home;	/* the CPU running the test itself */

/* The host repeats this generator (labs/09-bench/grade.py). */
static u32 lr_next(u32 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void lr_steps(struct labref_thread *t)
{
	unsigned int i;

	for (i = 0; i < t->ops; i++) {
		if (lr_next(&t->rng) % 3 != 2) {
			if (labref_get())
				t->held++;
			else
				t->got++;	/* a get refused while live */
		} else if (t->held) {
			labref_put();
			t->held--;
		}
	}
}

static void lr_race(struct labref_thread *t)
{
	while (!READ_ONCE(lr_stop)) {
		if (!labref_get())
			continue;
		if (READ_ONCE(lr_released))
			t->violations++;	/* a reference after the release */
		udelay(lr_next(&t->rng) % 4);
		if (READ_ONCE(lr_released))
			t->violations++;	/* held across the release */
		labref_put();
		udelay(1 + lr_next(&t->rng) % 4);	/* moments with nothing held */
	}
}

static int lr_thread(void *arg)
{
	struct labref_thread *t = arg;
	unsigned int i;

	while (!READ_ONCE(lr_go))
		cpu_relax();
	smp_mb();
	switch (t->phase) {
	case LR_STEPS:
		lr_steps(t);
		break;
	case LR_PUT_ALL:
		for (; t->held; t->held--)
			labref_put();
		break;
	case LR_TRY_GETS:
		for (i = 0; i < LABREF_GETS_AFTER_RELEASE; i++) {
			if (labref_get()) {
				t->got++;
				labref_put();
			}
		}
		break;
	case LR_RACE:
		lr_race(t);
		break;
	}
	smp_mb();		/* what we did is seen by whoever stops us */
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/* Run phase on every thread and wait for them; before is called once all
 * have started (the race's release), NULL for none. */
static int lr_run(unsigned int *cpus, unsigned int n, enum labref_phase phase,
		  void (*before)(void))
{
	struct task_struct *tasks[NR_CPUS * LABREF_MAX_PER_CPU];
	unsigned int i;

	WRITE_ONCE(lr_go, 0);
	for (i = 0; i < n; i++) {
		if (phase == LR_RACE && n > 1 && cpus[i] == lr_home) {
			tasks[i] = NULL;	/* the releasing thread's CPU stays its own */
			continue;
		}
		lr_threads[i].phase = phase;
		tasks[i] = selftest_thread_on(lr_thread, &lr_threads[i], cpus[i], "labref/%u",
					      cpus[i]);
		if (IS_ERR(tasks[i])) {
			WRITE_ONCE(lr_stop, 1);
			WRITE_ONCE(lr_go, 1);
			if (selftest_stop_threads(tasks, i, NULL, 10000))
				lr_stuck = true;
			return selftest_fail("cannot start a thread on CPU %u", cpus[i]);
		}
	}
	smp_mb();
	WRITE_ONCE(lr_go, 1);
	if (before)
		before();
	WRITE_ONCE(lr_stop, 1);
	if (selftest_stop_threads(tasks, n, NULL, 30000)) {
		lr_stuck = true;
		return selftest_fail("the threads did not finish within 30 s");
	}
	smp_mb();
	WRITE_ONCE(lr_stop, 0);
	return 0;
}

static unsigned int lr_releases;

/* The race's unload: try until the counter is released, say so, and let
 * the threads run into it for a while. */
static void lr_release_while_busy(void)
{
	unsigned int i;

	udelay(200);
	for (i = 0; i < LABREF_RELEASE_TRIES; i++) {
		if (labref_try_release()) {
			smp_mb();
			WRITE_ONCE(lr_released, 1);
			lr_releases++;
			break;
		}
		udelay(20);
	}
	msleep(LABREF_RACE_HOLD_MS);
}

static long lr_total(unsigned int n)
{
	long sum = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		sum += lr_threads[i].held;
	return sum;
}

static int lr_exact_rounds(unsigned int *cpus, unsigned int n, unsigned int rounds)
{
	unsigned int r, i, refused = 0;
	long want, count;

	for (r = 0; r < rounds; r++) {
		if (lr_run(cpus, n, LR_STEPS, NULL))
			return 1;
		want = lr_total(n);
		count = labref_count();
		for (i = 0; i < n; i++)
			refused += lr_threads[i].got;
		printf("labref: round %u expected=%ld count=%ld\n", r + 1, want, count);
		if (refused)
			return selftest_fail("round %u: %u gets were refused on a live counter",
					     r + 1, refused);
		if (count != want)
			return selftest_fail("round %u: expected the count %ld, saw %ld", r + 1, want,
					     count);
	}
	return 0;
}

static int lr_release_checks(unsigned int *cpus, unsigned int n)
{
	unsigned int i, got = 0;
	long held = lr_total(n), count;
	bool released, again;

	released = labref_try_release();
	count = labref_count();
	printf("labref: held=%ld try_release=%d count=%ld\n", held, released, count);
	if (released) {
		labref_unrelease();
		return selftest_fail("try_release with %ld references held: expected false, saw true",
				     held);
	}
	if (count != held)
		return selftest_fail("a refused try_release changed the count from %ld to %ld",
				     held, count);
	if (lr_run(cpus, n, LR_PUT_ALL, NULL))
		return 1;
	count = labref_count();
	printf("labref: all put count=%ld\n", count);
	if (count)
		return selftest_fail("every reference put: expected the count 0, saw %ld", count);
	released = labref_try_release();
	printf("labref: at zero try_release=%d\n", released);
	if (!released)
		return selftest_fail("try_release with no reference held: expected true, saw false");
	for (i = 0; i < n; i++)
		lr_threads[i].got = 0;
	if (lr_run(cpus, n, LR_TRY_GETS, NULL))
		return 1;
	for (i = 0; i < n; i++)
		got += lr_threads[i].got;
	printf("labref: after release %u of %u gets succeeded\n", got,
	       n * LABREF_GETS_AFTER_RELEASE);
	labref_unrelease();
	again = labref_get();
	if (again)
		labref_put();
	count = labref_count();
	printf("labref: unreleased get=%d count=%ld\n", again, count);
	if (got)
		return selftest_fail("after a release: expected every get to fail, %u succeeded",
				     got);
	if (!again || count)
		return selftest_fail("after unrelease: expected a get to work and the count 0,"
				     " saw get=%d count=%ld", again, count);
	return 0;
}

static int lr_races(unsigned int *cpus, unsigned int n, unsigned int races)
{
	unsigned int r, i, violations = 0;
	long count;

	lr_releases = 0;
	for (r = 0; r < races; r++) {
		WRITE_ONCE(lr_released, 0);
		if (lr_run(cpus, n, LR_RACE, lr_release_while_busy))
			return 1;
		for (i = 0; i < n; i++)
			violations += lr_threads[i].violations;
		count = labref_count();
		if (READ_ONCE(lr_released))
			labref_unrelease();
		if (count) {
			printf("labref: race %u: count %ld after the threads ended\n", r + 1, count);
			return selftest_fail("race %u: expected the count 0 at the end, saw %ld",
					     r + 1, count);
		}
	}
	WRITE_ONCE(lr_released, 0);
	printf("labref: races=%u released=%u violations=%u\n", races, lr_releases, violations);
	if (violations)
		return selftest_fail("%u times a thread held a reference after try_release said"
				     " none was held", violations);
	if (lr_releases != races)
		return selftest_fail("%u of %u releases never succeeded while gets came and went",
				     races - lr_releases, races);
	return 0;
}

int selftest_labref(int argc, char **argv)
{
	unsigned int seed, rounds = 5, ops = 20000, races = 20, per_cpu = 2;
	unsigned int cpus[NR_CPUS], ncpus = selftest_online_cpus(cpus), n, i;
	unsigned int *where;	/* each thread's CPU */
	int err;

	if (argc < 2) {
		printf("usage: selftest labref SEED [ROUNDS [OPS [RACES]]]\n");
		return 1;
	}
	if (selftest_parse_uint(argv[1], &seed, 0xffffffffu) ||
	    (argc > 2 && selftest_parse_uint(argv[2], &rounds, 100)) ||
	    (argc > 3 && selftest_parse_uint(argv[3], &ops, 10000000)) ||
	    (argc > 4 && selftest_parse_uint(argv[4], &races, 1000)) ||
	    (argc > 5 && selftest_parse_uint(argv[5], &per_cpu, LABREF_MAX_PER_CPU)))
		return 1;
	if (lr_stuck)
		return selftest_fail("threads of an earlier run are still there; reboot");
	n = ncpus * per_cpu;
	lr_threads = kcalloc(n, sizeof(*lr_threads), GFP_KERNEL);
	where = kcalloc(n, sizeof(*where), GFP_KERNEL);
	if (!lr_threads || !where) {
		kfree(lr_threads);
		kfree(where);
		return selftest_fail("out of memory");
	}
	for (i = 0; i < n; i++) {
		lr_threads[i].rng = seed * 2654435761u + (i + 1) * 40503u;
		if (!lr_threads[i].rng)
			lr_threads[i].rng = 1;
		lr_threads[i].ops = ops;
		where[i] = cpus[i % ncpus];
	}
	lr_home = get_cpu();
	put_cpu();
	printf("labref: %u threads (%u a CPU), seed %u, %u rounds of %u steps, %u races\n", n,
	       per_cpu, seed, rounds, ops, races);
	labref_reset();
	err = lr_exact_rounds(where, n, rounds);
	if (!err)
		err = lr_release_checks(where, n);
	if (!err)
		err = lr_races(where, n, races);
	if (!lr_stuck) {
		labref_reset();
		kfree(lr_threads);
		kfree(where);
	}
	return err;
}
