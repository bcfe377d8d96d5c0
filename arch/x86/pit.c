/*
 * The 8253/8254 programmable interval timer, used as a stopwatch (channel
 * 2) to measure the TSC's rate against at boot, and in the same windows the
 * rate of the local APIC timer, which makes the tick (apic.c).
 */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <asm/apic.h>
#include <modlab/time.h>

#define PIT_HZ		1193182u	/* the PIT's input clock */
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PORT_B		0x61		/* bit 0: channel 2 gate, bit 5: channel 2 output */

#define CALIBRATE_MS		2
#define CALIBRATE_RUNS		3	/* at most */
#define CALIBRATE_AGREE_PPM	1000	/* two windows this close were both undisturbed */
#define PIT_MAX_MS		54	/* the longest window a 16-bit count gives */

u64 arch_clock_read(void)
{
	return rdtsc();
}

/* One window: TSC cycles, and APIC timer counts if asked for. */
struct window {
	u64 cycles;
	u32 timer_counts;
};

/*
 * Count TSC cycles while channel 2 counts down ms milliseconds in mode 0
 * (its output goes high at zero, which port B bit 5 shows), and with
 * timer, the APIC timer's counts over the same window (it must be running
 * free: lapic_timer_free_run).
 *
 * The TSC is read before the write that starts the count and after the
 * poll that sees it end, so anything that delays us (an interrupt, the
 * host running another vCPU) can only add cycles, never hide some: a
 * measurement is never short, and the smallest of a few is the truest. The
 * APIC timer is read just outside the two TSC reads, so its window is
 * longer by two register reads, well under a microsecond.
 */
static void measure_once(unsigned int ms, bool timer, struct window *w)
{
	u16 count = PIT_HZ * ms / 1000;
	u32 a0 = 0, a1 = 0;
	u64 t0, t1;
	u8 b = inb(PORT_B);

	outb((b & ~0x02) | 0x01, PORT_B);	/* gate on, speaker off */
	outb(0xb0, PIT_CMD);			/* channel 2, lo/hi byte, mode 0 */
	outb(count & 0xff, PIT_CH2);
	if (timer)
		a0 = lapic_timer_count();
	t0 = rdtsc();
	outb(count >> 8, PIT_CH2);		/* the count starts now */
	while (!(inb(PORT_B) & 0x20))
		;
	t1 = rdtsc();
	if (timer)
		a1 = lapic_timer_count();
	outb(b, PORT_B);
	w->cycles = t1 - t0;
	w->timer_counts = a0 - a1;		/* the APIC timer counts down */
}

static u32 per_ms(u64 counts, unsigned int ms)
{
	do_div(counts, ms);
	return (u32)counts;
}

/* The clock's rate in kHz (cycles per ms), from the best of runs windows of
 * ms milliseconds each (ms at most PIT_MAX_MS), interrupts off in each. */
u32 arch_clock_measure_khz(unsigned int ms, unsigned int runs)
{
	struct window w;
	u64 best = ~0ull;
	unsigned long flags;
	unsigned int i;

	if (ms > PIT_MAX_MS)
		ms = PIT_MAX_MS;
	for (i = 0; i < runs; i++) {
		local_irq_save(flags);
		measure_once(ms, false, &w);
		local_irq_restore(flags);
		best = min(best, w.cycles);
	}
	return per_ms(best, ms);
}

static bool windows_agree(const struct window *a, const struct window *b)
{
	u64 lo = min(a->cycles, b->cycles), hi = max(a->cycles, b->cycles);

	return (hi - lo) * 1000000 <= lo * CALIBRATE_AGREE_PPM;
}

/*
 * How right this is. A window's error is what the poll loop adds at its
 * two ends (one port read each, about a microsecond under QEMU) plus up to
 * one PIT period (0.84 us) before the count starts: a few microseconds in
 * 2 ms, some 0.1%, always too many cycles, so the clock can only run slow,
 * which makes sleeps a little long and never short. A host that runs
 * another vCPU mid-window spoils that window by far more (a host's time
 * slice is milliseconds), so two windows in a row that agree to within
 * 0.1% were both undisturbed and the boot stops there; otherwise it goes
 * on to a third and keeps the best. Boots agree to within about 100 ppm
 * here, and `selftest clock` checks the result against the best of forty
 * windows (within 0.2%). The APIC timer's rate is read off the same best
 * window, so the tick is as right as the clock without a window of its own.
 */
u32 arch_clock_init(void)
{
	struct window w[CALIBRATE_RUNS], *best = &w[0];
	unsigned long flags;
	unsigned int i;

	lapic_timer_free_run();
	for (i = 0; i < CALIBRATE_RUNS; i++) {
		local_irq_save(flags);
		measure_once(CALIBRATE_MS, true, &w[i]);
		local_irq_restore(flags);
		if (w[i].cycles < best->cycles)
			best = &w[i];
		if (i && windows_agree(&w[i - 1], &w[i]))
			break;
	}
	lapic_timer_set_rate(per_ms(best->timer_counts, CALIBRATE_MS));
	return per_ms(best->cycles, CALIBRATE_MS);
}
