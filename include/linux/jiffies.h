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
 * For a finer clock, ktime_get_ns() (modlab/time.h).
 */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/delay.h>	/* msecs_to_jiffies */
#include <modlab/time.h>	/* jiffies, HZ */

#define MSEC_PER_SEC	1000u
#define USEC_PER_SEC	1000000u

/* Is a after b? (The signed difference is what survives the wrap.) */
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)
/* Is a within [b, c]? */
#define time_in_range(a, b, c)	(time_after_eq(a, b) && time_before_eq(a, c))

#define time_is_before_jiffies(a)	time_after(jiffies, a)
#define time_is_after_jiffies(a)	time_before(jiffies, a)

_Static_assert(MSEC_PER_SEC % HZ == 0, "a tick must be a whole number of milliseconds");

/* Ticks to time. (Without 64-bit division: the kernel does not link libgcc.) */
static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return j * (MSEC_PER_SEC / HZ);
}

static inline unsigned int jiffies_to_usecs(unsigned long j)
{
	return j * (USEC_PER_SEC / HZ);
}

/* Time to ticks, rounded up (so a wait is never shorter than asked). */
static inline unsigned long usecs_to_jiffies(unsigned int us)
{
	return DIV_ROUND_UP((unsigned long)us, USEC_PER_SEC / HZ);
}

#endif
