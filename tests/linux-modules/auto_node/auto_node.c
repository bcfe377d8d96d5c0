// SPDX-License-Identifier: GPL-2.0
/*
 * auto_node - a character device whose /dev node the device core makes,
 * written the way drivers for Linux 6.4 and later are: class_create()
 * with the class name only. The module_init/module_exit lines end without
 * a semicolon, as many tutorials write them. Reading /dev/auto_node0
 * gives a greeting and how many times the device was opened.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/cdev.h>

static dev_t devt;
static struct cdev auto_cdev;
static struct class *auto_class;
static atomic_t opens = ATOMIC_INIT(0);

static int auto_open(struct inode *inode, struct file *file)
{
	atomic_inc(&opens);
	return 0;
}

static ssize_t auto_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	char msg[64];
	int len = scnprintf(msg, sizeof(msg), "hello from auto_node, open #%d\n",
			    atomic_read(&opens));

	return simple_read_from_buffer(buf, count, ppos, msg, len);
}

static const struct file_operations auto_fops = {
	.owner	= THIS_MODULE,
	.open	= auto_open,
	.read	= auto_read,
};

static int __init auto_init(void)
{
	struct device *dev;
	int ret;

	ret = alloc_chrdev_region(&devt, 0, 1, "auto_node");
	if (ret)
		return ret;
	cdev_init(&auto_cdev, &auto_fops);
	ret = cdev_add(&auto_cdev, devt, 1);
	if (ret)
		goto unregister;
	auto_class = class_create("auto_node");
	if (IS_ERR(auto_class)) {
		ret = PTR_ERR(auto_class);
		goto del_cdev;
	}
	dev = device_create(auto_class, NULL, devt, NULL, "auto_node%d", 0);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto destroy_class;
	}
	pr_info("auto_node: /dev/auto_node0 is %d:%d\n", MAJOR(devt), MINOR(devt));
	return 0;

destroy_class:
	class_destroy(auto_class);
del_cdev:
	cdev_del(&auto_cdev);
unregister:
	unregister_chrdev_region(devt, 1);
	return ret;
}

static void __exit auto_exit(void)
{
	device_destroy(auto_class, devt);
	class_destroy(auto_class);
	cdev_del(&auto_cdev);
	unregister_chrdev_region(devt, 1);
}

module_init(auto_init)
module_exit(auto_exit)
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A cdev with a node made by class_create(name) and device_create");
