/*
 * The device core: struct device's life cycle, its sysfs directory and
 * files, its /dev node, and dev_printk (linux/device.h has the usage).
 *
 * Where a device shows in /sys: under its parent's directory; without a
 * parent, a device of a class at /sys/devices/virtual/CLASS/NAME and any
 * other at /sys/devices/NAME. A device of a class is also linked from
 * /sys/class/CLASS/NAME, as in Linux. (Linux puts a class device whose
 * parent is of no class in a glue directory named after the class under
 * the parent; modlab puts it straight under the parent.)
 *
 * /dev: a device with a number gets a character special file
 * /dev/NAME (mode 0600, or what the class's devnode says) from
 * device_add, and loses it in device_del, as Linux's devtmpfs does.
 *
 * Lifetime: the kobject's count is the device's. device_del takes the
 * directory out of sysfs, waiting for show/store calls on its files, so
 * a module may free its attributes' code right after; the structure is
 * freed by its release when the last put_device comes.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <modlab/fs.h>
#include "base.h"
#include "bus-internal.h"
#include "devres.h"

struct kset *devices_kset;
EXPORT_SYMBOL_GPL(devices_kset);

/* ---- attribute files ---- */

static ssize_t dev_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct device_attribute *dev_attr = container_of(attr, struct device_attribute, attr);
	struct device *dev = kobj_to_dev(kobj);
	ssize_t ret = -EIO;

	if (dev_attr->show)
		ret = dev_attr->show(dev, dev_attr, buf);
	if (ret >= (ssize_t)PAGE_SIZE)
		pr_warn("dev_attr_show: %s returned bad count\n", attr->name);
	return ret;
}

static ssize_t dev_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf,
			      size_t count)
{
	struct device_attribute *dev_attr = container_of(attr, struct device_attribute, attr);
	struct device *dev = kobj_to_dev(kobj);

	return dev_attr->store ? dev_attr->store(dev, dev_attr, buf, count) : -EIO;
}

static const struct sysfs_ops dev_sysfs_ops = {
	.show = dev_attr_show,
	.store = dev_attr_store,
};

int device_create_file(struct device *dev, const struct device_attribute *attr)
{
	if (!dev)
		return -EINVAL;
	/* Linux's warnings for the same mistakes: a mode that promises what
	 * the attribute cannot do. */
	WARN(((attr->attr.mode & 0222) && !attr->store),
	     "Attribute %s: write permission without 'store'\n", attr->attr.name);
	WARN(((attr->attr.mode & 0444) && !attr->show),
	     "Attribute %s: read permission without 'show'\n", attr->attr.name);
	return sysfs_create_file(&dev->kobj, &attr->attr);
}

void device_remove_file(struct device *dev, const struct device_attribute *attr)
{
	if (dev)
		sysfs_remove_file(&dev->kobj, &attr->attr);
}

int device_add_groups(struct device *dev, const struct attribute_group **groups)
{
	return sysfs_create_groups(&dev->kobj, groups);
}

void device_remove_groups(struct device *dev, const struct attribute_group **groups)
{
	sysfs_remove_groups(&dev->kobj, groups);
}

/* "dev": the device's number, MAJOR:MINOR, as udev reads it. */
static ssize_t dev_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u:%u\n", MAJOR(dev->devt), MINOR(dev->devt));
}
static DEVICE_ATTR_RO(dev);

/* The class's, the type's and the device's own groups; all or none. */
static int device_add_attrs(struct device *dev)
{
	struct class *class = dev->class;
	const struct device_type *type = dev->type;
	int err = 0;

	if (class && class->dev_groups)
		err = device_add_groups(dev, class->dev_groups);
	if (!err && type && type->groups) {
		err = device_add_groups(dev, type->groups);
		if (err && class && class->dev_groups)
			device_remove_groups(dev, class->dev_groups);
	}
	if (!err && dev->groups) {
		err = device_add_groups(dev, dev->groups);
		if (err) {
			if (type && type->groups)
				device_remove_groups(dev, type->groups);
			if (class && class->dev_groups)
				device_remove_groups(dev, class->dev_groups);
		}
	}
	return err;
}

/* ---- /dev nodes ---- */

/* The node's name: the class's devnode may give another ("input/x": /dev
 * takes one level of subdirectory) and a mode. */
static void devtmpfs_create_node(struct device *dev)
{
	umode_t mode = 0600;
	char *tmp = NULL;
	const char *name = dev_name(dev);
	int err;

	if (dev->class && dev->class->devnode) {
		umode_t m = 0;

		tmp = dev->class->devnode(dev, &m);
		if (tmp)
			name = tmp;
		if (m)
			mode = m;
	}
	err = devfs_add_chr(name, mode, dev->devt);
	if (err)
		pr_warn("devtmpfs: cannot make /dev/%s: error %d\n", name, err);
	else
		dev->p->devnode_made = true;
	kfree(tmp);
}

static void devtmpfs_delete_node(struct device *dev)
{
	char *tmp = NULL;
	const char *name = dev_name(dev);

	if (!dev->p->devnode_made)
		return;
	if (dev->class && dev->class->devnode) {
		umode_t m = 0;

		tmp = dev->class->devnode(dev, &m);
		if (tmp)
			name = tmp;
	}
	devfs_remove_chr(name);
	dev->p->devnode_made = false;
	kfree(tmp);
}

/* ---- life cycle ---- */

static void device_release(struct kobject *kobj)
{
	struct device *dev = kobj_to_dev(kobj);
	struct device_private *p = dev->p;

	/* What was got with devm_* outside a binding goes with the device. */
	devres_release_all(dev);
	if (dev->release)
		dev->release(dev);
	else if (dev->type && dev->type->release)
		dev->type->release(dev);
	else if (dev->class && dev->class->dev_release)
		dev->class->dev_release(dev);
	else
		WARN(1, "Device '%s' does not have a release() function, "
		     "it is broken and must be fixed.\n",
		     dev_name(dev));
	kfree(p);		/* saved above: the release freed dev */
}

static const struct kobj_type device_ktype = {
	.release = device_release,
	.sysfs_ops = &dev_sysfs_ops,
};

void device_initialize(struct device *dev)
{
	dev->kobj.kset = devices_kset;
	kobject_init(&dev->kobj, &device_ktype);
	INIT_LIST_HEAD(&dev->dma_pools);
	mutex_init(&dev->mutex);
	spin_lock_init(&dev->devres_lock);
	INIT_LIST_HEAD(&dev->devres_head);
}

static int device_private_init(struct device *dev)
{
	dev->p = kzalloc(sizeof(*dev->p), GFP_KERNEL);
	if (!dev->p)
		return -ENOMEM;
	dev->p->device = dev;
	INIT_LIST_HEAD(&dev->p->knode_class);
	return 0;
}

int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list vargs;
	int err;

	va_start(vargs, fmt);
	err = kobject_set_name_vargs(&dev->kobj, fmt, vargs);
	va_end(vargs);
	return err;
}

static struct kobject *virtual_dir;	/* /sys/devices/virtual, made at boot */

struct kobject *virtual_device_parent(struct device *dev)
{
	return virtual_dir;
}

/* The kobject a device's directory goes under (see the top of the file). */
static struct kobject *get_device_parent(struct device *dev, struct device *parent)
{
	if (parent)
		return &parent->kobj;
	if (dev->class && dev->class->p)
		return dev->class->p->glue_dir;
	return NULL;		/* its kset's: /sys/devices */
}

int device_add(struct device *dev)
{
	struct device *parent;
	int err;

	dev = get_device(dev);
	if (!dev)
		return -EINVAL;
	if (!dev->p) {
		err = device_private_init(dev);
		if (err)
			goto name_error;
	}
	if (dev->init_name) {
		err = dev_set_name(dev, "%s", dev->init_name);
		dev->init_name = NULL;
		if (err)
			goto name_error;
	}
	if (!dev_name(dev) || !dev_name(dev)[0]) {
		err = -EINVAL;
		goto name_error;
	}
	parent = get_device(dev->parent);
	err = kobject_add(&dev->kobj, get_device_parent(dev, parent), "%s", dev_name(dev));
	if (err)
		goto kobj_error;
	if (MAJOR(dev->devt)) {
		err = device_create_file(dev, &dev_attr_dev);
		if (err)
			goto attrs_error;
	}
	err = device_add_attrs(dev);
	if (err)
		goto attrs_error;
	err = bus_add_device(dev);
	if (err)
		goto attrs_error;
	if (dev->class) {
		err = class_add_device(dev);
		if (err)
			goto class_error;
	}
	if (MAJOR(dev->devt))
		devtmpfs_create_node(dev);
	bus_probe_device(dev);
	put_device(dev);
	return 0;

class_error:
	bus_remove_device(dev);
attrs_error:
	kobject_del(&dev->kobj);	/* its files go with it */
kobj_error:
	put_device(parent);
name_error:
	pr_err("device: '%s': device_add failed: error %d\n",
	       dev->kobj.name ? dev->kobj.name : "(no name)", err);
	put_device(dev);
	return err;
}

int device_register(struct device *dev)
{
	device_initialize(dev);
	return device_add(dev);
}

void device_del(struct device *dev)
{
	struct device *parent = dev->parent;

	if (dev->p)
		dev->p->dead = true;
	if (dev->class)
		class_del_device(dev);
	if (dev->p)
		devtmpfs_delete_node(dev);
	bus_remove_device(dev);		/* unbinds it first */
	/* Every file of the device goes with its directory; this waits
	 * for show/store calls in progress on them. */
	kobject_del(&dev->kobj);
	put_device(parent);
}

void device_unregister(struct device *dev)
{
	device_del(dev);
	put_device(dev);
}

struct device *get_device(struct device *dev)
{
	return dev ? kobj_to_dev(kobject_get(&dev->kobj)) : NULL;
}

void put_device(struct device *dev)
{
	if (dev)
		kobject_put(&dev->kobj);
}

static void device_create_release(struct device *dev)
{
	kfree(dev);
}

static __printf(6, 0) struct device *
device_create_groups_vargs(struct class *class, struct device *parent, dev_t devt,
			   void *drvdata, const struct attribute_group **groups,
			   const char *fmt, va_list args)
{
	struct device *dev;
	int err;

	if (IS_ERR_OR_NULL(class))
		return ERR_PTR(-ENODEV);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	device_initialize(dev);
	dev->devt = devt;
	dev->class = class;
	dev->parent = parent;
	dev->groups = groups;
	dev->release = device_create_release;
	dev_set_drvdata(dev, drvdata);
	err = kobject_set_name_vargs(&dev->kobj, fmt, args);
	if (!err)
		err = device_add(dev);
	if (err) {
		put_device(dev);
		return ERR_PTR(err);
	}
	return dev;
}

struct device *device_create(struct class *class, struct device *parent, dev_t devt,
			     void *drvdata, const char *fmt, ...)
{
	struct device *dev;
	va_list vargs;

	va_start(vargs, fmt);
	dev = device_create_groups_vargs(class, parent, devt, drvdata, NULL, fmt, vargs);
	va_end(vargs);
	return dev;
}

struct device *device_create_with_groups(struct class *class, struct device *parent,
					 dev_t devt, void *drvdata,
					 const struct attribute_group **groups,
					 const char *fmt, ...)
{
	struct device *dev;
	va_list vargs;

	va_start(vargs, fmt);
	dev = device_create_groups_vargs(class, parent, devt, drvdata, groups, fmt, vargs);
	va_end(vargs);
	return dev;
}

int device_match_name(struct device *dev, const void *name)
{
	return !strcmp(dev_name(dev), name);
}

int device_match_devt(struct device *dev, const void *pdevt)
{
	return dev->devt == *(const dev_t *)pdevt;
}

void device_destroy(struct class *class, dev_t devt)
{
	struct device *dev = class_find_device(class, NULL, &devt, device_match_devt);

	if (dev) {
		put_device(dev);	/* class_find_device's */
		device_unregister(dev);
	}
}

/* Children: the devices whose parent is dev. */
int device_for_each_child(struct device *parent, void *data,
			  int (*fn)(struct device *dev, void *data))
{
	struct kobject *k;
	struct device *found[16];
	int n = 0, i, err = 0;

	if (!parent || !devices_kset)
		return 0;
	/* Collect references under the list lock, call fn outside it (fn may
	 * sleep). Sixteen at a time is plenty for a teaching kernel; more
	 * children are reported, not silently skipped. */
	spin_lock(&devices_kset->list_lock);
	list_for_each_entry(k, &devices_kset->list, entry) {
		struct device *dev = kobj_to_dev(k);

		if (dev->parent != parent || !kobject_get_unless_zero(k))
			continue;
		if (n == ARRAY_SIZE(found)) {
			kobject_put(k);
			pr_warn("device_for_each_child: %s has more than %d children\n",
				dev_name(parent), n);
			break;
		}
		found[n++] = dev;
	}
	spin_unlock(&devices_kset->list_lock);
	for (i = 0; i < n; i++) {
		if (!err)
			err = fn(found[i], data);
		put_device(found[i]);
	}
	return err;
}

struct device *device_find_child(struct device *parent, void *data,
				 int (*match)(struct device *dev, void *data))
{
	struct kobject *k;
	struct device *found = NULL;

	if (!parent || !devices_kset)
		return NULL;
	spin_lock(&devices_kset->list_lock);
	list_for_each_entry(k, &devices_kset->list, entry) {
		struct device *dev = kobj_to_dev(k);

		if (dev->parent == parent && match(dev, data) && kobject_get_unless_zero(k)) {
			found = dev;
			break;
		}
	}
	spin_unlock(&devices_kset->list_lock);
	return found;
}

/* ---- messages ---- */

/*
 * Linux's order: the bound driver's name, the bus's, the class's. A bus
 * or driver (drivers/base/bus.c, driver.c) puts its name first here.
 */
const char *dev_driver_string(const struct device *dev)
{
	struct device_driver *drv = READ_ONCE(dev->driver);

	if (drv && drv->name)
		return drv->name;
	if (dev->bus && dev->bus->name)
		return dev->bus->name;
	if (dev->class && dev->class->name)
		return dev->class->name;
	return "";
}

static __printf(3, 0) void __dev_printk(const char *level, const struct device *dev,
					const char *fmt, va_list args)
{
	char msg[256];

	vscnprintf(msg, sizeof(msg), fmt, args);
	if (dev)
		printk("%s%s %s: %s", level, dev_driver_string(dev), dev_name(dev), msg);
	else
		printk("%s(NULL device *): %s", level, msg);
}

void dev_printk(const char *level, const struct device *dev, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	__dev_printk(level, dev, fmt, args);
	va_end(args);
}

#define define_dev_printk_level(func, kern_level)			\
void func(const struct device *dev, const char *fmt, ...)		\
{									\
	va_list args;							\
									\
	va_start(args, fmt);						\
	__dev_printk(kern_level, dev, fmt, args);			\
	va_end(args);							\
}									\
EXPORT_SYMBOL(func)

define_dev_printk_level(_dev_emerg, KERN_EMERG);
define_dev_printk_level(_dev_alert, KERN_ALERT);
define_dev_printk_level(_dev_crit, KERN_CRIT);
define_dev_printk_level(_dev_err, KERN_ERR);
define_dev_printk_level(_dev_warn, KERN_WARNING);
define_dev_printk_level(_dev_notice, KERN_NOTICE);
define_dev_printk_level(_dev_info, KERN_INFO);
define_dev_printk_level(_dev_dbg, KERN_DEBUG);

int dev_err_probe(const struct device *dev, int err, const char *fmt, ...)
{
	va_list args;
	char msg[200];

	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	if (err != -EPROBE_DEFER)
		dev_err(dev, "error %d: %s", err, msg);
	else
		dev_dbg(dev, "error %d: %s", err, msg);
	return err;
}

/* ---- boot ---- */

int devices_init(void)
{
	devices_kset = kset_create_and_add("devices", NULL, NULL);
	if (devices_kset)
		virtual_dir = kobject_create_and_add("virtual", &devices_kset->kobj);
	return virtual_dir ? 0 : -ENOMEM;
}

/* /sys/devices and /sys/class; buses add /sys/bus. */
void driver_init(void)
{
	if (devices_init() || classes_init())
		pr_err("device: cannot make /sys/devices or /sys/class\n");
	if (buses_init() || platform_bus_init())
		pr_err("device: cannot make /sys/bus or the platform bus\n");
}

EXPORT_SYMBOL(dev_printk);
EXPORT_SYMBOL(dev_err_probe);
EXPORT_SYMBOL(dev_driver_string);
EXPORT_SYMBOL_GPL(device_create_file);
EXPORT_SYMBOL_GPL(device_remove_file);
EXPORT_SYMBOL_GPL(device_add_groups);
EXPORT_SYMBOL_GPL(device_remove_groups);
EXPORT_SYMBOL_GPL(device_initialize);
EXPORT_SYMBOL_GPL(device_add);
EXPORT_SYMBOL_GPL(device_register);
EXPORT_SYMBOL_GPL(device_del);
EXPORT_SYMBOL_GPL(device_unregister);
EXPORT_SYMBOL_GPL(get_device);
EXPORT_SYMBOL_GPL(put_device);
EXPORT_SYMBOL_GPL(dev_set_name);
EXPORT_SYMBOL_GPL(device_create);
EXPORT_SYMBOL_GPL(device_create_with_groups);
EXPORT_SYMBOL_GPL(device_destroy);
EXPORT_SYMBOL_GPL(device_match_name);
EXPORT_SYMBOL_GPL(device_match_devt);
EXPORT_SYMBOL_GPL(device_for_each_child);
EXPORT_SYMBOL_GPL(device_find_child);
