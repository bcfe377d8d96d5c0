/*
 * What the files of fs/sysfs/ share: the node tree behind /sys.
 *
 * Every directory and file of sysfs is a struct kernfs_node (Linux's name
 * for the same idea). The tree's shape (children, sibling) changes only
 * under vfs_lock, as the VFS calls lookup and readdir with it held.
 *
 * Active references: a node's show/store may be a module's code and its
 * kobject a module's data. Every call into them is bracketed by
 * kernfs_get_active/kernfs_put_active, which count callers in 'active'
 * under the node's lock; removal sets 'removed' under the same lock (so
 * no caller gets in after it) and sleeps until 'active' is zero (so every
 * caller that got in has left). Only then does the remover return, and
 * its caller may free the module. A file still open afterwards keeps the
 * node's memory (refcount) but never calls through it again: -ENODEV.
 */
#ifndef _FS_SYSFS_SYSFS_H
#define _FS_SYSFS_SYSFS_H

#include <linux/fs.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>

struct kernfs_node {
	char *name;			/* kmalloc'd */
	umode_t mode;			/* S_IFDIR, S_IFREG or S_IFLNK, and permissions */
	unsigned long ino;
	struct kernfs_node *parent;	/* the tree's reference on it is ours */
	struct list_head children;	/* under vfs_lock */
	struct list_head sibling;	/* in parent->children, under vfs_lock */
	int refcount;			/* atomic: the tree's, inodes', open files' */
	spinlock_t lock;		/* protects active, removed, remover */
	int active;			/* show/store calls in progress */
	bool removed;			/* no new calls; being or been taken out */
	struct task_struct *remover;	/* sleeping until active is 0 */
	/* A directory: the kobject it shows (NULL for a group's or a mount
	 * point). A file: the kobject whose sysfs_ops it calls, and which
	 * attribute; both only dereferenced under an active reference. */
	struct kobject *kobj;
	const struct attribute *attr;
	/* A symbolic link (S_IFLNK): the directory it points at, referenced
	 * until the link's node is freed; set before the node is in the
	 * tree and never changed. A link whose target is removed is hidden
	 * (lookup, readdir) and its walks fail with -ENOENT. */
	struct kernfs_node *target;
};

extern struct kernfs_node *sysfs_root_kn;

/* fs/sysfs/dir.c */
struct kernfs_node *kernfs_new_node(struct kernfs_node *parent, const char *name, umode_t mode,
				    struct kobject *kobj, const struct attribute *attr);
struct kernfs_node *kernfs_find_and_get(struct kernfs_node *parent, const char *name);
void kernfs_get(struct kernfs_node *kn);
void kernfs_put(struct kernfs_node *kn);
bool kernfs_get_active(struct kernfs_node *kn);
void kernfs_put_active(struct kernfs_node *kn);
void kernfs_remove(struct kernfs_node *kn);
/* A link name in parent to target; the tree's reference, or ERR_PTR
 * (-EEXIST said in the log unless warn is false). */
struct kernfs_node *kernfs_create_link(struct kernfs_node *parent, const char *name,
				       struct kernfs_node *target, bool warn);
/* Is kn shown: not removed, and, for a link, its target not removed
 * either (under vfs_lock, or racy but safe: both flags only go true). */
static inline bool kernfs_visible(const struct kernfs_node *kn)
{
	return !READ_ONCE(kn->removed) && (!kn->target || !READ_ONCE(kn->target->removed));
}
int kernfs_remove_by_name(struct kernfs_node *parent, const char *name);

/* fs/sysfs/file.c */
extern const struct file_operations sysfs_file_operations;
int sysfs_add_file_mode(struct kernfs_node *parent, const struct attribute *attr, umode_t mode,
			struct kobject *kobj);

/* fs/sysfs/symlink.c: a link inode's operations. */
extern const struct inode_operations sysfs_symlink_inode_operations;

/* fs/sysfs/mount.c */
void sysfs_mount_init(void);

#endif
