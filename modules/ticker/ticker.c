/*
 * ticker: a module that runs a kernel thread.
 *
 * What it teaches: a module's thread must be gone before the module's
 * code is freed. init starts a thread with kthread_run; the thread sleeps
 * interval_ms at a time and counts until kthread_should_stop(); exit calls
 * kthread_stop, which wakes the thread, waits until its function has
 * returned and hands back its return value (here, the count). Only then
 * may exit return and the module's memory go. 'ps' shows the thread while
 * the module is loaded.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/err.h>

static unsigned int interval_ms = 100;
module_param(interval_ms, uint, 0444);
MODULE_PARM_DESC(interval_ms, "milliseconds between ticks (default 100)");

static bool verbose;
module_param(verbose, bool, 0444);
MODULE_PARM_DESC(verbose, "print every tick (default no)");

static struct task_struct *ticker_task;
static unsigned long started;		/* jiffies when the thread started */

static int ticker_thread(void *data)
{
	int ticks = 0;

	while (!kthread_should_stop()) {
		msleep(interval_ms);
		ticks++;
		if (verbose)
			pr_info("ticker: tick %d\n", ticks);
	}
	return ticks;
}

static int __init ticker_init(void)
{
	if (interval_ms == 0)
		return -EINVAL;
	started = jiffies;
	ticker_task = kthread_run(ticker_thread, NULL, "ticker");
	if (IS_ERR(ticker_task))
		return PTR_ERR(ticker_task);
	pr_info("ticker: started, a tick every %u ms\n", interval_ms);
	return 0;
}

static void __exit ticker_exit(void)
{
	int ticks = kthread_stop(ticker_task);

	pr_info("ticker: stopped after %d tick(s) in %u ms\n", ticks,
		jiffies_to_msecs(jiffies - started));
}

module_init(ticker_init);
module_exit(ticker_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A kernel thread that counts, stopped with kthread_stop");
