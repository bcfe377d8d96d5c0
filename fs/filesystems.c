/*
 * The registered filesystem types, and the count of each type's mounts.
 *
 * This is where the rule "a filesystem may only go away when nothing is
 * mounted" lives. file_systems_lock protects the list and every mount
 * count. Mounting raises the count under the lock (get_fs_type_for_mount)
 * and unmounting lowers it; unregister_filesystem checks it under the same
 * lock, so no mount can slip in between its check and the type's removal.
 * A type that is being unregistered is no longer in the list, so a mount
 * after that point does not find it.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/spinlock.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/delay.h>
#include <modlab/config.h>
#include "internal.h"

/* Debug kernels: how long pin_fs_owner sleeps when called without the lock. */
#define FS_PIN_WINDOW_MS 20

static LIST_HEAD(file_systems);
static DEFINE_SPINLOCK(file_systems_lock);

static struct file_system_type *find_filesystem(const char *name)
{
	struct file_system_type *fs;

	list_for_each_entry(fs, &file_systems, fs_list)
		if (!strcmp(fs->name, name))
			return fs;
	return NULL;
}

int register_filesystem(struct file_system_type *fs)
{
/* LAB(fs) BEGIN: add fs to the list with no mounts, unless its name is taken (-EBUSY) */
	int err = 0;

	if (!fs->name || !fs->mount)
		return -EINVAL;
	spin_lock(&file_systems_lock);
	if (find_filesystem(fs->name)) {
		err = -EBUSY;
	} else {
		fs->mount_count = 0;
		list_add_tail(&fs->fs_list, &file_systems);
	}
	spin_unlock(&file_systems_lock);
	return err;
/* LAB(fs) SKEL
	if (!fs->name || !fs->mount)
		return -EINVAL;
	spin_lock(&file_systems_lock);
	list_add_tail(&fs->fs_list, &file_systems);
	spin_unlock(&file_systems_lock);
	return 0;
*/
/* LAB(fs) END */
}

int unregister_filesystem(struct file_system_type *fs)
{
/* LAB(fs) BEGIN: take fs off the list; -EINVAL if not there, -EBUSY (no change) if mounted */
	int err = 0;

	spin_lock(&file_systems_lock);
	if (find_filesystem(fs->name) != fs)
		err = -EINVAL;
	else if (fs->mount_count)
		err = -EBUSY;		/* mounted: its users keep it */
	else
		list_del_init(&fs->fs_list);
	spin_unlock(&file_systems_lock);
	return err;
/* LAB(fs) SKEL
	spin_lock(&file_systems_lock);
	list_del_init(&fs->fs_list);
	spin_unlock(&file_systems_lock);
	return 0;
*/
/* LAB(fs) END */
}

/*
 * Pin fs's module for a mount, or fail if the module is still in its init
 * or already going (try_module_get sees 'live' clear); built-in types have
 * no owner and always succeed. Call it with file_systems_lock held: only
 * then is fs certainly still registered, and so neither fs nor its module
 * (where fs lives) freed by an unload.
 *
 * Debug kernels (the race tests') widen the window a caller without the
 * lock would have: they sleep here before touching fs, long enough for an
 * rmmod to unregister and free it. With the lock held nothing can sleep,
 * and there is no window to widen.
 */
static bool pin_fs_owner(struct file_system_type *fs)
{
#if CONFIG_DEBUG_MODULE_REF_WINDOW
	if (!in_atomic())
		msleep(FS_PIN_WINDOW_MS);
#endif
	return try_module_get(fs->owner);
}

/*
 * For mount: the type called name, with its mount count raised so it can
 * no longer be unregistered, and its module pinned (pin_fs_owner). NULL
 * with *err set: -ENODEV if there is no such type, -EAGAIN if its module
 * is loading or going.
 */
struct file_system_type *get_fs_type_for_mount(const char *name, int *err)
{
	struct file_system_type *fs;

/* LAB(fs) BEGIN: under the lock: find, pin the owner (else -EAGAIN, say so), count it */
	spin_lock(&file_systems_lock);
	fs = find_filesystem(name);
	*err = fs ? 0 : -ENODEV;
	/* A mount holds its module: not while the module is still in its
	 * init or already going (try_module_get sees 'live' clear). */
	if (fs && !pin_fs_owner(fs)) {
		pr_err("mount: filesystem %s: its module %s is loading or being removed\n",
		       name, fs->owner->name);
		*err = -EAGAIN;
		fs = NULL;
	}
	if (fs)
		fs->mount_count++;
	spin_unlock(&file_systems_lock);
/* LAB(fs) SKEL
	spin_lock(&file_systems_lock);
	fs = find_filesystem(name);
	spin_unlock(&file_systems_lock);
	*err = fs ? 0 : -ENODEV;
*/
/* LAB(fs) END */
	return fs;
}

/* After an unmount, or a mount that failed: undo get_fs_type_for_mount. */
void put_fs_type_after_mount(struct file_system_type *fs)
{
/* LAB(fs) BEGIN: count the mount off under the lock, then drop the module reference */
	struct module *owner = fs->owner;

	spin_lock(&file_systems_lock);
	fs->mount_count--;
	spin_unlock(&file_systems_lock);
	module_put(owner);	/* may be the module's last reference */
/* LAB(fs) END */
}

/*
 * The VFS's veto on removing a module: unregister every type it owns, or
 * none. If one is mounted, the ones already taken off go back and -EBUSY
 * says the module must stay.
 */
int unregister_module_filesystems(struct module *mod)
{
/* LAB(fs) BEGIN: take all of mod's types off, or none if one is mounted (-EBUSY, say so) */
	struct file_system_type *fs, *n;
	LIST_HEAD(taken);
	int err = 0;

	spin_lock(&file_systems_lock);
	list_for_each_entry_safe(fs, n, &file_systems, fs_list) {
		if (fs->owner != mod)
			continue;
		if (fs->mount_count) {
			pr_err("module %s: filesystem %s is mounted; the module stays\n", mod->name,
			       fs->name);
			err = -EBUSY;
			break;
		}
		list_move(&fs->fs_list, &taken);
	}
	if (err)		/* put back what was taken: nothing changed */
		list_for_each_entry_safe(fs, n, &taken, fs_list)
			list_move_tail(&fs->fs_list, &file_systems);
	else
		list_for_each_entry_safe(fs, n, &taken, fs_list)
			list_del_init(&fs->fs_list);
	spin_unlock(&file_systems_lock);
	return err;
/* LAB(fs) SKEL
	struct file_system_type *fs, *n;

	spin_lock(&file_systems_lock);
	list_for_each_entry_safe(fs, n, &file_systems, fs_list)
		if (fs->owner == mod)
			list_del_init(&fs->fs_list);
	spin_unlock(&file_systems_lock);
	return 0;
*/
/* LAB(fs) END */
}

/*
 * get_fs_type: the type called name with a reference on its module (so the
 * module cannot go while the caller uses the type), or NULL if there is no
 * such type or its module is loading or going. put_filesystem drops it.
 * The lookup and try_module_get happen under file_systems_lock, which
 * unregistering also takes: a type found here is still registered, so its
 * module is not yet freed, and try_module_get's 'live' test decides.
 */
struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *fs;

	spin_lock(&file_systems_lock);
	fs = find_filesystem(name);
	if (fs && !pin_fs_owner(fs))
		fs = NULL;
	spin_unlock(&file_systems_lock);
	return fs;
}

void put_filesystem(struct file_system_type *fs)
{
	module_put(fs->owner);
}

void for_each_filesystem(void (*fn)(struct file_system_type *fs, void *arg), void *arg)
{
	struct file_system_type *fs;

	spin_lock(&file_systems_lock);
	list_for_each_entry(fs, &file_systems, fs_list)
		fn(fs, arg);
	spin_unlock(&file_systems_lock);
}

/* For modules. */
EXPORT_SYMBOL(register_filesystem);
EXPORT_SYMBOL(unregister_filesystem);
EXPORT_SYMBOL(get_fs_type);
EXPORT_SYMBOL(put_filesystem);
