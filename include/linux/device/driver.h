/*
 * Drivers (struct device_driver): the code that handles devices of one
 * kind on one bus. driver_register puts it on its bus (/sys/bus/BUS/
 * drivers/NAME) and probes every device of the bus that matches;
 * driver_unregister removes it from every device it is bound to (the
 * driver's remove runs for each) and takes it off the bus.
 */
#ifndef _DEVICE_DRIVER_H_
#define _DEVICE_DRIVER_H_

#include <linux/kobject.h>
#include <linux/pm.h>
#include <linux/module.h>

struct device;
struct bus_type;
struct driver_private;
struct of_device_id;
struct acpi_device_id;

/* Whether probing may run in the background: modlab always probes at once. */
enum probe_type {
	PROBE_DEFAULT_STRATEGY,
	PROBE_PREFER_ASYNCHRONOUS,
	PROBE_FORCE_SYNCHRONOUS,
};

struct device_driver {
	const char *name;
	struct bus_type *bus;

	struct module *owner;
	const char *mod_name;

	bool suppress_bind_attrs;
	enum probe_type probe_type;

	const struct of_device_id *of_match_table;	/* no device tree: unused */
	const struct acpi_device_id *acpi_match_table;	/* unused */

	int (*probe)(struct device *dev);
	void (*sync_state)(struct device *dev);
	int (*remove)(struct device *dev);
	void (*shutdown)(struct device *dev);
	int (*suspend)(struct device *dev, pm_message_t state);
	int (*resume)(struct device *dev);
	const struct attribute_group **groups;		/* files of the driver */
	const struct attribute_group **dev_groups;	/* files of each bound device */

	const struct dev_pm_ops *pm;
	void (*coredump)(struct device *dev);

	struct driver_private *p;	/* drivers/base/driver.c's own */
};

/* 0, -EINVAL (no bus, or the bus is not registered), -EBUSY (a driver of
 * that name is on the bus already), -ENOMEM. May sleep. */
int __must_check driver_register(struct device_driver *drv);
void driver_unregister(struct device_driver *drv);

/* A file in /sys/bus/BUS/drivers/NAME. */
struct driver_attribute {
	struct attribute attr;
	ssize_t (*show)(struct device_driver *driver, char *buf);
	ssize_t (*store)(struct device_driver *driver, const char *buf, size_t count);
};

#define DRIVER_ATTR_RW(_name) \
	struct driver_attribute driver_attr_##_name = __ATTR_RW(_name)
#define DRIVER_ATTR_RO(_name) \
	struct driver_attribute driver_attr_##_name = __ATTR_RO(_name)
#define DRIVER_ATTR_WO(_name) \
	struct driver_attribute driver_attr_##_name = __ATTR_WO(_name)

int __must_check driver_create_file(struct device_driver *driver,
				    const struct driver_attribute *attr);
void driver_remove_file(struct device_driver *driver, const struct driver_attribute *attr);

/* The driver called name on bus, or NULL. */
struct device_driver *driver_find(const char *name, struct bus_type *bus);

/* Call fn for each device bound to drv until it returns non-zero. */
int __must_check driver_for_each_device(struct device_driver *drv, struct device *start,
					void *data, int (*fn)(struct device *dev, void *));

/* Bind and unbind by hand (as writing to Linux's bind/unbind files does).
 * device_attach: 1 bound, 0 no driver matched, or an error. */
int __must_check device_attach(struct device *dev);
int __must_check driver_attach(struct device_driver *drv);
void device_release_driver(struct device *dev);
int __must_check device_driver_attach(struct device_driver *drv, struct device *dev);

#ifndef module_driver
/* A module whose init registers one driver and whose exit unregisters it. */
#define module_driver(__driver, __register, __unregister, ...)		\
static int __init __driver##_init(void)					\
{									\
	return __register(&(__driver), ##__VA_ARGS__);			\
}									\
module_init(__driver##_init);						\
static void __exit __driver##_exit(void)				\
{									\
	__unregister(&(__driver), ##__VA_ARGS__);			\
}									\
module_exit(__driver##_exit);
#endif

#endif
