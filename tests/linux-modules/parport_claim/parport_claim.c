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

static unsigned long base = 0x378;
module_param(base, ulong, 0444);
MODULE_PARM_DESC(base, "the port's first register (0x378: LPT1)");

#define NR_PORTS	3

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
