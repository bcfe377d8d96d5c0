/*
 * lockup: a thread that hogs one CPU without scheduling, to see the soft
 * lockup watchdog report it.
 *
 * What it teaches: a CPU that does not schedule for 2 * watchdog_thresh
 * seconds is reported as "BUG: soft lockup - CPU#N stuck for Ss!", with
 * the function it is stuck in (lockup_spin [lockup]). Boot with
 * watchdog_thresh=2 to see it after 4 s. The thread spins with preemption
 * off (or, with irqs_off=1, with interrupts off too: then the CPU takes no
 * timer tick, another CPU notices and takes its backtrace by NMI) for
 * seconds= seconds, then stops by itself and the module can be removed.
 * It runs on the last online CPU (not CPU 0, which keeps the time).
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/smp.h>
#include <linux/err.h>

static unsigned int seconds = 6;
module_param(seconds, uint, 0444);
MODULE_PARM_DESC(seconds, "how long to spin (default 6)");

static bool irqs_off;
module_param(irqs_off, bool, 0444);
MODULE_PARM_DESC(irqs_off, "spin with interrupts off too (default no)");

static struct task_struct *lockup_task;

/* jiffies advances on CPU 0, whose interrupts stay on: a fair clock. */
static noinline void lockup_spin(void)
{
	unsigned long end = jiffies + msecs_to_jiffies(seconds * 1000);
	unsigned long flags = 0;

	preempt_disable();
	if (irqs_off)
		local_irq_save(flags);
	while (time_before(jiffies, end))
		cpu_relax();
	if (irqs_off)
		local_irq_restore(flags);
	preempt_enable();
}

static int lockup_thread(void *data)
{
	pr_info("lockup: spinning for %u s on CPU %u, preemption%s off\n", seconds,
		smp_processor_id(), irqs_off ? " and interrupts" : "");
	lockup_spin();
	pr_info("lockup: done spinning\n");
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

static int __init lockup_init(void)
{
	unsigned int cpu = num_online_cpus() - 1;

	if (cpu == 0) {
		pr_err("lockup: needs a second CPU (CPU 0 keeps the time)\n");
		return -ENODEV;
	}
	lockup_task = kthread_create(lockup_thread, NULL, "lockup");
	if (IS_ERR(lockup_task))
		return PTR_ERR(lockup_task);
	kthread_bind(lockup_task, cpu);
	wake_up_process(lockup_task);
	return 0;
}

static void __exit lockup_exit(void)
{
	kthread_stop(lockup_task);
}

module_init(lockup_init);
module_exit(lockup_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test: a thread spinning without scheduling, for the soft lockup watchdog");
