/*
 * Attribute groups: a kobject's files made (and removed) together, in its
 * directory or in a named subdirectory of it. Making a group is all or
 * nothing: if one file cannot be made, the ones made are removed again.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/err.h>
#include "sysfs.h"

static void remove_files(struct kernfs_node *parent, const struct attribute_group *grp)
{
	struct attribute *const *attr;

	for (attr = grp->attrs; attr && *attr; attr++)
		kernfs_remove_by_name(parent, (*attr)->name);
}

static int create_files(struct kernfs_node *parent, struct kobject *kobj,
			const struct attribute_group *grp)
{
	int i, err = 0;

	for (i = 0; grp->attrs && grp->attrs[i]; i++) {
		struct attribute *attr = grp->attrs[i];
		umode_t mode = attr->mode;

		if (grp->is_visible) {
			mode = grp->is_visible(kobj, attr, i);
			if (!mode)
				continue;
		}
		err = sysfs_add_file_mode(parent, attr, mode, kobj);
		if (err)
			break;
	}
	if (err)
		remove_files(parent, grp);
	return err;
}

int sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp)
{
	struct kernfs_node *parent;
	int err;

	if (WARN_ON(!kobj || !grp))
		return -EINVAL;
	if (!kobj->sd)
		return -ENOENT;
	if (!grp->attrs && !grp->bin_attrs) {
		pr_warn("sysfs: %s: group '%s' lists no attributes; give it an attrs array\n",
			kobject_name(kobj), grp->name ? grp->name : "");
		return -EINVAL;
	}
	if (grp->bin_attrs) {
		pr_err("sysfs: %s: binary attributes are not supported\n", kobject_name(kobj));
		return -EINVAL;
	}
	parent = kobj->sd;
	if (grp->name) {
		parent = kernfs_new_node(kobj->sd, grp->name, S_IFDIR | 0755, NULL, NULL);
		if (IS_ERR(parent))
			return PTR_ERR(parent);
	}
	err = create_files(parent, kobj, grp);
	if (err && grp->name)
		kernfs_remove(parent);
	return err;
}

int sysfs_create_groups(struct kobject *kobj, const struct attribute_group **groups)
{
	int made, j, err;

	if (!groups)
		return 0;
	for (made = 0; groups[made]; made++) {
		err = sysfs_create_group(kobj, groups[made]);
		if (!err)
			continue;
		/* All groups or none: take back the ones already made. */
		for (j = 0; j < made; j++)
			sysfs_remove_group(kobj, groups[j]);
		return err;
	}
	return 0;
}

void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp)
{
	if (!kobj->sd)
		return;
	if (grp->name)
		kernfs_remove_by_name(kobj->sd, grp->name);
	else
		remove_files(kobj->sd, grp);
}

void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups)
{
	int i;

	for (i = 0; groups && groups[i]; i++)
		sysfs_remove_group(kobj, groups[i]);
}

/* Make the group again (is_visible may answer differently now). */
int sysfs_update_group(struct kobject *kobj, const struct attribute_group *grp)
{
	sysfs_remove_group(kobj, grp);
	return sysfs_create_group(kobj, grp);
}

EXPORT_SYMBOL_GPL(sysfs_create_group);
EXPORT_SYMBOL_GPL(sysfs_create_groups);
EXPORT_SYMBOL_GPL(sysfs_remove_group);
EXPORT_SYMBOL_GPL(sysfs_remove_groups);
EXPORT_SYMBOL_GPL(sysfs_update_group);
