/*
 * Self tests of time: every CPU's timer ticks, and msleep sleeps as long as
 * asked and not much longer, measured with the fine clock (ktime_get_ns).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <modlab/percpu.h>
#include "selftest.h"

#define TICK_MS		(1000 / HZ)

/* ---- ticks -------------------------------------------------------------------- */

#define TICKS_WINDOW_MS	200
/* HZ ticks a second make 20 in the window; every CPU must take at least
 * half of them, so a QEMU vCPU that the host runs late still passes, but
 * a CPU whose timer is off, or runs at a fraction of its rate, does not. */
#define TICKS_MIN	(TICKS_WINDOW_MS / TICK_MS / 2)
/* The boot CPU's ticks (jiffies) against the fine clock: within 15% of HZ.
 * Tick counting is good to one tick in the window (5%); a timer calibrated
 * wrong at boot shows as a larger error. */
#define RATE_TOLERANCE_PCT	15

int selftest_ticks(int argc, char **argv)
{
	unsigned long before[NR_CPUS];
	unsigned long j0, jdelta, delta;
	unsigned int cpu, n = 0, rate_x10;
	u64 t0;
	u32 us;

	/* Start right after a tick, so the window holds whole ticks. */
	schedule_timeout_uninterruptible(1);
	j0 = jiffies;
	t0 = ktime_get_ns();
	for_each_online_cpu(cpu)
		before[cpu] = READ_ONCE(cpu_data[cpu].ticks);
	schedule_timeout_uninterruptible(TICKS_WINDOW_MS / TICK_MS);
	us = selftest_ns_to_us(ktime_get_ns() - t0);
	jdelta = jiffies - j0;
	rate_x10 = 0;
	if (us) {
		u64 x = (u64)jdelta * 10000000u;	/* tenths of Hz times us */

		do_div(x, us);
		rate_x10 = (u32)x;
	}
	printf("ticks: %u.%03u ms by the clock, jiffies +%lu: the tick runs at %u.%u Hz\n",
	       US_MS(us), jdelta, rate_x10 / 10, rate_x10 % 10);
	for_each_online_cpu(cpu) {
		delta = READ_ONCE(cpu_data[cpu].ticks) - before[cpu];
		printf("ticks: CPU %u: +%lu\n", cpu, delta);
		if (delta < TICKS_MIN)
			selftest_fail("CPU %u to take at least %u ticks in %u ms, saw %lu", cpu,
				      TICKS_MIN, TICKS_WINDOW_MS, delta);
		n++;
	}
	if (n != num_online_cpus())
		selftest_fail("%u online CPUs checked, saw %u", num_online_cpus(), n);
	if (rate_x10 < HZ * (100 - RATE_TOLERANCE_PCT) / 10 ||
	    rate_x10 > HZ * (100 + RATE_TOLERANCE_PCT) / 10)
		selftest_fail("the tick at %u Hz (within %u%%) by ktime_get_ns, saw %u.%u Hz", HZ,
			      RATE_TOLERANCE_PCT, rate_x10 / 10, rate_x10 % 10);
	return selftest_failed();
}

/* ---- msleep ------------------------------------------------------------------- */

static const unsigned int sleep_ms[] = { 1, 10, 25, 50, 100 };
#define SLEEP_PASSES	3
#define NR_SLEEPS	(ARRAY_SIZE(sleep_ms) * SLEEP_PASSES)

/*
 * How much longer than asked a sleep may take. msleep(d) sleeps whole
 * ticks: d rounded up to a tick, plus one because the tick it starts in is
 * partly over, and it ends at a tick: so at most roundup(d, TICK_MS) +
 * TICK_MS. (include/linux/delay.h says "at most one tick more", which is
 * d + TICK_MS: true only when d is a whole number of ticks; msleep(25)
 * may take 40 ms.) On top of that comes waking up: the boot CPU's tick
 * wakes the thread, with an IPI if it sleeps on another CPU, and under
 * QEMU every vCPU is a host thread that the host may run late: measured
 * 0.3 to 4.5 ms on a two-core host running four vCPUs. So 5 ms is allowed.
 *
 * A host that is busy with other work can delay one wake-up by tens of
 * milliseconds now and then, which says nothing about the kernel. So
 * each length is slept SLEEP_PASSES times, and the upper bound applies to
 * the shortest of them: a kernel that oversleeps does so every time.
 *
 * The lower bound, the promise in linux/delay.h, applies to every single
 * sleep. msleep counts ticks, so it keeps that promise only if ticks come
 * on time: when the tick that a sleep starts in arrives late and the next
 * ones catch up, the sleep ends early, and this test says so (with the
 * ticks counted, to tell that from a clock gone wrong).
 */
#define SLEEP_ALLOWANCE_US	5000

static unsigned int sleep_max_us(unsigned int ms)
{
	return (DIV_ROUND_UP(ms, TICK_MS) + 1) * TICK_MS * 1000 + SLEEP_ALLOWANCE_US;
}

struct sleeper {
	unsigned int cpu;
	u32 slept_us[NR_SLEEPS];
	unsigned long slept_ticks[NR_SLEEPS];	/* jiffies that passed */
	struct completion *done;
};

static int sleeper_fn(void *data)
{
	struct sleeper *s = data;
	unsigned int i;

	for (i = 0; i < NR_SLEEPS; i++) {
		unsigned long j0 = jiffies;
		u64 t0 = ktime_get_ns();

		msleep(sleep_ms[i % ARRAY_SIZE(sleep_ms)]);
		s->slept_us[i] = selftest_ns_to_us(ktime_get_ns() - t0);
		s->slept_ticks[i] = jiffies - j0;
	}
	complete(s->done);
	return 0;
}

struct msleep_test {
	struct sleeper sleepers[NR_CPUS];
	struct task_struct *tasks[NR_CPUS];
	unsigned int cpus[NR_CPUS];
	struct completion done;
};

static void check_sleeper(struct sleeper *s)
{
	char line[256];
	unsigned int k, pass, len;

	len = scnprintf(line, sizeof(line), "msleep: CPU %u:", s->cpu);
	for (k = 0; k < ARRAY_SIZE(sleep_ms); k++) {
		unsigned int ms = sleep_ms[k];
		u32 shortest = ~0u;

		len += scnprintf(line + len, sizeof(line) - len, " %u->", ms);
		for (pass = 0; pass < SLEEP_PASSES; pass++) {
			unsigned int i = pass * ARRAY_SIZE(sleep_ms) + k;
			u32 us = s->slept_us[i];

			len += scnprintf(line + len, sizeof(line) - len, "%s%u.%03u",
					 pass ? "," : "", US_MS(us));
			shortest = min(shortest, us);
			if (us < ms * 1000)
				selftest_fail("msleep(%u) on CPU %u to take at least %u ms, "
					      "saw %u.%03u ms (%lu ticks)", ms, s->cpu, ms,
					      US_MS(us), s->slept_ticks[i]);
		}
		if (shortest > sleep_max_us(ms))
			selftest_fail("msleep(%u) on CPU %u to take at most %u.%03u ms (the "
				      "shortest of %u), saw %u.%03u ms", ms, s->cpu,
				      US_MS(sleep_max_us(ms)), SLEEP_PASSES, US_MS(shortest));
	}
	printf("%s ms\n", line);
}

/* Every online CPU sleeps the whole list at the same time, twice. */
int selftest_msleep(int argc, char **argv)
{
	struct msleep_test *d = kzalloc(sizeof(*d), GFP_KERNEL);
	unsigned int i, n, got;

	if (!d)
		return selftest_fail("memory for the test, saw none");
	init_completion(&d->done);
	n = selftest_online_cpus(d->cpus);
	for (i = 0; i < n; i++) {
		d->sleepers[i].cpu = d->cpus[i];
		d->sleepers[i].done = &d->done;
		d->tasks[i] = selftest_thread_on(sleeper_fn, &d->sleepers[i], d->cpus[i],
						 "st-sleep/%u", d->cpus[i]);
		if (IS_ERR(d->tasks[i]))
			return selftest_fail("a thread for CPU %u, saw error %ld", d->cpus[i],
					     PTR_ERR(d->tasks[i]));
	}
	got = selftest_wait_completions(&d->done, n, 3000);
	if (got != n)
		return selftest_fail("%u sleeping threads to finish within 3 s, saw %u", n, got);
	if (selftest_stop_threads(d->tasks, n, NULL, 1000))
		return selftest_fail("the sleeping threads to end, they did not");
	printf("msleep: asked->measured (%u times); each at least d, the shortest at most "
	       "roundup(d, %u) + %u + %u.%03u ms\n", SLEEP_PASSES, TICK_MS, TICK_MS,
	       US_MS(SLEEP_ALLOWANCE_US));
	for (i = 0; i < n; i++)
		check_sleeper(&d->sleepers[i]);
	kfree(d);
	return selftest_failed();
}

/* ---- clock ------------------------------------------------------------------------ */

#define CLOCK_CHECK_MS		2
#define CLOCK_CHECK_RUNS	40
#define CLOCK_TOLERANCE_PPM	2000	/* 0.2% */

/*
 * The clock's rate found at boot (the best of two or three 2 ms windows
 * against the PIT, arch/x86/pit.c) against the best of forty such windows now. A
 * window can only count too many cycles (a late poll, the host running
 * another vCPU), so the best of forty is the truest figure this method
 * gives; the boot's windows must have found it to within 0.2%. (Longer
 * windows are no better here: on a loaded host every one of them is
 * interrupted.)
 */
int selftest_clock(int argc, char **argv)
{
	u32 boot = clock_khz, check = arch_clock_measure_khz(CLOCK_CHECK_MS, CLOCK_CHECK_RUNS);
	u64 ppm = (u64)(boot > check ? boot - check : check - boot) * 1000000;

	do_div(ppm, check);	/* no 64-bit division in the kernel */

	printf("clock: boot %u.%03u MHz (2 ms windows), check %u.%03u MHz (best of %u x %u ms), "
	       "%s by %u ppm\n",
	       boot / 1000, boot % 1000, check / 1000, check % 1000, CLOCK_CHECK_RUNS,
	       CLOCK_CHECK_MS, boot >= check ? "above" : "below", (u32)ppm);
	if (ppm > CLOCK_TOLERANCE_PPM)
		return selftest_fail("the boot's clock rate within %u ppm of the best of %u, "
				     "saw %u ppm", CLOCK_TOLERANCE_PPM, CLOCK_CHECK_RUNS, (u32)ppm);
	return 0;
}
