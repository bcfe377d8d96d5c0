/* Time, as Linux's linux/time.h: struct timespec64 and the clocks. */
#ifndef _LINUX_TIME_H
#define _LINUX_TIME_H

#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/jiffies.h>

#endif
