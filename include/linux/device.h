/*
 * PLACEHOLDER until the device model's core lands: just what the input
 * layer needs of struct device (a reference count and a release).
 */
#ifndef _LINUX_DEVICE_H
#define _LINUX_DEVICE_H

#include <linux/kernel.h>
#include <linux/kref.h>

struct device {
	char name[32];
	struct device *parent;
	struct kref kref;
	void *driver_data;
	void (*release)(struct device *dev);
};

static inline void device_initialize(struct device *dev)
{
	kref_init(&dev->kref);
}

static inline int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(dev->name, sizeof(dev->name), fmt, ap);
	va_end(ap);
	return 0;
}

static inline const char *dev_name(const struct device *dev)
{
	return dev->name;
}

static inline int device_add(struct device *dev)
{
	return 0;
}

static inline void device_del(struct device *dev)
{
}

static inline struct device *get_device(struct device *dev)
{
	kref_get(&dev->kref);
	return dev;
}

static inline void device_kref_release(struct kref *kref)
{
	struct device *dev = container_of(kref, struct device, kref);

	dev->release(dev);
}

static inline void put_device(struct device *dev)
{
	kref_put(&dev->kref, device_kref_release);
}

static inline void *dev_get_drvdata(const struct device *dev)
{
	return dev->driver_data;
}

static inline void dev_set_drvdata(struct device *dev, void *data)
{
	dev->driver_data = data;
}

#endif
