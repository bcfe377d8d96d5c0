// SPDX-License-Identifier: GPL-2.0
/*
 * irq_share_example.c - listen on the keyboard's interrupt line, IRQ 1,
 * beside the keyboard driver (IRQF_SHARED), counting interrupts and
 * leaving the scancodes to the driver: this handler never reads the data
 * port, and returns IRQ_NONE, since the interrupt is not its device's.
 * A tasklet reports the count outside the handler.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/atomic.h>

#define KBD_IRQ 1

struct listener {
	atomic_t count;
	struct tasklet_struct report;
};

static struct listener listener;

static void report_fn(struct tasklet_struct *t)
{
	struct listener *l = from_tasklet(l, t, report);

	pr_info("irq_share_example: %d interrupts so far\n", atomic_read(&l->count));
}

static irqreturn_t kbd_listener(int irq, void *dev_id)
{
	struct listener *l = dev_id;

	atomic_inc(&l->count);
	if (in_interrupt())
		tasklet_schedule(&l->report);
	return IRQ_NONE;
}

static int __init irq_share_example_init(void)
{
	int err;

	tasklet_setup(&listener.report, report_fn);
	/* The keyboard driver shares the line; without IRQF_SHARED we are
	 * refused. */
	err = request_irq(KBD_IRQ, kbd_listener, IRQF_PROBE_SHARED, "irq_share_example",
			  &listener);
	pr_info("irq_share_example: unshared request returned %d\n", err);
	if (!err)
		free_irq(KBD_IRQ, &listener);
	err = request_irq(KBD_IRQ, kbd_listener, IRQF_SHARED, "irq_share_example", &listener);
	if (err) {
		pr_err("irq_share_example: cannot share IRQ %d: %d\n", KBD_IRQ, err);
		return err;
	}
	pr_info("irq_share_example: listening on IRQ %d\n", KBD_IRQ);
	return 0;
}

static void __exit irq_share_example_exit(void)
{
	const char *name = free_irq(KBD_IRQ, &listener);

	tasklet_kill(&listener.report);
	pr_info("irq_share_example: %s saw %d interrupts on IRQ %d\n", name,
		atomic_read(&listener.count), KBD_IRQ);
}

module_init(irq_share_example_init);
module_exit(irq_share_example_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Sharing the keyboard's interrupt line");
