/*
 * Kernel timers: call a function once, some ticks from now, with Linux's
 * names.
 *
 *	struct my_dev { struct timer_list poll; ... };
 *
 *	static void poll_fn(struct timer_list *t)
 *	{
 *		struct my_dev *dev = from_timer(dev, t, poll);
 *		...
 *		mod_timer(&dev->poll, jiffies + HZ);	again in a second
 *	}
 *
 *	timer_setup(&dev->poll, poll_fn, 0);
 *	mod_timer(&dev->poll, jiffies + msecs_to_jiffies(100));
 *	...
 *	del_timer_sync(&dev->poll);		before dev (or the module) goes
 *
 * Context: the callback runs in softirq context (kernel/softirq.c) on the
 * CPU that last armed the timer, soon after the tick at which jiffies
 * reaches 'expires': interrupts on, preemption off, no sleeping (no
 * mutexes, no msleep, no GFP_KERNEL waits). A timer never runs on two CPUs
 * at once. Data shared with a callback is locked with spin_lock_bh (or
 * spin_lock_irqsave) on the other side.
 *
 * kernel/timer.c keeps each CPU's armed timers; the tick is HZ (100).
 */
#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>

struct timer_list {
	struct hlist_node entry;	/* in a CPU's timer list while pending */
	unsigned long expires;		/* in jiffies */
	void (*function)(struct timer_list *);
	u32 flags;			/* the CPU it is queued on, TIMER_* */
};

#define TIMER_CPUMASK		0x0003ffff
#define TIMER_MIGRATING		0x00040000	/* moving between CPUs: wait */
#define TIMER_BASEMASK		(TIMER_CPUMASK | TIMER_MIGRATING)
#define TIMER_DEFERRABLE	0x00080000	/* accepted; modlab ticks anyway */
#define TIMER_PINNED		0x00100000	/* accepted; timers stay on the arming CPU */
#define TIMER_IRQSAFE		0x00200000	/* del_timer_sync allowed from hard irq */
#define TIMER_INIT_FLAGS	(TIMER_DEFERRABLE | TIMER_PINNED | TIMER_IRQSAFE)

#define __TIMER_INITIALIZER(_function, _flags)					\
	{ .entry = { .next = NULL, .pprev = NULL }, .function = (_function),	\
	  .flags = (_flags) }

#define DEFINE_TIMER(_name, _function)						\
	struct timer_list _name = __TIMER_INITIALIZER(_function, 0)

struct lock_class_key;

/* Prepare timer (not pending) to call func. Linux's lockdep arguments,
 * name and key, are accepted and ignored. */
void init_timer_key(struct timer_list *timer, void (*func)(struct timer_list *),
		    unsigned int flags, const char *name, struct lock_class_key *key);

#define timer_setup(timer, callback, flags)					\
	init_timer_key((timer), (callback), (flags), NULL, NULL)
#define timer_setup_on_stack(timer, callback, flags)				\
	init_timer_key((timer), (callback), (flags), NULL, NULL)
static inline void destroy_timer_on_stack(struct timer_list *timer) { }

#define from_timer(var, callback_timer, timer_fieldname)			\
	container_of(callback_timer, __typeof__(*var), timer_fieldname)

/* Armed and not yet started? (A hint unless the caller serialises.) */
static inline int timer_pending(const struct timer_list *timer)
{
	return READ_ONCE(timer->entry.pprev) != NULL;
}

/* Arm timer for timer->expires on this CPU; it must not be pending. */
void add_timer(struct timer_list *timer);
/* The same, on CPU cpu. */
void add_timer_on(struct timer_list *timer, int cpu);
/* (Re)arm timer for expires on this CPU; 1 if it was pending, else 0.
 * Any context. */
int mod_timer(struct timer_list *timer, unsigned long expires);
/* Change expires only if the timer is pending; 1 if it was. */
int mod_timer_pending(struct timer_list *timer, unsigned long expires);
/* Move expires earlier (or arm it); 1 if it was pending. */
int timer_reduce(struct timer_list *timer, unsigned long expires);

/* Disarm; 1 if it was pending. A callback already running goes on. Any
 * context. */
int timer_delete(struct timer_list *timer);
/*
 * Disarm and wait until the callback is not running on any CPU: after it,
 * the timer is idle unless something arms it again. 1 if it was pending.
 * Not from the timer's own callback, and not from a hardware interrupt
 * handler (unless TIMER_IRQSAFE); the caller must not hold a lock that
 * the callback takes. Spins while the callback runs elsewhere.
 */
int timer_delete_sync(struct timer_list *timer);
/* Disarm unless the callback is running: 1 if it was pending, 0 if not,
 * -1 if it is running now. */
int try_to_del_timer_sync(struct timer_list *timer);

static inline int del_timer(struct timer_list *timer)
{
	return timer_delete(timer);
}

static inline int del_timer_sync(struct timer_list *timer)
{
	return timer_delete_sync(timer);
}

#define del_singleshot_timer_sync(t)	del_timer_sync(t)

/* kernel: set up the timer softirq; each tick runs run_local_timers(). */
void init_timers(void);

#endif
