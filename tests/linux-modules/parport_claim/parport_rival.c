// SPDX-License-Identifier: GPL-2.0
/*
 * parport_rival: wants the parallel port's control register alone; it
 * cannot load while parport_claim holds the port.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/ioport.h>

#define CONTROL	0x37a

static int __init parport_rival_init(void)
{
	if (!request_region(CONTROL, 1, "parport_rival"))
		return -EBUSY;
	pr_info("parport_rival: has %#x\n", CONTROL);
	return 0;
}

static void __exit parport_rival_exit(void)
{
	release_region(CONTROL, 1);
}

module_init(parport_rival_init);
module_exit(parport_rival_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Claims the parallel port's control register");
