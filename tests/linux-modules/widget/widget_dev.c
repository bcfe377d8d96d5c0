/*
 * widget_dev.c - a platform device called "widget", with platform data and
 * a memory resource, for widget_drv to drive. Load the two modules in
 * either order: the driver's probe runs when the second one arrives.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/platform_device.h>
#include <linux/ioport.h>

#include "widget.h"

static struct widget_platform_data widget_data = {
	.label = "left widget",
	.channels = 4,
};

static const struct resource widget_resources[] = {
	DEFINE_RES_MEM_NAMED(0xfed40000, 0x1000, "regs"),
	DEFINE_RES_IRQ_NAMED(7, "alarm"),
};

static struct platform_device *widget_pdev;

static int __init widget_dev_init(void)
{
	widget_pdev = platform_device_register_resndata(NULL, "widget", PLATFORM_DEVID_NONE,
						       widget_resources,
						       ARRAY_SIZE(widget_resources),
						       &widget_data, sizeof(widget_data));
	if (IS_ERR(widget_pdev))
		return PTR_ERR(widget_pdev);
	pr_info("widget_dev: device %s registered\n", dev_name(&widget_pdev->dev));
	return 0;
}

static void __exit widget_dev_exit(void)
{
	platform_device_unregister(widget_pdev);
	pr_info("widget_dev: device unregistered\n");
}

module_init(widget_dev_init);
module_exit(widget_dev_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A platform device for the widget driver");
