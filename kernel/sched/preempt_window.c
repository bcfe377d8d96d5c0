/*
 * Debug kernels (CONFIG_DEBUG_MODULE_REF_WINDOW): a window at every
 * preempt_enable, for the threads of a race test that ask for one.
 *
 * A preempt-off section split in two by mistake (a try_module_get that
 * turns preemption back on between its test of 'live' and its increment)
 * leaves a gap of a few instructions where the CPU may be stopped: too
 * narrow for a test to land in. Here, a thread bound to its CPU that called
 * preempt_window_set(true) busy-waits PREEMPT_WINDOW_US with preemption
 * on each time a preempt_enable turns preemption on, so any such gap is
 * as wide as that, whatever the code around it looks like. Only
 * preempt_enable is widened; the code under test is not touched.
 */
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/delay.h>
#include <linux/export.h>
#include <asm/irqflags.h>
#include <modlab/config.h>

#if CONFIG_DEBUG_MODULE_REF_WINDOW

#define PREEMPT_WINDOW_US	20

/* Each CPU's thread that asked for windows, and whether it is in one (the
 * delay's own preempt_enables must not open another). Only that thread,
 * bound to the CPU, writes its CPU's entries; any other thread reads an
 * entry that is not itself and does nothing. */
static struct task_struct *window_task[NR_CPUS];
static int window_open[NR_CPUS];

void preempt_window_set(bool on)
{
	preempt_disable();
	WRITE_ONCE(window_task[smp_processor_id()], on ? current : NULL);
	preempt_enable();
}

void preempt_window(void)
{
	unsigned int cpu = smp_processor_id();

	if (READ_ONCE(window_task[cpu]) != current || window_open[cpu] || irqs_disabled())
		return;
	window_open[cpu] = 1;
	udelay(PREEMPT_WINDOW_US);
	window_open[cpu] = 0;
}

#else

void preempt_window_set(bool on)
{
}

#endif
/* For the labs' trusted probe modules, whose threads race the student's code. */
EXPORT_SYMBOL_GPL(preempt_window_set);
