// SPDX-License-Identifier: GPL-2.0
/*
 * parport_claim: claims the PC parallel port's three registers and checks
 * its data latch: what is written to the data register reads back, with
 * plain port I/O and through an ioport_map token.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/ioport.h>
#include <linux/io.h>
#include <linux/interrupt.h>
#include <linux/delay.h>

static unsigned long base = 0x378;
module_param(base, ulong, 0444);
MODULE_PARM_DESC(base, "the port's first register (0x378: LPT1)");

static int probe;
module_param(probe, int, 0444);
MODULE_PARM_DESC(probe, "1: find the IRQ by making the port interrupt; 2: probe a quiet port");

#define NR_PORTS	3
#define STATUS		(base + 1)
#define CONTROL		(base + 2)
/* Control register bits (active levels as the port's registers hold them). */
#define CTR_STROBE	0x01
#define CTR_INIT	0x04
#define CTR_SELECT	0x08
#define CTR_INTEN	0x10

/*
 * Autoprobe: with interrupts enabled on the port, a strobe pulse makes it
 * raise its line (as a printer's acknowledge would). probe=2 enables the
 * interrupt but sends no pulse, so the probe must find nothing.
 */
static void find_irq(void)
{
	unsigned long lines;
	int irq, i;

	lines = probe_irq_on();
	outb(CTR_INTEN | CTR_SELECT | CTR_INIT | CTR_STROBE, CONTROL);
	if (probe == 1)
		outb(CTR_INTEN | CTR_SELECT | CTR_INIT, CONTROL);
	/* Give the interrupt time to arrive: all ISA lines go to one CPU,
	 * which (in a virtual machine) may not run for a while. */
	for (i = 0; i < 100 && !probe_irq_mask(lines); i++)
		msleep(1);
	irq = probe_irq_off(lines);
	/* Interrupts off with the strobe line still set (dropping it would
	 * be a pulse, and with the interrupt enabled, an interrupt); then
	 * read the status, which acknowledges any interrupt pending. */
	outb(CTR_SELECT | CTR_INIT | CTR_STROBE, CONTROL);
	inb(STATUS);
	if (irq > 0)
		pr_info("parport_claim: probe found IRQ %d\n", irq);
	else if (irq == 0)
		pr_info("parport_claim: probe found no IRQ\n");
	else
		pr_info("parport_claim: probe found several IRQs (first %d)\n", -irq);
}

static long secs = -7;
module_param(secs, long, 0444);
static long div = 1000000000;
module_param(div, long, 0444);

/* 64-bit '/' and '%' as a driver for 64-bit Linux writes them (gcc calls
 * its helpers for them on i686): the remainder has the dividend's sign. */
static void report_time(long seconds)
{
	s64 ns = (s64)seconds * 1000000000 - 1;
	u64 mag = ns < 0 ? -(u64)ns : (u64)ns;

	pr_info("parport_claim: %lld ns = %lld s %lld ns; %llu %% 7 = %llu\n", ns, ns / div,
		ns % div, mag, mag % 7);
}

static int __init parport_claim_init(void)
{
	void __iomem *regs;
	u8 a, b;

	if (!request_region(base, NR_PORTS, "parport_claim")) {
		pr_err("parport_claim: ports %#lx-%#lx are taken\n", base, base + NR_PORTS - 1);
		return -EBUSY;
	}
	outb(0x5a, base);
	a = inb(base);
	regs = ioport_map(base, NR_PORTS);
	iowrite8(0xa5, regs);
	b = ioread8(regs);
	ioport_unmap(regs);
	outb_p(0, base);
	pr_info("parport_claim: data latch read %#x after 0x5a, %#x after 0xa5\n", a, b);
	if (probe)
		find_irq();
	report_time(secs);
	return 0;
}

static void __exit parport_claim_exit(void)
{
	release_region(base, NR_PORTS);
	pr_info("parport_claim: released %#lx\n", base);
}

module_init(parport_claim_init);
module_exit(parport_claim_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Claims the parallel port and checks its data latch");
