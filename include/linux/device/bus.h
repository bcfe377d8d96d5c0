/*
 * Buses (struct bus_type): a bus holds devices and drivers and matches
 * them; a matching pair is bound by calling the driver's probe, and
 * unbound by its remove, whichever side registers or goes first.
 *
 *	bus_register(&my_bus);		/sys/bus/my/{devices,drivers}/
 *	bus_create_file(&my_bus, &bus_attr_version);	/sys/bus/my/version
 *	dev.bus = &my_bus; device_register(&dev);	probes a driver that matches
 *	drv.bus = &my_bus; driver_register(&drv);	probes each device that matches
 *
 * match(dev, drv) says whether drv handles dev (no match function: every
 * driver matches). probe and remove are the bus's (they then call the
 * driver's, as the platform bus does), else the driver's. A probe that
 * fails leaves the device unbound; what it got with devm_* is freed.
 *
 * modlab's VFS has no symbolic links: /sys/bus/NAME/devices/ holds an
 * empty directory named after each device, not a link to it, and
 * /sys/bus/NAME/drivers/DRV/ one after each device bound to DRV.
 */
#ifndef _DEVICE_BUS_H_
#define _DEVICE_BUS_H_

#include <linux/kobject.h>
#include <linux/pm.h>

struct device;
struct device_driver;
struct subsys_private;
struct iommu_ops;

struct bus_type {
	const char *name;
	const char *dev_name;		/* "NAME%u" names for devices given only an id */
	struct device *dev_root;
	const struct attribute_group **bus_groups;	/* files in /sys/bus/NAME */
	const struct attribute_group **dev_groups;	/* files of each of its devices */
	const struct attribute_group **drv_groups;	/* files of each of its drivers */

	int (*match)(struct device *dev, struct device_driver *drv);
	int (*uevent)(struct device *dev, struct kobj_uevent_env *env);
	int (*probe)(struct device *dev);
	void (*sync_state)(struct device *dev);
	void (*remove)(struct device *dev);
	void (*shutdown)(struct device *dev);

	int (*online)(struct device *dev);
	int (*offline)(struct device *dev);

	int (*suspend)(struct device *dev, pm_message_t state);
	int (*resume)(struct device *dev);

	int (*num_vf)(struct device *dev);
	int (*dma_configure)(struct device *dev);
	void (*dma_cleanup)(struct device *dev);

	const struct dev_pm_ops *pm;
	const struct iommu_ops *iommu_ops;

	struct subsys_private *p;	/* drivers/base/bus.c's own */
	bool need_parent_lock;
};

/* 0, -EEXIST (the name is taken), -EINVAL, -ENOMEM. May sleep. */
int __must_check bus_register(struct bus_type *bus);
/* Its devices and drivers must have been unregistered before, as in
 * Linux; any left are named in the log and taken off. May sleep. */
void bus_unregister(struct bus_type *bus);

/* Run the matching again for every unbound device (0, or an error). */
int __must_check bus_rescan_devices(struct bus_type *bus);

/* A file in /sys/bus/NAME. */
struct bus_attribute {
	struct attribute attr;
	ssize_t (*show)(struct bus_type *bus, char *buf);
	ssize_t (*store)(struct bus_type *bus, const char *buf, size_t count);
};

#define BUS_ATTR_RW(_name) \
	struct bus_attribute bus_attr_##_name = __ATTR_RW(_name)
#define BUS_ATTR_RO(_name) \
	struct bus_attribute bus_attr_##_name = __ATTR_RO(_name)
#define BUS_ATTR_WO(_name) \
	struct bus_attribute bus_attr_##_name = __ATTR_WO(_name)

int __must_check bus_create_file(struct bus_type *bus, struct bus_attribute *attr);
void bus_remove_file(struct bus_type *bus, struct bus_attribute *attr);


/* Call fn for each device on the bus (after start, if given) until it
 * returns non-zero, which is returned. Each device is referenced while fn
 * runs; fn may sleep. */
int bus_for_each_dev(struct bus_type *bus, struct device *start, void *data,
		     int (*fn)(struct device *dev, void *data));
int device_match_name(struct device *dev, const void *name);

/* The first device match() accepts, referenced (put_device it), or NULL. */
struct device *bus_find_device(struct bus_type *bus, struct device *start, const void *data,
			       int (*match)(struct device *dev, const void *data));

static inline struct device *bus_find_device_by_name(struct bus_type *bus,
						     struct device *start, const char *name)
{
	return bus_find_device(bus, start, name, device_match_name);
}

int bus_for_each_drv(struct bus_type *bus, struct device_driver *start, void *data,
		     int (*fn)(struct device_driver *drv, void *data));

#endif
