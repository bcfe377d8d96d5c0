// SPDX-License-Identifier: GPL-2.0
/*
 * timer_example.c - a kernel timer that fires three times, 50 ms apart.
 *
 * Loading prints "armed"; each expiry prints the tick number, the
 * milliseconds since loading and whether it ran in softirq context;
 * unloading prints how many ticks there were.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/interrupt.h>

#define TICKS 3
#define PERIOD_MS 50

struct ticker {
	struct timer_list timer;
	int count;
	ktime_t start;
};

static struct ticker ticker;

static void ticker_fn(struct timer_list *t)
{
	struct ticker *tk = from_timer(tk, t, timer);

	tk->count++;
	pr_info("timer_example: tick %d at %lld ms, in_softirq=%d\n", tk->count,
		ktime_ms_delta(ktime_get(), tk->start), in_softirq() ? 1 : 0);
	if (tk->count < TICKS)
		mod_timer(&tk->timer, jiffies + msecs_to_jiffies(PERIOD_MS));
}

/* A second timer, defined statically, that never fires before unload. */
static void never_fn(struct timer_list *t)
{
	pr_err("timer_example: the far timer fired\n");
}
static DEFINE_TIMER(far_timer, never_fn);

static int __init timer_example_init(void)
{
	struct timespec64 ts;

	ktime_get_real_ts64(&ts);
	pr_info("timer_example: wall clock %lld s since 1970, HZ=%d\n", (long long)ts.tv_sec, HZ);
	timer_setup(&ticker.timer, ticker_fn, 0);
	ticker.start = ktime_get();
	mod_timer(&ticker.timer, jiffies + msecs_to_jiffies(PERIOD_MS));
	mod_timer(&far_timer, jiffies + 3600 * HZ);
	pr_info("timer_example: armed, pending=%d\n", timer_pending(&ticker.timer));
	return 0;
}

static void __exit timer_example_exit(void)
{
	int far = del_timer(&far_timer);

	del_timer_sync(&ticker.timer);
	pr_info("timer_example: removed after %d ticks (far timer was pending: %d)\n",
		ticker.count, far);
}

module_init(timer_example_init);
module_exit(timer_example_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A kernel timer firing three times");
