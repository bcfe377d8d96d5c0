/*
 * devfs: the filesystem on /dev. Its one directory shows every registered
 * block device as a block special file (brw-rw----) whose bytes are the
 * device's: cat /dev/ram0 reads the disk, echo x > /dev/ram0 writes it.
 *
 * Nothing is stored here: lookup and readdir ask the block layer's
 * registry each time, so a device appears when its driver registers it and
 * disappears when it is unregistered. An inode holds a reference on its
 * device's struct (not an open); opening the file opens the device, which
 * pins the driver's module for as long as the file is open. A cached
 * dentry whose device has gone is dropped at the next lookup
 * (d_revalidate), as procfs does.
 *
 * Locking: the VFS calls lookup and readdir with vfs_lock held; the
 * registry is walked under blkdev_lock (fs/block_dev.c), taken after it.
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

static struct block_device *bdev_of(const struct inode *inode)
{
	return inode->i_private;
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

static struct inode *devfs_lookup(struct inode *dir, const char *name)
{
	struct block_device *bdev = bdev_lookup(name);
	struct inode *inode;

	if (!bdev)
		return ERR_PTR(-ENOENT);
	inode = devfs_bdev_inode(dir->i_sb, bdev);
	return inode ? inode : ERR_PTR(-ENOMEM);
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

/* ".", "..", then the devices in the order they were registered. */
static int devfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct devfs_readdir r = { .ctx = ctx, .index = 2 };

	if (!dir_emit_dots(file, ctx))
		return 0;
	blkdev_for_each(devfs_emit, &r);
	return 0;
}

/* Opening the file opens the device: the driver's module stays while the
 * file is open. -ENXIO if the device has gone since the lookup. */
static int devfs_open(struct inode *inode, struct file *file)
{
	return blkdev_get(bdev_of(inode));
}

static int devfs_release(struct inode *inode, struct file *file)
{
	blkdev_put(bdev_of(inode));
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
	return !READ_ONCE(bdev_of(d->d_inode)->bd_dead);
}

static void devfs_evict_inode(struct inode *inode)
{
	if (inode->i_private)
		bdput(bdev_of(inode));
}

static const struct inode_operations devfs_dir_inode_operations = {
	.lookup = devfs_lookup,
};

static const struct file_operations devfs_dir_operations = {
	.iterate = devfs_readdir,
	.llseek = generic_file_llseek,
};

static const struct file_operations devfs_bdev_operations = {
	.open = devfs_open,
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
