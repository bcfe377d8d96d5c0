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
 * Later, not now: a delayed work item is queued when its timer fires.
 *
 *	static DECLARE_DELAYED_WORK(poll, poll_fn);	poll_fn gets &poll.work
 *	schedule_delayed_work(&poll, msecs_to_jiffies(500));
 *	...
 *	cancel_delayed_work_sync(&poll);	timer and work both stopped
 *
 * The system workqueue (system_wq) is served by a worker thread per CPU,
 * "kworker/N" (kernel/workqueue.c says why). A module may make its own
 * with alloc_workqueue (workers "NAME/N", one per CPU) or
 * alloc_ordered_workqueue (one worker, "NAME": items run one at a time in
 * the order queued), and must destroy_workqueue it in its exit.
 * system_highpri_wq, system_long_wq, system_unbound_wq and the others are
 * names for system_wq here: it has no priorities, and its workers are not
 * held up by long items.
 */
#ifndef _LINUX_WORKQUEUE_H
#define _LINUX_WORKQUEUE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/timer.h>

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
	bool on_timer;			/* a delayed item whose timer is armed */
	struct workqueue_struct *wq;	/* where it was last queued */
};

#define __WORK_INITIALIZER(n, f)						\
	{ .entry = LIST_HEAD_INIT((n).entry), .func = (f) }

struct delayed_work {
	struct work_struct work;
	struct timer_list timer;	/* queues work when it fires */
};

#define to_delayed_work(w)	container_of(w, struct delayed_work, work)

/* The timer function of every delayed_work. */
void delayed_work_timer_fn(struct timer_list *t);

#define __DELAYED_WORK_INITIALIZER(n, f, tflags)				\
	{ .work = __WORK_INITIALIZER((n).work, (f)),				\
	  .timer = __TIMER_INITIALIZER(delayed_work_timer_fn, (tflags) | TIMER_IRQSAFE) }

#define DECLARE_DELAYED_WORK(n, f)						\
	struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, 0)
#define DECLARE_DEFERRABLE_WORK(n, f)						\
	struct delayed_work n = __DELAYED_WORK_INITIALIZER(n, f, TIMER_DEFERRABLE)

#define DECLARE_WORK(n, f)	struct work_struct n = __WORK_INITIALIZER(n, f)

static inline void __init_work(struct work_struct *work, work_func_t func)
{
	INIT_LIST_HEAD(&work->entry);
	work->func = func;
	work->pending = false;
	work->canceling = 0;
	work->seq = 0;
	work->color = 0;
	work->on_timer = false;
	work->wq = NULL;
}

/* Prepare a work item (not queued, never run) to run func. */
#define INIT_WORK(work, func)	__init_work(work, func)
#define INIT_WORK_ONSTACK(work, func)	__init_work(work, func)
static inline void destroy_work_on_stack(struct work_struct *work) { }

#define INIT_DELAYED_WORK(dw, func)						\
	do {									\
		__init_work(&(dw)->work, (func));				\
		timer_setup(&(dw)->timer, delayed_work_timer_fn, TIMER_IRQSAFE); \
	} while (0)
#define INIT_DEFERRABLE_WORK(dw, func)	INIT_DELAYED_WORK(dw, func)
#define INIT_DELAYED_WORK_ONSTACK(dw, func)	INIT_DELAYED_WORK(dw, func)
static inline void destroy_delayed_work_on_stack(struct delayed_work *dw) { }

/* Queued and not yet started (a hint: it may change at once). */
#define work_pending(work)	(READ_ONCE((work)->pending))
/* Waiting for its timer or queued, not yet started. */
#define delayed_work_pending(dw)	work_pending(&(dw)->work)

/* alloc_workqueue flags. All are accepted; none changes how items run
 * here except __WQ_ORDERED (one worker). */
enum {
	WQ_UNBOUND = 1 << 1,
	WQ_FREEZABLE = 1 << 2,
	WQ_MEM_RECLAIM = 1 << 3,
	WQ_HIGHPRI = 1 << 4,
	WQ_CPU_INTENSIVE = 1 << 5,
	WQ_SYSFS = 1 << 6,
	WQ_POWER_EFFICIENT = 1 << 7,
	__WQ_ORDERED = 1 << 17,
	__WQ_LEGACY = 1 << 18,
	__WQ_ORDERED_EXPLICIT = 1 << 19,
	WQ_MAX_ACTIVE = 512,
	WQ_DFL_ACTIVE = WQ_MAX_ACTIVE / 2,
};

struct workqueue_struct;
extern struct workqueue_struct *system_wq;
extern struct workqueue_struct *system_highpri_wq;
extern struct workqueue_struct *system_long_wq;
extern struct workqueue_struct *system_unbound_wq;
extern struct workqueue_struct *system_freezable_wq;
extern struct workqueue_struct *system_power_efficient_wq;
extern struct workqueue_struct *system_freezable_power_efficient_wq;

/*
 * A new workqueue named by fmt (printf-style). With __WQ_ORDERED (which
 * alloc_ordered_workqueue sets), or WQ_UNBOUND with max_active 1, one
 * worker runs its items one at a time in queueing order; otherwise a
 * worker per online CPU runs them in parallel. max_active is otherwise
 * not enforced. NULL if out of memory. May sleep.
 */
struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
	__printf(1, 4);

#define alloc_ordered_workqueue(fmt, flags, args...)				\
	alloc_workqueue(fmt, WQ_UNBOUND | __WQ_ORDERED | __WQ_ORDERED_EXPLICIT | (flags), 1, \
			##args)
#define create_workqueue(name)							\
	alloc_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, 1, (name))
#define create_freezable_workqueue(name)					\
	alloc_workqueue("%s", __WQ_LEGACY | WQ_FREEZABLE | WQ_UNBOUND | WQ_MEM_RECLAIM, 1, (name))
#define create_singlethread_workqueue(name)					\
	alloc_ordered_workqueue("%s", __WQ_LEGACY | WQ_MEM_RECLAIM, name)

/* Run every item queued (and those they queue) to the end, stop the
 * workers, free wq. The caller makes sure nothing queues on it any more
 * (no delayed items still waiting for their timers). May sleep. */
void destroy_workqueue(struct workqueue_struct *wq);

/* Queue work on wq; false if it was already pending. Any context. */
bool queue_work(struct workqueue_struct *wq, struct work_struct *work);
/* The same; modlab ignores cpu (any idle worker of wq takes it). */
bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work);

/* Queue dwork on wq once delay ticks have passed (at once if 0); false if
 * it was already pending (its timer is then left as it was). Any context
 * but a hard interrupt that interrupted dwork's own timer softirq. */
bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
			unsigned long delay);
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			   unsigned long delay);
/* Like queue_delayed_work, but a pending dwork is moved to the new delay.
 * True if it was pending. */
bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
		      unsigned long delay);
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			 unsigned long delay);
/* Stop dwork's timer or take it off the queue; true if it was pending. A
 * run already going on goes on (cancel_delayed_work_sync waits for it). */
bool cancel_delayed_work(struct delayed_work *dwork);
/* cancel_work_sync for a delayed item: on return it is neither waiting,
 * queued nor running. True if it was pending. May sleep. */
bool cancel_delayed_work_sync(struct delayed_work *dwork);
/* Queue dwork now if its timer is waiting, then flush_work it. */
bool flush_delayed_work(struct delayed_work *dwork);
/* Take work off its queue if it is pending, without waiting for a run
 * going on. True if it was pending. */
bool cancel_work(struct work_struct *work);

static inline bool schedule_delayed_work(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}

static inline bool schedule_delayed_work_on(int cpu, struct delayed_work *dwork,
					    unsigned long delay)
{
	return queue_delayed_work(system_wq, dwork, delay);
}

static inline bool schedule_work_on(int cpu, struct work_struct *work)
{
	return queue_work(system_wq, work);
}

/* Wait until every item queued on wq before the call has run. May sleep;
 * not from an item of wq. */
void __flush_workqueue(struct workqueue_struct *wq);
#define flush_workqueue(wq)	__flush_workqueue(wq)
/* Flush wq until it is empty, even of items its items queue. */
void drain_workqueue(struct workqueue_struct *wq);

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

#endif
