/*
 * multiobj: one module built from two source files.
 *
 * What it teaches: the Kbuild line "multiobj-objs := main.o helper.o"
 * builds main.c and helper.c separately and links them into one module,
 * multiobj.ko, as Linux does. The module is named after the Kbuild entry
 * (obj-m += multiobj.o), not after any source file, and KBUILD_MODNAME is
 * "multiobj" in both files.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include "multiobj.h"

static int __init multiobj_init(void)
{
	static const int v[] = { 1, 2, 3, 4 };

	pr_info("%s: main.c calls helper.c: sum of 1..4 = %d\n", KBUILD_MODNAME,
		multiobj_sum(v, ARRAY_SIZE(v)));
	return 0;
}

static void __exit multiobj_exit(void)
{
	pr_info("%s: unloaded\n", KBUILD_MODNAME);
}

module_init(multiobj_init);
module_exit(multiobj_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A module linked from two objects");
