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
 * The count is split as in Linux: bits 0-7 are the preempt_disable() depth,
 * bits 8-15 the softirq count (local_bh_disable() adds SOFTIRQ_DISABLE_OFFSET,
 * running softirqs adds SOFTIRQ_OFFSET, so an odd count means "serving a
 * softirq"), bits 16-31 count nested hardware interrupts. Any of them non-zero
 * means no sleeping and no preemption; in_interrupt() is true in hardware
 * interrupts, in softirqs and with softirqs disabled (linux/bottom_half.h).
 */
#ifndef _LINUX_PREEMPT_H
#define _LINUX_PREEMPT_H

#include <linux/compiler.h>
#include <modlab/percpu.h>

#define PREEMPT_MASK		0x000000ff
#define SOFTIRQ_OFFSET		0x00000100
#define SOFTIRQ_MASK		0x0000ff00
#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)
#define HARDIRQ_OFFSET		0x00010000
#define HARDIRQ_MASK		0xffff0000

#define preempt_count()		this_cpu_read(preempt_count)
#define hardirq_count()		(preempt_count() & HARDIRQ_MASK)
#define softirq_count()		(preempt_count() & SOFTIRQ_MASK)
#define irq_count()		(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK))

#define in_hardirq()		(hardirq_count() != 0)
#define in_irq()		in_hardirq()
#define in_softirq()		(softirq_count() != 0)	/* serving, or disabled */
#define in_serving_softirq()	((softirq_count() & SOFTIRQ_OFFSET) != 0)
#define in_interrupt()		(irq_count() != 0)
#define in_task()		(!in_hardirq() && !in_serving_softirq())
#define in_atomic()		(preempt_count() != 0)

void preempt_schedule(void);

/* Race tests on debug kernels (kernel/sched/preempt_window.c): the calling
 * thread, bound to its CPU, lingers with preemption on at each
 * preempt_enable that turns it on. Does nothing on other kernels. */
void preempt_window_set(bool on);
#if defined(CONFIG_DEBUG_MODULE_REF_WINDOW) && CONFIG_DEBUG_MODULE_REF_WINDOW
void preempt_window(void);
#define preempt_window_hook()						\
	do {								\
		if (this_cpu_read(preempt_count) == 0)			\
			preempt_window();				\
	} while (0)
#else
#define preempt_window_hook()	do { } while (0)
#endif

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
	preempt_window_hook();
	if (unlikely(this_cpu_read(need_resched)) && this_cpu_read(preempt_count) == 0)
		preempt_schedule();
}

#endif
