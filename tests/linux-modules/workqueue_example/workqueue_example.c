// SPDX-License-Identifier: GPL-2.0
/*
 * workqueue_example.c - a driver's own workqueue, a work item and a
 * delayed work item that requeues itself, as in LDD3's jiq example.
 *
 * The work item runs once in process context; the delayed one runs
 * 'rounds' times, 20 ms apart; unloading cancels and destroys everything.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>
#include <linux/interrupt.h>
#include <linux/slab.h>

static int rounds = 3;
module_param(rounds, int, 0444);
MODULE_PARM_DESC(rounds, "how many times the delayed work runs");

static struct workqueue_struct *wq;

struct job {
	struct work_struct work;
	int value;
};

static struct job *job;
static int done_rounds;

static void job_fn(struct work_struct *work)
{
	struct job *j = container_of(work, struct job, work);

	pr_info("workqueue_example: work ran with value %d, in_task=%d\n", j->value,
		in_task() ? 1 : 0);
}

static void poll_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(poll, poll_fn);

static void poll_fn(struct work_struct *work)
{
	struct delayed_work *dw = to_delayed_work(work);

	done_rounds++;
	pr_info("workqueue_example: delayed round %d\n", done_rounds);
	if (done_rounds < rounds)
		queue_delayed_work(wq, dw, msecs_to_jiffies(20));
	else
		pr_info("workqueue_example: all %d rounds done\n", rounds);
}

static int __init workqueue_example_init(void)
{
	wq = create_singlethread_workqueue("wq_example");
	if (!wq)
		return -ENOMEM;
	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job) {
		destroy_workqueue(wq);
		return -ENOMEM;
	}
	job->value = 42;
	INIT_WORK(&job->work, job_fn);
	queue_work(wq, &job->work);
	flush_workqueue(wq);
	queue_delayed_work(wq, &poll, msecs_to_jiffies(20));
	pr_info("workqueue_example: loaded\n");
	return 0;
}

static void __exit workqueue_example_exit(void)
{
	bool was = cancel_delayed_work_sync(&poll);

	cancel_work_sync(&job->work);
	destroy_workqueue(wq);
	kfree(job);
	pr_info("workqueue_example: unloaded after %d rounds (cancelled a pending one: %d)\n",
		done_rounds, was);
}

module_init(workqueue_example_init);
module_exit(workqueue_example_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Workqueue and delayed work example");
