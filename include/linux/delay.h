/* Waiting: msleep gives the CPU away; udelay/mdelay spin. */
#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H

/* Sleep at least ms milliseconds; it ends at the first tick after that
 * (so up to a tick more, plus scheduling delay). May sleep. */
void msleep(unsigned int ms);
/* The same, ended early by a signal (Ctrl-C): returns the ms left. */
unsigned long msleep_interruptible(unsigned int ms);
/* Spin for us microseconds / ms milliseconds. Any context. */
void udelay(unsigned long us);
void mdelay(unsigned long ms);
unsigned long msecs_to_jiffies(unsigned int ms);

#endif
