/* Time, as Linux's linux/time.h: struct timespec64 and the clocks. */
#ifndef _LINUX_TIME_H
#define _LINUX_TIME_H

#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/jiffies.h>

/* The clocks a timer or a reading may name (Linux's uapi numbers). Here
 * MONOTONIC, MONOTONIC_RAW and BOOTTIME are one clock (modlab never
 * suspends); REALTIME and TAI are it plus the wall-clock time at boot. */
#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_BOOTTIME		7
#define CLOCK_TAI		11

#endif
