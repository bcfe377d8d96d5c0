/*
 * Device classes, as Linux 6.1 declares them: a class groups devices by
 * what they do ("misc", "tty", a driver's own) and shows each as
 * /sys/class/CLASS/DEVICE.
 */
#ifndef _DEVICE_CLASS_H_
#define _DEVICE_CLASS_H_

#include <linux/kobject.h>
#include <linux/mutex.h>

struct device;
struct device_type;
struct fwnode_handle;
struct subsys_private;
struct dev_pm_ops;
struct kobj_ns_type_operations;

struct class {
	const char *name;
	struct module *owner;

	const struct attribute_group **class_groups;	/* files in /sys/class/NAME */
	const struct attribute_group **dev_groups;	/* files of each of its devices */
	struct kobject *dev_kobj;

	int (*dev_uevent)(struct device *dev, struct kobj_uevent_env *env);
	/* The /dev name of a device ("input/event0") and its mode; NULL: its name. */
	char *(*devnode)(struct device *dev, umode_t *mode);

	void (*class_release)(struct class *class);
	void (*dev_release)(struct device *dev);	/* for devices without a release */

	int (*shutdown_pre)(struct device *dev);

	const struct kobj_ns_type_operations *ns_type;
	const void *(*namespace)(struct device *dev);

	void (*get_ownership)(struct device *dev, kuid_t *uid, kgid_t *gid);

	const struct dev_pm_ops *pm;

	struct subsys_private *p;	/* drivers/base/class.c's own */
};

/* Walk a class's devices (each one referenced while it is current). */
struct class_dev_iter {
	struct class *class;
	struct device *cur;
};

int __must_check __class_register(struct class *class, struct lock_class_key *key);
void class_unregister(struct class *class);

/* Linux gives each class a lockdep key made here; modlab's is unused. */
#define class_register(class)				\
({							\
	static struct lock_class_key __key;		\
	__class_register(class, &__key);		\
})

struct class *__class_create(struct module *owner, const char *name,
			     struct lock_class_key *key);
void class_destroy(struct class *cls);

/* A new class, registered: ERR_PTR on failure. Linux 6.1's form is
 * class_create(owner, name); 6.4 dropped owner, and drivers written since
 * call class_create(name). Both build here: the macro counts its arguments,
 * and the one-argument form means owner THIS_MODULE. */
#define __class_create_key(owner, name)			\
({							\
	static struct lock_class_key __key;		\
	__class_create(owner, name, &__key);		\
})
#define __class_create_1(name)		__class_create_key(THIS_MODULE, name)
#define __class_create_2(owner, name)	__class_create_key(owner, name)
#define __class_create_pick(_1, _2, fn, ...)	fn
#define class_create(...)						\
	__class_create_pick(__VA_ARGS__, __class_create_2, __class_create_1, )(__VA_ARGS__)

void class_dev_iter_init(struct class_dev_iter *iter, struct class *class,
			 struct device *start, const struct device_type *type);
struct device *class_dev_iter_next(struct class_dev_iter *iter);
void class_dev_iter_exit(struct class_dev_iter *iter);

int class_for_each_device(struct class *class, struct device *start, void *data,
			  int (*fn)(struct device *dev, void *data));
struct device *class_find_device(struct class *class, struct device *start, const void *data,
				 int (*match)(struct device *dev, const void *data));

/* A file in /sys/class/NAME. */
struct class_attribute {
	struct attribute attr;
	ssize_t (*show)(struct class *class, struct class_attribute *attr, char *buf);
	ssize_t (*store)(struct class *class, struct class_attribute *attr, const char *buf,
			 size_t count);
};

#define CLASS_ATTR_RW(_name) \
	struct class_attribute class_attr_##_name = __ATTR_RW(_name)
#define CLASS_ATTR_RO(_name) \
	struct class_attribute class_attr_##_name = __ATTR_RO(_name)
#define CLASS_ATTR_WO(_name) \
	struct class_attribute class_attr_##_name = __ATTR_WO(_name)

int __must_check class_create_file_ns(struct class *class, const struct class_attribute *attr,
				      const void *ns);
void class_remove_file_ns(struct class *class, const struct class_attribute *attr,
			  const void *ns);

static inline int __must_check class_create_file(struct class *class,
						 const struct class_attribute *attr)
{
	return class_create_file_ns(class, attr, NULL);
}

static inline void class_remove_file(struct class *class, const struct class_attribute *attr)
{
	class_remove_file_ns(class, attr, NULL);
}

/* A read-only class file whose contents are a fixed string. */
struct class_attribute_string {
	struct class_attribute attr;
	char *str;
};

#define _CLASS_ATTR_STRING(_name, _mode, _str) \
	{ __ATTR(_name, _mode, show_class_attr_string, NULL), _str }
#define CLASS_ATTR_STRING(_name, _mode, _str) \
	struct class_attribute_string class_attr_##_name = \
		_CLASS_ATTR_STRING(_name, _mode, _str)

ssize_t show_class_attr_string(struct class *class, struct class_attribute *attr, char *buf);

#endif
