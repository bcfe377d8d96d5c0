/*
 * The sysfs filesystem: shows the node tree (fs/sysfs/dir.c) under /sys.
 *
 * Nothing is stored in the VFS: lookup and readdir read the tree (the VFS
 * calls them with vfs_lock held, the lock the tree changes under), and
 * each inode holds a reference on its node. A cached dentry whose node
 * was removed is dropped at the next lookup (d_revalidate), so a removed
 * file reads as gone, while a file open at the time keeps its node and
 * gets -ENODEV (fs/sysfs/file.c).
 *
 * Every mount of sysfs shows the same tree: mounting it again elsewhere
 * (or again on /sys, which hides the first) works, as in Linux.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include "sysfs.h"
#include <modlab/fs.h>

static struct kernfs_node sysfs_root = {
	.name = "",
	.mode = S_IFDIR | 0755,
	.ino = 1,
	.children = LIST_HEAD_INIT(sysfs_root.children),
	.sibling = LIST_HEAD_INIT(sysfs_root.sibling),
	.refcount = 1,
	.lock = __SPIN_LOCK_UNLOCKED(sysfs_root.lock),
};
struct kernfs_node *sysfs_root_kn = &sysfs_root;

static const struct inode_operations sysfs_dir_inode_operations;
static const struct file_operations sysfs_dir_operations;

static struct kernfs_node *kn_of(const struct inode *inode)
{
	return inode->i_private;
}

static struct inode *sysfs_get_inode(struct super_block *sb, struct kernfs_node *kn)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	kernfs_get(kn);
	inode->i_private = kn;
	inode->i_ino = kn->ino;
	inode->i_mode = kn->mode;
	if (S_ISDIR(kn->mode)) {
		inode->i_op = &sysfs_dir_inode_operations;
		inode->i_fop = &sysfs_dir_operations;
		inode->i_nlink = 2;
	} else if (S_ISLNK(kn->mode)) {
		inode->i_op = &sysfs_symlink_inode_operations;	/* no i_fop: never opened */
	} else {
		inode->i_fop = &sysfs_file_operations;
		inode->i_size = PAGE_SIZE;	/* as Linux shows: the most show may write */
	}
	return inode;
}

/* Under vfs_lock (the VFS's). */
static struct inode *sysfs_lookup(struct inode *dir, const char *name)
{
	struct kernfs_node *kn;
	struct inode *inode;

	list_for_each_entry(kn, &kn_of(dir)->children, sibling) {
		if (strcmp(kn->name, name) || !kernfs_visible(kn))
			continue;
		inode = sysfs_get_inode(dir->i_sb, kn);
		return inode ? inode : ERR_PTR(-ENOMEM);
	}
	return ERR_PTR(-ENOENT);
}

/* Under vfs_lock. Position i counts every child, removed or not, so a
 * reader's place does not shift when a removed one is skipped. */
static int sysfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct kernfs_node *dir = kn_of(file->f_inode), *kn;
	loff_t i = 2;

	if (!dir_emit_dots(file, ctx))
		return 0;
	list_for_each_entry(kn, &dir->children, sibling) {
		if (i++ < ctx->pos)
			continue;
		if (kernfs_visible(kn) &&
		    !dir_emit(ctx, kn->name, strlen(kn->name), kn->ino,
			      S_ISDIR(kn->mode) ? DT_DIR : S_ISLNK(kn->mode) ? DT_LNK : DT_REG))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static int sysfs_d_revalidate(struct dentry *d)
{
	return kernfs_visible(kn_of(d->d_inode));
}

static void sysfs_evict_inode(struct inode *inode)
{
	kernfs_put(kn_of(inode));
}

static const struct inode_operations sysfs_dir_inode_operations = {
	.lookup = sysfs_lookup,
};

static const struct file_operations sysfs_dir_operations = {
	.iterate = sysfs_readdir,
	.llseek = generic_file_llseek,
};

static const struct super_operations sysfs_super_operations = {
	.evict_inode = sysfs_evict_inode,
};

static const struct dentry_operations sysfs_dentry_operations = {
	.d_revalidate = sysfs_d_revalidate,
};

static struct super_block *sysfs_mount(struct file_system_type *fs, const char *source,
				       void *data)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *root;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_op = &sysfs_super_operations;
	sb->s_d_op = &sysfs_dentry_operations;
	sb->s_dev = 0x200;
	root = sysfs_get_inode(sb, &sysfs_root);
	if (root)
		sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	return sb;
}

static struct file_system_type sysfs_fs_type = {
	.name = "sysfs",
	.mount = sysfs_mount,
};

struct kobject *kernel_kobj;
struct kobject *firmware_kobj;
EXPORT_SYMBOL_GPL(kernel_kobj);
EXPORT_SYMBOL_GPL(firmware_kobj);

/*
 * Boot: register sysfs, mount it on /sys, and make the directories every
 * kernel has: /sys/kernel (with an empty debug/ for debugfs to be mounted
 * on) and /sys/firmware. /sys/module, /sys/class and /sys/devices come
 * with their subsystems (kernel/module/sysfs.c, drivers/base/).
 */
int sysfs_init(void)
{
	int err = register_filesystem(&sysfs_fs_type);

	if (!err)
		err = do_mount("sysfs", "/sys", "sysfs", NULL);
	if (err) {
		pr_err("sysfs: cannot mount /sys: error %d\n", err);
		return err;
	}
	kernel_kobj = kobject_create_and_add("kernel", NULL);
	firmware_kobj = kobject_create_and_add("firmware", NULL);
	if (!kernel_kobj || !firmware_kobj)
		return -ENOMEM;
	err = sysfs_create_mount_point(kernel_kobj, "debug");
	if (err)
		pr_err("sysfs: cannot make /sys/kernel/debug: error %d\n", err);
	return err;
}
