/*
 * Self tests of the sleeping locks modules use beside mutexes: counting
 * semaphores (never more holders than the count, down_timeout, trylock)
 * and reader-writer semaphores (a writer alone, readers together, a count
 * changed only under the write lock comes out exact, downgrade_write).
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/rwsem.h>
#include <linux/semaphore.h>
#include <linux/slab.h>
#include "selftest.h"

/* Every wait is a hand-off to a sleeping thread, woken across CPUs: under
 * QEMU on a busy host that costs milliseconds, so the rounds are few. */
#define THREADS_PER_CPU	2
#define ROUNDS		120
#define STOP_MS		60000

struct sync_test {
	struct semaphore sem;
	struct rw_semaphore rwsem;
	atomic_t inside;		/* semaphore holders now */
	atomic_t readers, writers;	/* rwsem holders now */
	int max_inside;
	unsigned long counter;		/* changed only under the write lock */
	atomic_t writes;		/* how many times it was changed */
	atomic_t bad_reader, bad_writer, bad_downgrade;
};

static void note_max(int *max, int v)
{
	int old = READ_ONCE(*max);

	while (v > old && !__atomic_compare_exchange_n(max, &old, v, false, __ATOMIC_RELAXED,
						       __ATOMIC_RELAXED))
		;
}

static int sem_fn(void *data)
{
	struct sync_test *st = data;
	unsigned int i;

	for (i = 0; i < ROUNDS; i++) {
		down(&st->sem);
		note_max(&st->max_inside, atomic_inc_return(&st->inside));
		udelay(20);
		atomic_dec(&st->inside);
		up(&st->sem);
		if (i % 8 == 0)
			schedule();
	}
	return 0;
}

static unsigned int start_all(int (*fn)(void *), void *data, struct task_struct **t,
			      const char *name)
{
	unsigned int cpus[NR_CPUS], n = selftest_online_cpus(cpus), i, k = 0, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < THREADS_PER_CPU; j++) {
			t[k] = selftest_thread_on(fn, data, cpus[i], "%s/%u", name, cpus[i]);
			if (IS_ERR(t[k]))
				t[k] = NULL;
			k++;
		}
	return k;
}

int selftest_semaphore(int argc, char **argv)
{
	struct task_struct *t[NR_CPUS * THREADS_PER_CPU];
	struct sync_test *st = kzalloc(sizeof(*st), GFP_KERNEL);
	unsigned int n;
	u64 t0;
	u32 us;
	int ret;

	if (!st)
		return selftest_fail("kzalloc of the test state failed");
	sema_init(&st->sem, 2);
	n = start_all(sem_fn, st, t, "semtest");
	if (selftest_stop_threads(t, n, NULL, STOP_MS))
		return selftest_fail("the threads to finish within %u ms", STOP_MS);
	printf("semaphore: %u threads, %u rounds each, at most %d holders at once (count 2)\n", n,
	       ROUNDS, st->max_inside);
	if (st->max_inside > 2)
		selftest_fail("at most 2 holders of a count-2 semaphore, saw %d", st->max_inside);
	if (st->max_inside < 2 && num_online_cpus() > 1)
		selftest_fail("2 holders at once sometime in %u rounds, saw at most %d",
			      n * ROUNDS, st->max_inside);

	/* Count now 2: take both, then trylock and down_timeout must fail. */
	if (down_trylock(&st->sem) || down_trylock(&st->sem))
		selftest_fail("down_trylock to take a free count (return 0)");
	ret = down_trylock(&st->sem);
	if (ret != 1)
		selftest_fail("down_trylock of a taken semaphore to return 1, saw %d", ret);
	t0 = ktime_get_ns();
	ret = down_timeout(&st->sem, 5);
	us = selftest_ns_to_us(ktime_get_ns() - t0);
	printf("semaphore: down_timeout(5 ticks) returned %d after %u.%03u ms\n", ret, US_MS(us));
	if (ret != -ETIME)
		selftest_fail("down_timeout of a taken semaphore to return -ETIME, saw %d", ret);
	if (us < 40000)
		selftest_fail("down_timeout to wait at least 40 ms, saw %u us", us);
	up(&st->sem);
	if (down_timeout(&st->sem, 5))
		selftest_fail("down_timeout after an up to succeed");
	up(&st->sem);
	up(&st->sem);
	if (!selftest_failed())
		kfree(st);
	return 0;
}

static int rwsem_fn(void *data)
{
	struct sync_test *st = data;
	unsigned int i;

	for (i = 0; i < ROUNDS; i++) {
		if (i % 4 == 0) {
			down_write(&st->rwsem);
			if (atomic_inc_return(&st->writers) != 1 || atomic_read(&st->readers))
				atomic_inc(&st->bad_writer);
			st->counter++;		/* plain: exact only if writers exclude */
			atomic_inc(&st->writes);
			udelay(10);
			if (i % 8 == 0) {
				/* Become a reader without letting a writer in. */
				unsigned long seen = st->counter;

				atomic_dec(&st->writers);
				atomic_inc(&st->readers);
				downgrade_write(&st->rwsem);
				udelay(10);
				if (READ_ONCE(st->counter) != seen || atomic_read(&st->writers))
					atomic_inc(&st->bad_downgrade);
				atomic_dec(&st->readers);
				up_read(&st->rwsem);
			} else {
				atomic_dec(&st->writers);
				up_write(&st->rwsem);
			}
		} else if (i % 4 == 1 && down_read_trylock(&st->rwsem)) {
			if (atomic_read(&st->writers))
				atomic_inc(&st->bad_reader);
			up_read(&st->rwsem);
		} else {
			down_read(&st->rwsem);
			atomic_inc(&st->readers);
			if (atomic_read(&st->writers))
				atomic_inc(&st->bad_reader);
			udelay(5);
			atomic_dec(&st->readers);
			up_read(&st->rwsem);
		}
		if (i % 16 == 0)
			schedule();
	}
	return 0;
}

int selftest_rwsem(int argc, char **argv)
{
	struct task_struct *t[NR_CPUS * THREADS_PER_CPU];
	struct sync_test *st = kzalloc(sizeof(*st), GFP_KERNEL);
	unsigned int n;

	if (!st)
		return selftest_fail("kzalloc of the test state failed");
	init_rwsem(&st->rwsem);
	n = start_all(rwsem_fn, st, t, "rwsemtest");
	if (selftest_stop_threads(t, n, NULL, STOP_MS))
		return selftest_fail("the threads to finish within %u ms", STOP_MS);
	printf("rwsem: %u threads: %d writes, counter %lu; bad readers %d, writers %d, "
	       "downgrades %d\n", n, atomic_read(&st->writes), st->counter,
	       atomic_read(&st->bad_reader), atomic_read(&st->bad_writer),
	       atomic_read(&st->bad_downgrade));
	if (st->counter != (unsigned long)atomic_read(&st->writes) ||
	    st->counter != n * (ROUNDS / 4))
		selftest_fail("the counter exact: %u writes, saw %lu", n * (ROUNDS / 4), st->counter);
	if (atomic_read(&st->bad_writer))
		selftest_fail("a writer always alone, saw company %d times",
			      atomic_read(&st->bad_writer));
	if (atomic_read(&st->bad_reader))
		selftest_fail("no writer beside a reader, saw one %d times",
			      atomic_read(&st->bad_reader));
	if (atomic_read(&st->bad_downgrade))
		selftest_fail("no writer after downgrade_write, saw one %d times",
			      atomic_read(&st->bad_downgrade));
	if (rwsem_is_locked(&st->rwsem))
		selftest_fail("the rwsem free at the end, saw count %ld", st->rwsem.count);
	if (!down_write_trylock(&st->rwsem) || down_read_trylock(&st->rwsem))
		selftest_fail("down_write_trylock of a free rwsem to succeed, then a reader to fail");
	up_write(&st->rwsem);
	if (!selftest_failed())
		kfree(st);
	return 0;
}
