/*
 * Work queues: run a function later, in a kernel thread, with Linux's names.
 *
 *	static void poll_fn(struct work_struct *work)
 *	{
 *		struct my_dev *dev = container_of(work, struct my_dev, poll);
 *		... may sleep, take mutexes, allocate ...
 *	}
 *
 *	INIT_WORK(&dev->poll, poll_fn);
 *	schedule_work(&dev->poll);		any context, interrupts included
 *	...
 *	cancel_work_sync(&dev->poll);		before dev (or the module) goes
 *
 * Queueing an item that is already queued and not yet started does
 * nothing (and returns false): one schedule_work or twenty before the item
 * runs, it runs once. An item queued while it runs runs again afterwards.
 * An item never runs on two CPUs at once. The function may free its own
 * work_struct; may queue it again; must not flush or cancel it.
 *
 * A module must not leave an item queued or running when it is removed: its
 * code would run after being freed. cancel_work_sync (or flush_work) in the
 * module's exit makes sure of that.
 *
 * modlab has one queue, the system workqueue (system_wq), served by a
 * worker thread per CPU, "kworker/N" (kernel/workqueue.c says why).
 */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

#include <linux/types.h>
#include <linux/list.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	struct list_head entry;		/* in a queue while pending */
	work_func_t func;
	/* Private to kernel/workqueue.c, under its lock: */
	bool pending;			/* queued, not yet started */
	unsigned int canceling;		/* cancel_work_sync calls in progress */
	unsigned int seq;		/* counts queueings: names each run */
	unsigned int color;		/* flush_scheduled_work's generation */
};

#define __WORK_INITIALIZER(n, f)						\
	{ .entry = LIST_HEAD_INIT((n).entry), .func = (f) }

#define DECLARE_WORK(n, f)	struct work_struct n = __WORK_INITIALIZER(n, f)

static inline void __init_work(struct work_struct *work, work_func_t func)
{
	INIT_LIST_HEAD(&work->entry);
	work->func = func;
	work->pending = false;
	work->canceling = 0;
	work->seq = 0;
	work->color = 0;
}

/* Prepare a work item (not queued, never run) to run func. */
#define INIT_WORK(work, func)	__init_work(work, func)

/* Queued and not yet started (a hint: it may change at once). */
#define work_pending(work)	(READ_ONCE((work)->pending))

struct workqueue_struct;
extern struct workqueue_struct *system_wq;

/* Queue work on wq; false if it was already pending. Any context. */
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);

/* Queue work on the system workqueue; false if it was already pending.
 * Any context. */
static inline bool schedule_work(struct work_struct *work)
{
	return queue_work(system_wq, work);
}

/* Wait until the run of work queued (or going on) at the call has
 * finished; later queueings are not waited for. True if it waited. May
 * sleep; not from work itself. */
bool flush_work(struct work_struct *work);

/* Take work off the queue if it is pending, and wait until a run going on
 * has finished; while this waits, queueing work fails. On return work is
 * neither pending nor running. True if it was pending. May sleep; not from
 * work itself. */
bool cancel_work_sync(struct work_struct *work);

/* Wait until every item queued on the system workqueue before the call has
 * run. May sleep; not from a work item. Prefer flush_work on the items you
 * own: this waits for everybody's. */
void flush_scheduled_work(void);

/* Start the worker threads, once the CPUs are up (kernel/main.c). Items
 * queued before wait in the queue until then. */
void workqueue_init(void);
struct task_struct;
/* Kernel internal: task, which may be a worker, is dying of an oops;
 * returns whether it was a worker. */
bool wq_worker_died(struct task_struct *task);

#endif
