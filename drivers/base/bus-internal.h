/*
 * What bus.c, driver.c, dd.c and platform.c share: a driver's private part
 * and the binding steps. The bus's private part is struct subsys_private
 * (base.h), as in Linux, where buses and classes share it.
 *
 * Locking (the whole of the bus side), in nesting order:
 *  - device_lock(dev) (dev->mutex): held across a device's probe and
 *    remove and while dev->driver changes, so a device is bound or
 *    unbound by one party at a time, and never while it is probing.
 *  - the bus's p->mutex: its devices and drivers lists, each driver's
 *    devices list, and the on_bus / registered flags. Held only for list
 *    work, never across a probe or remove: a probe may register devices
 *    (on this bus too) without deadlocking.
 * Walks that call out (probe, a bus_for_each_dev callback) take a
 * referenced copy of the list under p->mutex and work on the copy, checking
 * each entry again under its device_lock.
 */
#ifndef _DRIVERS_BASE_BUS_INTERNAL_H
#define _DRIVERS_BASE_BUS_INTERNAL_H

#include <linux/device.h>
#include "base.h"

struct driver_private {
	struct kobject kobj;		/* /sys/bus/BUS/drivers/NAME */
	struct list_head knode_bus;	/* in the bus's drivers (p->mutex) */
	struct list_head devices;	/* bound devices' knode_driver (p->mutex) */
	struct device_driver *driver;
	bool registered;		/* on the bus's list (p->mutex) */
};

#define to_driver(k) container_of(k, struct driver_private, kobj)

/* /sys/bus */
extern struct kset *bus_kset;

/* bus.c: a referenced copy of the devices on bus (put_devices frees it).
 * NULL with *n 0 for none; ERR_PTR(-ENOMEM). */
struct device **bus_get_devices(struct bus_type *bus, unsigned int *n);
void put_devices(struct device **devs, unsigned int n);

/* dd.c: under device_lock(dev). */
int driver_probe_device(struct device_driver *drv, struct device *dev);
void __device_release_driver(struct device *dev);
/* dd.c: unbind every device bound to drv (driver_unregister). */
void driver_detach(struct device_driver *drv);

/* Does drv handle dev? The bus's match, or yes. */
static inline int driver_match_device(struct device_driver *drv, struct device *dev)
{
	return drv->bus->match ? drv->bus->match(dev, drv) : 1;
}

/* bus.c: the device side of device_add/device_del (drivers/base/core.c). */
int bus_add_device(struct device *dev);
void bus_probe_device(struct device *dev);
void bus_remove_device(struct device *dev);

/* driver.c: the bus side of driver_register. */
int bus_add_driver(struct device_driver *drv);
void bus_remove_driver(struct device_driver *drv);

/* Boot: /sys/bus, then the platform bus. */
int buses_init(void);
int platform_bus_init(void);

#endif
