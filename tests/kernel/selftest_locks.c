/*
 * Self tests of mutual exclusion: threads on every CPU count in one shared
 * counter under a spin lock or a mutex. The count is a deliberately slow
 * read-modify-write (read, pause, write), so any two threads inside at once
 * lose an update and the total comes out short. `selftest spinlock
 * --unlocked` does the same without the lock, to show that it does.
 *
 * Each thread stops early if a time limit passes, and counts what it did
 * itself: the shared counter must equal the sum of those counts. Under
 * QEMU with more vCPUs than host cores, a contended ticket lock can wait
 * for the host to run the one vCPU whose turn it is; the limit keeps the
 * test's time bounded then, without weakening its check.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <modlab/percpu.h>
#include "selftest.h"

#define MAX_THREADS_PER_CPU	16
#define RMW_PAUSE		20	/* empty loops between the read and the write */
#define MAX_INCREMENTS		1000000
#define MIN_INCREMENTS		32	/* per thread, even when out of time ... */
#define MIN_SECTIONS		4	/* ... and with a mutex, which serialises sleeps */
#define COUNT_LIMIT_MS		2000	/* threads stop counting after this */
#define START_WAIT_MS		200	/* for the other CPUs at the start line */

enum count_mode { COUNT_SPINLOCK, COUNT_UNLOCKED, COUNT_MUTEX };

struct count_test {
	enum count_mode mode;
	unsigned int per_thread;	/* increments each thread is to make */
	u64 deadline;			/* ktime: stop early after this */
	spinlock_t lock;
	struct mutex mutex;
	unsigned long counter;		/* under lock or mutex (not at all: COUNT_UNLOCKED) */
	struct completion start;	/* complete_all: everyone begins together */
	struct completion done;
	/* Checks made inside the critical section (atomic: they must count
	 * right even when the lock does not work). */
	unsigned int inside;		/* threads inside the mutex section now */
	unsigned int overlaps;		/* times a thread found another inside */
	unsigned int not_owner;		/* mutex held but its owner is not us */
	unsigned int irqs_on;		/* spin_lock_irqsave section with interrupts on */
	unsigned int contended;		/* the lock or mutex was found held */
	unsigned int late;		/* threads that gave up waiting for 'start' */
	unsigned int ncpus;		/* online CPUs, each with threads */
	int arrived[NR_CPUS];		/* a thread of this CPU reached the start line */
	unsigned int nr_arrived;	/* CPUs that did */
	unsigned int active;		/* threads counting now ... */
	unsigned int max_active;	/* ... and the most at once */
	struct task_struct *tasks[NR_CPUS * MAX_THREADS_PER_CPU];
	unsigned int nr_tasks;
};

struct counter_thread {
	struct count_test *d;
	unsigned int index;
	unsigned int done;		/* increments it made */
};

static struct counter_thread counter_threads[NR_CPUS * MAX_THREADS_PER_CPU];

static void atomic_inc_uint(unsigned int *v)
{
	__atomic_add_fetch(v, 1, __ATOMIC_RELAXED);
}

/* counter++ the slow way: two threads in here at once lose one update. */
static void slow_increment(unsigned long *counter)
{
	unsigned long v = READ_ONCE(*counter);
	int i;

	/* Not cpu_relax(): under QEMU's multi-threaded TCG each 'pause' leaves
	 * the translated code and takes QEMU's global lock, which made the
	 * holder far slower than the spinners it keeps waiting. */
	for (i = 0; i < RMW_PAUSE; i++)
		barrier();
	WRITE_ONCE(*counter, v + 1);
}

/* Checked outside the critical section. */
static bool out_of_time(struct count_test *d)
{
	return ktime_get_ns() > d->deadline;
}

/* Half the threads use spin_lock, half spin_lock_irqsave. */
static unsigned int spin_count(struct count_test *d, unsigned int index)
{
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < d->per_thread && !out_of_time(d); i++) {
		if (spin_is_locked(&d->lock))
			atomic_inc_uint(&d->contended);
		if (index & 1) {
			spin_lock_irqsave(&d->lock, flags);
			if (!irqs_disabled())
				atomic_inc_uint(&d->irqs_on);
			slow_increment(&d->counter);
			spin_unlock_irqrestore(&d->lock, flags);
		} else {
			spin_lock(&d->lock);
			slow_increment(&d->counter);
			spin_unlock(&d->lock);
		}
	}
	return i;
}

static unsigned int unlocked_count(struct count_test *d)
{
	unsigned int i;

	for (i = 0; i < d->per_thread && !out_of_time(d); i++)
		slow_increment(&d->counter);
	return i;
}

/* The section sleeps: a yield most times, a real sleep (to the next tick)
 * every eighth time. Others meanwhile block on the mutex. */
static unsigned int mutex_count(struct count_test *d)
{
	unsigned long v;
	unsigned int i;

	for (i = 0; i < d->per_thread && !out_of_time(d); i++) {
		if (mutex_is_locked(&d->mutex))
			atomic_inc_uint(&d->contended);
		mutex_lock(&d->mutex);
		if (__atomic_add_fetch(&d->inside, 1, __ATOMIC_ACQ_REL) != 1)
			atomic_inc_uint(&d->overlaps);
		if (READ_ONCE(d->mutex.owner) != current)
			atomic_inc_uint(&d->not_owner);
		v = READ_ONCE(d->counter);
		if (i % 8 == 0)
			msleep(0);
		else
			yield();
		WRITE_ONCE(d->counter, v + 1);
		__atomic_sub_fetch(&d->inside, 1, __ATOMIC_ACQ_REL);
		mutex_unlock(&d->mutex);
	}
	return i;
}

/*
 * The start line. Waking a thread on an idle CPU takes a while (under
 * QEMU, milliseconds: a host thread must be woken), and a CPU's threads
 * run one after another anyway; so the first thread of each CPU waits
 * here, spinning, until every CPU has one ready, and the CPUs then count
 * at the same time. Bounded: nobody waits more than START_WAIT_MS.
 */
static void wait_for_every_cpu(struct count_test *d)
{
	unsigned int cpu = smp_processor_id();	/* threads do not migrate */
	u64 end = ktime_get_ns() + selftest_ms_to_ns(START_WAIT_MS);

	if (!__atomic_exchange_n(&d->arrived[cpu], 1, __ATOMIC_ACQ_REL))
		__atomic_add_fetch(&d->nr_arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&d->nr_arrived, __ATOMIC_ACQUIRE) < d->ncpus &&
	       ktime_get_ns() < end)
		barrier();
}

static int counter_fn(void *data)
{
	struct counter_thread *ct = data;
	struct count_test *d = ct->d;

	unsigned int now, max;

	if (!wait_for_completion_timeout(&d->start, 2 * HZ)) {
		atomic_inc_uint(&d->late);
		complete(&d->done);
		return 0;
	}
	wait_for_every_cpu(d);
	now = __atomic_add_fetch(&d->active, 1, __ATOMIC_ACQ_REL);
	max = __atomic_load_n(&d->max_active, __ATOMIC_RELAXED);
	while (now > max && !__atomic_compare_exchange_n(&d->max_active, &max, now, false,
							 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
	if (d->mode == COUNT_SPINLOCK)
		ct->done = spin_count(d, ct->index);
	else if (d->mode == COUNT_UNLOCKED)
		ct->done = unlocked_count(d);
	else
		ct->done = mutex_count(d);
	__atomic_sub_fetch(&d->active, 1, __ATOMIC_ACQ_REL);
	complete(&d->done);
	return 0;
}

/*
 * Start per_cpu threads on each online CPU, let them count for at most
 * limit_ms, wait and reap them. Returns the increments they made, or -1.
 */
static long count_run(struct count_test *d, unsigned int per_cpu, unsigned int limit_ms)
{
	unsigned int cpus[NR_CPUS], n, i, j, got;
	unsigned long sum = 0;

	init_completion(&d->start);
	init_completion(&d->done);
	n = selftest_online_cpus(cpus);
	d->ncpus = n;
	for (j = 0; j < per_cpu; j++) {
		for (i = 0; i < n; i++) {
			struct counter_thread *ct = &counter_threads[d->nr_tasks];
			struct task_struct *t;

			*ct = (struct counter_thread){ .d = d, .index = d->nr_tasks };
			t = selftest_thread_on(counter_fn, ct, cpus[i], "st-count/%u.%u", cpus[i],
					       j);
			if (IS_ERR(t)) {
				d->deadline = 0;	/* those started stop at once */
				complete_all(&d->start);
				selftest_fail("a thread for CPU %u, saw error %ld", cpus[i],
					      PTR_ERR(t));
				return -1;
			}
			d->tasks[d->nr_tasks++] = t;
		}
	}
	d->deadline = ktime_get_ns() + selftest_ms_to_ns(limit_ms);
	complete_all(&d->start);
	got = selftest_wait_completions(&d->done, d->nr_tasks, limit_ms + 3000);
	if (got != d->nr_tasks) {
		selftest_fail("%u counting threads to finish within %u ms, saw %u", d->nr_tasks,
			      limit_ms + 3000, got);
		return -1;
	}
	if (selftest_stop_threads(d->tasks, d->nr_tasks, NULL, 1000)) {
		selftest_fail("the counting threads to end, they did not");
		return -1;
	}
	if (d->late) {
		selftest_fail("every thread to see the start, %u gave up", d->late);
		return -1;
	}
	for (i = 0; i < d->nr_tasks; i++)
		sum += counter_threads[i].done;
	return sum;
}

/* What every counting test checks at the end; returns non-zero on failure. */
static int check_count(struct count_test *d, const char *what, long done, u32 us)
{
	unsigned int ncpus = num_online_cpus();
	unsigned long planned = (unsigned long)d->nr_tasks * d->per_thread;
	unsigned int min_each = min(d->per_thread, d->mode == COUNT_MUTEX ? MIN_SECTIONS :
									     MIN_INCREMENTS);

	printf("%s: %u CPUs x %u threads, %u increments each planned: %ld made in %u.%03u ms%s\n",
	       what, ncpus, d->nr_tasks / ncpus, d->per_thread, done, US_MS(us),
	       (unsigned long)done < planned ? " (time limit)" : "");
	printf("%s: counter %lu, increments made %ld; found the lock held %u times; "
	       "at most %u threads counting at once\n", what, d->counter, done, d->contended,
	       d->max_active);
	if (d->counter != (unsigned long)done)
		selftest_fail("counter %ld (the increments made), saw %lu (%ld updates lost%s)",
			      done, d->counter, done - (long)d->counter,
			      d->mode == COUNT_UNLOCKED ? " without the lock" : "");
	if ((unsigned long)done < d->nr_tasks * min_each)
		selftest_fail("at least %u increments per thread (%u), saw %ld in all", min_each,
			      d->nr_tasks * min_each, done);
	if (d->mode != COUNT_UNLOCKED && d->nr_tasks > 1 && ncpus > 1 && !d->contended)
		selftest_fail("the threads to find the lock held at times (to test something), "
			      "saw no contention");
	return selftest_failed();
}

/* Parse "[N [M]]" and flags; returns non-zero (with a message) if bad. */
static int parse_count_args(int argc, char **argv, unsigned int *per_cpu,
			    struct count_test *d, const char *usage)
{
	int i, nums = 0;

	for (i = 1; i < argc; i++) {
		if (d->mode == COUNT_SPINLOCK && !strcmp(argv[i], "--unlocked"))
			d->mode = COUNT_UNLOCKED;
		else if (nums == 0 && !selftest_parse_uint(argv[i], per_cpu, MAX_THREADS_PER_CPU))
			nums++;
		else if (nums == 1 && !selftest_parse_uint(argv[i], &d->per_thread, MAX_INCREMENTS))
			nums++;
		else
			return selftest_fail("usage: %s, saw '%s'", usage, argv[i]);
	}
	return 0;
}

static int count_test(enum count_mode mode, unsigned int per_cpu, unsigned int per_thread,
		      int argc, char **argv, const char *usage)
{
	struct count_test *d;
	long done;
	u64 t0;
	u32 us;

	if (selftest_count_tasks("st-count/"))
		return selftest_fail("no st-count/ thread left from an earlier run, saw %u",
				     selftest_count_tasks("st-count/"));
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return selftest_fail("memory for the test, saw none");
	d->mode = mode;
	d->per_thread = per_thread;
	spin_lock_init(&d->lock);
	mutex_init(&d->mutex);
	if (parse_count_args(argc, argv, &per_cpu, d, usage)) {
		kfree(d);
		return 1;
	}
	t0 = ktime_get_ns();
	done = count_run(d, per_cpu, COUNT_LIMIT_MS);
	if (done < 0)
		return 1;	/* d stays: threads may still use it */
	us = selftest_ns_to_us(ktime_get_ns() - t0);
	if (d->mode == COUNT_MUTEX) {
		check_count(d, "mutex", done, us);
		printf("mutex: another thread inside %u times, owner wrong %u times\n",
		       d->overlaps, d->not_owner);
		if (d->overlaps)
			selftest_fail("one thread at a time inside the mutex, saw another inside "
				      "%u times", d->overlaps);
		if (d->not_owner)
			selftest_fail("the mutex's owner to be the thread inside, saw another "
				      "%u times", d->not_owner);
		if (mutex_is_locked(&d->mutex))
			selftest_fail("the mutex free after the test, saw it held");
	} else {
		check_count(d, d->mode == COUNT_UNLOCKED ? "spinlock --unlocked" : "spinlock", done,
			    us);
		if (d->irqs_on)
			selftest_fail("interrupts off inside spin_lock_irqsave, saw them on %u "
				      "times", d->irqs_on);
		if (spin_is_locked(&d->lock))
			selftest_fail("the lock free after the test, saw it held");
	}
	kfree(d);
	return selftest_failed();
}

/* ---- spinlock [N [M]] [--unlocked] -------------------------------------------------------- */

#define SPIN_THREADS_PER_CPU	4
#define SPIN_INCREMENTS		20000

int selftest_spinlock(int argc, char **argv)
{
	return count_test(COUNT_SPINLOCK, SPIN_THREADS_PER_CPU, SPIN_INCREMENTS, argc, argv,
			  "selftest spinlock [N [M]] [--unlocked]");
}

/* ---- mutex [N [M]] ------------------------------------------------------------------------ */

#define MUTEX_THREADS_PER_CPU	2
#define MUTEX_SECTIONS		40

int selftest_mutex(int argc, char **argv)
{
	return count_test(COUNT_MUTEX, MUTEX_THREADS_PER_CPU, MUTEX_SECTIONS, argc, argv,
			  "selftest mutex [N [M]]");
}
