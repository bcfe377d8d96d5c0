/*
 * What the `bench` command's files share (bench.c, bench_modules.c).
 *
 * Every figure is timed with the TSC and converted to nanoseconds with a
 * factor measured by bench_calibrate(); it is printed by bench_print() as
 * one machine-readable line:
 *
 *	bench: NAME median=X min=Y max=Z n=N
 *	bench: NAME skipped reason=WHY
 *	bench: NAME error=CODE
 */
#ifndef _TESTS_KERNEL_BENCH_H
#define _TESTS_KERNEL_BENCH_H

#include <linux/types.h>

#define BENCH_CPU	0	/* where the measuring thread runs */

/* A figure: median, minimum and maximum, in tenths of a nanosecond (or of whatever
 * unit its name says), or in whole units if 'whole' is set (figures that
 * can reach seconds, which tenths of a nanosecond in 32 bits cannot). */
struct bench_figure {
	char name[48];
	const char *skipped;	/* reason, or NULL if measured */
	int error;		/* a call failed with this code */
	u32 median_x10;
	u32 min_x10;
	u32 max_x10;
	unsigned int n;
	bool tenths;		/* print with one decimal (cheap operations) */
	bool whole;		/* the values are whole units, not tenths */
};

/* Measure the TSC against ktime_get_ns() (about 20 ms). */
void bench_calibrate(void);
/* cycles -> tenths of a nanosecond, divided by 'per' operations. */
u32 bench_cycles_to_ns_x10(u32 cycles, u32 per);
/* cycles -> whole nanoseconds, saturated at 2^32 - 1 (4.29 s). */
u32 bench_cycles_to_ns(u64 cycles);
/* TSC cycles between two readings, saturated to 32 bits. */
u32 bench_elapsed(u64 t0, u64 t1);
void bench_sort_u32(u32 *v, unsigned int n);
/* Raw samples (cycles, each covering 'per' operations) into a figure;
 * sorts and overwrites the samples. */
void bench_finish(struct bench_figure *f, u32 *cycles, unsigned int n, u32 per);
/* Samples already in the figure's unit (tenths, or whole units if
 * f->whole) into a figure; sorts them. */
void bench_finish_values(struct bench_figure *f, u32 *v, unsigned int n);
void bench_reset(struct bench_figure *f);
void bench_print(const struct bench_figure *f);

/* The subcommands (bench_modules.c): run() in the measuring thread, bound
 * to BENCH_CPU; report() afterwards in the shell's thread. */
void bench_modules_run(void);
void bench_modules_report(void);
void bench_refcount_run(void);
void bench_refcount_report(void);

#endif
