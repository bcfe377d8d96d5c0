/*
 * toybus.c - a bus of its own, "toy", with a few devices on it.
 *
 * /sys/bus/toy/version	the bus's version (a bus attribute)
 * /sys/bus/toy/count	how many devices it has (read-write: writing N
 *			makes it N, adding or removing devices at the end)
 * /sys/devices/toyN/serial	each device's serial number (the bus's
 *			dev_groups)
 *
 * A driver on this bus (toydrv.c) takes every device whose name starts with
 * its own name. Parameter: devices=N (default 2, at most 8) at load.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "toybus.h"

#define TOY_MAX 8

static unsigned int devices = 2;
module_param(devices, uint, 0444);
MODULE_PARM_DESC(devices, "devices on the bus at load (at most 8)");

static struct toy_device *toys[TOY_MAX];
static unsigned int toy_count;
static DEFINE_MUTEX(toy_lock);	/* toys and toy_count */

static int toy_match(struct device *dev, struct device_driver *drv)
{
	return !strncmp(dev_name(dev), drv->name, strlen(drv->name));
}

static ssize_t serial_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", to_toy_device(dev)->serial);
}
static DEVICE_ATTR_RO(serial);

static struct attribute *toy_dev_attrs[] = {
	&dev_attr_serial.attr,
	NULL,
};
ATTRIBUTE_GROUPS(toy_dev);

struct bus_type toy_bus_type = {
	.name = "toy",
	.match = toy_match,
	.dev_groups = toy_dev_groups,
};
EXPORT_SYMBOL_GPL(toy_bus_type);

static ssize_t version_show(struct bus_type *bus, char *buf)
{
	return sysfs_emit(buf, "toybus 1.0\n");
}
static BUS_ATTR_RO(version);

static void toy_release(struct device *dev)
{
	kfree(to_toy_device(dev));
}

/* Under toy_lock. */
static int toy_add(void)
{
	struct toy_device *t = kzalloc(sizeof(*t), GFP_KERNEL);
	int err;

	if (!t)
		return -ENOMEM;
	t->serial = 1000 + toy_count;
	t->dev.bus = &toy_bus_type;
	t->dev.release = toy_release;
	dev_set_name(&t->dev, "toy%u", toy_count);
	err = device_register(&t->dev);
	if (err) {
		put_device(&t->dev);
		return err;
	}
	toys[toy_count++] = t;
	return 0;
}

/* Under toy_lock. */
static void toy_remove_last(void)
{
	device_unregister(&toys[--toy_count]->dev);
	toys[toy_count] = NULL;
}

static ssize_t count_show(struct bus_type *bus, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(toy_count));
}

static ssize_t count_store(struct bus_type *bus, const char *buf, size_t len)
{
	unsigned int n;
	int err = kstrtouint(buf, 10, &n);

	if (err)
		return err;
	if (n > TOY_MAX)
		return -EINVAL;
	mutex_lock(&toy_lock);
	while (toy_count > n)
		toy_remove_last();
	while (toy_count < n && !err)
		err = toy_add();
	mutex_unlock(&toy_lock);
	return err ? err : len;
}
static BUS_ATTR_RW(count);

int toy_driver_register(struct toy_driver *drv)
{
	drv->driver.bus = &toy_bus_type;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_GPL(toy_driver_register);

void toy_driver_unregister(struct toy_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_GPL(toy_driver_unregister);

static int __init toybus_init(void)
{
	int err;

	if (devices > TOY_MAX)
		return -EINVAL;
	err = bus_register(&toy_bus_type);
	if (err)
		return err;
	err = bus_create_file(&toy_bus_type, &bus_attr_version);
	if (err)
		goto err_bus;
	err = bus_create_file(&toy_bus_type, &bus_attr_count);
	if (err)
		goto err_version;
	mutex_lock(&toy_lock);
	while (toy_count < devices && !err)
		err = toy_add();
	if (err)
		while (toy_count)
			toy_remove_last();
	mutex_unlock(&toy_lock);
	if (err)
		goto err_count;
	pr_info("toybus: %u devices\n", toy_count);
	return 0;

err_count:
	bus_remove_file(&toy_bus_type, &bus_attr_count);
err_version:
	bus_remove_file(&toy_bus_type, &bus_attr_version);
err_bus:
	bus_unregister(&toy_bus_type);
	return err;
}

static void __exit toybus_exit(void)
{
	mutex_lock(&toy_lock);
	while (toy_count)
		toy_remove_last();
	mutex_unlock(&toy_lock);
	bus_remove_file(&toy_bus_type, &bus_attr_count);
	bus_remove_file(&toy_bus_type, &bus_attr_version);
	bus_unregister(&toy_bus_type);
	pr_info("toybus: gone\n");
}

module_init(toybus_init);
module_exit(toybus_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A bus with devices of its own");
