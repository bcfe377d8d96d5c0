/*
 * devfs: the filesystem on /dev. Its one directory shows every registered
 * block device as a block special file (brw-rw----) whose bytes are the
 * device's: cat /dev/ram0 reads the disk, echo x > /dev/ram0 writes it.
 * It also holds character special files: those made with mknod (the shell's
 * mknod NAME c MAJOR MINOR) and those misc_register adds; opening one
 * opens the driver registered for its number (fs/char_dev.c). A character
 * node's name may hold one '/' ("input/event0"): the first part is then a
 * subdirectory, made with its first node and gone with its last, as
 * devtmpfs does for /dev/input.
 *
 * Nothing is stored here: lookup and readdir ask the block layer's
 * registry each time, so a device appears when its driver registers it and
 * disappears when it is unregistered. An inode holds a reference on its
 * device's struct (not an open); opening the file opens the device, which
 * pins the driver's module for as long as the file is open. A cached
 * dentry whose device has gone is dropped at the next lookup
 * (d_revalidate), as procfs does.
 *
 * Locking: the VFS calls lookup, readdir, mknod and unlink with vfs_lock
 * held; the block registry is walked under blkdev_lock (fs/block_dev.c),
 * taken after it; the character nodes are under devfs_chr_lock, a mutex
 * also taken after vfs_lock.
 * Reads and writes hold the inode's i_mutex (fs/open.c).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/blkdev.h>
#include <modlab/fs.h>
#include "internal.h"

#define DEVFS_ROOT_INO	1

static const struct inode_operations devfs_dir_inode_operations;
static const struct file_operations devfs_dir_operations;
static const struct file_operations devfs_bdev_operations;

/* A character special file in /dev, or a subdirectory (S_IFDIR) holding
 * some. Its inode holds a reference (refs, under devfs_chr_lock) so that
 * d_revalidate can still read 'dead' after the node has been removed. */
struct devfs_chr_node {
	struct list_head list;		/* in devfs_chr_nodes, oldest first */
	char name[NAME_MAX + 1];	/* "event0", or "input/event0" under "input" */
	umode_t mode;
	dev_t rdev;
	unsigned long ino;
	int refs;
	bool dead;			/* removed: lookups no longer find it */
};

static LIST_HEAD(devfs_chr_nodes);
static DEFINE_MUTEX(devfs_chr_lock);	/* protects devfs_chr_nodes and every node */
static unsigned long devfs_next_chr_ino = 0x100000;	/* under devfs_chr_lock */
static struct super_block *devfs_sb;	/* set at the one mount, at boot */

static struct block_device *bdev_of(const struct inode *inode)
{
	return inode->i_private;
}

static struct devfs_chr_node *chr_of(const struct inode *inode)
{
	return inode->i_private;
}

/* Under devfs_chr_lock. */
static struct devfs_chr_node *find_chr_node(const char *name)
{
	struct devfs_chr_node *n;

	list_for_each_entry(n, &devfs_chr_nodes, list)
		if (!strcmp(n->name, name))
			return n;
	return NULL;
}

static void put_chr_node(struct devfs_chr_node *n)
{
	bool last;

	mutex_lock(&devfs_chr_lock);
	last = --n->refs == 0;
	mutex_unlock(&devfs_chr_lock);
	if (last)
		kfree(n);
}

/* The inode of node n (a reference taken on it), or NULL. */
static struct inode *devfs_chr_inode(struct super_block *sb, struct devfs_chr_node *n)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	if (S_ISDIR(n->mode)) {
		inode->i_mode = n->mode;
		inode->i_nlink = 2;
		inode->i_op = &devfs_dir_inode_operations;
		inode->i_fop = &devfs_dir_operations;
	} else {
		init_special_inode(inode, n->mode, n->rdev);
	}
	inode->i_ino = n->ino;
	mutex_lock(&devfs_chr_lock);
	n->refs++;
	mutex_unlock(&devfs_chr_lock);
	inode->i_private = n;
	return inode;
}

/* The length of name's directory part ("input" of "input/event0"), or 0. */
static size_t dir_part(const char *name)
{
	const char *slash = strchr(name, '/');

	return slash ? (size_t)(slash - name) : 0;
}

/* Has the subdirectory dir (its name, len bytes) a node in it? Under
 * devfs_chr_lock. */
static bool subdir_in_use(const char *dir, size_t len)
{
	struct devfs_chr_node *n;

	list_for_each_entry(n, &devfs_chr_nodes, list)
		if (!strncmp(n->name, dir, len) && n->name[len] == '/')
			return true;
	return false;
}

static struct devfs_chr_node *new_node(const char *name, size_t len, umode_t mode, dev_t rdev)
{
	struct devfs_chr_node *n = kzalloc(sizeof(*n), GFP_KERNEL);

	if (!n)
		return NULL;
	memcpy(n->name, name, len);
	n->mode = mode;
	n->rdev = rdev;
	n->refs = 1;		/* the list's */
	return n;
}

/* Is name one we take: "x" or "dir/x", no empty part, no second '/'? */
static bool valid_chr_name(const char *name)
{
	size_t len = strlen(name), dir = dir_part(name);

	if (!len || len > NAME_MAX || name[0] == '/' || name[len - 1] == '/')
		return false;
	return !dir || !strchr(name + dir + 1, '/');
}

/*
 * Add a character special file /dev/name for device rdev (mode: the
 * permission bits); "dir/x" also makes /dev/dir if it is not there yet.
 * -EEXIST if the name is taken. The caller holds vfs_lock or, from
 * misc_register, takes it here through devfs_add_chr.
 */
static int __devfs_add_chr(const char *name, umode_t mode, dev_t rdev)
{
	struct devfs_chr_node *n, *d = NULL, *dn;
	struct block_device *bdev;
	size_t dir = dir_part(name);
	char top[NAME_MAX + 1];

	if (!valid_chr_name(name))
		return -EINVAL;
	strscpy(top, name, dir ? dir + 1 : sizeof(top));
	bdev = bdev_lookup(top);
	if (bdev) {
		bdput(bdev);
		return -EEXIST;
	}
	n = new_node(name, strlen(name), S_IFCHR | (mode & 07777), rdev);
	if (dir)
		d = new_node(name, dir, S_IFDIR | 0755, 0);
	if (!n || (dir && !d)) {
		kfree(n);
		kfree(d);
		return -ENOMEM;
	}
	mutex_lock(&devfs_chr_lock);
	dn = dir ? find_chr_node(top) : NULL;
	if (find_chr_node(name) || (dn && !S_ISDIR(dn->mode))) {
		mutex_unlock(&devfs_chr_lock);
		kfree(n);
		kfree(d);
		return -EEXIST;
	}
	if (d && !dn) {
		d->ino = devfs_next_chr_ino++;
		list_add_tail(&d->list, &devfs_chr_nodes);
		d = NULL;	/* the list's now */
	}
	n->ino = devfs_next_chr_ino++;
	list_add_tail(&n->list, &devfs_chr_nodes);
	mutex_unlock(&devfs_chr_lock);
	kfree(d);		/* the directory was there already */
	return 0;
}

/* Under devfs_chr_lock: take n out of the list; the caller drops its ref. */
static void unlist_node(struct devfs_chr_node *n)
{
	list_del(&n->list);
	n->dead = true;
}

/* Take /dev/name out (a cached dentry is dropped at its next lookup), and
 * its subdirectory with its last node. A subdirectory itself is not
 * removed by name. */
static int __devfs_remove_chr(const char *name)
{
	struct devfs_chr_node *n, *d = NULL;
	size_t dir = dir_part(name);

	mutex_lock(&devfs_chr_lock);
	n = find_chr_node(name);
	if (n && S_ISDIR(n->mode))
		n = NULL;
	if (n) {
		unlist_node(n);
		if (dir && !subdir_in_use(name, dir)) {
			char top[NAME_MAX + 1];

			strscpy(top, name, dir + 1);
			d = find_chr_node(top);
			if (d)
				unlist_node(d);
		}
	}
	mutex_unlock(&devfs_chr_lock);
	if (!n)
		return -ENOENT;
	put_chr_node(n);
	if (d)
		put_chr_node(d);
	return 0;
}

int devfs_add_chr(const char *name, umode_t mode, dev_t rdev)
{
	int err;

	mutex_lock(&vfs_lock);
	err = __devfs_add_chr(name, mode, rdev);
	mutex_unlock(&vfs_lock);
	return err;
}

/* The cached dentry of /dev/name (one level of subdirectory), or NULL.
 * Under vfs_lock. */
static struct dentry *lookup_cached(const char *name)
{
	size_t dir = dir_part(name);
	char top[NAME_MAX + 1];
	struct dentry *d;

	if (!dir)
		return d_lookup(devfs_sb->s_root, name);
	strscpy(top, name, dir + 1);
	d = d_lookup(devfs_sb->s_root, top);
	return d ? d_lookup(d, name + dir + 1) : NULL;
}

int devfs_remove_chr(const char *name)
{
	struct dentry *d = NULL;
	int err;

	mutex_lock(&vfs_lock);
	err = __devfs_remove_chr(name);
	/* Drop the cached dentry now (d_lookup takes no reference). A node
	 * in a subdirectory goes; the subdirectory, if it went too, is
	 * dropped at its next lookup (d_revalidate). */
	if (!err && devfs_sb)
		d = lookup_cached(name);
	if (d && !d->d_mounted)
		d_delete(d);	/* the tree's reference; open files keep theirs */
	mutex_unlock(&vfs_lock);
	return err;
}

/* The inode for bdev; takes over the caller's reference on it. */
static struct inode *devfs_bdev_inode(struct super_block *sb, struct block_device *bdev)
{
	struct inode *inode = new_inode(sb);

	if (!inode) {
		bdput(bdev);
		return NULL;
	}
	inode->i_ino = DEVFS_ROOT_INO + bdev->bd_dev;
	inode->i_mode = S_IFBLK | 0660;
	inode->i_size = bdev_nr_bytes(bdev);
	inode->i_fop = &devfs_bdev_operations;
	inode->i_private = bdev;
	return inode;
}

/* The node name in directory dir, as its full name ("input/event0" for
 * "event0" in /dev/input). -ENAMETOOLONG if it does not fit. */
static int full_name(struct inode *dir, const char *name, char *buf)
{
	struct devfs_chr_node *d = chr_of(dir);	/* NULL: the root */

	if (!d)
		return strscpy(buf, name, NAME_MAX + 1) < 0 ? -ENAMETOOLONG : 0;
	if (snprintf(buf, NAME_MAX + 1, "%s/%s", d->name, name) > NAME_MAX)
		return -ENAMETOOLONG;
	return 0;
}

static struct inode *devfs_lookup(struct inode *dir, const char *name)
{
	struct block_device *bdev = chr_of(dir) ? NULL : bdev_lookup(name);
	struct devfs_chr_node *n;
	struct inode *inode = NULL;
	char full[NAME_MAX + 1];

	if (bdev) {
		inode = devfs_bdev_inode(dir->i_sb, bdev);
		return inode ? inode : ERR_PTR(-ENOMEM);
	}
	if (full_name(dir, name, full))
		return ERR_PTR(-ENOENT);
	mutex_lock(&devfs_chr_lock);
	n = find_chr_node(full);
	if (n)
		n->refs++;	/* held across the unlock */
	mutex_unlock(&devfs_chr_lock);
	if (!n)
		return ERR_PTR(-ENOENT);
	inode = devfs_chr_inode(dir->i_sb, n);
	put_chr_node(n);
	return inode ? inode : ERR_PTR(-ENOMEM);
}

static struct inode *devfs_mknod(struct inode *dir, const char *name, umode_t mode, dev_t dev)
{
	char full[NAME_MAX + 1];
	int err;

	if (!S_ISCHR(mode))
		return ERR_PTR(-EPERM);		/* block devices appear by themselves */
	if (strchr(name, '/'))
		return ERR_PTR(-EINVAL);
	err = full_name(dir, name, full);
	if (!err)
		err = __devfs_add_chr(full, mode, dev);
	return err ? ERR_PTR(err) : devfs_lookup(dir, name);
}

static int devfs_unlink(struct inode *dir, const char *name, struct inode *inode)
{
	char full[NAME_MAX + 1];
	int err;

	if (!S_ISCHR(inode->i_mode))
		return -EPERM;
	err = full_name(dir, name, full);
	return err ? err : __devfs_remove_chr(full);
}

struct devfs_readdir {
	struct dir_context *ctx;
	loff_t index;		/* of the next device in the registry */
};

static int devfs_emit(struct block_device *bdev, void *arg)
{
	struct devfs_readdir *r = arg;

	if (r->index++ < r->ctx->pos)
		return 0;	/* given out by an earlier call */
	if (!dir_emit(r->ctx, bdev->bd_name, strlen(bdev->bd_name), DEVFS_ROOT_INO + bdev->bd_dev,
		      DT_BLK))
		return 1;	/* the reader is full */
	r->ctx->pos++;
	return 0;
}

/* Is node n in directory d (NULL: the root)? Then *base is its name there. */
static bool node_in(const struct devfs_chr_node *n, const struct devfs_chr_node *d,
		    const char **base)
{
	size_t len = d ? strlen(d->name) : 0;

	if (d && (strncmp(n->name, d->name, len) || n->name[len] != '/'))
		return false;
	*base = d ? n->name + len + 1 : n->name;
	return !strchr(*base, '/');
}

/* ".", "..", then the devices in the order they were registered. */
static int devfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct devfs_readdir r = { .ctx = ctx, .index = 2 };
	struct devfs_chr_node *n, *dir = chr_of(file->f_inode);
	const char *base;

	if (!dir_emit_dots(file, ctx))
		return 0;
	if (!dir && blkdev_for_each(devfs_emit, &r))
		return 0;
	mutex_lock(&devfs_chr_lock);
	list_for_each_entry(n, &devfs_chr_nodes, list) {
		if (!node_in(n, dir, &base))
			continue;
		if (r.index++ < ctx->pos)
			continue;
		if (!dir_emit(ctx, base, strlen(base), n->ino,
			      S_ISDIR(n->mode) ? DT_DIR : DT_CHR))
			break;
		ctx->pos++;
	}
	mutex_unlock(&devfs_chr_lock);
	return 0;
}

/* Opening the file opens the device: the driver's module stays while the
 * file is open. -ENXIO if the device has gone since the lookup. */
static int devfs_open(struct inode *inode, struct file *file)
{
	return blkdev_get(bdev_of(inode), file->f_mode);
}

static int devfs_release(struct inode *inode, struct file *file)
{
	blkdev_put(bdev_of(inode), file->f_mode);
	return 0;
}

static ssize_t devfs_read(struct file *file, char *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	int err;

	if (*pos >= inode->i_size)
		return 0;
	count = min((loff_t)count, inode->i_size - *pos);
	err = bdev_read(bdev_of(inode), *pos, count, buf);
	if (err)
		return err;
	*pos += count;
	return count;
}

static ssize_t devfs_write(struct file *file, const char *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	int err;

	if (*pos >= inode->i_size)
		return count ? -ENOSPC : 0;	/* a disk does not grow */
	count = min((loff_t)count, inode->i_size - *pos);
	err = bdev_write(bdev_of(inode), *pos, count, buf);
	if (err)
		return err;
	*pos += count;
	return count;
}

/* Is the dentry's device still registered? If not, the VFS drops it. */
static int devfs_d_revalidate(struct dentry *d)
{
	if (S_ISCHR(d->d_inode->i_mode) || S_ISDIR(d->d_inode->i_mode))
		return !READ_ONCE(chr_of(d->d_inode)->dead);
	return !READ_ONCE(bdev_of(d->d_inode)->bd_dead);
}

static void devfs_evict_inode(struct inode *inode)
{
	if (!inode->i_private)
		return;
	if (S_ISCHR(inode->i_mode) || S_ISDIR(inode->i_mode))
		put_chr_node(chr_of(inode));
	else
		bdput(bdev_of(inode));
}

static const struct inode_operations devfs_dir_inode_operations = {
	.lookup = devfs_lookup,
	.mknod = devfs_mknod,
	.unlink = devfs_unlink,
};

static const struct file_operations devfs_dir_operations = {
	.iterate = devfs_readdir,
	.llseek = generic_file_llseek,
};

static long devfs_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return blkdev_ioctl(bdev_of(file->f_inode), file->f_mode, cmd, arg);
}

static const struct file_operations devfs_bdev_operations = {
	.open = devfs_open,
	.unlocked_ioctl = devfs_ioctl,
	.release = devfs_release,
	.read = devfs_read,
	.write = devfs_write,
	.llseek = generic_file_llseek,
};

static const struct super_operations devfs_super_operations = {
	.evict_inode = devfs_evict_inode,
};

static const struct dentry_operations devfs_dentry_operations = {
	.d_revalidate = devfs_d_revalidate,
};

static struct super_block *devfs_mount(struct file_system_type *fs, const char *source, void *data)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *root;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_op = &devfs_super_operations;
	sb->s_d_op = &devfs_dentry_operations;
	sb->s_dev = 0x200;
	root = new_inode(sb);
	if (root) {
		root->i_ino = DEVFS_ROOT_INO;
		root->i_mode = S_IFDIR | 0755;
		root->i_nlink = 2;
		root->i_op = &devfs_dir_inode_operations;
		root->i_fop = &devfs_dir_operations;
		sb->s_root = d_make_root(root);
	}
	if (sb->s_root)
		devfs_sb = sb;
	if (!sb->s_root) {
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	return sb;
}

static struct file_system_type devfs_fs_type = {
	.name = "devfs",
	.mount = devfs_mount,
};

/* Boot: register devfs and mount it on /dev. */
void devfs_init(void)
{
	int err = register_filesystem(&devfs_fs_type);

	if (!err)
		err = do_mount("devfs", "/dev", "devfs", NULL);
	if (err)
		pr_err("devfs: cannot mount /dev: error %d\n", err);
}
