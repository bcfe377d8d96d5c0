/*
 * sysfs attribute files: reading one calls its kobject type's show into a
 * page, writing one calls store with what was written (one call per
 * write, at most a page less one byte, NUL-terminated), as in Linux.
 *
 * Each call runs under an active reference on the file's node
 * (kernfs_get_active), so sysfs_remove_file and kobject_del wait for it
 * and no call starts after them: fs/sysfs/sysfs.h has the argument.
 * The VFS holds the inode's i_mutex around read and write, so the calls
 * on one open file's page never overlap.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include "sysfs.h"

/* What an open attribute file keeps: the page show wrote, and its length. */
struct sysfs_open_file {
	char *page;
	size_t len;
};

static const struct sysfs_ops *sysfs_ops_of(struct kernfs_node *kn)
{
	return kn->kobj->ktype ? kn->kobj->ktype->sysfs_ops : NULL;
}

static int sysfs_open(struct inode *inode, struct file *file)
{
	struct kernfs_node *kn = inode->i_private;
	const struct sysfs_ops *ops;
	struct sysfs_open_file *of;
	int err = 0;

	if (!kernfs_get_active(kn))
		return -ENODEV;
	ops = sysfs_ops_of(kn);
	/* Root may open any file, but one without the method cannot work. */
	if ((file->f_mode & FMODE_READ) && (!ops || !ops->show))
		err = -EACCES;
	if ((file->f_mode & FMODE_WRITE) && (!ops || !ops->store))
		err = -EACCES;
	kernfs_put_active(kn);
	if (err)
		return err;
	of = kzalloc(sizeof(*of), GFP_KERNEL);
	if (of)
		of->page = (char *)get_zeroed_page(GFP_KERNEL);
	if (!of || !of->page) {
		kfree(of);
		return -ENOMEM;
	}
	file->private_data = of;
	return 0;
}

/* Call show for a read from the start (every read at 0 sees fresh text). */
static ssize_t sysfs_fill(struct kernfs_node *kn, struct sysfs_open_file *of)
{
	ssize_t n;

	if (!kernfs_get_active(kn))
		return -ENODEV;
	memset(of->page, 0, PAGE_SIZE);
	n = sysfs_ops_of(kn)->show(kn->kobj, (struct attribute *)kn->attr, of->page);
	kernfs_put_active(kn);
	if (n < 0)
		return n;
	if (n >= (ssize_t)PAGE_SIZE) {
		pr_warn("sysfs: %s: show wrote %ld bytes, more than its page holds; output cut\n",
			kn->name, (long)n);
		n = PAGE_SIZE - 1;
	}
	of->len = n;
	return 0;
}

static ssize_t sysfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct kernfs_node *kn = file->f_inode->i_private;
	struct sysfs_open_file *of = file->private_data;
	ssize_t err;

	if (*pos == 0) {
		err = sysfs_fill(kn, of);
		if (err)
			return err;
	}
	if (*pos >= (loff_t)of->len)
		return 0;
	return simple_read_from_buffer(buf, count, pos, of->page, of->len);
}

static ssize_t sysfs_write(struct file *file, const char __user *buf, size_t count, loff_t *pos)
{
	struct kernfs_node *kn = file->f_inode->i_private;
	struct sysfs_open_file *of = file->private_data;
	ssize_t n;

	if (count >= PAGE_SIZE)
		count = PAGE_SIZE - 1;
	if (copy_from_user(of->page, buf, count))
		return -EFAULT;
	of->page[count] = '\0';
	if (!kernfs_get_active(kn))
		return -ENODEV;
	n = sysfs_ops_of(kn)->store(kn->kobj, (struct attribute *)kn->attr, of->page, count);
	kernfs_put_active(kn);
	if (n > 0)
		*pos += n;
	return n;
}

static int sysfs_release(struct inode *inode, struct file *file)
{
	struct sysfs_open_file *of = file->private_data;

	free_page((unsigned long)of->page);
	kfree(of);
	return 0;
}

/* No module owner: an open sysfs file pins nothing but its node, which
 * is how rmmod can go ahead while a file is open. */
const struct file_operations sysfs_file_operations = {
	.open = sysfs_open,
	.read = sysfs_read,
	.write = sysfs_write,
	.llseek = generic_file_llseek,
	.release = sysfs_release,
};

/* A file for attr in the directory parent, calling kobj's sysfs_ops. */
int sysfs_add_file_mode(struct kernfs_node *parent, const struct attribute *attr, umode_t mode,
			struct kobject *kobj)
{
	struct kernfs_node *kn;

	if (!attr->name)
		return -EINVAL;
	kn = kernfs_new_node(parent, attr->name, S_IFREG | (mode & 0777), kobj, attr);
	return IS_ERR(kn) ? PTR_ERR(kn) : 0;
}

int sysfs_create_file_ns(struct kobject *kobj, const struct attribute *attr, const void *ns)
{
	if (WARN_ON(!kobj || !attr))
		return -EINVAL;
	if (!kobj->sd)
		return -ENOENT;
	return sysfs_add_file_mode(kobj->sd, attr, attr->mode, kobj);
}

int sysfs_create_files(struct kobject *kobj, const struct attribute * const *ptr)
{
	int err = 0, i;

	for (i = 0; ptr[i] && !err; i++)
		err = sysfs_create_file(kobj, ptr[i]);
	if (err)
		while (--i >= 0)
			sysfs_remove_file(kobj, ptr[i]);
	return err;
}

void sysfs_remove_file_ns(struct kobject *kobj, const struct attribute *attr, const void *ns)
{
	kernfs_remove_by_name(kobj->sd, attr->name);
}

void sysfs_remove_files(struct kobject *kobj, const struct attribute * const *ptr)
{
	int i;

	for (i = 0; ptr[i]; i++)
		sysfs_remove_file(kobj, ptr[i]);
}

/* show()'s buf is the page sysfs_fill gave it: page-aligned, PAGE_SIZE. */
int sysfs_emit(char *buf, const char *fmt, ...)
{
	va_list args;
	int len;

	if (WARN(!buf || offset_in_page(buf), "sysfs_emit: %p is not the start of the page show was given\n", buf))
		return 0;
	va_start(args, fmt);
	len = vscnprintf(buf, PAGE_SIZE, fmt, args);
	va_end(args);
	return len;
}

int sysfs_emit_at(char *buf, int at, const char *fmt, ...)
{
	va_list args;
	int len;

	if (WARN(!buf || offset_in_page(buf) || at < 0 || at >= (int)PAGE_SIZE,
		 "sysfs_emit_at: %p (offset %d) is not inside the page show was given\n",
		 buf, at))
		return 0;
	va_start(args, fmt);
	len = vscnprintf(buf + at, PAGE_SIZE - at, fmt, args);
	va_end(args);
	return len;
}

EXPORT_SYMBOL_GPL(sysfs_create_file_ns);
EXPORT_SYMBOL_GPL(sysfs_create_files);
EXPORT_SYMBOL_GPL(sysfs_remove_file_ns);
EXPORT_SYMBOL_GPL(sysfs_remove_files);
EXPORT_SYMBOL_GPL(sysfs_emit);
EXPORT_SYMBOL_GPL(sysfs_emit_at);
