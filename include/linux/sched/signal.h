/* Signals as a thread sees them (Linux moved these here from sched.h):
 * signal_pending, fatal_signal_pending. modlab keeps them in sched.h. */
#ifndef _LINUX_SCHED_SIGNAL_H
#define _LINUX_SCHED_SIGNAL_H

#include <linux/sched.h>

#endif
