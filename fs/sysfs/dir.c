/*
 * sysfs's node tree: making and finding nodes, active references, and
 * removal that waits for the show/store calls in progress (fs/sysfs/sysfs.h
 * has the rules); and the directories of kobjects.
 *
 * Lock order: vfs_lock, then a node's lock (a spin lock, never held
 * across a call or a sleep).
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include "sysfs.h"
#include <modlab/fs.h>

static unsigned long kernfs_next_ino = 1;	/* atomic */

/* Removers sleep here until the active count of the node they remove is 0. */
static DECLARE_WAIT_QUEUE_HEAD(kernfs_drain_wq);

void kernfs_get(struct kernfs_node *kn)
{
	__atomic_add_fetch(&kn->refcount, 1, __ATOMIC_RELAXED);
}

void kernfs_put(struct kernfs_node *kn)
{
	if (kn && __atomic_sub_fetch(&kn->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		/* A link's target is a directory, never a link: this nests
		 * one level at most. */
		kernfs_put(kn->target);
		kfree(kn->name);
		kfree(kn);
	}
}

/*
 * Enter a call into kn's show/store: false if kn is removed. The test of
 * 'removed' and the increment are one step under kn->lock, and removal
 * sets 'removed' under the same lock before it waits, so a caller either
 * got in before (and is waited for) or sees 'removed' (and stays out).
 */
bool kernfs_get_active(struct kernfs_node *kn)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&kn->lock, flags);
	ok = !kn->removed;
	if (ok)
		kn->active++;
	spin_unlock_irqrestore(&kn->lock, flags);
	return ok;
}

void kernfs_put_active(struct kernfs_node *kn)
{
	unsigned long flags;
	bool wake;

	spin_lock_irqsave(&kn->lock, flags);
	wake = --kn->active == 0 && kn->removed;
	spin_unlock_irqrestore(&kn->lock, flags);
	/* kn stays allocated: the open file that called us holds a reference. */
	if (wake)
		wake_up_all(&kernfs_drain_wq);
}

static bool kernfs_drained(struct kernfs_node *kn)
{
	unsigned long flags;
	bool done;

	spin_lock_irqsave(&kn->lock, flags);
	done = kn->active == 0;
	spin_unlock_irqrestore(&kn->lock, flags);
	return done;
}

/* Under vfs_lock: the child of parent named name, removed or not. */
static struct kernfs_node *kernfs_find(struct kernfs_node *parent, const char *name)
{
	struct kernfs_node *kn;

	list_for_each_entry(kn, &parent->children, sibling)
		if (!strcmp(kn->name, name))
			return kn;
	return NULL;
}

/* The child named name (a reference taken), or NULL. Takes vfs_lock. */
struct kernfs_node *kernfs_find_and_get(struct kernfs_node *parent, const char *name)
{
	struct kernfs_node *kn;

	mutex_lock(&vfs_lock);
	kn = kernfs_find(parent, name);
	if (kn && !READ_ONCE(kn->removed))
		kernfs_get(kn);
	else
		kn = NULL;
	mutex_unlock(&vfs_lock);
	return kn;
}

/* "/kernel/foo" for a node, for messages (under vfs_lock). */
static void kernfs_path(struct kernfs_node *kn, char *buf, size_t size)
{
	char tmp[128];

	buf[0] = '\0';
	for (; kn && kn != sysfs_root_kn; kn = kn->parent) {
		snprintf(tmp, sizeof(tmp), "/%s%s", kn->name, buf);
		strscpy(buf, tmp, size);
	}
}

static struct kernfs_node *kernfs_create(struct kernfs_node *parent, const char *name,
					  umode_t mode, struct kobject *kobj,
					  const struct attribute *attr, struct kernfs_node *target,
					  bool warn);

/*
 * A new node named name in parent: a directory (mode S_IFDIR | perms) or
 * an attribute file (S_IFREG | perms). Returns it with the tree's
 * reference, or ERR_PTR: -EINVAL (a bad name), -EEXIST (taken), -ENOENT
 * (parent is being removed), -ENOMEM. May sleep.
 */
struct kernfs_node *kernfs_new_node(struct kernfs_node *parent, const char *name, umode_t mode,
				    struct kobject *kobj, const struct attribute *attr)
{
	return kernfs_create(parent, name, mode, kobj, attr, NULL, true);
}

/* A link: the node takes a reference on target, which it drops when freed. */
struct kernfs_node *kernfs_create_link(struct kernfs_node *parent, const char *name,
				       struct kernfs_node *target, bool warn)
{
	return kernfs_create(parent, name, S_IFLNK | 0777, NULL, NULL, target, warn);
}

static struct kernfs_node *kernfs_create(struct kernfs_node *parent, const char *name,
					  umode_t mode, struct kobject *kobj,
					  const struct attribute *attr, struct kernfs_node *target,
					  bool warn)
{
	struct kernfs_node *kn;
	char path[128];

	if (!name || !*name || strchr(name, '/') || strlen(name) > NAME_MAX ||
	    !strcmp(name, ".") || !strcmp(name, ".."))
		return ERR_PTR(-EINVAL);
	kn = kzalloc(sizeof(*kn), GFP_KERNEL);
	if (!kn)
		return ERR_PTR(-ENOMEM);
	kn->name = kstrdup(name, GFP_KERNEL);
	if (!kn->name) {
		kfree(kn);
		return ERR_PTR(-ENOMEM);
	}
	kn->mode = mode;
	kn->ino = __atomic_add_fetch(&kernfs_next_ino, 1, __ATOMIC_RELAXED);
	kn->parent = parent;
	kn->refcount = 1;		/* the tree's */
	INIT_LIST_HEAD(&kn->children);
	spin_lock_init(&kn->lock);
	kn->kobj = kobj;
	kn->attr = attr;
	if (target) {
		kernfs_get(target);
		kn->target = target;
	}

	mutex_lock(&vfs_lock);
	if (parent->removed) {
		mutex_unlock(&vfs_lock);
		kernfs_put(kn);
		return ERR_PTR(-ENOENT);
	}
	if (kernfs_find(parent, name)) {
		/* Two objects (or two attributes) of one name in one
		 * directory: a driver bug worth a line in the log. */
		kernfs_path(parent, path, sizeof(path));
		mutex_unlock(&vfs_lock);
		if (warn)
			pr_err("sysfs: %s/%s exists already; each name in a directory must be unique\n",
			       path, name);
		kernfs_put(kn);
		return ERR_PTR(-EEXIST);
	}
	list_add_tail(&kn->sibling, &parent->children);
	mutex_unlock(&vfs_lock);
	return kn;
}

/*
 * Mark top and everything below it removed (under vfs_lock). A walk by
 * parent pointers, not a recursion: a tree may be deep, the stack is not.
 */
static void mark_removed(struct kernfs_node *top)
{
	struct kernfs_node *kn = top;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&kn->lock, flags);
		kn->removed = true;
		spin_unlock_irqrestore(&kn->lock, flags);
		if (!list_empty(&kn->children)) {
			kn = list_first_entry(&kn->children, struct kernfs_node, sibling);
			continue;
		}
		while (kn != top && kn->sibling.next == &kn->parent->children)
			kn = kn->parent;
		if (kn == top)
			return;
		kn = list_entry(kn->sibling.next, struct kernfs_node, sibling);
	}
}

/*
 * Children first, wait until no show/store runs on each node, take it out
 * of its parent's list (under vfs_lock: lookups walk it) and drop the
 * tree's reference. Called with no lock held: it sleeps.
 */
static void drain_and_put(struct kernfs_node *top)
{
	struct kernfs_node *kn = top, *parent;

	for (;;) {
		mutex_lock(&vfs_lock);
		if (!list_empty(&kn->children)) {
			kn = list_first_entry(&kn->children, struct kernfs_node, sibling);
			mutex_unlock(&vfs_lock);
			continue;
		}
		parent = kn->parent;
		if (kn != top)
			list_del(&kn->sibling);
		mutex_unlock(&vfs_lock);
		wait_event(kernfs_drain_wq, kernfs_drained(kn));
		kernfs_put(kn);		/* the parent still holds its own */
		if (kn == top)
			return;
		kn = parent;
	}
}

/*
 * Take kn and everything below it out of sysfs. When this returns, no
 * show or store of theirs is running and none will start: the caller may
 * free the kobjects and the code. Open files keep the nodes' memory and
 * get -ENODEV. A node already taken out (as part of its parent) is only
 * waited for. May sleep; the caller holds no sysfs or VFS lock.
 */
void kernfs_remove(struct kernfs_node *kn)
{
	bool first;

	if (!kn || kn == sysfs_root_kn)
		return;
	mutex_lock(&vfs_lock);
	first = !kn->removed;
	if (first) {
		list_del(&kn->sibling);
		mark_removed(kn);
		kernfs_get(kn);		/* ours, across the drain */
	}
	mutex_unlock(&vfs_lock);
	if (!first) {
		/* Someone else is removing it (its parent's removal); its
		 * 'removed' is set, so only the callers already in remain. */
		wait_event(kernfs_drain_wq, kernfs_drained(kn));
		return;
	}
	drain_and_put(kn);
	kernfs_put(kn);
}

/* Remove parent's child name; -ENOENT if there is none. */
int kernfs_remove_by_name(struct kernfs_node *parent, const char *name)
{
	struct kernfs_node *kn;

	if (!parent)
		return -ENOENT;
	kn = kernfs_find_and_get(parent, name);
	if (!kn)
		return -ENOENT;
	kernfs_remove(kn);
	kernfs_put(kn);
	return 0;
}

/* ---- kobject directories ---- */

/*
 * kobj's directory, under its parent's (or /sys). The kobject keeps a
 * reference on its node (kobj->sd) until sysfs_remove_dir.
 */
int sysfs_create_dir_ns(struct kobject *kobj, const void *ns)
{
	struct kernfs_node *parent, *kn;

	if (WARN_ON(!kobj))
		return -EINVAL;
	parent = kobj->parent ? kobj->parent->sd : sysfs_root_kn;
	if (!parent)
		return -ENOENT;
	kn = kernfs_new_node(parent, kobject_name(kobj), S_IFDIR | 0755, kobj, NULL);
	if (IS_ERR(kn))
		return PTR_ERR(kn);
	kernfs_get(kn);			/* kobj->sd's */
	kobj->sd = kn;
	return 0;
}

void sysfs_remove_dir(struct kobject *kobj)
{
	struct kernfs_node *kn = kobj->sd;

	kobj->sd = NULL;
	kernfs_remove(kn);
	kernfs_put(kn);
}

/* An empty directory in parent_kobj's, for a filesystem to be mounted on. */
int sysfs_create_mount_point(struct kobject *parent_kobj, const char *name)
{
	struct kernfs_node *kn;

	if (!parent_kobj->sd)
		return -ENOENT;
	kn = kernfs_new_node(parent_kobj->sd, name, S_IFDIR | 0755, NULL, NULL);
	return IS_ERR(kn) ? PTR_ERR(kn) : 0;
}

void sysfs_remove_mount_point(struct kobject *parent_kobj, const char *name)
{
	kernfs_remove_by_name(parent_kobj->sd, name);
}

EXPORT_SYMBOL_GPL(sysfs_create_dir_ns);
EXPORT_SYMBOL_GPL(sysfs_remove_dir);
EXPORT_SYMBOL_GPL(sysfs_create_mount_point);
EXPORT_SYMBOL_GPL(sysfs_remove_mount_point);
