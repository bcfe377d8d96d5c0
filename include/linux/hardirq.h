/* Which context are we in? in_interrupt(), in_softirq(), in_task() are
 * defined with the preemption count in linux/preempt.h. */
#ifndef _LINUX_HARDIRQ_H
#define _LINUX_HARDIRQ_H

#include <linux/preempt.h>

#endif
