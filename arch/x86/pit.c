/*
 * The 8253/8254 programmable interval timer, used as a stopwatch (channel
 * 2) to measure the TSC's rate against at boot. The tick itself comes from
 * each CPU's local APIC timer (apic.c).
 */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <modlab/time.h>

#define PIT_HZ		1193182u	/* the PIT's input clock */
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PORT_B		0x61		/* bit 0: channel 2 gate, bit 5: channel 2 output */

#define CALIBRATE_MS	2
#define CALIBRATE_RUNS	3

u64 arch_clock_read(void)
{
	return rdtsc();
}

/*
 * Count TSC cycles while channel 2 counts down CALIBRATE_MS milliseconds
 * in mode 0 (its output goes high at zero, which port B bit 5 shows).
 */
static u64 measure_once(void)
{
	u16 count = PIT_HZ * CALIBRATE_MS / 1000;
	u64 t0, t1;
	u8 b = inb(PORT_B);

	outb((b & ~0x02) | 0x01, PORT_B);	/* gate on, speaker off */
	outb(0xb0, PIT_CMD);			/* channel 2, lo/hi byte, mode 0 */
	outb(count & 0xff, PIT_CH2);
	outb(count >> 8, PIT_CH2);
	t0 = rdtsc();
	while (!(inb(PORT_B) & 0x20))
		;
	t1 = rdtsc() - t0;
	outb(b, PORT_B);
	return t1;
}

/* A delay (the host busy elsewhere) can only add cycles to a measurement,
 * so the smallest of a few is the truest. */
u32 arch_clock_init(void)
{
	u64 best = ~0ull, t;
	int i;

	for (i = 0; i < CALIBRATE_RUNS; i++) {
		t = measure_once();
		if (t < best)
			best = t;
	}
	do_div(best, CALIBRATE_MS);	/* cycles per ms = kHz */
	return (u32)best;
}
