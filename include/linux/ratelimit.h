/* The state of a rate limit (see __ratelimit in linux/printk.h). */
#ifndef _LINUX_RATELIMIT_H
#define _LINUX_RATELIMIT_H

#include <linux/spinlock.h>

#define DEFAULT_RATELIMIT_INTERVAL	(5 * 100)	/* 5 s in ticks (HZ 100) */
#define DEFAULT_RATELIMIT_BURST		10

struct ratelimit_state {
	spinlock_t lock;	/* protects the rest */
	int interval;		/* ticks */
	int burst;		/* messages allowed per interval */
	int printed;		/* in this interval */
	int missed;		/* dropped in this interval */
	unsigned long begin;	/* jiffies at the interval's start */
};

#define RATELIMIT_STATE_INIT(name, interval_init, burst_init)			\
	{ .lock = __SPIN_LOCK_UNLOCKED(name.lock), .interval = (interval_init),	\
	  .burst = (burst_init) }

#define DEFINE_RATELIMIT_STATE(name, interval_init, burst_init)		\
	struct ratelimit_state name = RATELIMIT_STATE_INIT(name, interval_init, burst_init)

static inline void ratelimit_state_init(struct ratelimit_state *rs, int interval, int burst)
{
	spin_lock_init(&rs->lock);
	rs->interval = interval;
	rs->burst = burst;
	rs->printed = 0;
	rs->missed = 0;
	rs->begin = 0;
}

#endif
