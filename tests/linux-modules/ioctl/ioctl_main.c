// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl_dev: a character device with one integer behind four ioctl
 * commands (include/ioctl_dev.h), registered the long way: a dynamic
 * device number (alloc_chrdev_region) and a struct cdev. Reading the
 * device gives the value as text.
 */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/uaccess.h>
#include "ioctl_dev.h"

#define DRIVER_NAME "ioctl_dev"

static dev_t dev_num;
static struct cdev ioctl_cdev;

static long ioctl_dev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	int __user *argp = (int __user *)arg;
	int v, ret;

	if (_IOC_TYPE(cmd) != IOCTL_DEV_MAGIC)
		return -ENOTTY;

	switch (cmd) {
	case IOCTL_GET_VALUE:
		return put_user(value_get(), argp);
	case IOCTL_SET_VALUE:
		ret = get_user(v, argp);
		if (ret)
			return ret;
		value_set(v);
		return 0;
	case IOCTL_RESET:
		value_set(0);
		return 0;
	case IOCTL_ADD:
		if (copy_from_user(&v, argp, sizeof(v)))
			return -EFAULT;
		v += value_get();
		value_set(v);
		if (copy_to_user(argp, &v, sizeof(v)))
			return -EFAULT;
		return 0;
	default:
		return -ENOTTY;
	}
}

static ssize_t ioctl_dev_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	char text[16];
	int len = snprintf(text, sizeof(text), "%d\n", value_get());

	return simple_read_from_buffer(buf, count, ppos, text, len);
}

static const struct file_operations ioctl_dev_fops = {
	.owner = THIS_MODULE,
	.read = ioctl_dev_read,
	.unlocked_ioctl = ioctl_dev_ioctl,
	.llseek = no_llseek,
};

static int __init ioctl_dev_init(void)
{
	int ret = alloc_chrdev_region(&dev_num, 0, 1, DRIVER_NAME);

	if (ret < 0)
		return ret;
	cdev_init(&ioctl_cdev, &ioctl_dev_fops);
	ioctl_cdev.owner = THIS_MODULE;
	ret = cdev_add(&ioctl_cdev, dev_num, 1);
	if (ret < 0) {
		unregister_chrdev_region(dev_num, 1);
		return ret;
	}
	pr_info("ioctl_dev: major %d minor %d\n", MAJOR(dev_num), MINOR(dev_num));
	return 0;
}

static void __exit ioctl_dev_exit(void)
{
	cdev_del(&ioctl_cdev);
	unregister_chrdev_region(dev_num, 1);
	pr_info("ioctl_dev: removed\n");
}

module_init(ioctl_dev_init);
module_exit(ioctl_dev_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("An integer behind ioctl commands");
