/*
 * Time since boot: jiffies count timer ticks, ktime_get_ns() reads the
 * architecture's fine clock (the TSC on x86) scaled to nanoseconds.
 */
#include <linux/kernel.h>
#include <modlab/time.h>

volatile unsigned long jiffies;

static u64 clock_base;		/* clock reading at time_mark_boot() */
static u32 ns_mult;		/* nanoseconds per clock cycle, times 2^32 */

void time_mark_boot(void)
{
	clock_base = arch_clock_read();
}

void time_init(u32 khz)
{
	u64 m = (u64)1000000 << 32;	/* 10^6 ns per ms, as a 32.32 fixed-point */

	div_u64_rem(&m, khz);		/* cycles per ms = khz */
	ns_mult = (u32)m;
	pr_info("time: clock runs at %u.%03u MHz, tick at %u Hz\n", khz / 1000, khz % 1000, HZ);
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

void timer_tick(void)
{
	jiffies++;
}
