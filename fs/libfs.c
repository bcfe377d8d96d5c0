/* Pieces shared by simple filesystems: seeking, and reading a directory
 * whose entries are all in the dentry tree. */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/fs.h>

loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
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
		base = file->f_inode->i_size;
		break;
	default:
		return -EINVAL;
	}
	if (base + offset < 0)
		return -EINVAL;
	file->f_pos = base + offset;
	return file->f_pos;
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
		if (!dir_emit(ctx, d->d_name, strlen(d->d_name), d->d_inode->i_ino,
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
EXPORT_SYMBOL(dcache_readdir);
EXPORT_SYMBOL(simple_dir_operations);
