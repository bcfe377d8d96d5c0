/*
 * The platform bus (linux/platform_device.h): devices registered by name,
 * drivers matched to them by name, /sys/bus/platform and, for the devices,
 * /sys/devices/platform/NAME. A platform device is allocated with its name
 * (struct platform_object) and freed by its release at the last
 * put_device; what platform_device_add_resources and _add_data copied is
 * freed with it.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/atomic.h>
#include <linux/platform_device.h>
#include <linux/dma-mapping.h>
#include "bus-internal.h"

static void platform_bus_release(struct device *dev)
{
	/* static: never freed */
}

/* /sys/devices/platform, the parent of platform devices without one. */
struct device platform_bus = {
	.init_name = "platform",
	.release = platform_bus_release,
};
EXPORT_SYMBOL_GPL(platform_bus);

/* PLATFORM_DEVID_AUTO numbers: given out once each, never reused. */
static atomic_t platform_auto_id = ATOMIC_INIT(-1);

struct platform_object {
	struct platform_device pdev;
	char name[];
};

#define to_platform_object(x) container_of((x), struct platform_object, pdev)

/* ---- resources ---- */

struct resource *platform_get_resource(struct platform_device *dev, unsigned int type,
				       unsigned int num)
{
	u32 i;

	for (i = 0; i < dev->num_resources; i++) {
		struct resource *r = &dev->resource[i];

		if (type == resource_type(r) && num-- == 0)
			return r;
	}
	return NULL;
}
EXPORT_SYMBOL_GPL(platform_get_resource);

struct resource *platform_get_resource_byname(struct platform_device *dev, unsigned int type,
					      const char *name)
{
	u32 i;

	for (i = 0; i < dev->num_resources; i++) {
		struct resource *r = &dev->resource[i];

		if (type == resource_type(r) && r->name && !strcmp(r->name, name))
			return r;
	}
	return NULL;
}
EXPORT_SYMBOL_GPL(platform_get_resource_byname);

int platform_get_irq_optional(struct platform_device *dev, unsigned int num)
{
	struct resource *r = platform_get_resource(dev, IORESOURCE_IRQ, num);

	return r ? (int)r->start : -ENXIO;
}
EXPORT_SYMBOL_GPL(platform_get_irq_optional);

int platform_get_irq(struct platform_device *dev, unsigned int num)
{
	int ret = platform_get_irq_optional(dev, num);

	if (ret < 0)
		dev_err(&dev->dev, "IRQ index %u not found\n", num);
	return ret;
}
EXPORT_SYMBOL_GPL(platform_get_irq);

int platform_irq_count(struct platform_device *dev)
{
	int n = 0;

	while (platform_get_irq_optional(dev, n) >= 0)
		n++;
	return n;
}
EXPORT_SYMBOL_GPL(platform_irq_count);

/* ---- devices ---- */

static void platform_device_release(struct device *dev)
{
	struct platform_object *pa = to_platform_object(to_platform_device(dev));

	kfree(pa->pdev.dev.platform_data);
	kfree(pa->pdev.resource);
	kfree(pa->pdev.driver_override);
	kfree(pa);
}

/* A 32-bit DMA mask unless the creator gave one. */
static void setup_pdev_dma_masks(struct platform_device *pdev)
{
	pdev->dev.dma_parms = NULL;
	if (!pdev->dev.coherent_dma_mask)
		pdev->dev.coherent_dma_mask = DMA_BIT_MASK(32);
	if (!pdev->dev.dma_mask) {
		pdev->platform_dma_mask = DMA_BIT_MASK(32);
		pdev->dev.dma_mask = &pdev->platform_dma_mask;
	}
}

struct platform_device *platform_device_alloc(const char *name, int id)
{
	size_t len = strlen(name) + 1;
	struct platform_object *pa = kzalloc(sizeof(*pa) + len, GFP_KERNEL);

	if (!pa)
		return NULL;
	memcpy(pa->name, name, len);
	pa->pdev.name = pa->name;
	pa->pdev.id = id;
	device_initialize(&pa->pdev.dev);
	pa->pdev.dev.release = platform_device_release;
	setup_pdev_dma_masks(&pa->pdev);
	return &pa->pdev;
}
EXPORT_SYMBOL_GPL(platform_device_alloc);

int platform_device_add_resources(struct platform_device *pdev, const struct resource *res,
				  unsigned int num)
{
	struct resource *r = NULL;

	if (res && num) {
		r = kmemdup(res, sizeof(*res) * num, GFP_KERNEL);
		if (!r)
			return -ENOMEM;
	}
	kfree(pdev->resource);
	pdev->resource = r;
	pdev->num_resources = r ? num : 0;
	return 0;
}
EXPORT_SYMBOL_GPL(platform_device_add_resources);

int platform_device_add_data(struct platform_device *pdev, const void *data, size_t size)
{
	void *d = NULL;

	if (data && size) {
		d = kmemdup(data, size, GFP_KERNEL);
		if (!d)
			return -ENOMEM;
	}
	kfree(pdev->dev.platform_data);
	pdev->dev.platform_data = d;
	return 0;
}
EXPORT_SYMBOL_GPL(platform_device_add_data);

int platform_device_add(struct platform_device *pdev)
{
	int err;

	if (!pdev || !pdev->name)
		return -EINVAL;
	if (!pdev->dev.parent)
		pdev->dev.parent = &platform_bus;
	pdev->dev.bus = &platform_bus_type;
	switch (pdev->id) {
	case PLATFORM_DEVID_NONE:
		err = dev_set_name(&pdev->dev, "%s", pdev->name);
		break;
	case PLATFORM_DEVID_AUTO:
		pdev->id = atomic_inc_return(&platform_auto_id);
		pdev->id_auto = true;
		err = dev_set_name(&pdev->dev, "%s.%d.auto", pdev->name, pdev->id);
		break;
	default:
		err = dev_set_name(&pdev->dev, "%s.%d", pdev->name, pdev->id);
	}
	if (err)
		return err;
	err = device_add(&pdev->dev);
	if (err && pdev->id_auto) {
		pdev->id = PLATFORM_DEVID_AUTO;
		pdev->id_auto = false;
	}
	return err;
}
EXPORT_SYMBOL_GPL(platform_device_add);

void platform_device_del(struct platform_device *pdev)
{
	if (!IS_ERR_OR_NULL(pdev))
		device_del(&pdev->dev);
}
EXPORT_SYMBOL_GPL(platform_device_del);

void platform_device_put(struct platform_device *pdev)
{
	if (!IS_ERR_OR_NULL(pdev))
		put_device(&pdev->dev);
}
EXPORT_SYMBOL_GPL(platform_device_put);

int platform_device_register(struct platform_device *pdev)
{
	device_initialize(&pdev->dev);
	setup_pdev_dma_masks(pdev);
	return platform_device_add(pdev);
}
EXPORT_SYMBOL_GPL(platform_device_register);

void platform_device_unregister(struct platform_device *pdev)
{
	platform_device_del(pdev);
	platform_device_put(pdev);
}
EXPORT_SYMBOL_GPL(platform_device_unregister);

struct platform_device *platform_device_register_resndata(struct device *parent,
		const char *name, int id, const struct resource *res, unsigned int num,
		const void *data, size_t size)
{
	struct platform_device *pdev = platform_device_alloc(name, id);
	int err;

	if (!pdev)
		return ERR_PTR(-ENOMEM);
	pdev->dev.parent = parent;
	err = platform_device_add_resources(pdev, res, num);
	if (!err)
		err = platform_device_add_data(pdev, data, size);
	if (!err)
		err = platform_device_add(pdev);
	if (err) {
		platform_device_put(pdev);
		return ERR_PTR(err);
	}
	return pdev;
}
EXPORT_SYMBOL_GPL(platform_device_register_resndata);

/* ---- drivers ---- */

static int platform_probe(struct device *dev)
{
	struct platform_driver *drv = to_platform_driver(dev->driver);

	return drv->probe ? drv->probe(to_platform_device(dev)) : 0;
}

static void platform_remove(struct device *dev)
{
	struct platform_driver *drv = to_platform_driver(dev->driver);
	struct platform_device *pdev = to_platform_device(dev);

	if (drv->remove_new) {
		drv->remove_new(pdev);
	} else if (drv->remove) {
		int ret = drv->remove(pdev);

		if (ret)
			dev_warn(dev, "remove callback returned a non-zero value. This will be ignored.\n");
	}
}

static void platform_shutdown(struct device *dev)
{
	struct platform_driver *drv = dev->driver ? to_platform_driver(dev->driver) : NULL;

	if (drv && drv->shutdown)
		drv->shutdown(to_platform_device(dev));
}

static const struct platform_device_id *platform_match_id(const struct platform_device_id *id,
							  struct platform_device *pdev)
{
	for (; id->name[0]; id++)
		if (!strcmp(pdev->name, id->name))
			return id;
	return NULL;
}

/* driver_override first, then the id_table, then the names. */
static int platform_match(struct device *dev, struct device_driver *drv)
{
	struct platform_device *pdev = to_platform_device(dev);
	struct platform_driver *pdrv = to_platform_driver(drv);

	if (pdev->driver_override)
		return !strcmp(pdev->driver_override, drv->name);
	if (pdrv->id_table) {
		pdev->id_entry = platform_match_id(pdrv->id_table, pdev);
		return pdev->id_entry != NULL;
	}
	return !strcmp(pdev->name, drv->name);
}

struct bus_type platform_bus_type = {
	.name = "platform",
	.match = platform_match,
	.probe = platform_probe,
	.remove = platform_remove,
	.shutdown = platform_shutdown,
};
EXPORT_SYMBOL_GPL(platform_bus_type);

int __platform_driver_register(struct platform_driver *drv, struct module *owner)
{
	drv->driver.owner = owner;
	drv->driver.bus = &platform_bus_type;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_GPL(__platform_driver_register);

void platform_driver_unregister(struct platform_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_GPL(platform_driver_unregister);

/* Boot: /sys/devices/platform and /sys/bus/platform. */
int platform_bus_init(void)
{
	int err = device_register(&platform_bus);

	if (err) {
		put_device(&platform_bus);
		return err;
	}
	err = bus_register(&platform_bus_type);
	if (err)
		device_unregister(&platform_bus);
	return err;
}
