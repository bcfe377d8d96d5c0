/*
 * Reading the clocks, with Linux's names.
 *
 * - monotonic (ktime_get, ktime_get_ns, ktime_get_ts64): since boot, from
 *   the TSC; never goes back.
 * - boottime (ktime_get_boottime...): the same here, since modlab never
 *   suspends.
 * - real (ktime_get_real, ktime_get_real_ts64, ktime_get_real_seconds):
 *   the wall clock, UTC since 1970: the CMOS clock read once at boot plus
 *   the monotonic time since. Nothing sets it later.
 * All may be called from any context.
 */
#ifndef _LINUX_TIMEKEEPING_H
#define _LINUX_TIMEKEEPING_H

#include <linux/ktime.h>
#include <linux/time64.h>
#include <modlab/time.h>	/* ktime_get_ns */

/* The wall clock at boot, in nanoseconds since 1970 (kernel/time.c). */
extern s64 boot_real_ns;

static inline ktime_t ktime_get(void)
{
	return (ktime_t)ktime_get_ns();
}

#define ktime_get_raw()			ktime_get()
#define ktime_get_raw_ns()		ktime_get_ns()
#define ktime_get_mono_fast_ns()	ktime_get_ns()
#define ktime_get_boottime()		ktime_get()
#define ktime_get_boottime_ns()		ktime_get_ns()
#define ktime_get_coarse()		ktime_get()

static inline ktime_t ktime_get_real(void)
{
	return READ_ONCE(boot_real_ns) + ktime_get();
}

static inline u64 ktime_get_real_ns(void)
{
	return ktime_get_real();
}

#define ktime_get_clocktai()		ktime_get_real()

static inline void ktime_get_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(ktime_get());
}

#define ktime_get_boottime_ts64(ts)	ktime_get_ts64(ts)
#define ktime_get_raw_ts64(ts)		ktime_get_ts64(ts)

static inline void ktime_get_real_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(ktime_get_real());
}

#define ktime_get_coarse_real_ts64(ts)	ktime_get_real_ts64(ts)

/* Whole seconds of the monotonic and the real clock. */
time64_t ktime_get_seconds(void);
time64_t ktime_get_real_seconds(void);

#endif
