/*
 * debugfs files that show one variable (debugfs_create_u32 and its kin)
 * and blobs.
 *
 * A variable file formats the value at a read from offset 0 into a buffer
 * kept with the open file, so a reader taking a few bytes at a time gets
 * one value, not pieces of several; a write parses a whole number and
 * stores it. Each type has three sets of operations (read-write, read-only
 * and write-only), chosen from the mode's permission bits as Linux does,
 * so a read-only file has no write at all (-EINVAL).
 *
 * The variable belongs to a module that may be removing the file: the
 * calls run inside debugfs's removal guard (fs/debugfs/inode.c), so they
 * never touch it once debugfs_remove has returned.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/atomic.h>
#include <linux/uaccess.h>
#include <linux/kstrtox.h>
#include <linux/debugfs.h>

struct debugfs_num {
	u64 (*get)(void *data);
	void (*set)(void *data, u64 val);
	const char *fmt;	/* for the value as u64 (or s64 if is_signed) */
	bool is_signed;
	bool is_bool;
};

/* One open variable file: the text of the value the last read at 0 saw. */
struct debugfs_attr_state {
	const struct debugfs_num *num;
	void *data;
	struct mutex lock;	/* serialises readers and writers of this open file */
	char text[24];
	size_t len;
};

static int attr_open(struct inode *inode, struct file *file, const struct debugfs_num *num)
{
	struct debugfs_attr_state *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (!st)
		return -ENOMEM;
	st->num = num;
	st->data = inode->i_private;
	mutex_init(&st->lock);
	file->private_data = st;
	return nonseekable_open(inode, file);
}

static int attr_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	file->private_data = NULL;
	return 0;
}

static ssize_t attr_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct debugfs_attr_state *st = file->private_data;
	const struct debugfs_num *num = st->num;
	ssize_t ret;

	mutex_lock(&st->lock);
	if (*ppos == 0) {
		u64 v = num->get(st->data);

		if (num->is_bool)
			st->len = scnprintf(st->text, sizeof(st->text), "%c\n", v ? 'Y' : 'N');
		else if (num->is_signed)
			st->len = scnprintf(st->text, sizeof(st->text), num->fmt, (s64)v);
		else
			st->len = scnprintf(st->text, sizeof(st->text), num->fmt, v);
	}
	ret = simple_read_from_buffer(buf, count, ppos, st->text, st->len);
	mutex_unlock(&st->lock);
	return ret;
}

static ssize_t attr_write(struct file *file, const char __user *buf, size_t count,
			  loff_t *ppos)
{
	struct debugfs_attr_state *st = file->private_data;
	const struct debugfs_num *num = st->num;
	char text[32];
	size_t n = min(count, sizeof(text) - 1);
	u64 v;
	int err;

	if (copy_from_user(text, buf, n))
		return -EFAULT;
	text[n] = '\0';
	if (num->is_bool) {
		bool b;

		err = kstrtobool(text, &b);
		v = b;
	} else if (num->is_signed) {
		s64 s;

		err = kstrtoll(text, 0, &s);
		v = s;
	} else {
		err = kstrtoull(text, 0, &v);
	}
	if (err)
		return err;
	mutex_lock(&st->lock);
	num->set(st->data, v);
	mutex_unlock(&st->lock);
	*ppos += count;
	return count;
}

#define DEBUGFS_NUM(name, type, format, sign, boolean)				\
static u64 name##_get(void *data)						\
{										\
	return (u64)*(type *)data;						\
}										\
										\
static void name##_set(void *data, u64 val)					\
{										\
	*(type *)data = (type)val;						\
}										\
										\
static const struct debugfs_num name##_num = {					\
	.get = name##_get, .set = name##_set, .fmt = format,			\
	.is_signed = sign, .is_bool = boolean,					\
};										\
DEBUGFS_FOPS(name)

#define DEBUGFS_FOPS(name)							\
static int name##_open(struct inode *inode, struct file *file)			\
{										\
	return attr_open(inode, file, &name##_num);				\
}										\
										\
static const struct file_operations name##_fops[3] = {				\
	{ .open = name##_open, .release = attr_release,				\
	  .read = attr_read, .write = attr_write },				\
	{ .open = name##_open, .release = attr_release, .read = attr_read },	\
	{ .open = name##_open, .release = attr_release, .write = attr_write },	\
}

DEBUGFS_NUM(u8, u8, "%llu\n", false, false);
DEBUGFS_NUM(u16, u16, "%llu\n", false, false);
DEBUGFS_NUM(u32, u32, "%llu\n", false, false);
DEBUGFS_NUM(u64, u64, "%llu\n", false, false);
DEBUGFS_NUM(x8, u8, "0x%02llx\n", false, false);
DEBUGFS_NUM(x16, u16, "0x%04llx\n", false, false);
DEBUGFS_NUM(x32, u32, "0x%08llx\n", false, false);
DEBUGFS_NUM(x64, u64, "0x%016llx\n", false, false);
DEBUGFS_NUM(size_t, size_t, "%llu\n", false, false);
DEBUGFS_NUM(bool, bool, NULL, false, true);

static u64 atomic_t_get(void *data)
{
	return (u64)(s64)atomic_read((atomic_t *)data);
}

static void atomic_t_set(void *data, u64 val)
{
	atomic_set((atomic_t *)data, (int)val);
}

static const struct debugfs_num atomic_t_num = {
	.get = atomic_t_get, .set = atomic_t_set, .fmt = "%lld\n", .is_signed = true,
};
DEBUGFS_FOPS(atomic_t);

/* Which of a type's three sets mode asks for: read-write, read-only, write-only. */
static const struct file_operations *pick(const struct file_operations fops[3], umode_t mode)
{
	if (!(mode & 0222))
		return &fops[1];
	if (!(mode & 0444))
		return &fops[2];
	return &fops[0];
}

void debugfs_create_u8(const char *name, umode_t mode, struct dentry *parent, u8 *value)
{
	debugfs_create_file_unsafe(name, mode, parent, value, pick(u8_fops, mode));
}

void debugfs_create_u16(const char *name, umode_t mode, struct dentry *parent, u16 *value)
{
	debugfs_create_file_unsafe(name, mode, parent, value, pick(u16_fops, mode));
}

void debugfs_create_u32(const char *name, umode_t mode, struct dentry *parent, u32 *value)
{
	debugfs_create_file_unsafe(name, mode, parent, value, pick(u32_fops, mode));
}

void debugfs_create_u64(const char *name, umode_t mode, struct dentry *parent, u64 *value)
{
	debugfs_create_file_unsafe(name, mode, parent, value, pick(u64_fops, mode));
}

void debugfs_create_x8(const char *name, umode_t mode, struct dentry *parent, u8 *value)
{
	debugfs_create_file_unsafe(name, mode, parent, value, pick(x8_fops, mode));
}

void debugfs_create_x16(const char *name, umode_t mode, struct dentry *parent, u16 *value)
{
	debugfs_create_file_unsafe(name, mode, parent, value, pick(x16_fops, mode));
}

void debugfs_create_x32(const char *name, umode_t mode, struct dentry *parent, u32 *value)
{
	debugfs_create_file_unsafe(name, mode, parent, value, pick(x32_fops, mode));
}

void debugfs_create_x64(const char *name, umode_t mode, struct dentry *parent, u64 *value)
{
	debugfs_create_file_unsafe(name, mode, parent, value, pick(x64_fops, mode));
}

void debugfs_create_size_t(const char *name, umode_t mode, struct dentry *parent,
			   size_t *value)
{
	debugfs_create_file_unsafe(name, mode, parent, value, pick(size_t_fops, mode));
}

void debugfs_create_atomic_t(const char *name, umode_t mode, struct dentry *parent,
			     atomic_t *value)
{
	debugfs_create_file_unsafe(name, mode, parent, value, pick(atomic_t_fops, mode));
}

void debugfs_create_bool(const char *name, umode_t mode, struct dentry *parent, bool *value)
{
	debugfs_create_file_unsafe(name, mode, parent, value, pick(bool_fops, mode));
}

static ssize_t blob_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct debugfs_blob_wrapper *blob = file->f_inode->i_private;

	return simple_read_from_buffer(buf, count, ppos, blob->data, blob->size);
}

static const struct file_operations blob_fops = {
	.read = blob_read,
	.llseek = default_llseek,
};

struct dentry *debugfs_create_blob(const char *name, umode_t mode, struct dentry *parent,
				   struct debugfs_blob_wrapper *blob)
{
	return debugfs_create_file_unsafe(name, mode & ~0222, parent, blob, &blob_fops);
}

/* For modules. */
EXPORT_SYMBOL(debugfs_create_u8);
EXPORT_SYMBOL(debugfs_create_u16);
EXPORT_SYMBOL(debugfs_create_u32);
EXPORT_SYMBOL(debugfs_create_u64);
EXPORT_SYMBOL(debugfs_create_x8);
EXPORT_SYMBOL(debugfs_create_x16);
EXPORT_SYMBOL(debugfs_create_x32);
EXPORT_SYMBOL(debugfs_create_x64);
EXPORT_SYMBOL(debugfs_create_size_t);
EXPORT_SYMBOL(debugfs_create_atomic_t);
EXPORT_SYMBOL(debugfs_create_bool);
EXPORT_SYMBOL(debugfs_create_blob);
