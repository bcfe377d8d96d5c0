/*
 * The platform bus: devices that are simply there (not found by probing a
 * bus like PCI) and the drivers for them, matched by name.
 *
 *	static struct platform_driver my_driver = {
 *		.probe = my_probe,	(int my_probe(struct platform_device *))
 *		.remove = my_remove,
 *		.driver = { .name = "mydev" },
 *	};
 *	module_platform_driver(my_driver);
 *
 *	pdev = platform_device_register_simple("mydev", -1, NULL, 0);
 *		(probes my_driver: /sys/devices/platform/mydev)
 *	platform_device_unregister(pdev);	(my_remove runs first)
 *
 * A device called NAME with id PLATFORM_DEVID_NONE is "NAME", with id N
 * "NAME.N", with PLATFORM_DEVID_AUTO "NAME.N.auto". A driver takes a
 * device whose name is its driver.name, or one in its id_table.
 *
 * Each device's DMA mask starts at 32 bits (see linux/dma-mapping.h).
 * Resources are a list for the driver only: nothing claims the ranges.
 */
#ifndef _PLATFORM_DEVICE_H_
#define _PLATFORM_DEVICE_H_

#include <linux/device.h>
#include <linux/ioport.h>
#include <linux/mod_devicetable.h>

#define PLATFORM_DEVID_NONE	(-1)
#define PLATFORM_DEVID_AUTO	(-2)

struct mfd_cell;

struct platform_device {
	const char *name;
	int id;
	bool id_auto;
	struct device dev;
	u64 platform_dma_mask;
	u32 num_resources;
	struct resource *resource;
	const struct platform_device_id *id_entry;
	const char *driver_override;	/* kmalloc'd: only this driver may bind */
	struct mfd_cell *mfd_cell;
};

#define platform_get_device_id(pdev)	((pdev)->id_entry)
#define dev_is_platform(dev)		((dev)->bus == &platform_bus_type)
#define to_platform_device(x)		container_of((x), struct platform_device, dev)

extern struct device platform_bus;
extern struct bus_type platform_bus_type;

struct platform_driver {
	int (*probe)(struct platform_device *pdev);
	int (*remove)(struct platform_device *pdev);
	/* The void form (Linux 6.3 and later spell remove this way for a
	 * while); used when set. */
	void (*remove_new)(struct platform_device *pdev);
	void (*shutdown)(struct platform_device *pdev);
	int (*suspend)(struct platform_device *pdev, pm_message_t state);
	int (*resume)(struct platform_device *pdev);
	struct device_driver driver;
	const struct platform_device_id *id_table;
	bool prevent_deferred_probe;
	bool driver_managed_dma;
};

#define to_platform_driver(drv)	(container_of((drv), struct platform_driver, driver))

/* Devices. Register/add: 0 or -errno; after a failed add, put it. May sleep. */
int platform_device_register(struct platform_device *pdev);
void platform_device_unregister(struct platform_device *pdev);
struct platform_device *platform_device_alloc(const char *name, int id);
int platform_device_add_resources(struct platform_device *pdev, const struct resource *res,
				  unsigned int num);
int platform_device_add_data(struct platform_device *pdev, const void *data, size_t size);
int platform_device_add(struct platform_device *pdev);
void platform_device_del(struct platform_device *pdev);
void platform_device_put(struct platform_device *pdev);

/* Allocate, fill and add in one call: the device, or an ERR_PTR. */
struct platform_device *platform_device_register_resndata(struct device *parent,
		const char *name, int id, const struct resource *res, unsigned int num,
		const void *data, size_t size);

static inline struct platform_device *platform_device_register_simple(const char *name, int id,
		const struct resource *res, unsigned int num)
{
	return platform_device_register_resndata(NULL, name, id, res, num, NULL, 0);
}

static inline struct platform_device *platform_device_register_data(struct device *parent,
		const char *name, int id, const void *data, size_t size)
{
	return platform_device_register_resndata(parent, name, id, NULL, 0, data, size);
}

/* The num-th resource of that type, or NULL. */
struct resource *platform_get_resource(struct platform_device *dev, unsigned int type,
				       unsigned int num);
struct resource *platform_get_resource_byname(struct platform_device *dev, unsigned int type,
					      const char *name);
/* The num-th IRQ resource's number, or -ENXIO. */
int platform_get_irq(struct platform_device *dev, unsigned int num);
int platform_get_irq_optional(struct platform_device *dev, unsigned int num);
int platform_irq_count(struct platform_device *dev);

/* Drivers. */
int __platform_driver_register(struct platform_driver *drv, struct module *owner);
#define platform_driver_register(drv) __platform_driver_register(drv, THIS_MODULE)
void platform_driver_unregister(struct platform_driver *drv);

#define module_platform_driver(__platform_driver) \
	module_driver(__platform_driver, platform_driver_register, platform_driver_unregister)
#define builtin_platform_driver(__platform_driver) \
	module_platform_driver(__platform_driver)

static inline void *platform_get_drvdata(const struct platform_device *pdev)
{
	return dev_get_drvdata(&pdev->dev);
}

static inline void platform_set_drvdata(struct platform_device *pdev, void *data)
{
	dev_set_drvdata(&pdev->dev, data);
}

#endif
