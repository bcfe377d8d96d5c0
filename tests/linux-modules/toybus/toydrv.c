/*
 * toydrv.c - a driver on the toy bus (toybus.c) for devices named toy*.
 *
 * /sys/bus/toy/drivers/toy/greeting	read-write: what probe says
 * /sys/devices/toyN/state	only while the device is bound (the driver's
 *				dev_groups): "bound to toy, greeting ..."
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "toybus.h"

static char greeting[32] = "hello";
static DEFINE_MUTEX(greeting_lock);

static ssize_t greeting_show(struct device_driver *drv, char *buf)
{
	ssize_t n;

	mutex_lock(&greeting_lock);
	n = sysfs_emit(buf, "%s\n", greeting);
	mutex_unlock(&greeting_lock);
	return n;
}

static ssize_t greeting_store(struct device_driver *drv, const char *buf, size_t len)
{
	size_t n = strcspn(buf, "\n");

	if (n == 0 || n >= sizeof(greeting))
		return -EINVAL;
	mutex_lock(&greeting_lock);
	memcpy(greeting, buf, n);
	greeting[n] = '\0';
	mutex_unlock(&greeting_lock);
	return len;
}
static DRIVER_ATTR_RW(greeting);

static struct attribute *toydrv_attrs[] = {
	&driver_attr_greeting.attr,
	NULL,
};
ATTRIBUTE_GROUPS(toydrv);

static ssize_t state_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "bound to %s\n", dev->driver->name);
}
static DEVICE_ATTR_RO(state);

static struct attribute *toydev_attrs[] = {
	&dev_attr_state.attr,
	NULL,
};
ATTRIBUTE_GROUPS(toydev);

static int toydrv_probe(struct device *dev)
{
	mutex_lock(&greeting_lock);
	dev_info(dev, "probe: %s, serial %u\n", greeting, to_toy_device(dev)->serial);
	mutex_unlock(&greeting_lock);
	return 0;
}

static int toydrv_remove(struct device *dev)
{
	dev_info(dev, "remove\n");
	return 0;
}

static struct toy_driver toydrv = {
	.version = "1.0",
	.driver = {
		.name = "toy",
		.owner = THIS_MODULE,
		.probe = toydrv_probe,
		.remove = toydrv_remove,
		.groups = toydrv_groups,
		.dev_groups = toydev_groups,
	},
};

static int __init toydrv_init(void)
{
	return toy_driver_register(&toydrv);
}

static void __exit toydrv_exit(void)
{
	toy_driver_unregister(&toydrv);
	pr_info("toydrv: gone\n");
}

module_init(toydrv_init);
module_exit(toydrv_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A driver for toy bus devices");
