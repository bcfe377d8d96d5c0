/* Kernel time: the tick counter (jiffies) and a fine clock since boot. */
#ifndef _MODLAB_TIME_H
#define _MODLAB_TIME_H

#include <linux/types.h>

#define HZ		100	/* timer ticks per second */
#define NSEC_PER_SEC	1000000000ull
#define NSEC_PER_MSEC	1000000u

extern volatile unsigned long jiffies;
extern u32 clock_khz;		/* the fine clock's rate (the CPU's, for the TSC) */

/* Nanoseconds since the clock was set up at boot (0 until then). */
u64 ktime_get_ns(void);

/*
 * Kernel-only from here: modules reach this header through Linux-named
 * ones, and a module's own names must not collide with these (Linux does
 * not declare them).
 */
#ifndef MODULE
/* The architecture's tick interrupt calls this HZ times a second. */
void timer_tick(void);

/* arch: start the fine clock (returns the rate it found, in kHz) and the tick. */
u32 arch_clock_init(void);
/* The clock's rate in kHz measured again, best of runs windows of ms (<= 54)
 * milliseconds each against the PIT; spins with interrupts off. For tests. */
u32 arch_clock_measure_khz(unsigned int ms, unsigned int runs);
u64 arch_clock_read(void);
void arch_timer_init(void);
/* arch: the battery-backed clock, in seconds since 1970 UTC (0 if none). */
s64 arch_read_persistent_clock(void);

/* Note the clock's value as boot time (the first thing the kernel does). */
void time_mark_boot(void);
/* Start converting the clock, which runs at khz kilohertz, to time. */
void time_init(u32 khz);

void run_local_timers(void);
#endif /* !MODULE */

#endif
