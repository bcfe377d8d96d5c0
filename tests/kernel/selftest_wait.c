/*
 * Self tests of sleeping until something happens: wait queues (a ping-pong
 * between two CPUs, where one lost wake-up stalls the game) and
 * completions (complete_all, complete letting exactly one through, and
 * timeouts).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <modlab/percpu.h>
#include "selftest.h"

#define TICK_MS		(1000 / HZ)

/* ---- waitqueue [ROUNDS] ------------------------------------------------------------------ */

#define PINGPONG_ROUNDS		500
#define PINGPONG_MAX_ROUNDS	1000000
#define ROUND_TIMEOUT		HZ	/* a lost wake-up shows as this long a wait */

/*
 * 'turn' counts the moves: side 0 makes the even ones (0, 2, 4, ...), side
 * 1 the odd ones. Each side waits on its own queue until the move it is to
 * make is due, checks that the turn is exactly that move (not earlier: the
 * wait returned too soon; not later: someone moved twice), makes it and
 * wakes the other side.
 */
struct pingpong {
	struct wait_queue_head wq[2];
	unsigned int turn;
	unsigned int rounds;
	int abort;			/* one side failed: the other stops too */
	unsigned int moves[2];
	unsigned int bad_expected[2], bad_seen[2];	/* first wrong turn seen */
	unsigned int bad[2];
	bool stalled[2];		/* waited ROUND_TIMEOUT in vain ... */
	unsigned int stalled_move[2];	/* ... for this move */
	struct completion done;
};

struct pingpong_side {
	struct pingpong *pp;
	unsigned int me;
};

static void pingpong_abort(struct pingpong *pp)
{
	WRITE_ONCE(pp->abort, 1);
	wake_up(&pp->wq[0]);
	wake_up(&pp->wq[1]);
}

static int pingpong_fn(void *data)
{
	struct pingpong_side *s = data;
	struct pingpong *pp = s->pp;
	unsigned int me = s->me, i;

	for (i = 0; i < pp->rounds; i++) {
		unsigned int move = 2 * i + me, seen;
		long left;

		left = wait_event_timeout(pp->wq[me],
					  READ_ONCE(pp->turn) >= move || READ_ONCE(pp->abort),
					  ROUND_TIMEOUT);
		if (READ_ONCE(pp->abort))
			break;
		seen = READ_ONCE(pp->turn);
		if (!left) {
			pp->stalled[me] = true;
			pp->stalled_move[me] = move;
			pingpong_abort(pp);
			break;
		}
		if (seen != move) {
			if (!pp->bad[me]++) {
				pp->bad_expected[me] = move;
				pp->bad_seen[me] = seen;
			}
			pingpong_abort(pp);
			break;
		}
		pp->moves[me]++;
		WRITE_ONCE(pp->turn, move + 1);
		wake_up(&pp->wq[!me]);
	}
	complete(&pp->done);
	return 0;
}

struct waitqueue_test {
	struct pingpong pp;
	struct pingpong_side sides[2];
	struct task_struct *tasks[2];
};

int selftest_waitqueue(int argc, char **argv)
{
	struct waitqueue_test *d = kzalloc(sizeof(*d), GFP_KERNEL);
	struct pingpong *pp;
	unsigned int cpus[NR_CPUS], n, me, rounds = PINGPONG_ROUNDS;
	u64 t0;
	u32 us;

	if (!d)
		return selftest_fail("memory for the test, saw none");
	if (argc > 1 && selftest_parse_uint(argv[1], &rounds, PINGPONG_MAX_ROUNDS))
		return selftest_fail("usage: selftest waitqueue [ROUNDS], saw '%s'", argv[1]);
	pp = &d->pp;
	init_waitqueue_head(&pp->wq[0]);
	init_waitqueue_head(&pp->wq[1]);
	init_completion(&pp->done);
	pp->rounds = rounds;
	n = selftest_online_cpus(cpus);
	t0 = ktime_get_ns();
	for (me = 0; me < 2; me++) {
		unsigned int cpu = me ? cpus[n - 1] : cpus[0];	/* the first and last CPU */

		d->sides[me].pp = pp;
		d->sides[me].me = me;
		d->tasks[me] = selftest_thread_on(pingpong_fn, &d->sides[me], cpu, "st-pingpong%u",
						  me);
		if (IS_ERR(d->tasks[me]))
			return selftest_fail("a thread, saw error %ld", PTR_ERR(d->tasks[me]));
	}
	if (selftest_wait_completions(&pp->done, 2, rounds + 3000) != 2) {
		pingpong_abort(pp);
		return selftest_fail("both sides to finish %u rounds within %u ms, saw moves "
				     "%u + %u, turn %u", rounds, rounds + 3000, pp->moves[0],
				     pp->moves[1], READ_ONCE(pp->turn));
	}
	if (selftest_stop_threads(d->tasks, 2, NULL, 1000))
		return selftest_fail("the ping-pong threads to end, they did not");
	us = selftest_ns_to_us(ktime_get_ns() - t0);
	printf("waitqueue: CPU %u and CPU %u: %u rounds, moves %u + %u, turn %u (%u.%03u ms)\n",
	       d->tasks[0]->cpu, d->tasks[1]->cpu, rounds, pp->moves[0], pp->moves[1], pp->turn,
	       US_MS(us));
	for (me = 0; me < 2; me++) {
		if (pp->stalled[me])
			selftest_fail("side %u to be woken for move %u within %u ms, it was not "
				      "(a lost wake-up)", me, pp->stalled_move[me],
				      ROUND_TIMEOUT * TICK_MS);
		if (pp->bad[me])
			selftest_fail("side %u to see turn %u when woken, saw %u", me,
				      pp->bad_expected[me], pp->bad_seen[me]);
	}
	if (pp->turn != 2 * rounds)
		selftest_fail("%u moves in all, saw %u", 2 * rounds, pp->turn);
	if (selftest_failed())
		return 1;
	kfree(d);
	return 0;
}

/* ---- completion ------------------------------------------------------------------------- */

#define WAITERS_MIN	4
#define MAX_WAITERS	(2 * NR_CPUS)
#define WAIT_TIMEOUT_MS	50

struct completion_test {
	struct completion all;		/* released by complete_all */
	struct completion one;		/* released one complete() at a time */
	struct completion finished;	/* each waiter, when it got through (or not) */
	unsigned int passed;		/* waiters through their wait so far */
	unsigned long left[MAX_WAITERS];	/* wait_for_completion_timeout's value */
	struct task_struct *tasks[MAX_WAITERS];
};

struct completion_waiter {
	struct completion_test *d;
	struct completion *c;
	unsigned long *left;
};

static struct completion_waiter waiters[MAX_WAITERS];

static int waiter_fn(void *data)
{
	struct completion_waiter *w = data;

	*w->left = wait_for_completion_timeout(w->c, 3 * HZ);
	if (*w->left)
		__atomic_add_fetch(&w->d->passed, 1, __ATOMIC_ACQ_REL);
	complete(&w->d->finished);
	return 0;
}

static unsigned int passed(struct completion_test *d)
{
	return __atomic_load_n(&d->passed, __ATOMIC_ACQUIRE);
}

/* nr waiters on c, spread over the online CPUs. */
static int start_waiters(struct completion_test *d, struct completion *c, unsigned int nr)
{
	unsigned int cpus[NR_CPUS], n = selftest_online_cpus(cpus), i;

	d->passed = 0;
	init_completion(&d->finished);
	for (i = 0; i < nr; i++) {
		waiters[i] = (struct completion_waiter){ .d = d, .c = c, .left = &d->left[i] };
		d->tasks[i] = selftest_thread_on(waiter_fn, &waiters[i], cpus[i % n], "st-waiter%u",
						 i);
		if (IS_ERR(d->tasks[i]))
			return selftest_fail("a thread, saw error %ld", PTR_ERR(d->tasks[i]));
	}
	/* Give them time to go to sleep: nobody may get through yet. */
	msleep(30);
	if (passed(d))
		return selftest_fail("no waiter through before the completion, saw %u", passed(d));
	return 0;
}

static int end_waiters(struct completion_test *d, unsigned int nr)
{
	if (selftest_wait_completions(&d->finished, nr, 4000) != nr)
		return selftest_fail("%u waiters to finish, they did not", nr);
	if (selftest_stop_threads(d->tasks, nr, NULL, 1000))
		return selftest_fail("the waiting threads to end, they did not");
	return 0;
}

static int complete_all_releases_everyone(struct completion_test *d, unsigned int nr)
{
	unsigned int i;

	init_completion(&d->all);
	if (start_waiters(d, &d->all, nr))
		return 1;
	complete_all(&d->all);
	if (end_waiters(d, nr))
		return 1;
	printf("completion: complete_all released %u of %u waiters\n", passed(d), nr);
	for (i = 0; i < nr; i++)
		if (!d->left[i])
			return selftest_fail("every waiter released by complete_all, waiter %u "
					     "timed out", i);
	/* Later waiters go straight through too. */
	if (!wait_for_completion_timeout(&d->all, 1) || !completion_done(&d->all))
		return selftest_fail("a wait after complete_all to return at once, it timed out");
	return 0;
}

static int complete_releases_one(struct completion_test *d, unsigned int nr)
{
	unsigned int k;

	init_completion(&d->one);
	if (start_waiters(d, &d->one, nr))
		return 1;
	for (k = 1; k <= nr; k++) {
		complete(&d->one);
		if (!selftest_wait_until(passed(d) >= k, 1000))
			return selftest_fail("complete() number %u to release a waiter, "
					     "%u through after 1 s", k, passed(d));
		/* Give a second (wrong) one time to get through too. */
		msleep(20);
		if (passed(d) != k)
			return selftest_fail("complete() number %u to release one waiter "
					     "(%u through), saw %u through", k, k, passed(d));
	}
	if (end_waiters(d, nr))
		return 1;
	printf("completion: %u complete() calls released %u waiters, one each\n", nr, passed(d));
	if (completion_done(&d->one))
		return selftest_fail("no completion left over, saw one");
	return 0;
}

/*
 * A timeout of t ticks counts from inside the current tick: it ends between
 * t - 1 and t ticks from now, give or take when the ticks arrive and the
 * waking up (5 ms: see selftest_time.c). Tried TIMEOUT_TRIES times: the
 * lower bound holds for each try, the upper one for the shortest, as a
 * busy host can delay any one wake-up.
 */
#define TIMEOUT_TRIES		3
#define TIMEOUT_SLACK_US	5000

static int timeout_returns_zero(void)
{
	DECLARE_COMPLETION(never);
	unsigned long timeout = msecs_to_jiffies(WAIT_TIMEOUT_MS), left;
	u32 us, shortest = ~0u, min_us, max_us;
	unsigned int i;

	min_us = (timeout - 1) * TICK_MS * 1000 - TIMEOUT_SLACK_US;
	max_us = timeout * TICK_MS * 1000 + TIMEOUT_SLACK_US;
	for (i = 0; i < TIMEOUT_TRIES; i++) {
		u64 t0 = ktime_get_ns();

		left = wait_for_completion_timeout(&never, timeout);
		us = selftest_ns_to_us(ktime_get_ns() - t0);
		shortest = min(shortest, us);
		printf("completion: wait_for_completion_timeout(%lu ticks) with nobody completing: "
		       "returned %lu after %u.%03u ms\n", timeout, left, US_MS(us));
		if (left)
			return selftest_fail("wait_for_completion_timeout to return 0 on timeout, "
					     "saw %lu", left);
		if (us < min_us)
			return selftest_fail("the timeout to take at least %u.%03u ms, saw "
					     "%u.%03u ms", US_MS(min_us), US_MS(us));
	}
	if (shortest > max_us)
		return selftest_fail("the timeout to take at most %u.%03u ms (the shortest of "
				     "%u), saw %u.%03u ms", US_MS(max_us), TIMEOUT_TRIES,
				     US_MS(shortest));
	if (completion_done(&never) || try_wait_for_completion(&never))
		return selftest_fail("a timed-out completion not done, saw it done");
	complete(&never);
	if (!completion_done(&never) || !try_wait_for_completion(&never))
		return selftest_fail("complete() to make the completion done, it did not");
	if (try_wait_for_completion(&never))
		return selftest_fail("one complete() to let one waiter through, saw two");
	return 0;
}

int selftest_completion(int argc, char **argv)
{
	struct completion_test *d = kzalloc(sizeof(*d), GFP_KERNEL);
	unsigned int nr = max(WAITERS_MIN, 2 * num_online_cpus());

	if (!d)
		return selftest_fail("memory for the test, saw none");
	nr = min(nr, (unsigned int)MAX_WAITERS);
	if (complete_all_releases_everyone(d, nr))
		return 1;
	if (complete_releases_one(d, WAITERS_MIN))
		return 1;
	if (timeout_returns_zero())
		return 1;
	kfree(d);
	return 0;
}
