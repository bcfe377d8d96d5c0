/*
 * workqueue_test: checks the system workqueue's promises from a module.
 *
 * What it teaches: how work items are used (INIT_WORK/DECLARE_WORK,
 * schedule_work, flush_work, cancel_work_sync, flush_scheduled_work), and
 * what the workqueue promises about them. Its init runs these checks and
 * prints "workqueue_test: PASS" (and stays loaded) or one line
 * "workqueue_test: FAIL: ..." per broken promise (and returns -EINVAL):
 *   - each successful schedule_work gives exactly one run;
 *   - an item never runs on two CPUs at once, even when queued again while
 *     it runs, from inside and from outside;
 *   - items run in parallel on several CPUs (with more than one CPU);
 *   - flush_work returns after the run it waited for, even for an item
 *     that queues itself again; cancel_work_sync leaves it idle for good;
 *   - an item may free its own work_struct;
 *   - flush_scheduled_work waits for every item queued before it.
 * Every wait is bounded: if no worker runs an item within 2 seconds, it
 * says so, takes the item back off the queue and fails.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/workqueue.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/smp.h>

static int failures;

#define check(cond, fmt, ...)							\
	do {									\
		if (!(cond)) {							\
			failures++;						\
			pr_err("workqueue_test: FAIL: " fmt "\n", ##__VA_ARGS__); \
		}								\
	} while (0)

/* --- is there a worker at all? ------------------------------------------- */

static atomic_t probe_ran = ATOMIC_INIT(0);

static void probe_fn(struct work_struct *work)
{
	atomic_set(&probe_ran, 1);
}
static DECLARE_WORK(probe_work, probe_fn);

static bool workers_run(void)
{
	unsigned long timeout = jiffies + msecs_to_jiffies(2000);

	schedule_work(&probe_work);
	while (!atomic_read(&probe_ran) && time_before(jiffies, timeout))
		msleep(10);
	if (atomic_read(&probe_ran))
		return true;
	/* Our code must not run after we are gone: take the item back. */
	cancel_work_sync(&probe_work);
	return false;
}

/* --- one run per successful queueing; never two runs at once ------------- */

static struct work_struct solo_work;
static atomic_t solo_runs, solo_running, solo_overlaps;
static atomic_t solo_requeue_budget;	/* times the item may queue itself */

static void solo_fn(struct work_struct *work)
{
	if (atomic_inc_return(&solo_running) > 1)
		atomic_inc(&solo_overlaps);
	atomic_inc(&solo_runs);
	msleep(2);		/* meanwhile the item is queued again: other workers
				 * must leave it to us */
	if (atomic_add_unless(&solo_requeue_budget, -1, 0))
		schedule_work(work);
	atomic_dec(&solo_running);
}

static void test_solo(void)
{
	unsigned long end = jiffies + msecs_to_jiffies(200);
	int queued = 0, runs;

	INIT_WORK(&solo_work, solo_fn);
	while (time_before(jiffies, end)) {
		if (schedule_work(&solo_work))
			queued++;
		udelay(50);
	}
	flush_work(&solo_work);
	runs = atomic_read(&solo_runs);
	check(runs == queued, "%d successful schedule_work calls gave %d runs", queued, runs);

	/* Now with the item queueing itself while it runs, and us too. */
	atomic_set(&solo_requeue_budget, 1000);
	end = jiffies + msecs_to_jiffies(100);
	while (time_before(jiffies, end)) {
		schedule_work(&solo_work);
		udelay(50);
	}
	cancel_work_sync(&solo_work);
	check(!work_pending(&solo_work), "pending after cancel_work_sync");
	runs = atomic_read(&solo_runs);
	msleep(20);
	check(atomic_read(&solo_runs) == runs, "ran after cancel_work_sync returned");
	check(atomic_read(&solo_overlaps) == 0, "ran on two CPUs at once %d time(s)",
	      atomic_read(&solo_overlaps));
}

/* --- several items at once, on several CPUs ------------------------------- */

#define NPAR	4

static struct work_struct par_work[NPAR];
static unsigned long par_cpus;		/* bit n: CPU n ran one */
static atomic_t par_done;

static void par_fn(struct work_struct *work)
{
	set_bit(smp_processor_id(), &par_cpus);
	msleep(100);
	atomic_inc(&par_done);
}

static void test_parallel(void)
{
	unsigned long start = jiffies;
	unsigned int ms, i;

	for (i = 0; i < NPAR; i++) {
		INIT_WORK(&par_work[i], par_fn);
		schedule_work(&par_work[i]);
	}
	for (i = 0; i < NPAR; i++)
		flush_work(&par_work[i]);
	ms = jiffies_to_msecs(jiffies - start);
	check(atomic_read(&par_done) == NPAR, "%d of %d items ran", atomic_read(&par_done), NPAR);
	pr_info("workqueue_test: %d items sleeping 100 ms each took %u ms on %lu CPU(s)\n", NPAR,
		ms, hweight_long(par_cpus));
	if (num_online_cpus() > 1)
		check(ms < NPAR * 100 - 50, "%d items of 100 ms took %u ms: not in parallel", NPAR,
		      ms);
}

/* --- flush_work on an item that keeps queueing itself ---------------------- */

static struct work_struct again_work;
static atomic_t again_runs;

static void again_fn(struct work_struct *work)
{
	atomic_inc(&again_runs);
	msleep(1);
	schedule_work(work);	/* for ever, until cancel_work_sync */
}

static void test_flush_requeuing(void)
{
	int runs;

	INIT_WORK(&again_work, again_fn);
	schedule_work(&again_work);
	msleep(20);
	check(flush_work(&again_work), "flush_work of a busy item did not wait");
	check(atomic_read(&again_runs) > 0, "the item never ran");
	cancel_work_sync(&again_work);
	runs = atomic_read(&again_runs);
	msleep(20);
	check(atomic_read(&again_runs) == runs, "a self-queueing item ran after cancel_work_sync");
	check(!flush_work(&again_work), "flush_work of an idle item waited");
}

/* --- an item that frees itself; flush_scheduled_work ------------------------ */

struct job {
	struct work_struct work;
	int n;
};

static atomic_t jobs_done;

static void job_fn(struct work_struct *work)
{
	struct job *job = container_of(work, struct job, work);

	msleep(10 + job->n);
	atomic_inc(&jobs_done);
	kfree(job);		/* allowed: the worker does not touch it again */
}

static void test_flush_all(void)
{
	int i, queued = 0;

	for (i = 0; i < 8; i++) {
		struct job *job = kmalloc(sizeof(*job), GFP_KERNEL);

		if (!job)
			break;
		INIT_WORK(&job->work, job_fn);
		job->n = i;
		schedule_work(&job->work);
		queued++;
	}
	flush_scheduled_work();
	check(atomic_read(&jobs_done) == queued,
	      "flush_scheduled_work returned with %d of %d items done", atomic_read(&jobs_done),
	      queued);
}

static int __init workqueue_test_init(void)
{
	if (!workers_run()) {
		pr_err("workqueue_test: FAIL: no worker ran an item within 2 s "
		       "(was workqueue_init called at boot?)\n");
		return -ETIMEDOUT;
	}
	test_solo();
	test_parallel();
	test_flush_requeuing();
	test_flush_all();
	if (failures)
		return -EINVAL;
	pr_info("workqueue_test: PASS\n");
	return 0;
}

static void __exit workqueue_test_exit(void)
{
	/* Every item was flushed or cancelled in init: nothing is left. */
}

module_init(workqueue_test_init);
module_exit(workqueue_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test: the system workqueue's promises");
