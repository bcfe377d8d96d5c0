/*
 * Drivers on a bus: /sys/bus/BUS/drivers/NAME with the driver's attribute
 * files, the bus's list of drivers, and registering a driver (binding it
 * to every device it matches) and unregistering it (unbinding it from
 * each). The binding steps are in dd.c, the locking rules in
 * bus-internal.h.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/device.h>
#include "bus-internal.h"

#define to_drv_attr(a) container_of(a, struct driver_attribute, attr)

static ssize_t drv_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct driver_attribute *da = to_drv_attr(attr);

	return da->show ? da->show(to_driver(kobj)->driver, buf) : -EIO;
}

static ssize_t drv_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf,
			      size_t count)
{
	struct driver_attribute *da = to_drv_attr(attr);

	return da->store ? da->store(to_driver(kobj)->driver, buf, count) : -EIO;
}

static const struct sysfs_ops driver_sysfs_ops = {
	.show = drv_attr_show,
	.store = drv_attr_store,
};

static void driver_release(struct kobject *kobj)
{
	kfree(to_driver(kobj));
}

static const struct kobj_type driver_ktype = {
	.sysfs_ops = &driver_sysfs_ops,
	.release = driver_release,
};

int driver_create_file(struct device_driver *drv, const struct driver_attribute *attr)
{
	if (!drv || !drv->p)
		return -EINVAL;
	return sysfs_create_file(&drv->p->kobj, &attr->attr);
}
EXPORT_SYMBOL_GPL(driver_create_file);

void driver_remove_file(struct device_driver *drv, const struct driver_attribute *attr)
{
	if (drv && drv->p)
		sysfs_remove_file(&drv->p->kobj, &attr->attr);
}
EXPORT_SYMBOL_GPL(driver_remove_file);

/* Under the bus's mutex. */
static struct driver_private *find_driver(struct subsys_private *p, const char *name)
{
	struct driver_private *d;

	list_for_each_entry(d, &p->drivers, knode_bus)
		if (!strcmp(d->driver->name, name))
			return d;
	return NULL;
}

/*
 * The driver called name on bus, or NULL. As in Linux, the answer is only
 * good while the caller knows the driver cannot go (its own, say).
 */
struct device_driver *driver_find(const char *name, struct bus_type *bus)
{
	struct driver_private *d;

	if (!bus || !bus->p)
		return NULL;
	mutex_lock(&bus->p->mutex);
	d = find_driver(bus->p, name);
	mutex_unlock(&bus->p->mutex);
	return d ? d->driver : NULL;
}
EXPORT_SYMBOL_GPL(driver_find);

int bus_add_driver(struct device_driver *drv)
{
	struct subsys_private *p = drv->bus->p;
	struct driver_private *d;
	int err;

	if (driver_find(drv->name, drv->bus))
		return -EBUSY;
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	INIT_LIST_HEAD(&d->devices);
	INIT_LIST_HEAD(&d->knode_bus);
	d->driver = drv;
	d->kobj.kset = p->drivers_kset;
	err = kobject_init_and_add(&d->kobj, &driver_ktype, NULL, "%s", drv->name);
	if (err) {
		kobject_put(&d->kobj);	/* frees d */
		return err == -EEXIST ? -EBUSY : err;	/* one of that name came first */
	}
	err = sysfs_create_groups(&d->kobj, drv->groups);
	if (err) {
		kobject_put(&d->kobj);
		return err;
	}
	mutex_lock(&p->mutex);
	if (find_driver(p, drv->name)) {
		mutex_unlock(&p->mutex);
		kobject_put(&d->kobj);
		return -EBUSY;
	}
	drv->p = d;
	d->registered = true;
	list_add_tail(&d->knode_bus, &p->drivers);
	mutex_unlock(&p->mutex);
	err = driver_attach(drv);
	if (err)
		pr_warn("%s: driver_attach failed: error %d\n", drv->name, err);
	return 0;
}

void bus_remove_driver(struct device_driver *drv)
{
	struct subsys_private *p = drv->bus->p;
	struct driver_private *d = drv->p;

	mutex_lock(&p->mutex);
	d->registered = false;		/* no new binding to it */
	list_del_init(&d->knode_bus);
	mutex_unlock(&p->mutex);
	driver_detach(drv);
	sysfs_remove_groups(&d->kobj, drv->groups);
	drv->p = NULL;
	kobject_put(&d->kobj);		/* its directory goes, then d */
}

int driver_register(struct device_driver *drv)
{
	int err;

	if (!drv || !drv->name || !drv->name[0]) {
		pr_err("driver_register: a driver needs a name\n");
		return -EINVAL;
	}
	if (!drv->bus || !drv->bus->p) {
		pr_err("Driver '%s' was unable to register with bus_type '%s' %s\n", drv->name,
		       drv->bus && drv->bus->name ? drv->bus->name : "(none)",
		       "because the bus was not initialized.");
		return -EINVAL;
	}
	if ((drv->bus->probe && drv->probe) || (drv->bus->remove && drv->remove))
		pr_warn("Driver '%s' needs updating - please use bus_type methods\n", drv->name);
	err = bus_add_driver(drv);
	if (err == -EBUSY)
		pr_err("Error: Driver '%s' is already registered, aborting...\n", drv->name);
	return err;
}
EXPORT_SYMBOL_GPL(driver_register);

void driver_unregister(struct device_driver *drv)
{
	if (!drv || !drv->p) {
		pr_warn("Unexpected driver unregister!\n");
		return;
	}
	bus_remove_driver(drv);
}
EXPORT_SYMBOL_GPL(driver_unregister);

int driver_for_each_device(struct device_driver *drv, struct device *start, void *data,
			   int (*fn)(struct device *dev, void *))
{
	struct device **devs;
	unsigned int n, i = 0;
	int ret = 0;

	if (!drv || !drv->p)
		return -EINVAL;
	devs = bus_get_devices(drv->bus, &n);
	if (IS_ERR(devs))
		return PTR_ERR(devs);
	if (start) {
		while (i < n && devs[i] != start)
			i++;
		i++;
	}
	for (; i < n && !ret; i++)
		if (devs[i]->driver == drv)
			ret = fn(devs[i], data);
	put_devices(devs, n);
	return ret;
}
EXPORT_SYMBOL_GPL(driver_for_each_device);
