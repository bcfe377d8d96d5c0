/*
 * sysfs_link.c: symbolic links between kobject directories, written as a
 * Linux 6.1 driver would make them.
 *
 *	/sys/kernel/sysfs_link/		 the module's directory
 *	/sys/kernel/sysfs_link/store/	 a directory with one file, 'label'
 *	/sys/kernel/sysfs_link/shelf/	 another
 *	/sys/kernel/sysfs_link/shelf/box -> ../store	(sysfs_create_link)
 *	/sys/kernel/sysfs_link/latest	 -> store	(sysfs_create_link_nowarn)
 *	/sys/kernel/sysfs_link/drop	 write-only: 1 takes 'store' away
 *					 while the links to it stay made
 *
 * At load it also tries both calls on a name that is taken, and says
 * what each returned.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>

static struct kobject *top, *store, *shelf;
static DEFINE_MUTEX(drop_lock);		/* protects store against two drops */

static ssize_t label_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "the store\n");
}

static struct kobj_attribute label_attr = __ATTR_RO(label);

static ssize_t drop_store(struct kobject *kobj, struct kobj_attribute *attr, const char *buf,
			  size_t count)
{
	struct kobject *gone;
	int v;

	if (kstrtoint(buf, 10, &v) || v != 1)
		return -EINVAL;
	mutex_lock(&drop_lock);
	gone = store;
	store = NULL;
	mutex_unlock(&drop_lock);
	if (!gone)
		return -ENOENT;
	kobject_put(gone);		/* its directory goes; the links stay made */
	pr_info("sysfs_link: store dropped\n");
	return count;
}

static struct kobj_attribute drop_attr = __ATTR_WO(drop);

static int __init sysfs_link_init(void)
{
	int err;

	top = kobject_create_and_add("sysfs_link", kernel_kobj);
	if (!top)
		return -ENOMEM;
	err = -ENOMEM;
	store = kobject_create_and_add("store", top);
	shelf = kobject_create_and_add("shelf", top);
	if (!store || !shelf)
		goto err_put;
	err = sysfs_create_file(store, &label_attr.attr);
	if (!err)
		err = sysfs_create_file(top, &drop_attr.attr);
	if (!err)
		err = sysfs_create_link(shelf, store, "box");
	if (!err)
		err = sysfs_create_link_nowarn(top, store, "latest");
	if (err)
		goto err_put;
	pr_info("sysfs_link: again, with a warning: %d\n", sysfs_create_link(shelf, store, "box"));
	pr_info("sysfs_link: again, quietly: %d\n",
		sysfs_create_link_nowarn(top, shelf, "latest"));
	return 0;

err_put:
	kobject_put(shelf);
	kobject_put(store);
	kobject_put(top);
	return err;
}

static void __exit sysfs_link_exit(void)
{
	sysfs_remove_link(shelf, "box");
	sysfs_remove_link(top, "latest");
	sysfs_remove_link(top, "nothing here");	/* no such link: nothing happens */
	kobject_put(shelf);
	kobject_put(store);
	kobject_put(top);
	pr_info("sysfs_link: removed\n");
}

module_init(sysfs_link_init);
module_exit(sysfs_link_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Symbolic links between sysfs directories");
