/*
 * Preemption control. A kernel thread can be switched out at any interrupt
 * unless this CPU's preempt_count is non-zero. preempt_disable() raises it,
 * preempt_enable() lowers it and, if a reschedule was asked for meanwhile
 * (need_resched), schedules right there.
 *
 * While preemption is off, the thread stays on this CPU and no other thread
 * runs here: this_cpu data is stable, and (see kernel/stop_machine.c) this
 * CPU cannot be stopped, because its stopper thread cannot run.
 *
 * The count's low 16 bits are the preempt_disable() depth; the high bits
 * count nested hardware interrupts (in_interrupt()).
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

#include <linux/compiler.h>
#include <modlab/percpu.h>

#define PREEMPT_MASK	0x0000ffff
#define HARDIRQ_OFFSET	0x00010000
#define HARDIRQ_MASK	0xffff0000

#define preempt_count()		this_cpu_read(preempt_count)
#define in_interrupt()		((preempt_count() & HARDIRQ_MASK) != 0)
#define in_irq()		in_interrupt()
#define in_atomic()		(preempt_count() != 0)

void preempt_schedule(void);

static __always_inline void preempt_disable(void)
{
	this_cpu_inc(preempt_count);
	barrier();
}

static __always_inline void preempt_enable_no_resched(void)
{
	barrier();
	this_cpu_dec(preempt_count);
}

static __always_inline void preempt_enable(void)
{
	preempt_enable_no_resched();
	if (unlikely(this_cpu_read(need_resched)) && this_cpu_read(preempt_count) == 0)
		preempt_schedule();
}

#endif
