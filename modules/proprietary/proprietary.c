/*
 * proprietary: a module without a GPL-compatible licence.
 *
 * What it teaches: the licence is read from .modinfo. A module whose
 * licence is not GPL-compatible may still load and use the kernel's
 * ordinary exports (EXPORT_SYMBOL), but it taints the kernel ('P'): from
 * then on oops reports say that non-free code was loaded. It may not use
 * EXPORT_SYMBOL_GPL exports at all (see modules/gplonly_user). Used by
 * the tests of the loader's licence checks.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/slab.h>

static int __init proprietary_init(void)
{
	char *p = kmalloc(32, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	snprintf(p, 32, "%s", "closed source");
	pr_info("proprietary: loaded (%s): the kernel is now tainted\n", p);
	kfree(p);
	return 0;
}

static void __exit proprietary_exit(void)
{
	pr_info("proprietary: unloaded (the taint stays)\n");
}

module_init(proprietary_init);
module_exit(proprietary_exit);

MODULE_LICENSE("Proprietary");
MODULE_DESCRIPTION("Not GPL-compatible: loads, and taints the kernel");
