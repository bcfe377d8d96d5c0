/*
 * gplonly_user: a non-GPL module that uses a GPL-only export.
 *
 * What it teaches: EXPORT_SYMBOL_GPL symbols are refused to modules whose
 * licence is not GPL-compatible. modpost would stop the build here
 * ("GPL-incompatible module gplonly_user.ko uses GPL-only symbol
 * 'provider_calls'"); the Makefile lets this one test module through
 * (MODPOST_ALLOW_GPL_VIOLATION) because the test is that the kernel
 * refuses it too: with provider loaded, insmod gplonly_user.ko must fail
 * and name provider_calls.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <provider.h>

static int __init gplonly_user_init(void)
{
	pr_info("gplonly_user: provider_calls() = %d: the kernel should not have let this in\n",
		provider_calls());
	return 0;
}

static void __exit gplonly_user_exit(void)
{
}

module_init(gplonly_user_init);
module_exit(gplonly_user_exit);

MODULE_LICENSE("Proprietary");
MODULE_DESCRIPTION("Test: a proprietary module using a GPL-only export (must be refused)");
