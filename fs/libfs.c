/* Pieces shared by simple filesystems and drivers: seeking, copying a
 * buffer out and in at a position, and reading a directory whose entries
 * are all in the dentry tree. */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <modlab/fs.h>

/* Move f_pos to offset from whence, where the end is at 'end'; offsets
 * past maxsize (or before 0) are -EINVAL. */
static loff_t seek_within(struct file *file, loff_t offset, int whence, loff_t end,
			  loff_t maxsize)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		base = end;
		break;
	default:
		return -EINVAL;
	}
	if (base + offset < 0 || base + offset > maxsize)
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
}

loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
{
	return seek_within(file, offset, whence, file->f_inode->i_size, LLONG_MAX);
}

/* As generic_file_llseek (modlab has no separate inode lock for it). */
loff_t default_llseek(struct file *file, loff_t offset, int whence)
{
	return generic_file_llseek(file, offset, whence);
}

/* For files whose position means nothing: the seek "succeeds", nothing moves. */
loff_t noop_llseek(struct file *file, loff_t offset, int whence)
{
	return file->f_pos;
}

loff_t fixed_size_llseek(struct file *file, loff_t offset, int whence, loff_t size)
{
	return seek_within(file, offset, whence, size, size);
}

/* An open that hands the inode's private data to the file (debugfs-style
 * files set i_private); for any other file it does nothing. */
int simple_open(struct inode *inode, struct file *file)
{
	if (inode->i_private)
		file->private_data = inode->i_private;
	return 0;
}

int nonseekable_open(struct inode *inode, struct file *filp)
{
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return 0;
}

int stream_open(struct inode *inode, struct file *filp)
{
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE | FMODE_ATOMIC_POS);
	filp->f_mode |= FMODE_STREAM;
	return 0;
}

ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos, const void *from,
				size_t available)
{
	loff_t pos = *ppos;
	size_t left;

	if (pos < 0)
		return -EINVAL;
	if (pos >= available || !count)
		return 0;
	if (count > available - pos)
		count = available - pos;
	left = copy_to_user(to, (const char *)from + pos, count);
	if (left == count)
		return -EFAULT;
	count -= left;
	*ppos = pos + count;
	return count;
}

ssize_t simple_write_to_buffer(void *to, size_t available, loff_t *ppos,
			       const void __user *from, size_t count)
{
	loff_t pos = *ppos;
	size_t left;

	if (pos < 0)
		return -EINVAL;
	if (pos >= available || !count)
		return 0;
	if (count > available - pos)
		count = available - pos;
	left = copy_from_user((char *)to + pos, from, count);
	if (left == count)
		return -EFAULT;
	count -= left;
	*ppos = pos + count;
	return count;
}

/*
 * Entries "." and ".." first, then the dentry's children in order.
 * ctx->pos counts entries. Under vfs_lock (iterate_dir).
 */
int dcache_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_path.dentry, *d;
	loff_t i = 2;

	if (!dir_emit_dots(file, ctx))
		return 0;
	list_for_each_entry(d, &dir->d_subdirs, d_child) {
		if (i++ < ctx->pos)
			continue;
		if (!dir_emit(ctx, (const char *)d->d_name.name, d->d_name.len, d->d_inode->i_ino,
			      dt_type(d->d_inode)))
			return 0;
		ctx->pos++;
	}
	return 0;
}

const struct file_operations simple_dir_operations = {
	.iterate = dcache_readdir,
	.llseek = generic_file_llseek,
};

/* For modules' filesystems. */
EXPORT_SYMBOL(generic_file_llseek);
EXPORT_SYMBOL(default_llseek);
EXPORT_SYMBOL(noop_llseek);
EXPORT_SYMBOL(fixed_size_llseek);
EXPORT_SYMBOL(nonseekable_open);
EXPORT_SYMBOL(stream_open);
EXPORT_SYMBOL(simple_open);
EXPORT_SYMBOL(simple_read_from_buffer);
EXPORT_SYMBOL(simple_write_to_buffer);
EXPORT_SYMBOL(dcache_readdir);
EXPORT_SYMBOL(simple_dir_operations);

/* A symbolic link whose target lives as long as its inode (i_link). */
const char *simple_get_link(struct dentry *dentry, struct inode *inode,
			    struct delayed_call *done)
{
	return inode->i_link;
}

/* For a get_link that kmalloc'd its string: set_delayed_call(done, kfree_link, s). */
void kfree_link(void *p)
{
	kfree(p);
}

const struct inode_operations simple_symlink_inode_operations = {
	.get_link = simple_get_link,
};

EXPORT_SYMBOL(simple_get_link);
EXPORT_SYMBOL(kfree_link);
EXPORT_SYMBOL(simple_symlink_inode_operations);
