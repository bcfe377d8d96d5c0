/*
 * Open files: opening (and creating), reading, writing, seeking, reading
 * directories, and stat.
 *
 * An open file holds its path (so its mount cannot be unmounted and its
 * dentry and inode stay alive even if unlinked), and a reference on the
 * module that owns its file_operations (fops_get), so that module cannot
 * be removed until the close. Reads and writes of a regular file hold the
 * inode's i_mutex, so they see and leave the data and size whole; a
 * character device's do not (its driver locks for itself, and a read may
 * sleep until a writer comes), nor do those of procfs and debugfs files
 * (S_NOIOLOCK: their operations lock for themselves, as on Linux). Reading a directory holds vfs_lock, so its
 * entries do not change underneath.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/module.h>
#include "internal.h"
#include <modlab/fs.h>

static bool wants_write(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
}

struct file *filp_open(const char *name, int flags, umode_t mode)
{
	char last[NAME_MAX + 1];
	struct path parent, path;
	struct dentry *d;
	struct inode *inode;
	struct file *f;
	int err;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&vfs_lock);
	if (flags & O_CREAT) {
		err = path_walk(name, &parent, last);
		if (err)
			goto fail;
		if (!last[0] || !strcmp(last, ".") || !strcmp(last, "..")) {
			/* the root, . or ..: an existing directory */
			path_put(&parent);
			err = -EISDIR;
			goto fail;
		}
		if (!S_ISDIR(parent.dentry->d_inode->i_mode)) {
			path_put(&parent);
			err = -ENOTDIR;
			goto fail;
		}
		d = lookup_child(parent.dentry, last);
		if (!IS_ERR(d) && (flags & O_EXCL)) {
			dput(d);
			d = ERR_PTR(-EEXIST);
		} else if (!IS_ERR(d) && S_ISLNK(d->d_inode->i_mode)) {
			/* An existing link: open what it points at (O_NOFOLLOW:
			 * -ELOOP). Unlike Linux, a dangling one is not created
			 * through: the walk fails with -ENOENT. */
			dput(d);
			path_put(&parent);
			if (flags & O_NOFOLLOW) {
				err = -ELOOP;
				goto fail;
			}
			err = path_walk(name, &path, NULL);
			if (err)
				goto fail;
			goto opened;
		} else if (!IS_ERR(d) && ends_in_slash(name) && !S_ISDIR(d->d_inode->i_mode)) {
			dput(d);
			d = ERR_PTR(-ENOTDIR);	/* "file/" */
		} else if (IS_ERR(d) && PTR_ERR(d) == -ENOENT) {
			/* "new/" names a directory, which O_CREAT does not make */
			d = ends_in_slash(name) ? ERR_PTR(-EISDIR) : vfs_create(&parent, last, mode);
		}
		if (IS_ERR(d)) {
			path_put(&parent);
			err = PTR_ERR(d);
			goto fail;
		}
		/* parent's mount reference becomes the file's */
		path.mnt = parent.mnt;
		path.dentry = d;
		dput(parent.dentry);
		if (d->d_mounted) {
			/* a mount point: open what is mounted there */
			struct vfsmount *m = lookup_mnt(&path);

			if (m) {
				__atomic_add_fetch(&m->mnt_count, 1, __ATOMIC_RELAXED);
				path_put(&path);
				path.mnt = m;
				path.dentry = dget(m->mnt_root);
			}
		}
	} else {
		err = path_lookupat(name, (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &path, NULL);
		if (err)
			goto fail;
	}
opened:
	inode = path.dentry->d_inode;
	err = 0;
	if (S_ISLNK(inode->i_mode))
		err = -ELOOP;		/* O_NOFOLLOW on a link, as Linux */
	else if (S_ISDIR(inode->i_mode) && wants_write(flags))
		err = -EISDIR;
	else if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		err = -ENOTDIR;
	else if (wants_write(flags) && path.dentry->d_sb->s_readonly)
		err = -EROFS;
	else if (wants_write(flags) && !(inode->i_mode & S_IWUGO))
		err = -EACCES;		/* a read-only file */
	else if (!inode->i_fop)
		err = -ENXIO;
	if (err) {
		path_put(&path);
		goto fail;
	}
	mutex_unlock(&vfs_lock);

	f->f_path = path;
	f->f_inode = inode;
	f->f_flags = flags;
	f->f_mode = FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	if ((flags & O_ACCMODE) != O_WRONLY)
		f->f_mode |= FMODE_READ;
	if ((flags & O_ACCMODE) != O_RDONLY)
		f->f_mode |= FMODE_WRITE;
	/* Pin the module whose code the operations are: -ENXIO if it is
	 * going away (Linux's open says the same). */
	f->f_op = fops_get(inode->i_fop);
	if (!f->f_op) {
		path_put(&f->f_path);
		kfree(f);
		return ERR_PTR(-ENXIO);
	}
	/* Truncate what can be; files made on the fly (procfs) ignore it. */
	if ((flags & O_TRUNC) && S_ISREG(inode->i_mode) && (flags & O_ACCMODE) != O_RDONLY &&
	    inode->i_op && inode->i_op->setsize) {
		mutex_lock(&inode->i_mutex);
		err = inode->i_op->setsize(inode, 0);
		mutex_unlock(&inode->i_mutex);
	}
	if (!err && f->f_op->open)
		err = f->f_op->open(inode, f);
	if (err) {
		cdev_put_file(f);
		fops_put(f->f_op);
		path_put(&f->f_path);
		kfree(f);
		return ERR_PTR(err);
	}
	if (!f->f_op->llseek)
		f->f_mode &= ~FMODE_LSEEK;	/* no_llseek */
	return f;

fail:
	mutex_unlock(&vfs_lock);
	kfree(f);
	return ERR_PTR(err);
}

int __filp_close(struct file *f)
{
	int err = 0;

	if (f->f_op->flush)
		err = f->f_op->flush(f, NULL);
	if (f->f_op->release) {
		int r;

		/* A directory's release runs under vfs_lock, as its iterate
		 * does: it may take a reader's cursor out of the directory's
		 * list. */
		if (S_ISDIR(f->f_inode->i_mode)) {
			mutex_lock(&vfs_lock);
			r = f->f_op->release(f->f_inode, f);
			mutex_unlock(&vfs_lock);
		} else {
			r = f->f_op->release(f->f_inode, f);
		}
		if (!err)
			err = r;
	}
	/* The last use of the module's code is over: let it go. */
	cdev_put_file(f);
	fops_put(f->f_op);
	path_put(&f->f_path);
	kfree(f);
	return err;
}

/* i_mutex for regular files and directories; devices, and files made on
 * the fly (S_NOIOLOCK), lock for themselves. */
static bool io_takes_i_mutex(const struct inode *inode)
{
	return !S_ISCHR(inode->i_mode) && !S_ISFIFO(inode->i_mode) &&
	       !(inode->i_flags & S_NOIOLOCK);
}

ssize_t kernel_read(struct file *f, void *buf, size_t count, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	ssize_t n;

	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!f->f_op->read && !f->f_op->read_iter)
		return -EINVAL;
	if (!io_takes_i_mutex(inode))
		return vfs_do_read(f, (__force char __user *)buf, count, pos);
	mutex_lock(&inode->i_mutex);
	n = vfs_do_read(f, (__force char __user *)buf, count, pos);
	mutex_unlock(&inode->i_mutex);
	return n;
}

ssize_t kernel_write(struct file *f, const void *buf, size_t count, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	ssize_t n;

	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op->write && !f->f_op->write_iter)
		return -EINVAL;
	if (!io_takes_i_mutex(inode))
		return vfs_do_write(f, (__force const char __user *)buf, count, pos);
	mutex_lock(&inode->i_mutex);
	if (f->f_flags & O_APPEND)
		*pos = inode->i_size;
	n = vfs_do_write(f, (__force const char __user *)buf, count, pos);
	mutex_unlock(&inode->i_mutex);
	return n;
}

loff_t vfs_llseek(struct file *f, loff_t offset, int whence)
{
	if (!(f->f_mode & FMODE_LSEEK))
		return -ESPIPE;
	return f->f_op->llseek(f, offset, whence);
}

long vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	long err;

	if (!f->f_op->unlocked_ioctl)
		return -ENOTTY;
	err = f->f_op->unlocked_ioctl(f, cmd, arg);
	/* As Linux: a driver's -ENOIOCTLCMD ("not mine") reads -ENOTTY. */
	return err == -ENOIOCTLCMD ? -ENOTTY : err;
}

int iterate_dir(struct file *f, struct dir_context *ctx)
{
	int err;

	if (!S_ISDIR(f->f_inode->i_mode))
		return -ENOTDIR;
	if (!f->f_op->iterate)
		return -EINVAL;
	mutex_lock(&vfs_lock);
	ctx->pos = f->f_pos;
	err = f->f_op->iterate(f, ctx);
	f->f_pos = ctx->pos;
	mutex_unlock(&vfs_lock);
	return err;
}

void *kernel_read_whole_file(const char *path, unsigned long *size, int *err)
{
	struct kstat st;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;
	void *buf;

	*err = vfs_stat(path, &st);
	if (*err)
		return NULL;
	if (!S_ISREG(st.mode)) {
		*err = S_ISDIR(st.mode) ? -EISDIR : -EINVAL;
		return NULL;
	}
	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f)) {
		*err = PTR_ERR(f);
		return NULL;
	}
	buf = kmalloc(st.size ? st.size : 1, GFP_KERNEL);
	n = buf ? kernel_read(f, buf, st.size, &pos) : -ENOMEM;
	filp_close(f);
	if (n != st.size) {
		kfree(buf);
		*err = n < 0 ? (int)n : -EIO;
		return NULL;
	}
	*size = st.size;
	*err = 0;
	return buf;
}

int vfs_getattr(const struct path *p, struct kstat *st)
{
	struct inode *inode = p->dentry->d_inode;

	memset(st, 0, sizeof(*st));
	mutex_lock(&inode->i_mutex);
	st->ino = inode->i_ino;
	st->mode = inode->i_mode;
	st->nlink = inode->i_nlink;
	st->size = inode->i_size;
	st->blocks = (inode->i_size + 511) / 512;
	st->mtime_ns = inode->i_mtime_ns;
	st->rdev = inode->i_rdev;
	mutex_unlock(&inode->i_mutex);
	st->fstype = p->dentry->d_sb->s_type->name;
	st->dev = p->dentry->d_sb->s_dev;
	return 0;
}

int vfs_lstat(const char *name, struct kstat *st)
{
	struct path p;
	int err;

	mutex_lock(&vfs_lock);
	err = path_lookupat(name, 0, &p, NULL);
	mutex_unlock(&vfs_lock);
	if (err)
		return err;
	err = vfs_getattr(&p, st);
	path_put(&p);
	return err;
}

int vfs_stat(const char *name, struct kstat *st)
{
	struct path p;
	int err = kern_path(name, &p);

	if (err)
		return err;
	err = vfs_getattr(&p, st);
	path_put(&p);
	return err;
}

/* For modules, as in Linux: a module may open, read and write a file by
 * path (a driver's test module drives a device as a program would). */
EXPORT_SYMBOL(filp_open);
EXPORT_SYMBOL(__filp_close);
EXPORT_SYMBOL(kernel_read);
EXPORT_SYMBOL(kernel_write);
