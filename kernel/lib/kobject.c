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

/* "/a/b/name", the parents' names first; NULL if a level has no name. */
char *kobject_get_path(const struct kobject *kobj, gfp_t gfp)
{
	const struct kobject *k;
	size_t size = 1;	/* the NUL */
	char *path, *end;

	for (k = kobj; k; k = k->parent) {
		if (!kobject_name(k))
			return NULL;
		size += 1 + strlen(kobject_name(k));
	}
	path = kzalloc(size, gfp);
	if (!path)
		return NULL;
	/* The walk meets the object before its parents: write backwards. */
	end = path + size - 1;
	for (k = kobj; k; k = k->parent) {
		size_t n = strlen(kobject_name(k));

		end -= n;
		memcpy(end, kobject_name(k), n);
		*--end = '/';
	}
	return path;
}

/* ---- life cycle ---- */

/* A fresh count of 1 and no sysfs state; ksets come here too. */
static void kobject_reset(struct kobject *kobj)
{
	INIT_LIST_HEAD(&kobj->entry);
	kobj->state_add_uevent_sent = 0;
	kobj->state_remove_uevent_sent = 0;
	kobj->state_in_sysfs = 0;
	kref_init(&kobj->kref);
	kobj->state_initialized = 1;
}

void kobject_init(struct kobject *kobj, const struct kobj_type *ktype)
{
	if (!kobj) {
		pr_err("kobject_init: NULL kobject\n");
		return;
	}
	if (!ktype) {
		pr_err("kobject_init(%p): no kobj_type given\n", kobj);
		return;
	}
	if (kobj->state_initialized)
		pr_err("kobject_init(%p): already initialised; its old state is lost\n",
		       kobj);
	kobject_reset(kobj);
	kobj->ktype = ktype;
}

/*
 * Put kobj on (on true) or take it off its kset's list. The list holds a
 * reference on the kset, so a kset outlives every kobject listed in it.
 */
static void kset_list_update(struct kobject *kobj, bool on)
{
	struct kset *set = kobj->kset;

	if (!set)
		return;
	if (on)
		kset_get(set);
	spin_lock(&set->list_lock);
	if (on)
		list_add_tail(&kobj->entry, &set->list);
	else
		list_del_init(&kobj->entry);
	spin_unlock(&set->list_lock);
	if (!on)
		kset_put(set);
}

/* The directory and the type's default files, all or nothing. */
static int kobject_make_files(struct kobject *kobj)
{
	const struct kobj_type *ktype = get_ktype(kobj);
	const struct attribute_group **groups = ktype ? ktype->default_groups : NULL;
	int err;

	err = sysfs_create_dir_ns(kobj, NULL);
	if (err || !groups)
		return err;
	err = sysfs_create_groups(kobj, groups);
	if (err)
		sysfs_remove_dir(kobj);
	return err;
}

/* Put a named kobject into sysfs under its parent (or its kset). */
static int kobject_publish(struct kobject *kobj)
{
	struct kobject *parent = kobj->parent;
	int err;

	if (!kobj->name || !kobj->name[0]) {
		pr_err("kobject_add(%p): the kobject has no name\n", kobj);
		return -EINVAL;
	}
	/* Without a parent of its own, a kset member's directory is in the kset's. */
	if (!parent && kobj->kset)
		parent = &kobj->kset->kobj;
	kobj->parent = kobject_get(parent);
	kset_list_update(kobj, true);

	err = kobject_make_files(kobj);
	if (!err) {
		kobj->state_in_sysfs = 1;
		return 0;
	}
	kset_list_update(kobj, false);
	kobj->parent = NULL;
	if (err == -EEXIST)
		pr_err("kobject_add: %s: a sibling already has that name (-EEXIST)\n",
		       kobject_name(kobj));
	else
		pr_err("kobject_add: %s: error %d (parent %s)\n",
		       kobject_name(kobj), err, parent ? kobject_name(parent) : "'none'");
	kobject_put(parent);
	return err;
}

/* Name kobj from fmt, then publish it under parent. */
static int kobject_name_and_publish(struct kobject *kobj, struct kobject *parent,
				    const char *fmt, va_list vargs)
{
	if (kobject_set_name_vargs(kobj, fmt, vargs)) {
		pr_err("kobject_add: cannot set the name\n");
		return -ENOMEM;
	}
	kobj->parent = parent;
	return kobject_publish(kobj);
}

int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...)
{
	va_list ap;
	int ret;

	if (!kobj)
		return -EINVAL;
	if (!kobj->state_initialized) {
		pr_err("kobject_add: '%s' (%p) was never initialised\n",
		       kobject_name(kobj), kobj);
		return -EINVAL;
	}
	va_start(ap, fmt);
	ret = kobject_name_and_publish(kobj, parent, fmt, ap);
	va_end(ap);
	return ret;
}

int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype,
			 struct kobject *parent, const char *fmt, ...)
{
	va_list ap;
	int ret;

	kobject_init(kobj, ktype);
	va_start(ap, fmt);
	ret = kobject_name_and_publish(kobj, parent, fmt, ap);
	va_end(ap);
	return ret;
}

void kobject_del(struct kobject *kobj)
{
	const struct kobj_type *ktype;
	struct kobject *parent;

	if (!kobj || !kobj->state_in_sysfs)
		return;
	ktype = get_ktype(kobj);
	if (ktype && ktype->default_groups)
		sysfs_remove_groups(kobj, ktype->default_groups);
	sysfs_remove_dir(kobj);		/* waits for show/store in progress */
	kobj->state_in_sysfs = 0;
	kset_list_update(kobj, false);
	/* The parent reference was the directory's: it goes with it. */
	parent = kobj->parent;
	kobj->parent = NULL;
	kobject_put(parent);
}

/* Using a kobject that kobject_init never saw is a bug: say so, carry on. */
static void kobject_check_initialised(struct kobject *kobj, const char *op)
{
	WARN(!kobj->state_initialized, "%s: '%s' (%p) was never initialised\n",
	     op, kobject_name(kobj), kobj);
}

struct kobject *kobject_get(struct kobject *kobj)
{
	if (!kobj)
		return NULL;
	kobject_check_initialised(kobj, "kobject_get");
	kref_get(&kobj->kref);
	return kobj;
}

/* For lookups that may meet an object whose last put is under way. */
struct kobject *kobject_get_unless_zero(struct kobject *kobj)
{
	return kobj && kref_get_unless_zero(&kobj->kref) ? kobj : NULL;
}

static void kobject_last_put(struct kref *kref)
{
	struct kobject *kobj = container_of(kref, struct kobject, kref);
	const struct kobj_type *t = get_ktype(kobj);
	const char *name = kobj->name;	/* release may free kobj, not the name */

	kobject_del(kobj);		/* nothing if already out of sysfs */
	if (!t || !t->release)
		pr_err("kobject_put: '%s' (%p): its kobj_type has no release; its memory leaks\n",
		       kobject_name(kobj), kobj);
	else
		t->release(kobj);
	kfree(name);
}

void kobject_put(struct kobject *kobj)
{
	if (!kobj)
		return;
	kobject_check_initialised(kobj, "kobject_put");
	kref_put(&kobj->kref, kobject_last_put);
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
		pr_warn("kobject_create_and_add: %s: could not add it to sysfs (error %d); returning NULL\n",
			name, err);
		kobject_put(kobj);
		return NULL;
	}
	return kobj;
}

/* ---- ksets ---- */

void kset_init(struct kset *k)
{
	spin_lock_init(&k->list_lock);
	INIT_LIST_HEAD(&k->list);
	kobject_reset(&k->kobj);
}

/* The kset's own kobject is named (and its parent set) by the caller. */
int kset_register(struct kset *k)
{
	if (!k)
		return -EINVAL;
	kset_init(k);
	return kobject_publish(&k->kobj);
}

void kset_unregister(struct kset *k)
{
	if (k) {
		kobject_del(&k->kobj);
		kobject_put(&k->kobj);
	}
}

struct kobject *kset_find_obj(struct kset *kset, const char *name)
{
	struct kobject *pos, *hit = NULL;

	spin_lock(&kset->list_lock);
	list_for_each_entry(pos, &kset->list, entry) {
		const char *n = kobject_name(pos);

		/* A member on its way out (count 0) is not found. */
		if (n && strcmp(n, name) == 0) {
			hit = kobject_get_unless_zero(pos);
			break;
		}
	}
	spin_unlock(&kset->list_lock);
	return hit;
}

static void kset_free(struct kobject *kobj)
{
	kfree(container_of(kobj, struct kset, kobj));
}

static const struct kobj_type kset_ktype = {
	.sysfs_ops = &kobj_sysfs_ops,
	.release = kset_free,
};

struct kset *kset_create_and_add(const char *name, const struct kset_uevent_ops *uevent_ops,
				 struct kobject *parent_kobj)
{
	struct kset *kset = kzalloc(sizeof(*kset), GFP_KERNEL);

	if (!kset)
		return NULL;
	/* Freed by kset_free; it is in no kset itself (kzalloc'd: kobj.kset NULL). */
	kset->kobj.ktype = &kset_ktype;
	kset->kobj.parent = parent_kobj;
	kset->uevent_ops = uevent_ops;
	if (kobject_set_name(&kset->kobj, "%s", name) || kset_register(kset)) {
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
