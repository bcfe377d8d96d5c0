/*
 * provider: a module that exports symbols for other modules.
 *
 * What it teaches: EXPORT_SYMBOL makes a function usable by any module;
 * EXPORT_SYMBOL_GPL only by modules whose licence is GPL-compatible. The
 * build's modpost step finds these exports (the __ksymtab_<name> entries)
 * and lists them in build/Module.symvers; a module using one records
 * "depends=provider" in its .modinfo, and while that module is loaded,
 * lsmod shows it in provider's "used by" column and rmmod provider is
 * refused. See modules/consumer.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/delay.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/atomic.h>

static atomic_t calls = ATOMIC_INIT(0);

/* Add two numbers; counts its calls. Any context. */
int provider_add(int a, int b)
{
	atomic_inc(&calls);
	return a + b;
}
EXPORT_SYMBOL(provider_add);

/* How many times provider_add has been called. For GPL modules only. */
int provider_calls(void)
{
	return atomic_read(&calls);
}
EXPORT_SYMBOL_GPL(provider_calls);

/* A slow init, to see that a module needing our symbols waits for it:
 * they are not handed out before we are LIVE. */
static unsigned int init_sleep_ms;
module_param(init_sleep_ms, uint, 0444);
MODULE_PARM_DESC(init_sleep_ms, "sleep this long in init (ms)");

static int __init provider_init(void)
{
	if (init_sleep_ms) {
		pr_info("provider: init sleeps %u ms\n", init_sleep_ms);
		msleep(init_sleep_ms);
	}
	pr_info("provider: loaded; exports provider_add and provider_calls (GPL)\n");
	return 0;
}

static void __exit provider_exit(void)
{
	pr_info("provider: unloaded after %d call(s)\n", atomic_read(&calls));
}

module_init(provider_init);
module_exit(provider_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Exports a function and a GPL-only function");
