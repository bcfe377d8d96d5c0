/*
 * The 8253/8254 programmable interval timer: the tick (channel 0 on IRQ 0)
 * and a stopwatch (channel 2) to measure the TSC's rate against.
 */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <modlab/time.h>
#include <modlab/irq.h>

#define PIT_HZ		1193182u	/* the PIT's input clock */
#define PIT_CH0		0x40
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PORT_B		0x61		/* bit 0: channel 2 gate, bit 5: channel 2 output */

#define CALIBRATE_MS	10

static void pit_interrupt(unsigned int irq, void *dev)
{
	timer_tick();
}

void arch_timer_init(void)
{
	u16 divisor = PIT_HZ / HZ;

	outb(0x34, PIT_CMD);		/* channel 0, lo/hi byte, mode 2 (rate generator) */
	outb(divisor & 0xff, PIT_CH0);
	outb(divisor >> 8, PIT_CH0);
	request_irq(0, pit_interrupt, "timer", NULL);
}

u64 arch_clock_read(void)
{
	return rdtsc();
}

/*
 * Count TSC cycles while channel 2 counts down CALIBRATE_MS milliseconds
 * in mode 0 (its output goes high at zero, which port B bit 5 shows).
 */
u32 arch_clock_init(void)
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

	div_u64_rem(&t1, CALIBRATE_MS);		/* cycles per ms = kHz */
	return (u32)t1;
}
