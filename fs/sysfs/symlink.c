/*
 * Symbolic links in sysfs, as Linux 6.1 has them: /sys/module/A/holders/B
 * points at /sys/module/B, and a driver may link one kobject's directory
 * from another's (sysfs_create_link).
 *
 * A link node keeps a reference on its target's node, not on the kobject,
 * so a link outliving its target (a driver that forgot to remove it) never
 * reaches freed memory: once the target is removed the link is hidden and
 * a walk through it fails with -ENOENT. The link itself goes with
 * sysfs_remove_link or with the directory it is in.
 *
 * The target path is made at each walk, relative to the link's directory
 * ("../../devices/x"), so it stays right wherever sysfs is mounted. It is
 * built under vfs_lock, which the VFS holds when it calls get_link and
 * under which the node tree changes shape (fs/sysfs/sysfs.h).
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/kobject.h>
#include "sysfs.h"
#include <modlab/fs.h>

static bool kernfs_is_ancestor(struct kernfs_node *a, struct kernfs_node *kn)
{
	for (; kn; kn = kn->parent)
		if (kn == a)
			return true;
	return false;
}

/*
 * The path from directory base to target: "../" for each step from base
 * up to their nearest common ancestor, then the names down to target.
 * In buf (size bytes); 0 or -ENAMETOOLONG. Under vfs_lock.
 */
static int kernfs_get_target_path(struct kernfs_node *base, struct kernfs_node *target,
				  char *buf, size_t size)
{
	struct kernfs_node *common = base, *kn;
	size_t len = 0, down = 0, at;

	while (!kernfs_is_ancestor(common, target))
		common = common->parent;	/* the root is everyone's ancestor */
	for (kn = base; kn != common; kn = kn->parent)
		len += 3;			/* "../" */
	for (kn = target; kn != common; kn = kn->parent)
		down += strlen(kn->name) + 1;	/* "name/" */
	if (len + down + 2 > size)
		return -ENAMETOOLONG;
	for (at = 0; at < len; at += 3)
		memcpy(buf + at, "../", 3);
	at = len + down;
	for (kn = target; kn != common; kn = kn->parent) {
		size_t n = strlen(kn->name);

		buf[--at] = '/';
		at -= n;
		memcpy(buf + at, kn->name, n);
	}
	len += down;
	if (len)
		len--;				/* the last '/' */
	else
		buf[len++] = '.';		/* a link to its own directory */
	buf[len] = '\0';
	return 0;
}

/* Under vfs_lock, with a reference on dentry (the VFS's get_link rule). */
static const char *sysfs_get_link(struct dentry *dentry, struct inode *inode,
				  struct delayed_call *done)
{
	struct kernfs_node *kn = inode->i_private;
	char *buf;
	int err;

	if (!kernfs_visible(kn))
		return ERR_PTR(-ENOENT);	/* the link or its target is gone */
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	err = kernfs_get_target_path(kn->parent, kn->target, buf, PATH_MAX);
	if (err) {
		kfree(buf);
		return ERR_PTR(err);
	}
	set_delayed_call(done, kfree_link, buf);
	return buf;
}

const struct inode_operations sysfs_symlink_inode_operations = {
	.get_link = sysfs_get_link,
};

static int sysfs_do_create_link(struct kobject *kobj, struct kobject *target, const char *name,
				bool warn)
{
	struct kernfs_node *parent = kobj ? kobj->sd : sysfs_root_kn, *kn;

	if (!parent || !target || !target->sd)
		return -ENOENT;
	kn = kernfs_create_link(parent, name, target->sd, warn);
	return IS_ERR(kn) ? PTR_ERR(kn) : 0;
}

/**
 * sysfs_create_link - a link name in kobj's directory to target's
 * @kobj: whose directory holds the link (NULL: /sys itself)
 * @target: the kobject whose directory it points at
 * @name: the link's name
 *
 * 0, or -EEXIST (said in the log), -ENOENT (either is not in sysfs),
 * -EINVAL, -ENOMEM. May sleep.
 */
int sysfs_create_link(struct kobject *kobj, struct kobject *target, const char *name)
{
	return sysfs_do_create_link(kobj, target, name, true);
}

/* As sysfs_create_link, but a name already there is not worth a line in the log. */
int sysfs_create_link_nowarn(struct kobject *kobj, struct kobject *target, const char *name)
{
	return sysfs_do_create_link(kobj, target, name, false);
}

/* Remove kobj's link name (nothing if there is none). May sleep. */
void sysfs_remove_link(struct kobject *kobj, const char *name)
{
	struct kernfs_node *parent = kobj ? kobj->sd : sysfs_root_kn;
	struct kernfs_node *kn = parent ? kernfs_find_and_get(parent, name) : NULL;

	if (!kn)
		return;
	if (S_ISLNK(kn->mode))		/* never a file or directory by mistake */
		kernfs_remove(kn);
	kernfs_put(kn);
}

EXPORT_SYMBOL_GPL(sysfs_create_link);
EXPORT_SYMBOL_GPL(sysfs_create_link_nowarn);
EXPORT_SYMBOL_GPL(sysfs_remove_link);
