// SPDX-License-Identifier: GPL-2.0
/*
 * event_listener - joins event_chain's chain three times, at priorities
 * 10, 0 and -5, and the kernel's module and reboot chains.
 *
 * On event_chain: event 13 is stopped by the priority-0 block (NOTIFY_STOP,
 * so the -5 block never sees it); event 99 is refused with -EPERM
 * (notifier_from_errno), which the writer gets back. On the module chain
 * every other module's coming, going live and going is logged, and a
 * module named by the `veto` parameter is refused its load with -EPERM.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/notifier.h>
#include <linux/reboot.h>
#include <linux/string.h>

#include "event_chain.h"

static char *veto = "";
module_param(veto, charp, 0444);
MODULE_PARM_DESC(veto, "name of a module whose loading is refused");

static int high_fn(struct notifier_block *nb, unsigned long event, void *data)
{
	pr_info("event_listener: high (10) got %lu\n", event);
	return NOTIFY_OK;
}

static int mid_fn(struct notifier_block *nb, unsigned long event, void *data)
{
	pr_info("event_listener: mid (0) got %lu\n", event);
	if (event == 13)
		return NOTIFY_STOP;
	if (event == 99)
		return notifier_from_errno(-EPERM);
	return NOTIFY_OK;
}

static int low_fn(struct notifier_block *nb, unsigned long event, void *data)
{
	pr_info("event_listener: low (-5) got %lu\n", event);
	return NOTIFY_DONE;
}

/* Registered in the order low, high, mid: the chain sorts them. */
static struct notifier_block low_nb = { .notifier_call = low_fn, .priority = -5 };
static struct notifier_block high_nb = { .notifier_call = high_fn, .priority = 10 };
static struct notifier_block mid_nb = { .notifier_call = mid_fn, .priority = 0 };

static int module_event(struct notifier_block *nb, unsigned long state, void *data)
{
	struct module *mod = data;
	static const char * const names[] = {
		[MODULE_STATE_LIVE] = "live", [MODULE_STATE_COMING] = "coming",
		[MODULE_STATE_GOING] = "going", [MODULE_STATE_UNFORMED] = "unformed",
	};

	pr_info("event_listener: module %s %s\n", mod->name,
		state < ARRAY_SIZE(names) ? names[state] : "?");
	if (state == MODULE_STATE_COMING && *veto && !strcmp(mod->name, veto))
		return notifier_from_errno(-EPERM);
	return NOTIFY_OK;
}

static struct notifier_block module_nb = { .notifier_call = module_event };

static int reboot_event(struct notifier_block *nb, unsigned long action, void *data)
{
	pr_info("event_listener: reboot notifier, action %lu\n", action);
	return NOTIFY_DONE;
}

static struct notifier_block reboot_nb = { .notifier_call = reboot_event };

static int __init event_listener_init(void)
{
	int ret;

	ret = event_chain_register(&low_nb);
	if (!ret)
		ret = event_chain_register(&high_nb);
	if (!ret)
		ret = event_chain_register(&mid_nb);
	if (!ret)
		ret = register_module_notifier(&module_nb);
	if (!ret)
		ret = register_reboot_notifier(&reboot_nb);
	if (ret) {
		unregister_module_notifier(&module_nb);
		event_chain_unregister(&mid_nb);
		event_chain_unregister(&high_nb);
		event_chain_unregister(&low_nb);
	}
	return ret;
}

static void __exit event_listener_exit(void)
{
	unregister_reboot_notifier(&reboot_nb);
	unregister_module_notifier(&module_nb);
	event_chain_unregister(&mid_nb);
	event_chain_unregister(&high_nb);
	event_chain_unregister(&low_nb);
}

module_init(event_listener_init);
module_exit(event_listener_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Joins event_chain's notifier chain and the module and reboot chains");
