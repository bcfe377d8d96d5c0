/*
 * kobjects: named, reference-counted objects that show up as directories
 * in sysfs, and ksets, kobjects that hold a list of others
 * (linux/kobject.h has the life cycle).
 *
 * The reference count is a kref; the last kobject_put takes the object
 * out of sysfs if it is still there (waiting for show/store calls on its
 * files to finish), drops its reference on its parent and calls its
 * type's release, which frees the structure the kobject is embedded in.
 * A kobject's name, parent and kset are set before kobject_add and
 * changed by no one after: they need no lock. A kset's list is protected
 * by its list_lock.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>

/* ---- kobj_attribute files ---- */

static ssize_t kobj_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct kobj_attribute *kattr = container_of(attr, struct kobj_attribute, attr);

	return kattr->show ? kattr->show(kobj, kattr, buf) : -EIO;
}

static ssize_t kobj_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf,
			       size_t count)
{
	struct kobj_attribute *kattr = container_of(attr, struct kobj_attribute, attr);

	return kattr->store ? kattr->store(kobj, kattr, buf, count) : -EIO;
}

const struct sysfs_ops kobj_sysfs_ops = {
	.show = kobj_attr_show,
	.store = kobj_attr_store,
};

/* ---- names ---- */

int kobject_set_name_vargs(struct kobject *kobj, const char *fmt, va_list vargs)
{
	char *s, *p;

	if (kobj->name && !fmt)
		return 0;
	s = kvasprintf(GFP_KERNEL, fmt, vargs);
	if (!s)
		return -ENOMEM;
	/* A '/' cannot be in a sysfs name: Linux writes it as '!'. */
	for (p = s; (p = strchr(p, '/')); )
		*p = '!';
	kfree(kobj->name);
	kobj->name = s;
	return 0;
}

int kobject_set_name(struct kobject *kobj, const char *fmt, ...)
{
	va_list vargs;
	int err;

	va_start(vargs, fmt);
	err = kobject_set_name_vargs(kobj, fmt, vargs);
	va_end(vargs);
	return err;
}

static int get_path_length(const struct kobject *kobj)
{
	int length = 1;

	do {
		if (!kobject_name(kobj))
			return 0;
		length += strlen(kobject_name(kobj)) + 1;
		kobj = kobj->parent;
	} while (kobj);
	return length;
}

char *kobject_get_path(const struct kobject *kobj, gfp_t gfp)
{
	int len = get_path_length(kobj), cur;
	char *path;

	if (len <= 0)
		return NULL;
	path = kzalloc(len, gfp);
	if (!path)
		return NULL;
	/* Fill from the end: the object's own name last. */
	cur = len - 1;
	for (; kobj; kobj = kobj->parent) {
		int n = strlen(kobject_name(kobj));

		cur -= n;
		memcpy(path + cur, kobject_name(kobj), n);
		path[--cur] = '/';
	}
	return path;
}

/* ---- life cycle ---- */

static void kobject_init_internal(struct kobject *kobj)
{
	kref_init(&kobj->kref);
	INIT_LIST_HEAD(&kobj->entry);
	kobj->state_in_sysfs = 0;
	kobj->state_add_uevent_sent = 0;
	kobj->state_remove_uevent_sent = 0;
	kobj->state_initialized = 1;
}

void kobject_init(struct kobject *kobj, const struct kobj_type *ktype)
{
	if (!kobj) {
		pr_err("kobject: invalid kobject pointer!\n");
		return;
	}
	if (!ktype) {
		pr_err("kobject: must have a ktype to be initialized properly!\n");
		return;
	}
	if (kobj->state_initialized)
		pr_err("kobject (%p): tried to init an initialized object, something is seriously wrong.\n",
		       kobj);
	kobject_init_internal(kobj);
	kobj->ktype = ktype;
}

static void kobj_kset_join(struct kobject *kobj)
{
	if (!kobj->kset)
		return;
	kset_get(kobj->kset);
	spin_lock(&kobj->kset->list_lock);
	list_add_tail(&kobj->entry, &kobj->kset->list);
	spin_unlock(&kobj->kset->list_lock);
}

static void kobj_kset_leave(struct kobject *kobj)
{
	struct kset *kset = kobj->kset;

	if (!kset)
		return;
	spin_lock(&kset->list_lock);
	list_del_init(&kobj->entry);
	spin_unlock(&kset->list_lock);
	kset_put(kset);
}

static int create_dir(struct kobject *kobj)
{
	const struct kobj_type *ktype = get_ktype(kobj);
	int err = sysfs_create_dir_ns(kobj, NULL);

	if (err)
		return err;
	if (ktype && ktype->default_groups) {
		err = sysfs_create_groups(kobj, ktype->default_groups);
		if (err) {
			sysfs_remove_dir(kobj);
			return err;
		}
	}
	return 0;
}

static int kobject_add_internal(struct kobject *kobj)
{
	struct kobject *parent;
	int err;

	if (!kobj->name || !kobj->name[0]) {
		pr_err("kobject: (%p): attempted to be registered with empty name!\n", kobj);
		return -EINVAL;
	}
	parent = kobject_get(kobj->parent);
	/* A kobject in a kset with no parent of its own hangs under the kset. */
	if (kobj->kset && !parent)
		parent = kobject_get(&kobj->kset->kobj);
	kobj_kset_join(kobj);
	kobj->parent = parent;

	err = create_dir(kobj);
	if (err) {
		kobj_kset_leave(kobj);
		kobj->parent = NULL;
		if (err == -EEXIST)
			pr_err("kobject_add_internal failed for %s with -EEXIST, don't try to register things with the same name in the same directory.\n",
			       kobject_name(kobj));
		else
			pr_err("kobject_add_internal failed for %s (error: %d parent: %s)\n",
			       kobject_name(kobj), err, parent ? kobject_name(parent) : "'none'");
		kobject_put(parent);
		return err;
	}
	kobj->state_in_sysfs = 1;
	return 0;
}

static int kobject_add_varg(struct kobject *kobj, struct kobject *parent, const char *fmt,
			    va_list vargs)
{
	int err = kobject_set_name_vargs(kobj, fmt, vargs);

	if (err) {
		pr_err("kobject: can not set name properly!\n");
		return err;
	}
	kobj->parent = parent;
	return kobject_add_internal(kobj);
}

int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...)
{
	va_list args;
	int err;

	if (!kobj)
		return -EINVAL;
	if (!kobj->state_initialized) {
		pr_err("kobject '%s' (%p): tried to add an uninitialized object, something is seriously wrong.\n",
		       kobject_name(kobj), kobj);
		return -EINVAL;
	}
	va_start(args, fmt);
	err = kobject_add_varg(kobj, parent, fmt, args);
	va_end(args);
	return err;
}

int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype,
			 struct kobject *parent, const char *fmt, ...)
{
	va_list args;
	int err;

	kobject_init(kobj, ktype);
	va_start(args, fmt);
	err = kobject_add_varg(kobj, parent, fmt, args);
	va_end(args);
	return err;
}

void kobject_del(struct kobject *kobj)
{
	struct kobject *parent;
	const struct kobj_type *ktype;

	if (!kobj || !kobj->state_in_sysfs)
		return;
	parent = kobj->parent;
	ktype = get_ktype(kobj);
	if (ktype && ktype->default_groups)
		sysfs_remove_groups(kobj, ktype->default_groups);
	sysfs_remove_dir(kobj);		/* waits for show/store in progress */
	kobj->state_in_sysfs = 0;
	kobj_kset_leave(kobj);
	kobj->parent = NULL;
	kobject_put(parent);
}

struct kobject *kobject_get(struct kobject *kobj)
{
	if (kobj) {
		if (!kobj->state_initialized)
			WARN(1, "kobject: '%s' (%p): is not initialized, yet kobject_get() is being called.\n",
			     kobject_name(kobj), kobj);
		kref_get(&kobj->kref);
	}
	return kobj;
}

struct kobject *kobject_get_unless_zero(struct kobject *kobj)
{
	if (!kobj)
		return NULL;
	if (!kref_get_unless_zero(&kobj->kref))
		kobj = NULL;
	return kobj;
}

static void kobject_cleanup(struct kobject *kobj)
{
	const struct kobj_type *t = get_ktype(kobj);
	const char *name = kobj->name;

	if (kobj->state_in_sysfs)
		kobject_del(kobj);
	if (t && t->release)
		t->release(kobj);	/* may free kobj: name was saved above */
	else
		pr_err("kobject: '%s' (%p): does not have a release() function, it is broken and must be fixed.\n",
		       kobject_name(kobj), kobj);
	kfree(name);
}

static void kobject_release(struct kref *kref)
{
	kobject_cleanup(container_of(kref, struct kobject, kref));
}

void kobject_put(struct kobject *kobj)
{
	if (!kobj)
		return;
	if (!kobj->state_initialized)
		WARN(1, "kobject: '%s' (%p): is not initialized, yet kobject_put() is being called.\n",
		     kobject_name(kobj), kobj);
	kref_put(&kobj->kref, kobject_release);
}

/* ---- kobjects of their own (kobject_create_and_add) ---- */

static void dynamic_kobj_release(struct kobject *kobj)
{
	kfree(kobj);
}

static const struct kobj_type dynamic_kobj_ktype = {
	.release = dynamic_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
};

struct kobject *kobject_create_and_add(const char *name, struct kobject *parent)
{
	struct kobject *kobj = kzalloc(sizeof(*kobj), GFP_KERNEL);
	int err;

	if (!kobj)
		return NULL;
	kobject_init(kobj, &dynamic_kobj_ktype);
	err = kobject_add(kobj, parent, "%s", name);
	if (err) {
		pr_warn("%s: kobject_add error: %d\n", __func__, err);
		kobject_put(kobj);
		return NULL;
	}
	return kobj;
}

/* ---- ksets ---- */

void kset_init(struct kset *k)
{
	kobject_init_internal(&k->kobj);
	INIT_LIST_HEAD(&k->list);
	spin_lock_init(&k->list_lock);
}

int kset_register(struct kset *k)
{
	if (!k)
		return -EINVAL;
	kset_init(k);
	return kobject_add_internal(&k->kobj);
}

void kset_unregister(struct kset *k)
{
	if (!k)
		return;
	kobject_del(&k->kobj);
	kobject_put(&k->kobj);
}

struct kobject *kset_find_obj(struct kset *kset, const char *name)
{
	struct kobject *k, *found = NULL;

	spin_lock(&kset->list_lock);
	list_for_each_entry(k, &kset->list, entry) {
		if (kobject_name(k) && !strcmp(kobject_name(k), name)) {
			found = kobject_get_unless_zero(k);
			break;
		}
	}
	spin_unlock(&kset->list_lock);
	return found;
}

static void kset_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct kset, kobj));
}

static const struct kobj_type kset_ktype = {
	.sysfs_ops = &kobj_sysfs_ops,
	.release = kset_release,
};

struct kset *kset_create_and_add(const char *name, const struct kset_uevent_ops *uevent_ops,
				 struct kobject *parent_kobj)
{
	struct kset *kset = kzalloc(sizeof(*kset), GFP_KERNEL);
	int err;

	if (!kset)
		return NULL;
	err = kobject_set_name(&kset->kobj, "%s", name);
	if (err) {
		kfree(kset);
		return NULL;
	}
	kset->uevent_ops = uevent_ops;
	kset->kobj.parent = parent_kobj;
	kset->kobj.ktype = &kset_ktype;
	kset->kobj.kset = NULL;
	err = kset_register(kset);
	if (err) {
		kfree(kset->kobj.name);
		kfree(kset);
		return NULL;
	}
	return kset;
}

EXPORT_SYMBOL(kobj_sysfs_ops);
EXPORT_SYMBOL(kobject_set_name);
EXPORT_SYMBOL(kobject_get_path);
EXPORT_SYMBOL(kobject_init);
EXPORT_SYMBOL(kobject_add);
EXPORT_SYMBOL_GPL(kobject_init_and_add);
EXPORT_SYMBOL(kobject_del);
EXPORT_SYMBOL(kobject_get);
EXPORT_SYMBOL(kobject_get_unless_zero);
EXPORT_SYMBOL(kobject_put);
EXPORT_SYMBOL_GPL(kobject_create_and_add);
EXPORT_SYMBOL(kset_register);
EXPORT_SYMBOL(kset_unregister);
EXPORT_SYMBOL_GPL(kset_find_obj);
EXPORT_SYMBOL_GPL(kset_create_and_add);
