/*
 * noexit: a module with no exit function.
 *
 * What it teaches: a module without module_exit (no cleanup_module) cannot
 * be removed, since nothing would undo what its init did: rmmod noexit
 * fails with "Device or resource busy" (rmmod -f, in a kernel built to
 * allow it, is the only way out, and taints). Its struct module's exit is
 * NULL: the build declares cleanup_module weak, and the loader makes an
 * undefined weak symbol 0.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>

static int __init noexit_init(void)
{
	pr_info("noexit: loaded for good (no exit function)\n");
	return 0;
}

module_init(noexit_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test: no exit function, so it cannot be removed");
