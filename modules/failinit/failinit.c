/*
 * failinit: a module whose init fails, and cleans up before it does.
 *
 * What it teaches: when init returns an error, the module is never live
 * and its exit function is never called, so init itself must undo what
 * it did before failing. The Linux way is a goto label per step, undone
 * in reverse order. Here init allocates a buffer, then "looks for its
 * device", finds none and returns -ENODEV; insmod reports
 *	insmod: ERROR: could not insert module failinit.ko: No such device
 * and 'free' shows no memory lost. With fail=0 the device is "found",
 * the module loads, and exit frees the buffer instead.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/errno.h>

#define BUF_SIZE	4096

static bool fail = true;
module_param(fail, bool, 0444);
MODULE_PARM_DESC(fail, "fail the init with -ENODEV (default yes)");

static char *buf;

/* Stands for probing hardware that is not there. */
static int find_device(void)
{
	return fail ? -ENODEV : 0;
}

static int __init failinit_init(void)
{
	int err;

	buf = kzalloc(BUF_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	pr_info("failinit: allocated %d bytes at %p\n", BUF_SIZE, buf);

	err = find_device();
	if (err)
		goto err_free_buf;

	pr_info("failinit: device found; loaded\n");
	return 0;

err_free_buf:
	kfree(buf);
	buf = NULL;
	pr_info("failinit: no device (error %d); freed the buffer\n", err);
	return err;
}

static void __exit failinit_exit(void)
{
	kfree(buf);
	pr_info("failinit: unloaded; freed the buffer\n");
}

module_init(failinit_init);
module_exit(failinit_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("An init that fails with -ENODEV and undoes its work first");
