// SPDX-License-Identifier: GPL-2.0
/*
 * hrtimer_tick - a periodic high-resolution timer that stops itself.
 *
 * The timer fires every `period_ms` milliseconds, `count` times, moving
 * its expiry on with hrtimer_forward_now and returning HRTIMER_RESTART
 * until the last, which returns HRTIMER_NORESTART and completes `done`.
 * Each run checks that it did not come before its expiry. A second,
 * one-shot timer on CLOCK_REALTIME with an absolute expiry fires once.
 * /proc/hrtimer_tick shows the counts.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/completion.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static unsigned int period_ms = 20;
module_param(period_ms, uint, 0444);
static unsigned int count = 5;
module_param(count, uint, 0444);

static struct hrtimer periodic, oneshot;
static unsigned int fired, early, overruns;
static bool oneshot_fired;
static ktime_t started;
static DECLARE_COMPLETION(done);

static enum hrtimer_restart periodic_fn(struct hrtimer *t)
{
	ktime_t now = hrtimer_cb_get_time(t);

	if (ktime_before(now, hrtimer_get_expires(t)))
		early++;
	if (++fired >= count) {
		pr_info("hrtimer_tick: done after %u periods, %lld ms, early %u\n", fired,
			ktime_ms_delta(now, started), early);
		complete(&done);
		return HRTIMER_NORESTART;
	}
	/* Forwarding by one period usually adds 1; more means ticks were missed. */
	overruns += hrtimer_forward_now(t, ms_to_ktime(period_ms)) - 1;
	return HRTIMER_RESTART;
}

static enum hrtimer_restart oneshot_fn(struct hrtimer *t)
{
	oneshot_fired = true;
	pr_info("hrtimer_tick: absolute real-time timer fired %s\n",
		ktime_before(ktime_get_real(), hrtimer_get_expires(t)) ? "early" : "on time");
	return HRTIMER_NORESTART;
}

static int hrtimer_tick_show(struct seq_file *m, void *v)
{
	seq_printf(m, "fired %u of %u, early %u, overruns %u, queued %d, oneshot %d\n",
		   fired, count, early, overruns, hrtimer_is_queued(&periodic), oneshot_fired);
	return 0;
}

static int __init hrtimer_tick_init(void)
{
	if (!period_ms || !count) {
		pr_err("hrtimer_tick: period_ms and count must be positive\n");
		return -EINVAL;
	}
	if (!proc_create_single("hrtimer_tick", 0444, NULL, hrtimer_tick_show))
		return -ENOMEM;
	hrtimer_init(&periodic, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	periodic.function = periodic_fn;
	hrtimer_init(&oneshot, CLOCK_REALTIME, HRTIMER_MODE_ABS);
	oneshot.function = oneshot_fn;
	started = ktime_get();
	hrtimer_start(&periodic, ms_to_ktime(period_ms), HRTIMER_MODE_REL);
	hrtimer_start(&oneshot, ktime_add_ms(ktime_get_real(), 30), HRTIMER_MODE_ABS);
	pr_info("hrtimer_tick: every %u ms, %u times; queued=%d\n", period_ms, count,
		hrtimer_is_queued(&periodic));
	return 0;
}

static void __exit hrtimer_tick_exit(void)
{
	int was_active = hrtimer_cancel(&periodic);

	hrtimer_cancel(&oneshot);
	remove_proc_entry("hrtimer_tick", NULL);
	pr_info("hrtimer_tick: cancelled %s, fired %u, completed %d\n",
		was_active ? "an active timer" : "an idle timer", fired, completion_done(&done));
}

module_init(hrtimer_tick_init);
module_exit(hrtimer_tick_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A periodic hrtimer that stops itself");
