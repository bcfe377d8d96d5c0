/*
 * sysfs_class.c: a character device driver with a class of its own, so
 * its nodes appear in /dev by themselves, written as a Linux 6.1 module
 * would be.
 *
 * insmod sysfs_class.ko units=2 gives /dev/beacon0 and /dev/beacon1,
 * /sys/class/beacon/beacon0/{dev,pulses,rate} and
 * /sys/class/beacon/version. Reading /dev/beaconN says which unit it is
 * and counts a pulse; rate (1..1000) is per unit.
 */
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#define BEACON_NAME	"beacon"
#define BEACON_MAX	4

static int units = 1;
module_param(units, int, 0444);
MODULE_PARM_DESC(units, "how many devices (1..4)");

struct beacon {
	struct device *dev;
	int index;
	int rate;
	atomic_t pulses;
};

static dev_t beacon_base;
static struct cdev beacon_cdev;
static struct class *beacon_class;
static struct beacon beacons[BEACON_MAX];

static int beacon_open(struct inode *inode, struct file *file)
{
	file->private_data = &beacons[iminor(inode)];
	return 0;
}

static ssize_t beacon_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct beacon *b = file->private_data;
	char msg[64];
	int len = scnprintf(msg, sizeof(msg), "beacon %d at rate %d\n", b->index, b->rate);

	if (*ppos == 0)
		atomic_inc(&b->pulses);
	return simple_read_from_buffer(buf, count, ppos, msg, len);
}

static const struct file_operations beacon_fops = {
	.owner = THIS_MODULE,
	.open = beacon_open,
	.read = beacon_read,
};

static ssize_t pulses_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct beacon *b = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", atomic_read(&b->pulses));
}
static DEVICE_ATTR_RO(pulses);

static ssize_t rate_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct beacon *b = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%d\n", b->rate);
}

static ssize_t rate_store(struct device *dev, struct device_attribute *attr, const char *buf,
			  size_t count)
{
	struct beacon *b = dev_get_drvdata(dev);
	int v, err = kstrtoint(buf, 0, &v);

	if (err)
		return err;
	if (v < 1 || v > 1000) {
		dev_warn(dev, "rate %d out of range 1..1000\n", v);
		return -EINVAL;
	}
	b->rate = v;
	dev_info(dev, "rate now %d\n", v);
	return count;
}
static DEVICE_ATTR_RW(rate);

static struct attribute *beacon_attrs[] = {
	&dev_attr_pulses.attr,
	&dev_attr_rate.attr,
	NULL,
};
ATTRIBUTE_GROUPS(beacon);

static ssize_t version_show(struct class *class, struct class_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "beacon 1.0 for Linux %d.%d\n", LINUX_VERSION_CODE >> 16,
			  (LINUX_VERSION_CODE >> 8) & 0xff);
}
static CLASS_ATTR_RO(version);

static void beacon_remove_units(int n)
{
	while (--n >= 0)
		device_destroy(beacon_class, MKDEV(MAJOR(beacon_base), n));
}

static int __init beacon_init(void)
{
	int err, i;

	if (units < 1 || units > BEACON_MAX) {
		pr_err("beacon: units=%d: must be 1..%d\n", units, BEACON_MAX);
		return -EINVAL;
	}
	err = alloc_chrdev_region(&beacon_base, 0, units, BEACON_NAME);
	if (err)
		return err;
	cdev_init(&beacon_cdev, &beacon_fops);
	beacon_cdev.owner = THIS_MODULE;
	err = cdev_add(&beacon_cdev, beacon_base, units);
	if (err)
		goto unregister;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	beacon_class = class_create(BEACON_NAME);
#else
	beacon_class = class_create(THIS_MODULE, BEACON_NAME);
#endif
	if (IS_ERR(beacon_class)) {
		err = PTR_ERR(beacon_class);
		goto del_cdev;
	}
	beacon_class->dev_groups = beacon_groups;
	err = class_create_file(beacon_class, &class_attr_version);
	if (err)
		goto destroy_class;
	for (i = 0; i < units; i++) {
		struct beacon *b = &beacons[i];

		b->index = i;
		b->rate = 10;
		atomic_set(&b->pulses, 0);
		b->dev = device_create(beacon_class, NULL, MKDEV(MAJOR(beacon_base), i), b,
				       BEACON_NAME "%d", i);
		if (IS_ERR(b->dev)) {
			err = PTR_ERR(b->dev);
			beacon_remove_units(i);
			goto remove_file;
		}
		dev_info(b->dev, "unit %d ready\n", i);
	}
	pr_info("beacon: %d unit(s) on major %d\n", units, MAJOR(beacon_base));
	return 0;

remove_file:
	class_remove_file(beacon_class, &class_attr_version);
destroy_class:
	class_destroy(beacon_class);
del_cdev:
	cdev_del(&beacon_cdev);
unregister:
	unregister_chrdev_region(beacon_base, units);
	return err;
}

static void __exit beacon_exit(void)
{
	beacon_remove_units(units);
	class_remove_file(beacon_class, &class_attr_version);
	class_destroy(beacon_class);
	cdev_del(&beacon_cdev);
	unregister_chrdev_region(beacon_base, units);
	pr_info("beacon: gone\n");
}

module_init(beacon_init);
module_exit(beacon_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A character device class whose nodes appear in /dev by themselves");
