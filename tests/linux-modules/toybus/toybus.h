/* The toy bus: devices with a serial number, and drivers for them. */
#ifndef TOYBUS_H
#define TOYBUS_H

#include <linux/device.h>

struct toy_device {
	unsigned int serial;
	struct device dev;
};

struct toy_driver {
	const char *version;
	struct device_driver driver;
};

#define to_toy_device(d) container_of(d, struct toy_device, dev)
#define to_toy_driver(d) container_of(d, struct toy_driver, driver)

extern struct bus_type toy_bus_type;

int toy_driver_register(struct toy_driver *drv);
void toy_driver_unregister(struct toy_driver *drv);

#endif
