// SPDX-License-Identifier: GPL-2.0
/*
 * tasklet_example.c - tasklets, old style (func(data)) and new style
 * (callback(t) with from_tasklet).
 *
 * Init schedules both and busy-waits spin_ms (200) ms, so the tasklets run in the
 * middle of init, at an interrupt's exit on this CPU: the log shows
 * "starts" and "ends" between "init" and "init continues".
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/moduleparam.h>

static int spin_ms = 200;
module_param(spin_ms, int, 0444);
MODULE_PARM_DESC(spin_ms, "how long init busy-waits for the tasklets");

static void old_style_fn(unsigned long data)
{
	pr_info("tasklet_example: old-style tasklet starts (data %lu)\n", data);
	mdelay(5);
	pr_info("tasklet_example: old-style tasklet ends\n");
}

static DECLARE_TASKLET_OLD(old_tasklet, old_style_fn);

struct my_device {
	int events;
	struct tasklet_struct bh;
};

static struct my_device dev;

static void new_style_fn(struct tasklet_struct *t)
{
	struct my_device *d = from_tasklet(d, t, bh);

	d->events++;
	pr_info("tasklet_example: new-style tasklet ran, events=%d, in_softirq=%d\n", d->events,
		in_softirq() ? 1 : 0);
}

static int __init tasklet_example_init(void)
{
	pr_info("tasklet_example: init\n");
	tasklet_setup(&dev.bh, new_style_fn);
	tasklet_schedule(&old_tasklet);
	tasklet_hi_schedule(&dev.bh);
	tasklet_hi_schedule(&dev.bh);	/* still pending: runs once */
	mdelay(spin_ms);
	pr_info("tasklet_example: init continues, events=%d\n", dev.events);
	return 0;
}

static void __exit tasklet_example_exit(void)
{
	tasklet_kill(&old_tasklet);
	tasklet_kill(&dev.bh);
	pr_info("tasklet_example: exit\n");
}

module_init(tasklet_example_init);
module_exit(tasklet_example_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Tasklet example");
