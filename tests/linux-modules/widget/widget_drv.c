/*
 * widget_drv.c - the platform driver for "widget" devices.
 *
 * probe reads the device's platform data and resources, allocates its
 * state with devm_kzalloc (with a 64 KiB sample buffer, so a leak would
 * show in MemFree), a coherent DMA ring with dmam_alloc_coherent, and
 * registers a devm action that says when the core releases it. There is no cleanup in remove or on probe's error paths:
 * devres does it.
 *
 * Parameter: fail_probe=1 makes probe fail after its allocations (the
 * core must still free them).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/platform_device.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/dma-mapping.h>

#include "widget.h"

#define WIDGET_SAMPLES (64 * 1024)
#define WIDGET_RING (8 * 1024)	/* a coherent DMA ring, from dmam_alloc_coherent */

static bool fail_probe;
module_param(fail_probe, bool, 0644);
MODULE_PARM_DESC(fail_probe, "make probe fail after allocating (default: no)");

struct widget {
	const char *label;
	int channels;
	u8 *samples;
	void *ring;
	dma_addr_t ring_dma;
};

static ssize_t label_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct widget *w = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s (%d channels)\n", w->label, w->channels);
}
static DEVICE_ATTR_RO(label);

static struct attribute *widget_attrs[] = {
	&dev_attr_label.attr,
	NULL,
};
ATTRIBUTE_GROUPS(widget);

static void widget_released(void *data)
{
	struct platform_device *pdev = data;

	pr_info("widget_drv: devres released for %s\n", dev_name(&pdev->dev));
}

static int widget_probe(struct platform_device *pdev)
{
	struct widget_platform_data *pd = dev_get_platdata(&pdev->dev);
	struct resource *regs, *irq;
	struct widget *w;
	int err;

	if (!pd)
		return -EINVAL;
	regs = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	irq = platform_get_resource_byname(pdev, IORESOURCE_IRQ, "alarm");
	if (!regs || !irq)
		return -ENODEV;

	err = devm_add_action(&pdev->dev, widget_released, pdev);
	if (err)
		return err;
	w = devm_kzalloc(&pdev->dev, sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	w->samples = devm_kzalloc(&pdev->dev, WIDGET_SAMPLES, GFP_KERNEL);
	if (!w->samples)
		return -ENOMEM;
	w->label = devm_kstrdup(&pdev->dev, pd->label, GFP_KERNEL);
	if (!w->label)
		return -ENOMEM;
	w->channels = pd->channels;

	/* A 24-bit (ISA) mask cannot cover this machine's memory. */
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(24));
	dev_info(&pdev->dev, "24-bit DMA mask: %d\n", err);
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32));
	if (err)
		return dev_err_probe(&pdev->dev, err, "no 32-bit DMA\n");
	w->ring = dmam_alloc_coherent(&pdev->dev, WIDGET_RING, &w->ring_dma, GFP_KERNEL);
	if (!w->ring)
		return -ENOMEM;
	dev_info(&pdev->dev, "DMA ring of %d bytes at %pad, %s\n", WIDGET_RING, &w->ring_dma,
		 (w->ring_dma & (PAGE_SIZE - 1)) ? "unaligned" : "page-aligned");

	if (fail_probe) {
		dev_err(&pdev->dev, "failing probe on purpose\n");
		return -EIO;
	}
	platform_set_drvdata(pdev, w);
	dev_info(&pdev->dev, "probe: %s, %d channels, regs %#x size %#x, irq %u\n", w->label,
		 w->channels, regs->start, resource_size(regs), irq->start);
	return 0;
}

static int widget_remove(struct platform_device *pdev)
{
	struct widget *w = platform_get_drvdata(pdev);

	dev_info(&pdev->dev, "remove: %s\n", w->label);
	return 0;
}

static struct platform_driver widget_driver = {
	.probe = widget_probe,
	.remove = widget_remove,
	.driver = {
		.name = "widget",
		.dev_groups = widget_groups,
	},
};
module_platform_driver(widget_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A platform driver for widget devices");
