/*
 * Kernel objects, as far as modlab has them: a name. Linux's kobject is
 * the device model's node (reference count, sysfs directory, parent);
 * modlab has no device model or sysfs, so code that names an embedded
 * kobject (kobject_set_name(&cdev.kobj, ...)) compiles and keeps the
 * name, and kobject_put gives the name back. The object's memory is its
 * owner's: cdev_del frees what cdev_alloc made.
 */
#ifndef _LINUX_KOBJECT_H
#define _LINUX_KOBJECT_H

#include <linux/types.h>
#include <linux/compiler.h>

struct kobject {
	const char *name;		/* kmalloc'd by kobject_set_name, or NULL */
};

/* Name kobj (printf-style); 0 or -ENOMEM. May sleep. */
__printf(2, 3) int kobject_set_name(struct kobject *kobj, const char *fmt, ...);
/* Drop what kobject_set_name made (the name). */
void kobject_put(struct kobject *kobj);

static inline const char *kobject_name(const struct kobject *kobj)
{
	return kobj->name;
}

#endif
