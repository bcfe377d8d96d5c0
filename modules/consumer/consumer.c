/*
 * consumer: a module that uses another module's exports.
 *
 * What it teaches: a module links against other modules as it links
 * against the kernel. It calls provider_add (EXPORT_SYMBOL) and
 * provider_calls (EXPORT_SYMBOL_GPL, allowed because this module is GPL).
 * modpost records the dependency (modinfo consumer.ko: depends=provider),
 * so provider must be loaded first: insmod consumer.ko alone fails with
 * "Unknown symbol in module". While consumer is loaded, provider cannot
 * be removed (rmmod: ERROR: Module provider is in use by: consumer).
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <provider.h>

static int __init consumer_init(void)
{
	int sum = provider_add(2, 3);

	pr_info("consumer: provider_add(2, 3) = %d; provider was called %d time(s)\n", sum,
		provider_calls());
	return 0;
}

static void __exit consumer_exit(void)
{
	pr_info("consumer: unloaded; provider was called %d time(s)\n", provider_calls());
}

module_init(consumer_init);
module_exit(consumer_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Uses provider's exports");
