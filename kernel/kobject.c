/* Kernel objects' names (linux/kobject.h says why that is all they hold). */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/kobject.h>

int kobject_set_name(struct kobject *kobj, const char *fmt, ...)
{
	va_list args;
	char *name;

	va_start(args, fmt);
	name = kvasprintf(GFP_KERNEL, fmt, args);
	va_end(args);
	if (!name)
		return -ENOMEM;
	kfree(kobj->name);
	kobj->name = name;
	return 0;
}

void kobject_put(struct kobject *kobj)
{
	if (!kobj)
		return;
	kfree(kobj->name);
	kobj->name = NULL;
}

EXPORT_SYMBOL(kobject_set_name);
EXPORT_SYMBOL(kobject_put);
