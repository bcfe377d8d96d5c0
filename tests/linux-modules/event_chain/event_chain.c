// SPDX-License-Identifier: GPL-2.0
/*
 * event_chain - a module that offers a notifier chain to others.
 *
 * Other modules join with event_chain_register(). Writing a number N to
 * /proc/event_chain sends event N down the chain (a blocking chain: the
 * callbacks run in the writer's thread and may sleep) and then down an
 * atomic chain this module keeps for itself, with preemption off; the
 * write fails with the errno a callback put in its return value
 * (notifier_from_errno), if one did.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/notifier.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>

#include "event_chain.h"

static BLOCKING_NOTIFIER_HEAD(event_chain);
static ATOMIC_NOTIFIER_HEAD(event_atomic);

int event_chain_register(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&event_chain, nb);
}
EXPORT_SYMBOL_GPL(event_chain_register);

int event_chain_unregister(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&event_chain, nb);
}
EXPORT_SYMBOL_GPL(event_chain_unregister);

static int atomic_seen(struct notifier_block *nb, unsigned long event, void *data)
{
	pr_info("event_chain: atomic callback for event %lu, preemption %s\n", event,
		preempt_count() ? "off" : "on");
	return NOTIFY_DONE;
}

static struct notifier_block atomic_nb = { .notifier_call = atomic_seen };

static ssize_t event_write(struct file *file, const char __user *buf, size_t count,
			   loff_t *ppos)
{
	unsigned long event;
	int ret;

	ret = kstrtoul_from_user(buf, count, 10, &event);
	if (ret)
		return ret;
	ret = blocking_notifier_call_chain(&event_chain, event, NULL);
	pr_info("event_chain: event %lu: chain returned %#x\n", event, ret);
	atomic_notifier_call_chain(&event_atomic, event, NULL);
	ret = notifier_to_errno(ret);
	return ret ? ret : count;
}

static const struct proc_ops event_ops = {
	.proc_write = event_write,
};

static int __init event_chain_init(void)
{
	int ret = atomic_notifier_chain_register(&event_atomic, &atomic_nb);

	if (ret)
		return ret;
	/* The same block twice is refused. */
	if (atomic_notifier_chain_register(&event_atomic, &atomic_nb) != -EEXIST)
		pr_err("event_chain: a second registration was not refused\n");
	if (!proc_create("event_chain", 0222, NULL, &event_ops)) {
		atomic_notifier_chain_unregister(&event_atomic, &atomic_nb);
		return -ENOMEM;
	}
	return 0;
}

static void __exit event_chain_exit(void)
{
	remove_proc_entry("event_chain", NULL);
	atomic_notifier_chain_unregister(&event_atomic, &atomic_nb);
	if (atomic_notifier_chain_unregister(&event_atomic, &atomic_nb) != -ENOENT)
		pr_err("event_chain: unregistering twice did not say -ENOENT\n");
}

module_init(event_chain_init);
module_exit(event_chain_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A notifier chain other modules can join");
