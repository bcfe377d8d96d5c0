/*
 * selftest module-gap [ROUNDS]: can try_module_get be stopped between its
 * test of 'live' and its increment?
 *
 * The unload decides at a stop_machine: it sums the counters and, at zero,
 * clears 'live'. That is sound only if no CPU can stop inside a get after
 * it read live == 1 and before it counted (kernel/module/refcount.c). This
 * test makes the same decision over and over without unloading anything,
 * so it needs no freed memory to notice a wrong get, and it counts every
 * one:
 *
 *  - refmod is loaded and we hold one reference on it for the whole test
 *    (through get_fs_type), so the module cannot go while we look at it;
 *  - a thread on every other CPU calls try_module_get/module_put on it
 *    in a loop, in preemptible code, reading a generation number before
 *    each get;
 *  - a round is a stop_machine whose function sums the counters itself
 *    (not through module_refcount) and, if nothing but our reference is
 *    counted, clears 'live' and bumps the generation, exactly the unload's
 *    decision. Then every thread finishes the loop it was in, and 'live' is
 *    set again.
 *
 * A get that succeeds although the generation changed during the call
 * began before a stop that found no reference but ours, and ended after
 * it: its increment was not in that sum, so it counted after live was
 * cleared. A correct get stops only before its test (and then sees live ==
 * 0 and fails) or after its increment (then the sum was not clean and no
 * round closed). Nothing is reopened until every thread has left the loop
 * it was in at the stop, so a get cannot test a reopened 'live' across a
 * round either.
 *
 * Built with CONFIG_DEBUG_MODULE_REF_WINDOW, the probe threads linger
 * with preemption on after every preempt_enable that turns it on
 * (kernel/sched/preempt_window.c), so a get that re-enables preemption
 * before its increment leaves a wide gap, and a stop finds a thread in it
 * within a few rounds, whatever the get's code looks like.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/stop_machine.h>
#include <asm/barrier.h>
#include "selftest.h"
#include <modlab/fs.h>
#include <modlab/module.h>

#define REFMOD_PATH	"/lib/modules/refmod.ko"
/* One thread a CPU: two would take turns by time slice, and one parked
 * holding a reference would keep every stop from closing for 50 ms. */
#define GAP_PER_CPU	1
#define GAP_THREADS	(NR_CPUS * GAP_PER_CPU)
#define GAP_TRIES	200	/* stops per round that may find a reference held */
#define GAP_IDLE_US	180	/* each loop's time with preemption on and no reference */
#define GAP_WAIT_MS	5000	/* for a thread to finish the loop it was in */

/* One probe thread's counts; only that thread writes them. */
struct gap_slot {
	unsigned long seq;	/* loops completed */
	unsigned long gets;	/* successful gets */
	unsigned long late;	/* successful gets that spanned a closing stop */
	unsigned long refused;	/* failed gets */
} __attribute__((aligned(64)));

static struct {
	struct module *mod;
	/* Written only inside the stop (every other CPU is stopped), read
	 * by the threads before and after each get. */
	unsigned long gen;
	bool closed;		/* the last stop cleared 'live' */
	bool stopped;		/* every probe thread has ended */
	long sum;		/* what the last stop counted */
	struct gap_slot slot[GAP_THREADS];
} gap;

static int gap_thread(void *arg)
{
	struct gap_slot *s = arg;
	struct module *m = gap.mod;
	unsigned long g;

	preempt_window_set(true);
	while (!kthread_should_stop()) {
		/* The generation is read before try_module_get reads 'live'
		 * (x86 does not reorder loads; the call is a compiler barrier,
		 * smp_rmb says so). */
		g = READ_ONCE(gap.gen);
		smp_rmb();
		if (try_module_get(m)) {
			smp_rmb();
			if (READ_ONCE(gap.gen) != g)
				WRITE_ONCE(s->late, s->late + 1);
			WRITE_ONCE(s->gets, s->gets + 1);
			module_put(m);
		} else {
			WRITE_ONCE(s->refused, s->refused + 1);
		}
		WRITE_ONCE(s->seq, s->seq + 1);
		/* Preemptible and holding nothing: the stop may find the
		 * thread here. In a right kernel a stop that comes during
		 * a get waits for its preempt_enable, which is after the
		 * increment: the thread holds its reference at the stop
		 * and the round cannot close. This makes that the rarer
		 * case (a tenth of the time with the debug window). */
		udelay(GAP_IDLE_US);
	}
	preempt_window_set(false);
	return 0;
}

/* With every CPU stopped, no get or put is half done (if the kernel is
 * right): the sum is exact, and if only our reference is counted the
 * module can be closed as the unload would close it. */
static int gap_close(void *unused)
{
	struct module *m = gap.mod;
	unsigned int cpu;
	long sum = 0;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		sum += local_read(&m->refs[cpu].count);
	gap.sum = sum;
	gap.closed = sum == 1;
	if (gap.closed) {
		m->live = 0;
		gap.gen++;
	}
	return 0;
}

/* Wait until each thread has finished the loop it was in at the stop. */
static int gap_quiesce(struct task_struct **t, unsigned int n, unsigned int round)
{
	unsigned long snap[GAP_THREADS];
	unsigned long end = jiffies + msecs_to_jiffies(GAP_WAIT_MS);
	unsigned int i;

	for (i = 0; i < n; i++)
		snap[i] = READ_ONCE(gap.slot[i].seq);
	for (i = 0; i < n; i++) {
		while (READ_ONCE(gap.slot[i].seq) == snap[i]) {
			if (time_after(jiffies, end))
				return selftest_fail("round %u: probe thread %s did not finish its loop within %u ms",
						     round, t[i]->comm, GAP_WAIT_MS);
			yield();
		}
	}
	return 0;
}

static int gap_rounds(struct task_struct **t, unsigned int n, unsigned int rounds,
		      unsigned int *busy)
{
	unsigned int r, tries;

	for (r = 0; r < rounds; r++) {
		for (tries = 0;; tries++) {
			if (stop_machine(gap_close, NULL))
				return selftest_fail("round %u: stop_machine could not stop every CPU", r);
			if (gap.closed)
				break;
			if (gap.sum < 1)
				return selftest_fail("round %u: expected a count of at least 1 (our own reference) at a stop, saw %ld",
						     r, gap.sum);
			(*busy)++;
			if (tries == GAP_TRIES)
				return selftest_fail("round %u: %u stops in a row found references held (last count %ld); expected the count back to 1 between gets",
						     r, tries + 1, gap.sum);
			/* Let the holders get to their puts before stopping
			 * them again. */
			if (gap_quiesce(t, n, r))
				return 1;
		}
		if (gap_quiesce(t, n, r))
			return 1;
		smp_wmb();
		WRITE_ONCE(gap.mod->live, 1);
	}
	return 0;
}

static int gap_run(unsigned int rounds)
{
	struct task_struct *t[GAP_THREADS];
	unsigned int cpus[NR_CPUS], ncpu, me, i, k, n = 0, busy = 0;
	unsigned long gets = 0, late = 0, refused = 0;
	int err = 0;

	ncpu = selftest_online_cpus(cpus);
	me = smp_processor_id();
	for (i = 0; i < ncpu; i++) {
		if (cpus[i] == me && ncpu > 1)
			continue;	/* this CPU runs the rounds */
		for (k = 0; k < GAP_PER_CPU; k++) {
			t[n] = selftest_thread_on(gap_thread, &gap.slot[n], cpus[i], "gap/%u.%u",
						  cpus[i], k);
			if (IS_ERR(t[n]))
				return selftest_fail("cannot start a probe thread: %ld",
						     PTR_ERR(t[n]));
			n++;
		}
	}
	printf("%u rounds; %u probe threads on %u CPUs; window debug %s\n", rounds, n,
	       ncpu > 1 ? ncpu - 1 : 1, CONFIG_DEBUG_MODULE_REF_WINDOW ? "on" : "off");
	err = gap_rounds(t, n, rounds, &busy);
	if (selftest_stop_threads(t, n, NULL, GAP_WAIT_MS))
		return selftest_fail("the probe threads did not stop within %u ms", GAP_WAIT_MS);
	gap.stopped = true;
	WRITE_ONCE(gap.mod->live, 1);
	for (i = 0; i < n; i++) {
		gets += gap.slot[i].gets;
		late += gap.slot[i].late;
		refused += gap.slot[i].refused;
	}
	printf("%lu gets, %lu refused while closed, %u stops found a reference held, %lu gets counted after a stop that closed the module\n",
	       gets, refused, busy, late);
	if (err)
		return err;
	if (late)
		return selftest_fail("expected no get to count after a stop that found the count at 1 and cleared live; saw %lu: the test of live and the increment are not one preemption-off section",
				     late);
	if (!refused)
		return selftest_fail("expected gets to fail while live was clear; none did");
	stop_machine(gap_close, NULL);		/* the count, exactly, now that all is quiet */
	WRITE_ONCE(gap.mod->live, 1);
	if (gap.sum != 1)
		return selftest_fail("expected a count of 1 (our own reference) once the threads stopped, saw %ld",
				     gap.sum);
	return 0;
}

int selftest_module_gap(int argc, char **argv)
{
	unsigned int rounds = 200;
	struct file_system_type *fs;
	unsigned long len;
	void *image;
	int err;

	if (argc > 1 && selftest_parse_uint(argv[1], &rounds, 1000000))
		return 1;
	fs = get_fs_type("reffs");
	if (fs) {
		put_filesystem(fs);
		return selftest_fail("refmod is already loaded; start with it unloaded");
	}
	image = kernel_read_whole_file(REFMOD_PATH, &len, &err);
	if (!image)
		return selftest_fail("cannot read " REFMOD_PATH ": %d", err);
	err = load_module(image, len, "");
	kfree(image);
	if (err)
		return selftest_fail("insmod refmod: expected 0, saw %d", err);
	fs = get_fs_type("reffs");	/* our reference: refmod stays */
	if (!fs || !fs->owner) {
		delete_module("refmod", O_NONBLOCK);
		return selftest_fail("refmod loaded, but its filesystem reffs is not there");
	}
	memset(&gap, 0, sizeof(gap));
	gap.mod = fs->owner;
	err = gap_run(rounds);
	put_filesystem(fs);
	if (!gap.stopped)
		return err;	/* threads may still use refmod: it stays */
	if (delete_module("refmod", O_NONBLOCK) && !err)
		return selftest_fail("rmmod refmod after the test: refused");
	return err;
}
