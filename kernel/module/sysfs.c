/*
 * /sys/module/NAME: a directory for every loaded module, as in Linux.
 *
 *	refcnt		its reference count (the sum over CPUs, best effort)
 *	initstate	live, coming (its init is running) or going
 *	parameters/P	each parameter declared with a non-zero perm: reading
 *			shows the value as the parameter's ops print it,
 *			writing (if perm allows) sets it through its ops
 *	holders/U	a symbolic link to /sys/module/U for each module U
 *			that uses this one (made when U loads, gone when U
 *			unloads; U's links are U's to make and remove)
 *
 * The directory is made before the module's init runs and removed before
 * its memory is freed. The files' show/store read the module's data (and
 * a parameter's ops may be the module's code): removal waits for the calls
 * in progress and refuses later ones (fs/sysfs/sysfs.h), so when
 * mod_sysfs_teardown returns nothing can reach the module through here.
 *
 * param_lock serialises parameter reads and writes through sysfs (a charp
 * write frees the old string a read may be printing), as Linux's
 * kernel_param_lock does. It is taken with no other lock held, and the
 * teardown, which waits for readers, never holds it.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/completion.h>
#include <modlab/module.h>
#include "internal.h"

struct kset *module_kset;
EXPORT_SYMBOL(module_kset);

static DEFINE_MUTEX(param_lock);

struct param_attribute {
	struct module_attribute mattr;
	const struct kernel_param *param;
};

struct module_param_attrs {
	unsigned int num;
	struct attribute_group grp;
	struct param_attribute attrs[];
};

/* ---- the module's own files ---- */

static ssize_t show_refcnt(struct module_attribute *mattr, struct module_kobject *mk,
			   char *buf)
{
	return sysfs_emit(buf, "%i\n", module_refcount(mk->mod));
}

static ssize_t show_initstate(struct module_attribute *mattr, struct module_kobject *mk,
			      char *buf)
{
	enum module_state st = READ_ONCE(mk->mod->state);

	/* An unformed module has no directory yet; say so if one is read. */
	return sysfs_emit(buf, "%s\n",
			  st == MODULE_STATE_LIVE ? "live" :
			  st == MODULE_STATE_COMING ? "coming" :
			  st == MODULE_STATE_GOING ? "going" : "unformed");
}

static struct module_attribute modinfo_refcnt = __ATTR(refcnt, 0444, show_refcnt, NULL);
static struct module_attribute modinfo_initstate =
	__ATTR(initstate, 0444, show_initstate, NULL);

static struct attribute *module_default_attrs[] = {
	&modinfo_refcnt.attr,
	&modinfo_initstate.attr,
	NULL,
};
ATTRIBUTE_GROUPS(module_default);

/* ---- parameters ---- */

static ssize_t param_attr_show(struct module_attribute *mattr, struct module_kobject *mk,
			       char *buf)
{
	struct param_attribute *attr = container_of(mattr, struct param_attribute, mattr);
	int count;

	if (!attr->param->ops->get)
		return -EPERM;
	mutex_lock(&param_lock);
	count = attr->param->ops->get(buf, attr->param);
	mutex_unlock(&param_lock);
	return count;
}

static ssize_t param_attr_store(struct module_attribute *mattr, struct module_kobject *mk,
				const char *buf, size_t len)
{
	struct param_attribute *attr = container_of(mattr, struct param_attribute, mattr);
	int err;

	if (!attr->param->ops->set)
		return -EPERM;
	mutex_lock(&param_lock);
	err = attr->param->ops->set(buf, attr->param);
	mutex_unlock(&param_lock);
	return err ? err : (ssize_t)len;
}

/* parameters/: one file per parameter with a non-zero perm (perm 0 means
 * "not in sysfs", as in Linux). Nothing made if there is none. */
static int module_add_params(struct module *mod)
{
	struct module_param_attrs *mp;
	struct attribute **ptrs;
	unsigned int i, n = 0;
	int err;

	for (i = 0; i < mod->num_kp; i++)
		if (mod->kp[i].perm)
			n++;
	if (!n)
		return 0;
	mp = kzalloc(sizeof(*mp) + n * sizeof(mp->attrs[0]), GFP_KERNEL);
	ptrs = kcalloc(n + 1, sizeof(*ptrs), GFP_KERNEL);
	if (!mp || !ptrs) {
		kfree(mp);
		kfree(ptrs);
		return -ENOMEM;
	}
	for (i = 0; i < mod->num_kp; i++) {
		const struct kernel_param *kp = &mod->kp[i];
		struct param_attribute *pa = &mp->attrs[mp->num];

		if (!kp->perm)
			continue;
		pa->param = kp;
		pa->mattr.attr.name = kp->name;
		pa->mattr.attr.mode = kp->perm & 0777;
		pa->mattr.show = param_attr_show;
		pa->mattr.store = param_attr_store;
		ptrs[mp->num++] = &pa->mattr.attr;
	}
	mp->grp.name = "parameters";
	mp->grp.attrs = ptrs;
	err = sysfs_create_group(&mod->mkobj.kobj, &mp->grp);
	if (err) {
		kfree(ptrs);
		kfree(mp);
		return err;
	}
	mod->mkobj.mp = mp;
	return 0;
}

static void module_remove_params(struct module *mod)
{
	struct module_param_attrs *mp = mod->mkobj.mp;

	if (!mp)
		return;
	sysfs_remove_group(&mod->mkobj.kobj, &mp->grp);	/* waits for readers */
	mod->mkobj.mp = NULL;
	kfree(mp->grp.attrs);
	kfree(mp);
}

/* ---- the kobject ---- */

static ssize_t module_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct module_attribute *mattr = container_of(attr, struct module_attribute, attr);
	struct module_kobject *mk = container_of(kobj, struct module_kobject, kobj);

	return mattr->show ? mattr->show(mattr, mk, buf) : -EIO;
}

static ssize_t module_attr_store(struct kobject *kobj, struct attribute *attr, const char *buf,
				 size_t len)
{
	struct module_attribute *mattr = container_of(attr, struct module_attribute, attr);
	struct module_kobject *mk = container_of(kobj, struct module_kobject, kobj);

	return mattr->store ? mattr->store(mattr, mk, buf, len) : -EIO;
}

static const struct sysfs_ops module_sysfs_ops = {
	.show = module_attr_show,
	.store = module_attr_store,
};

/* The kobject lives in struct module, which the loader frees: the release
 * only tells the teardown that the last reference is gone. */
static void module_kobj_release(struct kobject *kobj)
{
	struct module_kobject *mk = container_of(kobj, struct module_kobject, kobj);

	complete(mk->kobj_completion);
}

const struct kobj_type module_ktype = {
	.release = module_kobj_release,
	.sysfs_ops = &module_sysfs_ops,
	.default_groups = module_default_groups,
};

/*
 * holders/ of mod, and mod's link in the holders/ of each module it uses.
 * Those cannot go meanwhile: a used module is LIVE (its holders/ made
 * before it was) and refuses rmmod while we are on its source_list, and
 * our own target_list no longer changes once we are COMING.
 */
static int add_usage_links(struct module *mod)
{
	struct module_use *u;
	int err;

	mod->holders_dir = kobject_create_and_add("holders", &mod->mkobj.kobj);
	if (!mod->holders_dir)
		return -ENOMEM;
	list_for_each_entry(u, &mod->target_list, target_list) {
		err = sysfs_create_link(u->target->holders_dir, &mod->mkobj.kobj, mod->name);
		if (err)
			return err;	/* the teardown removes those made */
	}
	return 0;
}

/* Safe whatever add_usage_links got done: a missing link is no error. */
static void del_usage_links(struct module *mod)
{
	struct module_use *u;

	list_for_each_entry(u, &mod->target_list, target_list)
		if (u->target->holders_dir)
			sysfs_remove_link(u->target->holders_dir, mod->name);
	kobject_put(mod->holders_dir);	/* removes holders/ and any link left in it */
	mod->holders_dir = NULL;
}

int mod_sysfs_setup(struct module *mod)
{
	struct module_kobject *mk = &mod->mkobj;
	int err;

	if (!module_kset)
		return 0;		/* booting without /sys: nothing to show */
	mk->mod = mod;
	mk->kobj.kset = module_kset;
	err = kobject_init_and_add(&mk->kobj, &module_ktype, NULL, "%s", mod->name);
	if (!err)
		err = module_add_params(mod);
	if (!err)
		err = add_usage_links(mod);
	if (err) {
		pr_err("module %s: cannot make /sys/module/%s: error %d\n", mod->name, mod->name,
		       err);
		mod_sysfs_teardown(mod);
	}
	return err;
}

/* Take /sys/module/NAME away; when this returns no show or store of the
 * module's is running or can start. May sleep; safe if setup never ran. */
void mod_sysfs_teardown(struct module *mod)
{
	struct module_kobject *mk = &mod->mkobj;
	struct completion done;

	if (!mk->kobj.state_initialized)
		return;
	del_usage_links(mod);
	module_remove_params(mod);
	init_completion(&done);
	mk->kobj_completion = &done;
	kobject_del(&mk->kobj);
	kobject_put(&mk->kobj);
	wait_for_completion(&done);	/* a kset_find_obj user may hold it briefly */
	mk->kobj.state_initialized = 0;
}

/* Boot: /sys/module. */
void module_sysfs_init(void)
{
	module_kset = kset_create_and_add("module", NULL, NULL);
	if (!module_kset)
		pr_err("module: cannot make /sys/module\n");
}
