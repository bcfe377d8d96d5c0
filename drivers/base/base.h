/*
 * What the files of drivers/base/ share: the device core's private parts
 * of struct device and struct class.
 */
#ifndef _DRIVERS_BASE_BASE_H
#define _DRIVERS_BASE_BASE_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>

/*
 * A class's own: its directory /sys/class/NAME (a kset whose kobject the
 * class's devices hang under) and the list of its devices.
 */
struct subsys_private {
	struct kset subsys;
	struct mutex mutex;		/* protects devices and each knode_class */
	struct list_head devices;	/* device_private.knode_class, oldest first */
	struct class *class;
};

/* A device's own (dev->p). */
struct device_private {
	struct device *device;
	struct list_head knode_class;	/* in its class's devices, under its mutex */
	bool in_class;			/* on that list */
	bool devnode_made;		/* device_add made /dev/NAME */
	bool dead;			/* device_del has run */
};

/* /sys/class (drivers/base/class.c) and its set-up. */
extern struct kset *class_kset;
int classes_init(void);
int devices_init(void);

/* The class side of device_add/device_del (drivers/base/class.c). */
void class_add_device(struct device *dev);
void class_del_device(struct device *dev);

#endif
