/*
 * leaky: a module that forgets to free memory, to see the leak report.
 *
 * What it teaches: kmalloc remembers who called it, so at rmmod the kernel
 * can tell which objects the module's code allocated and never freed:
 *	module leaky leaked 3 objects, 192 bytes; first allocated at
 *	leaky_alloc+0x.../0x... [leaky]
 * At load it allocates count= objects of size= bytes (from leaky_alloc, in
 * the module's core code: what init code allocates cannot be traced once
 * init's memory is freed), frees them at unload only if free=1, and
 * allocates and frees one more at once, which is not reported.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/slab.h>

#define MAX_OBJECTS	64

static unsigned int count = 3;
module_param(count, uint, 0444);
MODULE_PARM_DESC(count, "objects to allocate (default 3, at most 64)");

static unsigned int size = 64;
module_param(size, uint, 0444);
MODULE_PARM_DESC(size, "bytes in each (default 64)");

static bool free_them;
module_param_named(free, free_them, bool, 0444);
MODULE_PARM_DESC(free, "free them at unload (default no: leak them)");

static void *objects[MAX_OBJECTS];

static noinline void *leaky_alloc(void)
{
	return kmalloc(size, GFP_KERNEL);
}

static int __init leaky_init(void)
{
	unsigned int i;

	if (count > MAX_OBJECTS || !size)
		return -EINVAL;
	for (i = 0; i < count; i++) {
		objects[i] = leaky_alloc();
		if (!objects[i]) {
			while (i--)
				kfree(objects[i]);
			return -ENOMEM;
		}
	}
	kfree(leaky_alloc());
	pr_info("leaky: %u objects of %u bytes, %s at unload\n", count, size,
		free_them ? "freed" : "leaked");
	return 0;
}

static void __exit leaky_exit(void)
{
	unsigned int i;

	if (free_them)
		for (i = 0; i < count; i++)
			kfree(objects[i]);
}

module_init(leaky_init);
module_exit(leaky_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test: allocates memory and does not free it, for the leak report");
