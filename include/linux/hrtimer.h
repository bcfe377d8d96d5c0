/*
 * High-resolution timers, with Linux's names and prototypes:
 *
 *	static struct hrtimer t;
 *	static enum hrtimer_restart fire(struct hrtimer *t)
 *	{
 *		hrtimer_forward_now(t, ms_to_ktime(100));	every 100 ms
 *		return HRTIMER_RESTART;
 *	}
 *	hrtimer_init(&t, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
 *	t.function = fire;
 *	hrtimer_start(&t, ms_to_ktime(100), HRTIMER_MODE_REL);
 *	...
 *	hrtimer_cancel(&t);		returns once fire() is not running
 *
 * The expiry is kept in nanoseconds of the timer's clock, and a callback
 * never runs before it. What differs from Linux: modlab has no one-shot
 * clock-event device, so a timer rides on the tick (kernel/hrtimer.c):
 * it fires on the first tick at or after its expiry, up to one tick
 * (1/HZ, 10 ms) late, and the callback runs in the timer softirq (Linux's
 * HRTIMER_MODE_SOFT) whatever the mode says. A callback that returns
 * HRTIMER_RESTART is queued again at the expiry it has set (hrtimer_forward).
 */
#ifndef _LINUX_HRTIMER_H
#define _LINUX_HRTIMER_H

#include <linux/types.h>
#include <linux/ktime.h>
#include <linux/time.h>
#include <linux/timer.h>
#include <linux/atomic.h>

enum hrtimer_mode {
	HRTIMER_MODE_ABS	= 0x00,
	HRTIMER_MODE_REL	= 0x01,
	HRTIMER_MODE_PINNED	= 0x02,
	HRTIMER_MODE_SOFT	= 0x04,
	HRTIMER_MODE_HARD	= 0x08,

	HRTIMER_MODE_ABS_PINNED = HRTIMER_MODE_ABS | HRTIMER_MODE_PINNED,
	HRTIMER_MODE_REL_PINNED = HRTIMER_MODE_REL | HRTIMER_MODE_PINNED,
	HRTIMER_MODE_ABS_SOFT	= HRTIMER_MODE_ABS | HRTIMER_MODE_SOFT,
	HRTIMER_MODE_REL_SOFT	= HRTIMER_MODE_REL | HRTIMER_MODE_SOFT,
	HRTIMER_MODE_ABS_PINNED_SOFT = HRTIMER_MODE_ABS_PINNED | HRTIMER_MODE_SOFT,
	HRTIMER_MODE_REL_PINNED_SOFT = HRTIMER_MODE_REL_PINNED | HRTIMER_MODE_SOFT,
	HRTIMER_MODE_ABS_HARD	= HRTIMER_MODE_ABS | HRTIMER_MODE_HARD,
	HRTIMER_MODE_REL_HARD	= HRTIMER_MODE_REL | HRTIMER_MODE_HARD,
	HRTIMER_MODE_ABS_PINNED_HARD = HRTIMER_MODE_ABS_PINNED | HRTIMER_MODE_HARD,
	HRTIMER_MODE_REL_PINNED_HARD = HRTIMER_MODE_REL_PINNED | HRTIMER_MODE_HARD,
};

enum hrtimer_restart {
	HRTIMER_NORESTART,	/* the timer is done */
	HRTIMER_RESTART,	/* queue it again at its (forwarded) expiry */
};

/* A clock a timer runs on; base->get_time() reads it. */
struct hrtimer_clock_base {
	clockid_t	clockid;
	ktime_t		(*get_time)(void);
};

struct hrtimer {
	struct timer_list		tick;	/* carries the timer to its tick */
	ktime_t				_softexpires;	/* when, on base's clock */
	enum hrtimer_restart		(*function)(struct hrtimer *);
	struct hrtimer_clock_base	*base;
	bool				is_rel;	/* started HRTIMER_MODE_REL */
	atomic_t			running; /* callbacks in progress */
};

/* A timer that wakes a sleeping thread (hrtimer_sleeper users). */
struct hrtimer_sleeper {
	struct hrtimer		timer;
	struct task_struct	*task;
};

/* Ready timer for hrtimer_start on clock_id (CLOCK_MONOTONIC,
 * CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_TAI); set ->function next. */
void hrtimer_init(struct hrtimer *timer, clockid_t clock_id, enum hrtimer_mode mode);

/* (Re)start the timer to expire at tim (ABS) or tim from now (REL), with
 * delta_ns of slack (ignored: the tick is coarser). Any context. */
void hrtimer_start_range_ns(struct hrtimer *timer, ktime_t tim, u64 delta_ns,
			    const enum hrtimer_mode mode);

static inline void hrtimer_start(struct hrtimer *timer, ktime_t tim, const enum hrtimer_mode mode)
{
	hrtimer_start_range_ns(timer, tim, 0, mode);
}

/* Take the timer off its queue: 1 if it was queued, 0 if not, -1 if its
 * callback is running now (then nothing changed). Any context. */
int hrtimer_try_to_cancel(struct hrtimer *timer);

/* Take it off and wait for a running callback to return: 1 if it was
 * active, 0 if not. May not be called from the timer's own callback, nor
 * with a lock the callback takes. */
int hrtimer_cancel(struct hrtimer *timer);

/* Move the expiry forward by whole intervals until it is after now; the
 * number of intervals added (0 if it already was after now). */
u64 hrtimer_forward(struct hrtimer *timer, ktime_t now, ktime_t interval);

static inline u64 hrtimer_forward_now(struct hrtimer *timer, ktime_t interval)
{
	return hrtimer_forward(timer, timer->base->get_time(), interval);
}

/* Queued, waiting for its expiry. */
bool hrtimer_is_queued(struct hrtimer *timer);
/* Its callback is running now on some CPU. */
bool hrtimer_callback_running(struct hrtimer *timer);

static inline bool hrtimer_active(struct hrtimer *timer)
{
	return hrtimer_is_queued(timer) || hrtimer_callback_running(timer);
}

static inline void hrtimer_restart(struct hrtimer *timer)
{
	hrtimer_start(timer, timer->_softexpires, HRTIMER_MODE_ABS);
}

static inline void hrtimer_set_expires(struct hrtimer *timer, ktime_t time)
{
	timer->_softexpires = time;
}

static inline void hrtimer_add_expires(struct hrtimer *timer, ktime_t time)
{
	timer->_softexpires = ktime_add_safe(timer->_softexpires, time);
}

static inline void hrtimer_add_expires_ns(struct hrtimer *timer, u64 ns)
{
	timer->_softexpires = ktime_add_safe(timer->_softexpires, ns);
}

static inline ktime_t hrtimer_get_expires(const struct hrtimer *timer)
{
	return timer->_softexpires;
}

#define hrtimer_get_softexpires(timer)	hrtimer_get_expires(timer)

static inline s64 hrtimer_get_expires_ns(const struct hrtimer *timer)
{
	return ktime_to_ns(timer->_softexpires);
}

static inline ktime_t hrtimer_expires_remaining(const struct hrtimer *timer)
{
	return ktime_sub(timer->_softexpires, timer->base->get_time());
}

/* Time left until the expiry (negative once it is past). */
static inline ktime_t hrtimer_get_remaining(const struct hrtimer *timer)
{
	return hrtimer_expires_remaining(timer);
}

static inline ktime_t hrtimer_cb_get_time(struct hrtimer *timer)
{
	return timer->base->get_time();
}

/* The clock's resolution as clock_getres would report it: one tick. */
#define hrtimer_resolution	((unsigned int)TICK_NSEC)

#endif
