/*
 * 'bench': in-kernel latency figures for tools/bench/smp.py.
 *
 * Each figure is timed with the TSC (rdtsc) and converted to nanoseconds
 * with a factor measured against ktime_get_ns() at the start of the run.
 * Every figure is repeated many times; the median, minimum and maximum are
 * printed, one machine-readable line each:
 *
 *	bench: cpus online=4
 *	bench: ipi_roundtrip_ns median=5321 min=4100 max=9120 n=1000
 *	...
 *	bench: done
 *
 * A figure that cannot be measured here prints "NAME skipped reason=...".
 *
 * The measuring is done by a thread bound to CPU 0 (the shell thread may
 * run on any CPU); the shell thread sleeps until it has finished and then
 * prints the results, so printing does not disturb the measurements.
 *
 * `bench modules` and `bench refcount` (bench_modules.c) time the module
 * loader and reference-count schemes the same way, with the same output.
 */
#include <linux/kernel.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <asm/processor.h>
#include <modlab/console.h>
#include <modlab/percpu.h>
#include <modlab/shell.h>
#include <modlab/time.h>
#include "bench.h"

#define IPI_REPS		1000
#define STOP_REPS		200
#define SWITCH_REPS		1000	/* round trips: two switches each */
#define PAIR_REPS		200
#define PAIR_BATCH		1000	/* pairs timed together in one rep */
#define WARMUP			20

enum { F_IPI, F_STOP, F_STOP_ENTRY, F_SWITCH, F_PREEMPT, F_SPIN, NR_FIGURES };

static struct bench_figure figures[NR_FIGURES] = {
	[F_IPI]		= { .name = "ipi_roundtrip_ns" },
	[F_STOP]	= { .name = "stop_machine_ns" },
	[F_STOP_ENTRY]	= { .name = "stop_machine_entry_ns" },
	[F_SWITCH]	= { .name = "ctxswitch_ns" },
	[F_PREEMPT]	= { .name = "preempt_pair_ns", .tenths = true },
	[F_SPIN]	= { .name = "spin_pair_ns", .tenths = true },
};

static u64 ns_per_cycle_x24;	/* nanoseconds per TSC cycle, times 2^24 */
static DECLARE_COMPLETION(bench_done);
static int bench_running;

/* ---------------------------------------------------------------- helpers */

/* Measure the TSC against ktime_get_ns() over about 20 ms. */
void bench_calibrate(void)
{
	u64 c0, c1, n0, n1, m;

	n0 = ktime_get_ns();
	c0 = rdtsc();
	udelay(20000);
	n1 = ktime_get_ns();
	c1 = rdtsc();
	m = (n1 - n0) << 24;
	do_div(m, (u32)(c1 - c0));
	ns_per_cycle_x24 = m;
}

/* cycles -> tenths of a nanosecond, divided by 'per' operations. The
 * product stays below 2^64 for clocks above 1/16 GHz. */
u32 bench_cycles_to_ns_x10(u32 cycles, u32 per)
{
	u64 ns_x10 = ((u64)cycles * 10 * ns_per_cycle_x24) >> 24;

	do_div(ns_x10, per);
	return ns_x10 > 0xffffffffu ? 0xffffffffu : (u32)ns_x10;
}

void bench_sort_u32(u32 *v, unsigned int n)
{
	unsigned int gap, i, j;

	for (gap = n / 2; gap; gap /= 2)
		for (i = gap; i < n; i++) {
			u32 x = v[i];

			for (j = i; j >= gap && v[j - gap] > x; j -= gap)
				v[j] = v[j - gap];
			v[j] = x;
		}
}

/* cycles -> whole nanoseconds, saturated. */
u32 bench_cycles_to_ns(u64 cycles)
{
	u64 ns;

	if (cycles >> 36)
		return 0xffffffffu;	/* over 16 s at 4 GHz: off the scale anyway */
	ns = (cycles * ns_per_cycle_x24) >> 24;
	return ns > 0xffffffffu ? 0xffffffffu : (u32)ns;
}

/* Samples already in the figure's unit into a figure (sorts them). */
void bench_finish_values(struct bench_figure *f, u32 *v, unsigned int n)
{
	if (!n)
		return;
	bench_sort_u32(v, n);
	f->n = n;
	f->min_x10 = v[0];
	f->max_x10 = v[n - 1];
	f->median_x10 = n % 2 ? v[n / 2] : (u32)(((u64)v[n / 2 - 1] + v[n / 2]) / 2);
}

/* Turn raw samples (cycles, each covering 'per' operations) into a figure. */
void bench_finish(struct bench_figure *f, u32 *cycles, unsigned int n, u32 per)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		cycles[i] = bench_cycles_to_ns_x10(cycles[i], per);
	bench_finish_values(f, cycles, n);
}

u32 bench_elapsed(u64 t0, u64 t1)
{
	u64 d = t1 - t0;

	return d > 0xffffffffu ? 0xffffffffu : (u32)d;
}

/* ---------------------------------------------------------------- IPI */

static void empty_call(void *info)
{
}

static void bench_ipi(u32 *buf)
{
	struct bench_figure *f = &figures[F_IPI];
	unsigned int target = BENCH_CPU + 1, i;
	int err;

	if (target >= nr_cpu_ids || !cpu_online(target)) {
		f->skipped = "one_cpu";
		return;
	}
	for (i = 0; i < WARMUP + IPI_REPS; i++) {
		u64 t0, t1;

		t0 = rdtsc();
		err = smp_call_function_single(target, empty_call, NULL, 1);
		t1 = rdtsc();

		if (err) {
			f->error = err;
			return;
		}
		if (i >= WARMUP)
			buf[i - WARMUP] = bench_elapsed(t0, t1);
	}
	bench_finish(f, buf, IPI_REPS, 1);
}

/* ---------------------------------------------------------------- stop_machine */

static u64 stop_fn_entered;

static int stop_fn(void *data)
{
	WRITE_ONCE(stop_fn_entered, rdtsc());
	return 0;
}

static void bench_stop_machine(u32 *whole, u32 *entry)
{
	unsigned int i;
	int err;

	for (i = 0; i < WARMUP + STOP_REPS; i++) {
		u64 t0, t1;

		t0 = rdtsc();
		err = stop_machine(stop_fn, NULL);
		t1 = rdtsc();

		if (err) {
			figures[F_STOP].error = figures[F_STOP_ENTRY].error = err;
			return;
		}
		if (i >= WARMUP) {
			whole[i - WARMUP] = bench_elapsed(t0, t1);
			entry[i - WARMUP] = bench_elapsed(t0, READ_ONCE(stop_fn_entered));
		}
	}
	bench_finish(&figures[F_STOP], whole, STOP_REPS, 1);
	bench_finish(&figures[F_STOP_ENTRY], entry, STOP_REPS, 1);
}

/* ---------------------------------------------------------------- context switch */

/*
 * Two threads on one CPU hand a turn back and forth: each sets the turn to
 * the other, wakes it and sleeps until the turn comes back. Waking a thread
 * of the same CPU only queues it, so each hand-over is one switch, done by
 * the schedule() of the thread going to sleep.
 */
struct pingpong {
	struct task_struct *a, *b;
	int turn;		/* 0: a runs, 1: b runs */
};

static void wait_turn(struct pingpong *pp, int me)
{
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(pp->turn) == me || (me == 1 && kthread_should_stop()))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

static int pong_thread(void *data)
{
	struct pingpong *pp = data;

	for (;;) {
		wait_turn(pp, 1);
		if (kthread_should_stop())
			return 0;
		WRITE_ONCE(pp->turn, 0);
		wake_up_process(pp->a);
	}
}

static void bench_switch(u32 *buf)
{
	struct bench_figure *f = &figures[F_SWITCH];
	struct pingpong pp = { .a = current, .turn = 0 };
	struct task_struct *b;
	unsigned int i;

	b = kthread_create(pong_thread, &pp, "bench-pong");
	if (IS_ERR(b)) {
		f->error = (int)PTR_ERR(b);
		return;
	}
	kthread_bind(b, BENCH_CPU);
	pp.b = b;
	wake_up_process(b);

	for (i = 0; i < WARMUP + SWITCH_REPS; i++) {
		u64 t0, t1;

		t0 = rdtsc();
		WRITE_ONCE(pp.turn, 1);
		wake_up_process(b);
		wait_turn(&pp, 0);
		t1 = rdtsc();

		if (i >= WARMUP)
			buf[i - WARMUP] = bench_elapsed(t0, t1);
	}
	kthread_stop(b);
	bench_finish(f, buf, SWITCH_REPS, 2);
}

/* ---------------------------------------------------------------- cheap pairs */

static DEFINE_SPINLOCK(bench_lock);

static void bench_pairs(u32 *pre, u32 *spin)
{
	unsigned int i, j;

	for (i = 0; i < WARMUP + PAIR_REPS; i++) {
		u64 t0, t1, t2;

		t0 = rdtsc();
		for (j = 0; j < PAIR_BATCH; j++) {
			preempt_disable();
			preempt_enable();
		}
		t1 = rdtsc();
		for (j = 0; j < PAIR_BATCH; j++) {
			spin_lock(&bench_lock);
			spin_unlock(&bench_lock);
		}
		t2 = rdtsc();

		if (i >= WARMUP) {
			pre[i - WARMUP] = bench_elapsed(t0, t1);
			spin[i - WARMUP] = bench_elapsed(t1, t2);
		}
	}
	bench_finish(&figures[F_PREEMPT], pre, PAIR_REPS, PAIR_BATCH);
	bench_finish(&figures[F_SPIN], spin, PAIR_REPS, PAIR_BATCH);
}

/* ---------------------------------------------------------------- driver */

static void bench_smp_run(void)
{
	u32 *a = kmalloc(IPI_REPS * sizeof(u32), GFP_KERNEL);
	u32 *b = kmalloc(IPI_REPS * sizeof(u32), GFP_KERNEL);
	unsigned int i;

	for (i = 0; i < NR_FIGURES; i++)
		bench_reset(&figures[i]);
	if (!a || !b) {
		for (i = 0; i < NR_FIGURES; i++)
			figures[i].error = -ENOMEM;
	} else {
		bench_calibrate();
		bench_ipi(a);
		bench_stop_machine(a, b);
		bench_switch(a);
		bench_pairs(a, b);
	}
	kfree(a);
	kfree(b);
}

static void bench_smp_report(void)
{
	unsigned int i;

	for (i = 0; i < NR_FIGURES; i++)
		bench_print(&figures[i]);
}

/* `bench` alone, or `bench NAME`. */
static const struct bench_suite {
	const char *name;
	void (*run)(void);
	void (*report)(void);
} suites[] = {
	{ NULL, bench_smp_run, bench_smp_report },
	{ "modules", bench_modules_run, bench_modules_report },
	{ "refcount", bench_refcount_run, bench_refcount_report },
};

static int bench_thread(void *suite)
{
	((const struct bench_suite *)suite)->run();
	complete(&bench_done);
	return 0;
}

void bench_reset(struct bench_figure *f)
{
	f->skipped = NULL;
	f->error = 0;
	f->n = 0;
}

static void print_value(u32 v, const struct bench_figure *f)
{
	if (f->whole)
		printf("%u", v);
	else if (f->tenths)
		printf("%u.%u", v / 10, v % 10);
	else
		printf("%u", (u32)(((u64)v + 5) / 10));
}

void bench_print(const struct bench_figure *f)
{
	if (f->skipped) {
		printf("bench: %s skipped reason=%s\n", f->name, f->skipped);
	} else if (f->error || !f->n) {
		printf("bench: %s error=%d\n", f->name, f->error);
	} else {
		printf("bench: %s median=", f->name);
		print_value(f->median_x10, f);
		printf(" min=");
		print_value(f->min_x10, f);
		printf(" max=");
		print_value(f->max_x10, f);
		printf(" n=%u\n", f->n);
	}
}

static int cmd_bench(int argc, char **argv)
{
	const struct bench_suite *suite = NULL;
	struct task_struct *t;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(suites); i++)
		if (argc == 1 ? !suites[i].name
			      : argc == 2 && suites[i].name && !strcmp(argv[1], suites[i].name))
			suite = &suites[i];
	if (!suite) {
		printf("usage: bench [modules|refcount]\n");
		return 1;
	}
	if (__atomic_exchange_n(&bench_running, 1, __ATOMIC_ACQ_REL)) {
		printf("bench: already running\n");
		return 1;
	}
	reinit_completion(&bench_done);
	t = kthread_create(bench_thread, (void *)suite, "bench");
	if (IS_ERR(t)) {
		printf("bench: cannot create a thread: error %ld\n", PTR_ERR(t));
		WRITE_ONCE(bench_running, 0);
		return 1;
	}
	kthread_bind(t, BENCH_CPU);
	wake_up_process(t);
	wait_for_completion(&bench_done);

	printf("bench: cpus online=%u\n", num_online_cpus());
	suite->report();
	printf("bench: done\n");
	WRITE_ONCE(bench_running, 0);
	return 0;
}
SHELL_COMMAND("bench", cmd_bench, "[modules|refcount]",
	      "time IPIs, stop_machine, context switches, locks; the module loader; reference counts");
