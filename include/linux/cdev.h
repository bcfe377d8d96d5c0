/*
 * Character devices, with Linux's names: a struct cdev joins a range of
 * device numbers to a driver's file_operations.
 *
 *	static struct cdev my_cdev;
 *	alloc_chrdev_region(&dev, 0, 1, "mydev");
 *	cdev_init(&my_cdev, &my_fops);
 *	my_cdev.owner = THIS_MODULE;
 *	cdev_add(&my_cdev, dev, 1);
 *	...
 *	cdev_del(&my_cdev);
 *	unregister_chrdev_region(dev, 1);
 *
 * Opening a character special file (mknod NAME c MAJOR MINOR, or a misc
 * device's /dev node) finds the cdev whose range holds the file's device
 * number and runs its fops->open. Linux embeds a kobject here; modlab
 * keeps a plain count of the files that opened the cdev instead.
 */
#ifndef _LINUX_CDEV_H
#define _LINUX_CDEV_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/kobject.h>
#include <linux/device.h>	/* as Linux's: class_create, device_create */

struct file_operations;
struct inode;

struct cdev {
	struct kobject kobj;		/* only its name: never added to sysfs */
	struct module *owner;
	const struct file_operations *ops;
	struct list_head list;		/* in the device map (fs/char_dev.c) */
	dev_t dev;			/* the first number */
	unsigned int count;		/* how many numbers */
	/* modlab, under cdev_lock: files that opened it; whether cdev_del
	 * came and whether cdev_alloc made it (then the last close frees it). */
	int users;
	bool deleted;
	bool allocated;
};

void cdev_init(struct cdev *cdev, const struct file_operations *fops);
/* A zeroed cdev that cdev_del (or the last close after it) frees. */
struct cdev *cdev_alloc(void);
/* Make the cdev live for count numbers from dev: opens find it from now on. */
int cdev_add(struct cdev *p, dev_t dev, unsigned int count);
/* Take it out of the map: no new opens. Files already open keep working
 * (their module stays pinned by fops_get). May sleep. */
void cdev_del(struct cdev *p);
void cd_forget(struct inode *inode);

#endif
