/*
 * Buses: /sys/bus/NAME with its devices/ and drivers/ directories and its
 * attribute files, the bus's lists of devices and drivers, and the device
 * side of binding (a device added to a bus looks for its driver; one taken
 * off is unbound first). The driver side is in driver.c, the binding
 * itself in dd.c; bus-internal.h gives the locking rules.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/device.h>
#include "bus-internal.h"

struct kset *bus_kset;

#define to_bus_attr(a) container_of(a, struct bus_attribute, attr)

static struct bus_type *kobj_to_bus(struct kobject *kobj)
{
	return container_of(to_kset(kobj), struct subsys_private, subsys)->bus;
}

static ssize_t bus_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct bus_attribute *ba = to_bus_attr(attr);

	return ba->show ? ba->show(kobj_to_bus(kobj), buf) : -EIO;
}

static ssize_t bus_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf,
			      size_t count)
{
	struct bus_attribute *ba = to_bus_attr(attr);

	return ba->store ? ba->store(kobj_to_bus(kobj), buf, count) : -EIO;
}

static const struct sysfs_ops bus_sysfs_ops = {
	.show = bus_attr_show,
	.store = bus_attr_store,
};

static void bus_release(struct kobject *kobj)
{
	struct subsys_private *p = container_of(to_kset(kobj), struct subsys_private, subsys);

	p->bus->p = NULL;
	kfree(p);
}

static const struct kobj_type bus_ktype = {
	.sysfs_ops = &bus_sysfs_ops,
	.release = bus_release,
};

int bus_create_file(struct bus_type *bus, struct bus_attribute *attr)
{
	if (!bus || !bus->p)
		return -EINVAL;
	return sysfs_create_file(&bus->p->subsys.kobj, &attr->attr);
}
EXPORT_SYMBOL_GPL(bus_create_file);

void bus_remove_file(struct bus_type *bus, struct bus_attribute *attr)
{
	if (bus && bus->p)
		sysfs_remove_file(&bus->p->subsys.kobj, &attr->attr);
}
EXPORT_SYMBOL_GPL(bus_remove_file);

int bus_register(struct bus_type *bus)
{
	struct subsys_private *p;
	struct kobject *old;
	int err;

	if (!bus || !bus->name || !bus->name[0])
		return -EINVAL;
	old = kset_find_obj(bus_kset, bus->name);
	if (old) {
		kobject_put(old);
		pr_err("bus_register: a bus called '%s' is registered already\n", bus->name);
		return -EEXIST;
	}
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->bus = bus;
	mutex_init(&p->mutex);
	INIT_LIST_HEAD(&p->devices);
	INIT_LIST_HEAD(&p->drivers);
	bus->p = p;
	err = kobject_set_name(&p->subsys.kobj, "%s", bus->name);
	if (err)
		goto err_free;
	p->subsys.kobj.kset = bus_kset;
	p->subsys.kobj.ktype = &bus_ktype;
	err = kset_register(&p->subsys);
	if (err) {
		kobject_put(&p->subsys.kobj);	/* bus_release frees p */
		return err;
	}
	err = -ENOMEM;
	p->devices_kset = kset_create_and_add("devices", NULL, &p->subsys.kobj);
	if (!p->devices_kset)
		goto err_unregister;
	p->drivers_kset = kset_create_and_add("drivers", NULL, &p->subsys.kobj);
	if (!p->drivers_kset)
		goto err_devices;
	err = sysfs_create_groups(&p->subsys.kobj, bus->bus_groups);
	if (err)
		goto err_drivers;
	return 0;

err_drivers:
	kset_unregister(p->drivers_kset);
err_devices:
	kset_unregister(p->devices_kset);
err_unregister:
	kset_unregister(&p->subsys);	/* bus_release frees p */
	return err;
err_free:
	bus->p = NULL;
	kfree(p);
	return err;
}
EXPORT_SYMBOL_GPL(bus_register);

void bus_unregister(struct bus_type *bus)
{
	struct subsys_private *p = bus ? bus->p : NULL;
	struct driver_private *d;
	struct device_private *dp;

	if (!p) {
		pr_err("bus_unregister: bus not registered\n");
		return;
	}
	mutex_lock(&p->mutex);
	list_for_each_entry(d, &p->drivers, knode_bus)
		pr_err("bus '%s': unregistered with driver '%s' still on it\n", bus->name,
		       d->driver->name);
	list_for_each_entry(dp, &p->devices, knode_bus)
		pr_err("bus '%s': unregistered with device '%s' still on it\n", bus->name,
		       dev_name(dp->device));
	mutex_unlock(&p->mutex);
	sysfs_remove_groups(&p->subsys.kobj, bus->bus_groups);
	kset_unregister(p->drivers_kset);
	kset_unregister(p->devices_kset);
	kset_unregister(&p->subsys);	/* bus_release frees p */
}
EXPORT_SYMBOL_GPL(bus_unregister);

/* ---- walking a bus ---- */

struct device **bus_get_devices(struct bus_type *bus, unsigned int *n)
{
	struct subsys_private *p = bus->p;
	struct device_private *dp;
	struct device **devs;
	unsigned int i = 0;

	*n = 0;
	mutex_lock(&p->mutex);
	list_for_each_entry(dp, &p->devices, knode_bus)
		i++;
	if (!i) {
		mutex_unlock(&p->mutex);
		return NULL;
	}
	devs = kmalloc_array(i, sizeof(*devs), GFP_KERNEL);
	if (!devs) {
		mutex_unlock(&p->mutex);
		return ERR_PTR(-ENOMEM);
	}
	list_for_each_entry(dp, &p->devices, knode_bus)
		devs[(*n)++] = get_device(dp->device);
	mutex_unlock(&p->mutex);
	return devs;
}

void put_devices(struct device **devs, unsigned int n)
{
	unsigned int i;

	if (IS_ERR_OR_NULL(devs))
		return;
	for (i = 0; i < n; i++)
		put_device(devs[i]);
	kfree(devs);
}

int bus_for_each_dev(struct bus_type *bus, struct device *start, void *data,
		     int (*fn)(struct device *dev, void *data))
{
	struct device **devs;
	unsigned int n, i = 0;
	int ret = 0;

	if (!bus || !bus->p)
		return -EINVAL;
	devs = bus_get_devices(bus, &n);
	if (IS_ERR(devs))
		return PTR_ERR(devs);
	if (start) {
		while (i < n && devs[i] != start)
			i++;
		i++;		/* after start */
	}
	for (; i < n && !ret; i++)
		ret = fn(devs[i], data);
	put_devices(devs, n);
	return ret;
}
EXPORT_SYMBOL_GPL(bus_for_each_dev);

struct device *bus_find_device(struct bus_type *bus, struct device *start, const void *data,
			       int (*match)(struct device *dev, const void *data))
{
	struct device **devs, *found = NULL;
	unsigned int n, i = 0;

	if (!bus || !bus->p)
		return NULL;
	devs = bus_get_devices(bus, &n);
	if (IS_ERR(devs))
		return NULL;
	if (start) {
		while (i < n && devs[i] != start)
			i++;
		i++;
	}
	for (; i < n && !found; i++)
		if (match(devs[i], data))
			found = get_device(devs[i]);
	put_devices(devs, n);
	return found;
}
EXPORT_SYMBOL_GPL(bus_find_device);

int bus_for_each_drv(struct bus_type *bus, struct device_driver *start, void *data,
		     int (*fn)(struct device_driver *drv, void *data))
{
	struct driver_private *d;
	bool started = !start;
	int ret = 0;

	if (!bus || !bus->p)
		return -EINVAL;
	/* Drivers are static data of their modules: fn runs under the list's
	 * mutex, so none goes away under it (fn must not register drivers). */
	mutex_lock(&bus->p->mutex);
	list_for_each_entry(d, &bus->p->drivers, knode_bus) {
		if (!started) {
			started = d->driver == start;
			continue;
		}
		ret = fn(d->driver, data);
		if (ret)
			break;
	}
	mutex_unlock(&bus->p->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(bus_for_each_drv);

int bus_rescan_devices(struct bus_type *bus)
{
	struct device **devs;
	unsigned int n, i;
	int err = 0;

	if (!bus || !bus->p)
		return -EINVAL;
	devs = bus_get_devices(bus, &n);
	if (IS_ERR(devs))
		return PTR_ERR(devs);
	for (i = 0; i < n; i++) {
		int ret = device_attach(devs[i]);

		if (ret < 0 && !err)
			err = ret;
	}
	put_devices(devs, n);
	return err;
}
EXPORT_SYMBOL_GPL(bus_rescan_devices);

/* ---- the device side (from device_add and device_del) ---- */

/* Put dev on its bus: its bus's files, /sys/bus/BUS/devices/NAME, the list. */
int bus_add_device(struct device *dev)
{
	struct bus_type *bus = dev->bus;
	struct device_private *dp = dev->p;
	int err;

	if (!bus)
		return 0;
	if (!bus->p) {
		pr_err("device '%s': its bus '%s' is not registered\n", dev_name(dev),
		       bus->name ?: "(unnamed)");
		return -EINVAL;
	}
	INIT_LIST_HEAD(&dp->knode_bus);
	INIT_LIST_HEAD(&dp->knode_driver);
	err = sysfs_create_groups(&dev->kobj, bus->dev_groups);
	if (err)
		return err;
	err = sysfs_create_link(&bus->p->devices_kset->kobj, &dev->kobj, dev_name(dev));
	if (err) {
		sysfs_remove_groups(&dev->kobj, bus->dev_groups);
		return err;
	}
	dp->bus_link = true;
	mutex_lock(&bus->p->mutex);
	list_add_tail(&dp->knode_bus, &bus->p->devices);
	dp->on_bus = true;
	mutex_unlock(&bus->p->mutex);
	return 0;
}

/* Look for dev's driver (the last step of device_add). */
void bus_probe_device(struct device *dev)
{
	int ret;

	if (!dev->bus)
		return;
	ret = device_attach(dev);	/* 0: no driver yet, which is no error */
	if (ret < 0)
		dev_warn(dev, "looking for its driver failed: error %d\n", ret);
}

/* Unbind dev (its driver's remove runs) and take it off its bus. */
void bus_remove_device(struct device *dev)
{
	struct bus_type *bus = dev->bus;
	struct device_private *dp = dev->p;

	if (!bus || !dp || !dp->on_bus)
		return;
	device_lock(dev);
	mutex_lock(&bus->p->mutex);
	dp->on_bus = false;	/* no new binding from here on */
	mutex_unlock(&bus->p->mutex);
	if (dev->driver)
		__device_release_driver(dev);
	device_unlock(dev);
	mutex_lock(&bus->p->mutex);
	list_del_init(&dp->knode_bus);
	mutex_unlock(&bus->p->mutex);
	sysfs_remove_link(&bus->p->devices_kset->kobj, dev_name(dev));
	dp->bus_link = false;
	sysfs_remove_groups(&dev->kobj, bus->dev_groups);
}

/* Boot: /sys/bus. */
int buses_init(void)
{
	bus_kset = kset_create_and_add("bus", NULL, NULL);
	return bus_kset ? 0 : -ENOMEM;
}
