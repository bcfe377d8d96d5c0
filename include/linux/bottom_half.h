/*
 * Holding off softirqs (timers, tasklets) on this CPU, with Linux's names.
 *
 * Code that shares data with a timer callback or a tasklet takes its lock
 * with spin_lock_bh() (linux/spinlock.h), or brackets the access with
 * local_bh_disable()/local_bh_enable(): a softirq cannot then run on this
 * CPU in the middle and spin for ever on the lock this CPU holds.
 * local_bh_enable() runs the softirqs that came due meanwhile.
 */
#ifndef _LINUX_BOTTOM_HALF_H
#define _LINUX_BOTTOM_HALF_H

#include <linux/preempt.h>

/* Nests. Preemption is off too while softirqs are held off. Any context. */
static __always_inline void local_bh_disable(void)
{
	this_cpu_add(preempt_count, SOFTIRQ_DISABLE_OFFSET);
	barrier();
}

/* Undo one local_bh_disable(); run pending softirqs if this was the last.
 * Not with interrupts off or from a hardware interrupt handler. */
void local_bh_enable(void);

#endif
