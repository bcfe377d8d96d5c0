/*
 * The 8253/8254 programmable interval timer, used as a stopwatch (channel
 * 2) to measure the TSC's rate against at boot. The tick itself comes from
 * each CPU's local APIC timer (apic.c).
 */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <modlab/time.h>

#define PIT_HZ		1193182u	/* the PIT's input clock */
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PORT_B		0x61		/* bit 0: channel 2 gate, bit 5: channel 2 output */

#define CALIBRATE_MS	2
#define CALIBRATE_RUNS	3
#define PIT_MAX_MS	54	/* the longest window a 16-bit count gives */

u64 arch_clock_read(void)
{
	return rdtsc();
}

/*
 * Count TSC cycles while channel 2 counts down ms milliseconds in mode 0
 * (its output goes high at zero, which port B bit 5 shows).
 *
 * The TSC is read before the write that starts the count and after the
 * poll that sees it end, so anything that delays us (an interrupt, the
 * host running another vCPU) can only add cycles, never hide some: a
 * measurement is never short, and the smallest of a few is the truest.
 */
static u64 measure_once(unsigned int ms)
{
	u16 count = PIT_HZ * ms / 1000;
	u64 t0, t1;
	u8 b = inb(PORT_B);

	outb((b & ~0x02) | 0x01, PORT_B);	/* gate on, speaker off */
	outb(0xb0, PIT_CMD);			/* channel 2, lo/hi byte, mode 0 */
	outb(count & 0xff, PIT_CH2);
	t0 = rdtsc();
	outb(count >> 8, PIT_CH2);		/* the count starts now */
	while (!(inb(PORT_B) & 0x20))
		;
	t1 = rdtsc() - t0;
	outb(b, PORT_B);
	return t1;
}

/* The clock's rate in kHz (cycles per ms), from the best of runs windows of
 * ms milliseconds each (ms at most PIT_MAX_MS), interrupts off in each. */
u32 arch_clock_measure_khz(unsigned int ms, unsigned int runs)
{
	u64 best = ~0ull, t;
	unsigned long flags;
	unsigned int i;

	if (ms > PIT_MAX_MS)
		ms = PIT_MAX_MS;
	for (i = 0; i < runs; i++) {
		local_irq_save(flags);
		t = measure_once(ms);
		local_irq_restore(flags);
		if (t < best)
			best = t;
	}
	do_div(best, ms);
	return (u32)best;
}

/*
 * How right this is. A window's error is what the poll loop adds at its
 * two ends (one port read each, about a microsecond under QEMU) plus up to
 * one PIT period (0.84 us) before the count starts: a few microseconds in
 * 2 ms, some 0.1%, always too many cycles, so the clock can only run slow,
 * which makes sleeps a little long and never short. A host that runs
 * another vCPU mid-window spoils that window; the best of three is kept.
 * Boots agree to within about 100 ppm here, and `selftest clock` checks
 * the result against the best of forty windows (within 0.2%).
 */
u32 arch_clock_init(void)
{
	return arch_clock_measure_khz(CALIBRATE_MS, CALIBRATE_RUNS);
}
