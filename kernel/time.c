/*
 * Time since boot: jiffies count timer ticks, ktime_get_ns() reads the
 * architecture's fine clock (the TSC on x86) scaled to nanoseconds.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/timer.h>
#include <asm/barrier.h>
#include <modlab/time.h>

volatile unsigned long jiffies;

/*
 * jiffies_64: written only by the boot CPU's tick; a 32-bit CPU stores it
 * in two halves, so readers use get_jiffies_64(), which retries while
 * jiffies_seq is odd or has moved (a sequence count: the writer makes it
 * odd before the update and even again after).
 */
u64 jiffies_64;
static unsigned int jiffies_seq;

/* The wall clock at boot, nanoseconds since 1970 (linux/timekeeping.h). */
s64 boot_real_ns;

/*
 * Sleeping timers: a thread in schedule_timeout() is on timer_list until
 * its expiry tick, when the boot CPU's tick wakes it. timer_lock
 * (interrupts off) protects the list.
 */
struct sleep_timer {
	unsigned long expires;
	struct task_struct *task;
	struct list_head list;
};

static LIST_HEAD(timer_list);
static DEFINE_SPINLOCK(timer_lock);

static u64 clock_base;		/* clock reading at time_mark_boot() */
static u32 ns_mult;		/* nanoseconds per clock cycle, times 2^32 */
u32 clock_khz;			/* the clock's rate */

void time_mark_boot(void)
{
	clock_base = arch_clock_read();
}

void time_init(u32 khz)
{
	u64 m = (u64)1000000 << 32;	/* 10^6 ns per ms, as a 32.32 fixed-point */

	do_div(m, khz);		/* cycles per ms = khz */
	ns_mult = (u32)m;
	clock_khz = khz;
	pr_info("time: clock runs at %u.%03u MHz, tick at %u Hz\n", khz / 1000, khz % 1000, HZ);
	WRITE_ONCE(boot_real_ns, (s64)arch_read_persistent_clock() * NSEC_PER_SEC -
				 (s64)ktime_get_ns());
}

void set_normalized_timespec64(struct timespec64 *ts, time64_t sec, s64 nsec)
{
	while (nsec >= (s64)NSEC_PER_SEC) {
		nsec -= NSEC_PER_SEC;
		sec++;
	}
	while (nsec < 0) {
		nsec += NSEC_PER_SEC;
		sec--;
	}
	ts->tv_sec = sec;
	ts->tv_nsec = (long)nsec;
}

struct timespec64 ns_to_timespec64(s64 nsec)
{
	struct timespec64 ts;
	s32 rem;

	ts.tv_sec = div_s64_rem(nsec, NSEC_PER_SEC, &rem);
	if (rem < 0) {
		ts.tv_sec--;
		rem += NSEC_PER_SEC;
	}
	ts.tv_nsec = rem;
	return ts;
}

time64_t ktime_get_seconds(void)
{
	return div_s64(ktime_get(), NSEC_PER_SEC);
}

time64_t ktime_get_real_seconds(void)
{
	return div_s64(ktime_get_real(), NSEC_PER_SEC);
}

u64 ktime_get_ns(void)
{
	u64 cycles;

	if (!ns_mult)
		return 0;
	cycles = arch_clock_read() - clock_base;
	/* (cycles * ns_mult) >> 32, split so that no product overflows 64 bits. */
	return (cycles >> 32) * ns_mult + (((cycles & 0xffffffffu) * ns_mult) >> 32);
}

static void run_timers(void)
{
	struct sleep_timer *t, *n;

	spin_lock(&timer_lock);
	list_for_each_entry_safe(t, n, &timer_list, list) {
		if (time_after_eq(jiffies, t->expires)) {
			list_del(&t->list);
			wake_up_process(t->task);
		}
	}
	spin_unlock(&timer_lock);
}

u64 get_jiffies_64(void)
{
	unsigned int seq;
	u64 j;

	do {
		seq = READ_ONCE(jiffies_seq);
		smp_rmb();
		j = READ_ONCE(jiffies_64);
		smp_rmb();
	} while ((seq & 1) || seq != READ_ONCE(jiffies_seq));
	return j;
}

/* Every CPU's tick, in interrupt context. The boot CPU keeps the time. */
void timer_tick(void)
{
	if (smp_processor_id() == 0) {
		WRITE_ONCE(jiffies_seq, jiffies_seq + 1);
		smp_wmb();
		jiffies_64++;
		smp_wmb();
		WRITE_ONCE(jiffies_seq, jiffies_seq + 1);
		jiffies++;
		run_timers();
	}
	run_local_timers();
	scheduler_tick();
}

/*
 * Sleep until woken or until 'timeout' ticks have passed, in the state the
 * caller set (TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE). Returns the
 * ticks that were left (0 if the time ran out).
 */
long schedule_timeout(long timeout)
{
	struct sleep_timer t;
	unsigned long flags;
	long left;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0)
		timeout = 0;
	t.expires = jiffies + timeout;
	t.task = current;
	spin_lock_irqsave(&timer_lock, flags);
	list_add_tail(&t.list, &timer_list);
	spin_unlock_irqrestore(&timer_lock, flags);

	schedule();

	spin_lock_irqsave(&timer_lock, flags);
	if (t.list.next)
		list_del(&t.list);	/* woken by someone else first */
	spin_unlock_irqrestore(&timer_lock, flags);
	left = (long)(t.expires - jiffies);
	return left > 0 ? left : 0;
}

long schedule_timeout_uninterruptible(long timeout)
{
	set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_interruptible(long timeout)
{
	set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

unsigned long msecs_to_jiffies(unsigned int ms)
{
	return ((unsigned long)ms * HZ + 999) / 1000;
}

/* Sleep at least ms milliseconds. Ticks can come late and then bunch up,
 * so the end is judged by the clock, not by counting ticks; the sleep ends
 * at the first tick after that time. */
void msleep(unsigned int ms)
{
	u64 end = ktime_get_ns() + (u64)ms * NSEC_PER_MSEC;
	u64 now;

	while ((now = ktime_get_ns()) < end) {
		u64 left_ns = end - now;
		u32 left_ms;

		do_div(left_ns, NSEC_PER_MSEC);
		left_ms = (u32)left_ns + 1;
		schedule_timeout_uninterruptible(msecs_to_jiffies(left_ms));
	}
}

/* msleep that a signal (Ctrl-C) ends early: returns the milliseconds left
 * (0 if the whole time passed). */
unsigned long msleep_interruptible(unsigned int ms)
{
	u64 end = ktime_get_ns() + (u64)ms * NSEC_PER_MSEC;
	u64 now;

	while ((now = ktime_get_ns()) < end) {
		u64 left_ns = end - now;
		u32 left_ms;

		do_div(left_ns, NSEC_PER_MSEC);
		left_ms = (u32)left_ns + 1;
		if (signal_pending(current))
			return left_ms;
		schedule_timeout_interruptible(msecs_to_jiffies(left_ms));
	}
	return 0;
}

void usleep_range(unsigned long min, unsigned long max)
{
	if (max < USEC_PER_SEC / HZ) {
		udelay(min);
		return;
	}
	msleep(DIV_ROUND_UP(min, USEC_PER_MSEC));
}

void fsleep(unsigned long us)
{
	if (us < 10)
		udelay(us);
	else
		usleep_range(us, us + us / 4);
}

void ndelay(unsigned long ns)
{
	u64 end = ktime_get_ns() + ns;

	while (ktime_get_ns() < end)
		cpu_relax();
}

/* Busy-wait (no sleeping): for short hardware delays. */
void udelay(unsigned long us)
{
	u64 end = ktime_get_ns() + (u64)us * 1000;

	while (ktime_get_ns() < end)
		cpu_relax();
}

void mdelay(unsigned long ms)
{
	while (ms--)
		udelay(1000);
}

/* For modules. */
EXPORT_SYMBOL(jiffies);
EXPORT_SYMBOL(jiffies_64);
EXPORT_SYMBOL(get_jiffies_64);
EXPORT_SYMBOL(boot_real_ns);
EXPORT_SYMBOL(set_normalized_timespec64);
EXPORT_SYMBOL(ns_to_timespec64);
EXPORT_SYMBOL(ktime_get_seconds);
EXPORT_SYMBOL(ktime_get_real_seconds);
EXPORT_SYMBOL(usleep_range);
EXPORT_SYMBOL(fsleep);
EXPORT_SYMBOL(ndelay);
EXPORT_SYMBOL(ktime_get_ns);
EXPORT_SYMBOL(msleep);
EXPORT_SYMBOL(msleep_interruptible);
EXPORT_SYMBOL(udelay);
EXPORT_SYMBOL(mdelay);
EXPORT_SYMBOL(msecs_to_jiffies);
EXPORT_SYMBOL(schedule_timeout);
EXPORT_SYMBOL(schedule_timeout_uninterruptible);
EXPORT_SYMBOL(schedule_timeout_interruptible);
