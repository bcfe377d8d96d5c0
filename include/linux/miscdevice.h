/*
 * Misc devices: a character device on major 10 with one minor, and its
 * /dev node made for it, in one call.
 *
 *	static struct miscdevice my_dev = {
 *		.minor = MISC_DYNAMIC_MINOR,
 *		.name = "mydev",
 *		.fops = &my_fops,
 *	};
 *	misc_register(&my_dev);		(then /dev/mydev exists)
 *	misc_deregister(&my_dev);
 *
 * Opening the node sets file->private_data to the struct miscdevice before
 * the driver's open runs, as in Linux.
 */
#ifndef _LINUX_MISCDEVICE_H
#define _LINUX_MISCDEVICE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/major.h>
#include <linux/kdev_t.h>
#include <linux/device.h>	/* as Linux's: class_create, device_create */

#define MISC_DYNAMIC_MINOR	255

struct device;
struct file_operations;
struct attribute_group;

struct miscdevice {
	int minor;			/* MISC_DYNAMIC_MINOR: any free one (then set) */
	const char *name;		/* shown in /proc/misc; the node's name */
	const struct file_operations *fops;
	struct list_head list;
	struct device *parent;		/* unused in modlab */
	struct device *this_device;	/* unused in modlab (no device model) */
	const struct attribute_group **groups;	/* unused in modlab */
	const char *nodename;		/* the node's name, if not name */
	umode_t mode;			/* the node's permissions (default 0600) */
};

/* 0, or -EBUSY (minor or node name taken), -EINVAL... May sleep. */
int misc_register(struct miscdevice *misc);
void misc_deregister(struct miscdevice *misc);

#ifndef module_driver
/* A module whose init only registers d and whose exit only unregisters it
 * (Linux has this in linux/device/driver.h). */
#define module_driver(d, reg, unreg, ...)				\
	static int __init d##_init(void)				\
	{								\
		return reg(&(d), ##__VA_ARGS__);			\
	}								\
	module_init(d##_init);						\
	static void __exit d##_exit(void)				\
	{								\
		unreg(&(d), ##__VA_ARGS__);				\
	}								\
	module_exit(d##_exit)
#endif

/* A module that is one misc device. */
#define module_misc_device(m)	module_driver(m, misc_register, misc_deregister)

#endif
