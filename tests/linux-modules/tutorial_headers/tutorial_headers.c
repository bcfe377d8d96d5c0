// SPDX-License-Identifier: GPL-2.0
/*
 * tutorial_headers - the names tutorial modules take for granted, each
 * reached the way such a module reaches it: the file-mode bits from
 * <uapi/linux/stat.h>, class_create from <linux/cdev.h> alone (which
 * includes <linux/device.h> in Linux), virt_to_phys from <asm/io.h>,
 * THIS_MODULE->version, an of_device_id table, kvrealloc, might_sleep,
 * dump_stack, and panic with a panic notifier (do_panic=1: the machine
 * stops, after the notifier has printed).
 */
#include <linux/module.h>
#include <linux/cdev.h>
#include <linux/slab.h>
#include <linux/mod_devicetable.h>
#include <linux/panic_notifier.h>
#include <uapi/linux/stat.h>
#include <asm/io.h>

static bool trace;
module_param(trace, bool, S_IRUGO);
static bool do_panic;
module_param(do_panic, bool, S_IRUSR);

static const struct of_device_id th_of_ids[] = {
	{ .compatible = "modlab,tutorial-headers" },
	{ }
};
MODULE_DEVICE_TABLE(of, th_of_ids);

static int th_panic_event(struct notifier_block *nb, unsigned long event, void *msg)
{
	pr_emerg("tutorial_headers: panic notifier saw \"%s\"\n", (char *)msg);
	return NOTIFY_DONE;
}

static struct notifier_block th_panic_nb = { .notifier_call = th_panic_event };

/* Grow a buffer with kvrealloc: what was in it must still be there. */
static int th_grow(void)
{
	char *buf = kvmalloc(16, GFP_KERNEL), *bigger;
	int ok;

	if (!buf)
		return -ENOMEM;
	strscpy(buf, "kept", 16);
	bigger = kvrealloc(buf, 16, 8192, GFP_KERNEL);
	if (!bigger) {
		kvfree(buf);
		return -ENOMEM;
	}
	ok = !strcmp(bigger, "kept");
	kvfree(bigger);
	return ok ? 0 : -EIO;
}

static int __init th_init(void)
{
	struct class *cls;
	void *p;
	int ret;

	might_sleep();
	ret = th_grow();
	if (ret)
		return ret;
	p = kmalloc(64, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	pr_info("tutorial_headers: phys_to_virt(virt_to_phys(p)) == p: %d\n",
		phys_to_virt(virt_to_phys(p)) == p);
	kfree(p);
	cls = class_create(THIS_MODULE, "tutorial_headers");
	if (IS_ERR(cls))
		return PTR_ERR(cls);
	class_destroy(cls);
	pr_info("tutorial_headers: version %s, %zu device-tree ids, kvrealloc kept the data\n",
		THIS_MODULE->version, ARRAY_SIZE(th_of_ids) - 1);
	if (trace)
		dump_stack();
	if (do_panic) {
		atomic_notifier_chain_register(&panic_notifier_list, &th_panic_nb);
		panic("tutorial_headers asked for it");
	}
	return 0;
}

static void __exit th_exit(void)
{
	pr_info("tutorial_headers: bye\n");
}

module_init(th_init);
module_exit(th_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION("2.5");
MODULE_DESCRIPTION("Names tutorial modules take for granted");
