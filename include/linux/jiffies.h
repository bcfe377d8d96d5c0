/*
 * jiffies: the timer tick count, with Linux's names.
 *
 * jiffies counts timer ticks since boot, HZ (100) per second
 * (modlab/time.h). It wraps around, so compare two tick counts only with
 * time_after() and friends, which are right across the wrap as long as the
 * two are less than half the counter's range apart:
 *
 *	unsigned long timeout = jiffies + msecs_to_jiffies(500);
 *	while (!done && time_before(jiffies, timeout))
 *		msleep(10);
 *
 * jiffies_64 counts the same ticks in 64 bits and never wraps; on a 32-bit
 * CPU read it with get_jiffies_64(), which never sees half an update.
 * For a finer clock, ktime_get() (linux/ktime.h).
 */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/time64.h>	/* MSEC_PER_SEC, USEC_PER_SEC */
#include <linux/delay.h>	/* msecs_to_jiffies */
#include <modlab/time.h>	/* jiffies, HZ */

extern u64 jiffies_64;
/* jiffies_64, read whole (the tick may change it meanwhile). Any context. */
u64 get_jiffies_64(void);

#define INITIAL_JIFFIES	0
#define MAX_JIFFY_OFFSET	((long)(~0ul >> 2) - 1)

/* Is a after b? (The signed difference is what survives the wrap.) */
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)
/* Is a within [b, c]? */
#define time_in_range(a, b, c)	(time_after_eq(a, b) && time_before_eq(a, c))
/* Is a within [b, c)? */
#define time_in_range_open(a, b, c)	(time_after_eq(a, b) && time_before(a, c))

#define time_after64(a, b)	((s64)((b) - (a)) < 0)
#define time_before64(a, b)	time_after64(b, a)
#define time_after_eq64(a, b)	((s64)((a) - (b)) >= 0)
#define time_before_eq64(a, b)	time_after_eq64(b, a)

#define time_is_before_jiffies(a)	time_after(jiffies, a)
#define time_is_after_jiffies(a)	time_before(jiffies, a)
#define time_is_before_eq_jiffies(a)	time_after_eq(jiffies, a)
#define time_is_after_eq_jiffies(a)	time_before_eq(jiffies, a)

_Static_assert(MSEC_PER_SEC % HZ == 0, "a tick must be a whole number of milliseconds");

#define TICK_NSEC	(NSEC_PER_SEC / HZ)

/* Ticks to time. (Without 64-bit division: the kernel does not link libgcc.) */
static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return j * (MSEC_PER_SEC / HZ);
}

static inline unsigned int jiffies_to_usecs(unsigned long j)
{
	return j * (USEC_PER_SEC / HZ);
}

static inline u64 jiffies_to_nsecs(unsigned long j)
{
	return (u64)j * TICK_NSEC;
}

static inline u64 jiffies64_to_nsecs(u64 j)
{
	return j * TICK_NSEC;
}

static inline u64 jiffies64_to_msecs(u64 j)
{
	return j * (MSEC_PER_SEC / HZ);
}

/* Time to ticks, rounded up (so a wait is never shorter than asked). */
static inline unsigned long usecs_to_jiffies(unsigned int us)
{
	return DIV_ROUND_UP((unsigned long)us, USEC_PER_SEC / HZ);
}

static inline unsigned long nsecs_to_jiffies(u64 ns)
{
	return (unsigned long)div_u64(ns + TICK_NSEC - 1, TICK_NSEC);
}

#define nsecs_to_jiffies64(ns)	((u64)nsecs_to_jiffies(ns))

#endif
