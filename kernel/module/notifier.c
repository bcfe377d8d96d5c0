/*
 * The module notifier chain: subsystems and modules that want to hear of
 * other modules coming and going (register_module_notifier). A blocking
 * chain: callbacks run in the insmod or rmmod thread, with module_mutex
 * not held, and may sleep.
 */
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/export.h>
#include "internal.h"

static BLOCKING_NOTIFIER_HEAD(module_notify_list);

int register_module_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&module_notify_list, nb);
}
EXPORT_SYMBOL(register_module_notifier);

int unregister_module_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&module_notify_list, nb);
}
EXPORT_SYMBOL(unregister_module_notifier);

int module_notify_coming(struct module *mod)
{
	int ret = blocking_notifier_call_chain_robust(&module_notify_list, MODULE_STATE_COMING,
						      MODULE_STATE_GOING, mod);

	ret = notifier_to_errno(ret);
	if (ret)
		pr_warn("module %s: a module notifier refused the load (%d)\n", mod->name, ret);
	return ret;
}

void module_notify(struct module *mod, unsigned long state)
{
	blocking_notifier_call_chain(&module_notify_list, state, mod);
}
