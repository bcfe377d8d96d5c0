/*
 * Binding devices to drivers: probe when a device or a driver arrives and
 * the bus says they match, remove when either goes. A device is bound to
 * at most one driver. Probing and removing run under the device's lock
 * (device_lock), never under a bus list's mutex (bus-internal.h).
 *
 * After a failed probe, and after every remove, what the driver got with
 * devm_* for the device is released (devres_release_all) and the device's
 * driver data is cleared, as in Linux.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/device.h>
#include "bus-internal.h"
#include "devres.h"

/* Under device_lock(dev) and the bus's mutex: may drv be bound to dev now? */
static bool bind_allowed(struct device_driver *drv, struct device *dev)
{
	return dev->p && dev->p->on_bus && !dev->driver && drv->p && drv->p->registered;
}

/* Record the binding: the driver's list and its sysfs directory. */
static void driver_bound(struct device *dev)
{
	struct device_driver *drv = dev->driver;
	struct subsys_private *p = drv->bus->p;

	mutex_lock(&p->mutex);
	list_add_tail(&dev->p->knode_driver, &drv->p->devices);
	mutex_unlock(&p->mutex);
	/* Best effort: the binding holds without the link. */
	dev->p->driver_link = !sysfs_create_link(&drv->p->kobj, &dev->kobj, dev_name(dev));
}

int driver_probe_device(struct device_driver *drv, struct device *dev)
{
	struct bus_type *bus = drv->bus;
	bool ok;
	int ret;

	mutex_lock(&bus->p->mutex);
	ok = bind_allowed(drv, dev) && driver_match_device(drv, dev);
	mutex_unlock(&bus->p->mutex);
	if (!ok)
		return 0;
	dev->driver = drv;
	ret = sysfs_create_groups(&dev->kobj, drv->dev_groups);
	if (!ret) {
		if (bus->probe)
			ret = bus->probe(dev);
		else if (drv->probe)
			ret = drv->probe(dev);
		if (ret)
			sysfs_remove_groups(&dev->kobj, drv->dev_groups);
	}
	if (ret) {
		devres_release_all(dev);
		dev->driver = NULL;
		dev_set_drvdata(dev, NULL);
		if (ret != -ENODEV && ret != -ENXIO)
			pr_warn("%s: probe of %s failed with error %d\n", drv->name,
				dev_name(dev), ret);
		return ret;
	}
	driver_bound(dev);
	return 1;
}

void __device_release_driver(struct device *dev)
{
	struct device_driver *drv = dev->driver;
	struct bus_type *bus = drv->bus;

	if (dev->p->driver_link) {
		sysfs_remove_link(&drv->p->kobj, dev_name(dev));
		dev->p->driver_link = false;
	}
	mutex_lock(&bus->p->mutex);
	list_del_init(&dev->p->knode_driver);
	mutex_unlock(&bus->p->mutex);
	if (bus->remove)
		bus->remove(dev);
	else if (drv->remove)
		drv->remove(dev);
	sysfs_remove_groups(&dev->kobj, drv->dev_groups);
	devres_release_all(dev);
	dev->driver = NULL;
	dev_set_drvdata(dev, NULL);
}

void device_release_driver(struct device *dev)
{
	device_lock(dev);
	if (dev->driver)
		__device_release_driver(dev);
	device_unlock(dev);
}
EXPORT_SYMBOL_GPL(device_release_driver);

/*
 * Try the bus's drivers in registration order until one binds dev. We copy
 * the list under the mutex and probe without it. Every driver in the copy
 * stays valid while we hold device_lock(dev): driver_unregister takes this
 * lock (driver_detach, for every device on the bus) before it returns, so
 * one unregistered meanwhile is seen as such by bind_allowed, not freed.
 */
int device_attach(struct device *dev)
{
	struct subsys_private *p = dev->bus ? dev->bus->p : NULL;
	struct device_driver **drvs;
	struct driver_private *d;
	unsigned int n = 0, i;
	int ret = 0;

	if (!p)
		return -EINVAL;
	device_lock(dev);
	if (dev->driver) {
		device_unlock(dev);
		return 1;
	}
	mutex_lock(&p->mutex);
	list_for_each_entry(d, &p->drivers, knode_bus)
		n++;
	drvs = n ? kmalloc_array(n, sizeof(*drvs), GFP_KERNEL) : NULL;
	if (n && !drvs) {
		mutex_unlock(&p->mutex);
		device_unlock(dev);
		return -ENOMEM;
	}
	i = 0;
	list_for_each_entry(d, &p->drivers, knode_bus)
		drvs[i++] = d->driver;
	mutex_unlock(&p->mutex);
	for (i = 0; i < n && ret <= 0; i++)
		ret = driver_probe_device(drvs[i], dev);	/* failed: try the next */
	device_unlock(dev);
	kfree(drvs);
	return ret > 0 ? 1 : 0;
}
EXPORT_SYMBOL_GPL(device_attach);

int device_driver_attach(struct device_driver *drv, struct device *dev)
{
	int ret;

	device_lock(dev);
	ret = dev->driver ? -EBUSY : driver_probe_device(drv, dev);
	device_unlock(dev);
	return ret < 0 ? ret : ret ? 0 : -ENODEV;
}
EXPORT_SYMBOL_GPL(device_driver_attach);

/* Probe every unbound device of drv's bus that matches (driver_register). */
int driver_attach(struct device_driver *drv)
{
	struct device **devs;
	unsigned int n, i;

	devs = bus_get_devices(drv->bus, &n);
	if (IS_ERR(devs))
		return PTR_ERR(devs);
	for (i = 0; i < n; i++) {
		device_lock(devs[i]);
		driver_probe_device(drv, devs[i]);	/* a failure leaves it unbound */
		device_unlock(devs[i]);
	}
	put_devices(devs, n);
	return 0;
}
EXPORT_SYMBOL_GPL(driver_attach);

/*
 * Unbind every device bound to drv. drv is off the bus's list already, so
 * no new binding to it starts; one in progress holds its device's lock,
 * which we take for every device of the bus, so it has finished (and is
 * seen here as bound) before we look.
 */
void driver_detach(struct device_driver *drv)
{
	struct device **devs;
	unsigned int n, i;

	devs = bus_get_devices(drv->bus, &n);
	if (IS_ERR(devs)) {
		/* No memory for the copy: unbind one by one from the list. */
		for (;;) {
			struct device *dev = NULL;

			mutex_lock(&drv->bus->p->mutex);
			if (!list_empty(&drv->p->devices))
				dev = get_device(list_first_entry(&drv->p->devices,
						struct device_private, knode_driver)->device);
			mutex_unlock(&drv->bus->p->mutex);
			if (!dev)
				return;
			device_lock(dev);
			if (dev->driver == drv)
				__device_release_driver(dev);
			device_unlock(dev);
			put_device(dev);
		}
	}
	for (i = 0; i < n; i++) {
		device_lock(devs[i]);
		if (devs[i]->driver == drv)
			__device_release_driver(devs[i]);
		device_unlock(devs[i]);
	}
	put_devices(devs, n);
}
