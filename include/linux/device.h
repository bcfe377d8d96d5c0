/*
 * The device model's core, with Linux 6.1's names and shapes: struct
 * device (a kobject with a parent, a class, a device number and the
 * driver's data), device classes (linux/device/class.h), device
 * attributes and dev_printk.
 *
 *	cls = class_create(THIS_MODULE, "demo");	/sys/class/demo
 *	dev = device_create(cls, NULL, MKDEV(maj, 0), NULL, "demo0");
 *		/sys/class/demo/demo0/dev reads "MAJ:0", and /dev/demo0 is a
 *		character special file for MKDEV(maj, 0)
 *	device_destroy(cls, MKDEV(maj, 0));		both gone
 *	class_destroy(cls);
 *
 * modlab has no udev: device_add itself makes the /dev node of a device
 * with a number (as Linux's devtmpfs does) and device_del removes it.
 * Buses and drivers (struct bus_type, struct device_driver) are declared
 * in linux/device/bus.h and linux/device/driver.h.
 *
 * Lifetime: a struct device is freed by its release function (dev->release,
 * else its type's, else its class's dev_release) when the last reference
 * (get_device/put_device) goes. device_del takes it out of sysfs and /dev
 * and waits for running show/store calls on its files.
 */
#ifndef _DEVICE_H_
#define _DEVICE_H_

#include <linux/dev_printk.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/err.h>
#include <linux/device/class.h>
#include <linux/device/bus.h>
#include <linux/device/driver.h>
#include <linux/device/devres.h>
#include <linux/pm.h>

struct device;
struct device_private;
struct device_driver;
struct bus_type;
struct device_node;
struct fwnode_handle;
struct dev_pm_ops;
struct device_dma_parameters;

/* A file in a device's directory. */
struct device_attribute {
	struct attribute attr;
	ssize_t (*show)(struct device *dev, struct device_attribute *attr, char *buf);
	ssize_t (*store)(struct device *dev, struct device_attribute *attr, const char *buf,
			 size_t count);
};

#define DEVICE_ATTR(_name, _mode, _show, _store) \
	struct device_attribute dev_attr_##_name = __ATTR(_name, _mode, _show, _store)
#define DEVICE_ATTR_RW(_name) \
	struct device_attribute dev_attr_##_name = __ATTR_RW(_name)
#define DEVICE_ATTR_ADMIN_RW(_name) \
	struct device_attribute dev_attr_##_name = __ATTR_RW_MODE(_name, 0600)
#define DEVICE_ATTR_RO(_name) \
	struct device_attribute dev_attr_##_name = __ATTR_RO(_name)
#define DEVICE_ATTR_ADMIN_RO(_name) \
	struct device_attribute dev_attr_##_name = __ATTR_RO_MODE(_name, 0400)
#define DEVICE_ATTR_WO(_name) \
	struct device_attribute dev_attr_##_name = __ATTR_WO(_name)

int device_create_file(struct device *device, const struct device_attribute *entry);
void device_remove_file(struct device *dev, const struct device_attribute *attr);

/* What devices of one kind share (a class or bus may hold several kinds). */
struct device_type {
	const char *name;
	const struct attribute_group **groups;
	int (*uevent)(struct device *dev, struct kobj_uevent_env *env);
	char *(*devnode)(struct device *dev, umode_t *mode, kuid_t *uid, kgid_t *gid);
	void (*release)(struct device *dev);
	const struct dev_pm_ops *pm;
};

struct device {
	struct kobject kobj;
	struct device *parent;

	struct device_private *p;	/* drivers/base's own (drivers/base/base.h) */

	const char *init_name;		/* its name, if dev_set_name was not called */
	const struct device_type *type;

	struct bus_type *bus;		/* the bus it is on, if any */
	struct device_driver *driver;	/* the driver bound to it, if any */
	void *platform_data;		/* the board's data; the core leaves it alone */
	void *driver_data;		/* dev_set_drvdata/dev_get_drvdata */
	struct mutex mutex;		/* device_lock: serialises the driver's calls */

	u64 *dma_mask;			/* what it can address by DMA, if it does DMA */
	u64 coherent_dma_mask;		/* the same for dma_alloc_coherent */
	u64 bus_dma_limit;
	struct device_dma_parameters *dma_parms;
	struct list_head dma_pools;

	struct device_node *of_node;	/* no device tree in modlab: NULL */
	struct fwnode_handle *fwnode;

	dev_t devt;			/* its number: makes "dev" and /dev/NAME */
	u32 id;				/* its instance number, for buses that count */

	spinlock_t devres_lock;		/* protects devres_head */
	struct list_head devres_head;	/* managed resources (devm_*) */

	struct class *class;
	const struct attribute_group **groups;	/* more files, made at device_add */

	void (*release)(struct device *dev);

	bool offline_disabled:1;
	bool offline:1;
};

static inline struct device *kobj_to_dev(struct kobject *kobj)
{
	return container_of(kobj, struct device, kobj);
}

static inline const char *dev_name(const struct device *dev)
{
	/* Before device_add names the kobject, init_name is all there is. */
	if (dev->init_name)
		return dev->init_name;
	return kobject_name(&dev->kobj);
}

__printf(2, 3) int dev_set_name(struct device *dev, const char *name, ...);

/* The board's data for the device (platform_data). */
static inline void *dev_get_platdata(const struct device *dev)
{
	return dev->platform_data;
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

static inline int dev_to_node(struct device *dev)
{
	return -1;	/* NUMA_NO_NODE */
}

static inline void device_lock(struct device *dev)
{
	mutex_lock(&dev->mutex);
}

static inline int device_trylock(struct device *dev)
{
	return mutex_trylock(&dev->mutex);
}

static inline void device_unlock(struct device *dev)
{
	mutex_unlock(&dev->mutex);
}

static inline int device_is_registered(struct device *dev)
{
	return dev->kobj.state_in_sysfs;
}

/* Registration: device_register is device_initialize + device_add, and
 * device_unregister is device_del + put_device. After a failed
 * device_register or device_add, put_device the device (as in Linux). */
int __must_check device_register(struct device *dev);
void device_unregister(struct device *dev);
void device_initialize(struct device *dev);
int __must_check device_add(struct device *dev);
void device_del(struct device *dev);

int device_for_each_child(struct device *dev, void *data,
			  int (*fn)(struct device *dev, void *data));
struct device *device_find_child(struct device *dev, void *data,
				 int (*match)(struct device *dev, void *data));

/*
 * A device of class cls with number devt (0: none) named by fmt, made and
 * registered in one step; its release frees it. ERR_PTR on failure.
 * device_destroy unregisters the class's device with number devt.
 */
__printf(5, 6) struct device *device_create(struct class *cls, struct device *parent, dev_t devt,
					    void *drvdata, const char *fmt, ...);
__printf(6, 7) struct device *device_create_with_groups(struct class *cls,
							struct device *parent, dev_t devt,
							void *drvdata,
							const struct attribute_group **groups,
							const char *fmt, ...);
void device_destroy(struct class *cls, dev_t devt);

int __must_check device_add_groups(struct device *dev, const struct attribute_group **groups);
void device_remove_groups(struct device *dev, const struct attribute_group **groups);

/* References: the device is freed (its release runs) at the last put. */
struct device *get_device(struct device *dev);
void put_device(struct device *dev);

/* The driver's name if one is bound, else the bus's, else the class's, else "". */
const char *dev_driver_string(const struct device *dev);

/* Matchers for class_find_device and friends. */
int device_match_name(struct device *dev, const void *name);
int device_match_devt(struct device *dev, const void *pdevt);

/* /sys/devices: every device without a class or a parent hangs here. */
extern struct kset *devices_kset;

/* Boot, after sysfs: /sys/devices and /sys/class (drivers/base/). */
void driver_init(void);

#endif
