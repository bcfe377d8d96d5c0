/*
 * High-resolution timers (linux/hrtimer.h) carried by the tick.
 *
 * modlab has no one-shot clock-event device: the only timer interrupt is
 * the periodic tick. An hrtimer therefore holds a timer_list ("tick") set
 * for the first tick at or after its expiry; when that tick's softirq runs
 * hrtimer_tick, the expiry is checked against the timer's own clock, and
 * a tick that came early (the jiffy count and the TSC-based clock do not
 * step together) just queues the timer for the next one. So a callback
 * never runs early, and at most about one tick late.
 *
 * Every state question goes to the timer_list underneath, whose base lock
 * makes each step atomic: hrtimer_start is mod_timer, "queued" is
 * timer_pending, cancel is timer_delete(_sync). "Callback running" is a
 * count hrtimer_tick keeps around the call (only a hint to callers, as in
 * Linux: it may change as soon as it is read). A callback that returns HRTIMER_RESTART is
 * queued again from inside its own run, which timer_delete_sync already
 * handles (it waits for the run to end, then deletes what it queued).
 */
#include <linux/hrtimer.h>
#include <linux/export.h>
#include <linux/bug.h>
#include <linux/jiffies.h>

static ktime_t get_monotonic(void)
{
	return ktime_get();
}

static ktime_t get_real(void)
{
	return ktime_get_real();
}

static struct hrtimer_clock_base clock_monotonic = { CLOCK_MONOTONIC, get_monotonic };
static struct hrtimer_clock_base clock_boottime = { CLOCK_BOOTTIME, get_monotonic };
static struct hrtimer_clock_base clock_realtime = { CLOCK_REALTIME, get_real };
static struct hrtimer_clock_base clock_tai = { CLOCK_TAI, get_real };

ktime_t ktime_add_safe(const ktime_t lhs, const ktime_t rhs)
{
	ktime_t res;

	if (__builtin_add_overflow(lhs, rhs, &res) || res < 0)
		return KTIME_MAX;
	return res;
}
EXPORT_SYMBOL_GPL(ktime_add_safe);

/* Queue the tick timer for the first tick at or after the expiry. */
static void hrtimer_arm(struct hrtimer *timer)
{
	ktime_t left = ktime_sub(timer->_softexpires, timer->base->get_time());
	unsigned long ticks = left > 0 ? nsecs_to_jiffies(left) : 0;

	/* jiffies + 0 would be due at once; the next tick is the soonest. */
	mod_timer(&timer->tick, jiffies + max(ticks, 1UL));
}

static void hrtimer_tick(struct timer_list *t)
{
	struct hrtimer *timer = from_timer(timer, t, tick);

	if (ktime_before(timer->base->get_time(), timer->_softexpires)) {
		hrtimer_arm(timer);
		return;
	}
	atomic_inc(&timer->running);
	if (timer->function(timer) == HRTIMER_RESTART)
		hrtimer_arm(timer);
	atomic_dec(&timer->running);
}

void hrtimer_init(struct hrtimer *timer, clockid_t clock_id, enum hrtimer_mode mode)
{
	switch (clock_id) {
	case CLOCK_REALTIME:
		timer->base = &clock_realtime;
		break;
	case CLOCK_TAI:
		timer->base = &clock_tai;
		break;
	case CLOCK_BOOTTIME:
		timer->base = &clock_boottime;
		break;
	default:
		WARN(clock_id != CLOCK_MONOTONIC,
		     "hrtimer: unknown clock %d, using CLOCK_MONOTONIC\n", clock_id);
		timer->base = &clock_monotonic;
		break;
	}
	timer_setup(&timer->tick, hrtimer_tick, 0);
	timer->_softexpires = 0;
	timer->function = NULL;
	timer->is_rel = mode & HRTIMER_MODE_REL;
	atomic_set(&timer->running, 0);
}
EXPORT_SYMBOL_GPL(hrtimer_init);

void hrtimer_start_range_ns(struct hrtimer *timer, ktime_t tim, u64 delta_ns,
			    const enum hrtimer_mode mode)
{
	if (WARN(!timer->function, "hrtimer: started with no function\n"))
		return;
	if (mode & HRTIMER_MODE_REL)
		tim = ktime_add_safe(tim, timer->base->get_time());
	timer->is_rel = mode & HRTIMER_MODE_REL;
	timer->_softexpires = tim;
	hrtimer_arm(timer);
}
EXPORT_SYMBOL_GPL(hrtimer_start_range_ns);

int hrtimer_try_to_cancel(struct hrtimer *timer)
{
	return try_to_del_timer_sync(&timer->tick);
}
EXPORT_SYMBOL_GPL(hrtimer_try_to_cancel);

int hrtimer_cancel(struct hrtimer *timer)
{
	return timer_delete_sync(&timer->tick);
}
EXPORT_SYMBOL_GPL(hrtimer_cancel);

u64 hrtimer_forward(struct hrtimer *timer, ktime_t now, ktime_t interval)
{
	ktime_t delta = ktime_sub(now, timer->_softexpires);
	u64 orun = 1;

	if (delta < 0)
		return 0;
	if (WARN(interval <= 0, "hrtimer: forward by a non-positive interval\n"))
		return 0;
	if (delta >= interval) {
		orun = div64_u64(delta, interval);
		timer->_softexpires = ktime_add_safe(timer->_softexpires, orun * interval);
		if (timer->_softexpires > now)
			return orun;
		orun++;
	}
	timer->_softexpires = ktime_add_safe(timer->_softexpires, interval);
	return orun;
}
EXPORT_SYMBOL_GPL(hrtimer_forward);

bool hrtimer_is_queued(struct hrtimer *timer)
{
	return timer_pending(&timer->tick);
}
EXPORT_SYMBOL_GPL(hrtimer_is_queued);

bool hrtimer_callback_running(struct hrtimer *timer)
{
	return atomic_read(&timer->running) != 0;
}
EXPORT_SYMBOL_GPL(hrtimer_callback_running);
