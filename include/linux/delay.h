/* Waiting: msleep and friends give the CPU away; udelay/mdelay/ndelay spin. */
#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H

/* Sleep at least ms milliseconds; it ends at the first tick after that
 * (so up to a tick more, plus scheduling delay). May sleep. */
void msleep(unsigned int ms);
/* The same, but a signal ends it early: returns the milliseconds left
 * (0 if it slept the whole time). */
unsigned long msleep_interruptible(unsigned int ms);
/* Sleep at least min and about at most max microseconds. The tick is
 * 10 ms: a range that ends below one tick is spun out (udelay); longer ones
 * sleep as msleep does. May sleep. */
void usleep_range(unsigned long min, unsigned long max);
/* Sleep about us microseconds: spins below 10 us, else usleep_range. */
void fsleep(unsigned long us);
/* Spin for us microseconds / ms milliseconds / ns nanoseconds. Any context. */
void udelay(unsigned long us);
void mdelay(unsigned long ms);
void ndelay(unsigned long ns);
unsigned long msecs_to_jiffies(unsigned int ms);

/* Sleep seconds seconds. May sleep. */
static inline void ssleep(unsigned int seconds)
{
	msleep(seconds * 1000);
}

#endif
