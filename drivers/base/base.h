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
	/* A bus's (drivers/base/bus.c; the mutex then also protects these,
	 * and devices holds device_private.knode_bus): */
	struct kset *devices_kset;	/* /sys/bus/NAME/devices */
	struct kset *drivers_kset;	/* /sys/bus/NAME/drivers */
	struct list_head drivers;	/* driver_private.knode_bus, oldest first */
	struct bus_type *bus;
	/* A class's: /sys/devices/virtual/NAME, where its devices without a
	 * parent live (Linux makes it at the first such device; modlab with
	 * the class, and takes it away with the class). */
	struct kobject *glue_dir;
};

/* A device's own (dev->p). */
struct device_private {
	struct device *device;
	struct list_head knode_class;	/* in its class's devices, under its mutex */
	bool in_class;			/* on that list */
	bool devnode_made;		/* device_add made /dev/NAME */
	bool dead;			/* device_del has run */
	/* On a bus (drivers/base/bus.c, dd.c; under the bus's mutex): */
	struct list_head knode_bus;	/* in the bus's devices */
	struct list_head knode_driver;	/* in its driver's devices, while bound */
	bool on_bus;			/* between bus_add_device and bus_remove_device */
	bool bus_link;			/* /sys/bus/BUS/devices/NAME, a link to it, made */
	bool driver_link;		/* /sys/bus/BUS/drivers/DRV/NAME, while bound */
};

/* /sys/class (drivers/base/class.c) and its set-up. */
extern struct kset *class_kset;
int classes_init(void);
int devices_init(void);

/* The class side of device_add/device_del (drivers/base/class.c):
 * the device on the class's list, and its link /sys/class/CLASS/NAME
 * (0 or -errno; nothing done on error). */
int class_add_device(struct device *dev);
void class_del_device(struct device *dev);
/* /sys/devices/virtual (drivers/base/core.c). */
struct kobject *virtual_device_parent(struct device *dev);

#endif
