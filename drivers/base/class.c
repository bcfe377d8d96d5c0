/*
 * Device classes: /sys/class/NAME, its class attributes, and the list of
 * the class's devices (linux/device/class.h).
 *
 * A class's private part (struct subsys_private, drivers/base/base.h) is
 * a kset: its kobject is the directory, and holds a reference on nothing
 * but its parent /sys/class. Its release calls the class's own
 * class_release (class_create's frees the struct class) and frees it.
 *
 * Locking: the class's mutex protects its device list. Walkers
 * (class_for_each_device, class_find_device, the iterator) hold it while
 * they run the caller's function: that function may sleep, but may not
 * add or remove a device of the same class.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "base.h"

struct kset *class_kset;

static struct subsys_private *to_subsys_private(struct kobject *kobj)
{
	return container_of(kobj, struct subsys_private, subsys.kobj);
}

static ssize_t class_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct class_attribute *class_attr = container_of(attr, struct class_attribute, attr);
	struct subsys_private *cp = to_subsys_private(kobj);

	return class_attr->show ? class_attr->show(cp->class, class_attr, buf) : -EIO;
}

static ssize_t class_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf,
				size_t count)
{
	struct class_attribute *class_attr = container_of(attr, struct class_attribute, attr);
	struct subsys_private *cp = to_subsys_private(kobj);

	return class_attr->store ? class_attr->store(cp->class, class_attr, buf, count) : -EIO;
}

static const struct sysfs_ops class_sysfs_ops = {
	.show = class_attr_show,
	.store = class_attr_store,
};

static void class_release(struct kobject *kobj)
{
	struct subsys_private *cp = to_subsys_private(kobj);
	struct class *class = cp->class;

	if (class->class_release)
		class->class_release(class);
	kfree(cp);
}

static const struct kobj_type class_ktype = {
	.sysfs_ops = &class_sysfs_ops,
	.release = class_release,
};

int class_create_file_ns(struct class *cls, const struct class_attribute *attr, const void *ns)
{
	if (!cls || !cls->p)
		return -EINVAL;
	return sysfs_create_file(&cls->p->subsys.kobj, &attr->attr);
}

void class_remove_file_ns(struct class *cls, const struct class_attribute *attr,
			  const void *ns)
{
	if (cls && cls->p)
		sysfs_remove_file(&cls->p->subsys.kobj, &attr->attr);
}

ssize_t show_class_attr_string(struct class *class, struct class_attribute *attr, char *buf)
{
	struct class_attribute_string *cs = container_of(attr, struct class_attribute_string, attr);

	return sysfs_emit(buf, "%s\n", cs->str);
}

int __class_register(struct class *cls, struct lock_class_key *key)
{
	struct subsys_private *cp;
	int err;

	if (!cls->name || !*cls->name)
		return -EINVAL;
	cp = kzalloc(sizeof(*cp), GFP_KERNEL);
	if (!cp)
		return -ENOMEM;
	INIT_LIST_HEAD(&cp->devices);
	mutex_init(&cp->mutex);
	err = kobject_set_name(&cp->subsys.kobj, "%s", cls->name);
	if (err) {
		kfree(cp);
		return err;
	}
	cp->subsys.kobj.kset = class_kset;
	cp->subsys.kobj.ktype = &class_ktype;
	cp->class = cls;
	cls->p = cp;
	err = kset_register(&cp->subsys);
	if (err) {
		cls->p = NULL;
		kfree(cp->subsys.kobj.name);
		kfree(cp);
		return err;
	}
	/* Not before driver_init: NULL would put the directory in /sys. */
	if (WARN_ON(!virtual_device_parent(NULL)))
		cp->glue_dir = NULL;
	else
		cp->glue_dir = kobject_create_and_add(cls->name, virtual_device_parent(NULL));
	err = cp->glue_dir ? sysfs_create_groups(&cp->subsys.kobj, cls->class_groups) : -ENOMEM;
	if (err) {
		kobject_put(cp->glue_dir);
		kset_unregister(&cp->subsys);	/* frees cp; cls is the caller's */
		cls->p = NULL;
	}
	return err;
}

void class_unregister(struct class *cls)
{
	struct subsys_private *cp = cls->p;

	if (!cp)
		return;
	mutex_lock(&cp->mutex);
	if (!list_empty(&cp->devices))
		pr_warn("class '%s': unregistered while it still has devices\n", cls->name);
	mutex_unlock(&cp->mutex);
	sysfs_remove_groups(&cp->subsys.kobj, cls->class_groups);
	kobject_put(cp->glue_dir);	/* /sys/devices/virtual/NAME */
	cls->p = NULL;
	kset_unregister(&cp->subsys);	/* the last put frees cp, then (class_release) cls */
}

static void class_create_release(struct class *cls)
{
	kfree(cls);
}

struct class *__class_create(struct module *owner, const char *name, struct lock_class_key *key)
{
	struct class *cls = kzalloc(sizeof(*cls), GFP_KERNEL);
	int err;

	if (!cls)
		return ERR_PTR(-ENOMEM);
	cls->name = name;
	cls->owner = owner;
	cls->class_release = class_create_release;
	err = __class_register(cls, key);
	if (err) {
		kfree(cls);
		return ERR_PTR(err);
	}
	return cls;
}

void class_destroy(struct class *cls)
{
	if (IS_ERR_OR_NULL(cls))
		return;
	class_unregister(cls);
}

/* ---- the device list ---- */

int class_add_device(struct device *dev)
{
	struct subsys_private *cp = dev->class->p;
	int err;

	if (!cp)
		return 0;
	err = sysfs_create_link(&cp->subsys.kobj, &dev->kobj, dev_name(dev));
	if (err)
		return err;
	mutex_lock(&cp->mutex);
	list_add_tail(&dev->p->knode_class, &cp->devices);
	dev->p->in_class = true;
	mutex_unlock(&cp->mutex);
	return 0;
}

void class_del_device(struct device *dev)
{
	struct subsys_private *cp = dev->class->p;

	bool was_in;

	if (!cp || !dev->p)
		return;
	mutex_lock(&cp->mutex);
	was_in = dev->p->in_class;
	if (was_in) {
		list_del_init(&dev->p->knode_class);
		dev->p->in_class = false;
	}
	mutex_unlock(&cp->mutex);
	if (was_in)
		sysfs_remove_link(&cp->subsys.kobj, dev_name(dev));
}

void class_dev_iter_init(struct class_dev_iter *iter, struct class *class,
			 struct device *start, const struct device_type *type)
{
	iter->class = class;
	iter->cur = start;
	if (class && class->p)
		mutex_lock(&class->p->mutex);
}

/* The next device (after start, if one was given), under the class's mutex. */
struct device *class_dev_iter_next(struct class_dev_iter *iter)
{
	struct subsys_private *cp = iter->class ? iter->class->p : NULL;
	struct list_head *next;

	if (!cp)
		return NULL;
	next = iter->cur ? iter->cur->p->knode_class.next : cp->devices.next;
	if (next == &cp->devices)
		return NULL;
	iter->cur = list_entry(next, struct device_private, knode_class)->device;
	return iter->cur;
}

void class_dev_iter_exit(struct class_dev_iter *iter)
{
	if (iter->class && iter->class->p)
		mutex_unlock(&iter->class->p->mutex);
}

int class_for_each_device(struct class *class, struct device *start, void *data,
			  int (*fn)(struct device *dev, void *data))
{
	struct class_dev_iter iter;
	struct device *dev;
	int err = 0;

	if (!class || !class->p)
		return -EINVAL;
	class_dev_iter_init(&iter, class, start, NULL);
	while (!err && (dev = class_dev_iter_next(&iter)))
		err = fn(dev, data);
	class_dev_iter_exit(&iter);
	return err;
}

/* The first device match accepts, with a reference taken (put_device it). */
struct device *class_find_device(struct class *class, struct device *start, const void *data,
				 int (*match)(struct device *dev, const void *data))
{
	struct class_dev_iter iter;
	struct device *dev;

	if (!class || !class->p)
		return NULL;
	class_dev_iter_init(&iter, class, start, NULL);
	while ((dev = class_dev_iter_next(&iter))) {
		if (match(dev, data)) {
			get_device(dev);
			break;
		}
	}
	class_dev_iter_exit(&iter);
	return dev;
}

int classes_init(void)
{
	class_kset = kset_create_and_add("class", NULL, NULL);
	return class_kset ? 0 : -ENOMEM;
}

EXPORT_SYMBOL_GPL(__class_register);
EXPORT_SYMBOL_GPL(class_unregister);
EXPORT_SYMBOL_GPL(__class_create);
EXPORT_SYMBOL_GPL(class_destroy);
EXPORT_SYMBOL_GPL(class_create_file_ns);
EXPORT_SYMBOL_GPL(class_remove_file_ns);
EXPORT_SYMBOL_GPL(show_class_attr_string);
EXPORT_SYMBOL_GPL(class_dev_iter_init);
EXPORT_SYMBOL_GPL(class_dev_iter_next);
EXPORT_SYMBOL_GPL(class_dev_iter_exit);
EXPORT_SYMBOL_GPL(class_for_each_device);
EXPORT_SYMBOL_GPL(class_find_device);
