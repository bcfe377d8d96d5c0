/*
 * debugfs, as Linux 6.1's: a filesystem for debugging files that modules
 * make with one call each, mounted at /sys/kernel/debug.
 *
 *	dir = debugfs_create_dir("mydrv", NULL);
 *	debugfs_create_u32("count", 0644, dir, &count);
 *	debugfs_create_file("state", 0444, dir, data, &state_fops);
 *	...
 *	debugfs_remove(dir);	(dir and everything below it)
 *
 * The struct dentry * these return is a handle to give back to debugfs
 * (as a parent, to remove); a failed create returns an ERR_PTR, which
 * every function accepts as a parent or to remove and then does nothing,
 * so callers need not check, as in Linux.
 *
 * Removal and readers: a file's operations run between debugfs_file_get
 * and debugfs_file_put (debugfs does it around each call); debugfs_remove
 * waits until no call is running, and later calls give -EIO. It then runs
 * the release of files still open, so what their open made is freed while
 * the module's code is there. May sleep: call it from a thread.
 */
#ifndef _LINUX_DEBUGFS_H
#define _LINUX_DEBUGFS_H

#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/types.h>
#include <linux/compiler.h>

struct debugfs_blob_wrapper {
	void *data;
	unsigned long size;
};

struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent,
				   void *data, const struct file_operations *fops);
/* The same; Linux leaves the removal protection to the file's own handlers
 * (debugfs_file_get/put). Here every file has it. */
struct dentry *debugfs_create_file_unsafe(const char *name, umode_t mode,
					  struct dentry *parent, void *data,
					  const struct file_operations *fops);
/* As debugfs_create_file, with file_size as the inode's size. */
void debugfs_create_file_size(const char *name, umode_t mode, struct dentry *parent,
			      void *data, const struct file_operations *fops,
			      loff_t file_size);
struct dentry *debugfs_create_dir(const char *name, struct dentry *parent);

/* Remove dentry and everything below it (NULL or an ERR_PTR: nothing). */
void debugfs_remove(struct dentry *dentry);
#define debugfs_remove_recursive debugfs_remove
/* Remove the entry called name under parent (NULL: the top), if any. */
void debugfs_lookup_and_remove(const char *name, struct dentry *parent);

/* Guard a call into a file's own operations: 0, or -EIO once the file is
 * being removed. dentry is the file's (file->f_path.dentry) or the one
 * debugfs_create_file returned. */
int debugfs_file_get(struct dentry *dentry);
void debugfs_file_put(struct dentry *dentry);
/* The file_operations given to debugfs_create_file for this open file. */
const struct file_operations *debugfs_real_fops(const struct file *filp);

/* Files showing one variable: read gives its value and a newline (decimal,
 * or 0x and hex digits of the type's width for the x forms; Y or N for a
 * bool), a write sets it from a number (base 0; a bool also takes y/n/on/
 * off). As in Linux, the value is cut to the type's width. Without write
 * permission in mode the file cannot be written (-EINVAL, as a file with
 * no write operation), without read permission it cannot be read. */
void debugfs_create_u8(const char *name, umode_t mode, struct dentry *parent, u8 *value);
void debugfs_create_u16(const char *name, umode_t mode, struct dentry *parent, u16 *value);
void debugfs_create_u32(const char *name, umode_t mode, struct dentry *parent, u32 *value);
void debugfs_create_u64(const char *name, umode_t mode, struct dentry *parent, u64 *value);
void debugfs_create_x8(const char *name, umode_t mode, struct dentry *parent, u8 *value);
void debugfs_create_x16(const char *name, umode_t mode, struct dentry *parent, u16 *value);
void debugfs_create_x32(const char *name, umode_t mode, struct dentry *parent, u32 *value);
void debugfs_create_x64(const char *name, umode_t mode, struct dentry *parent, u64 *value);
void debugfs_create_size_t(const char *name, umode_t mode, struct dentry *parent,
			   size_t *value);
void debugfs_create_atomic_t(const char *name, umode_t mode, struct dentry *parent,
			     atomic_t *value);
void debugfs_create_bool(const char *name, umode_t mode, struct dentry *parent, bool *value);
/* A read-only file showing blob->size bytes at blob->data. */
struct dentry *debugfs_create_blob(const char *name, umode_t mode, struct dentry *parent,
				   struct debugfs_blob_wrapper *blob);

bool debugfs_initialized(void);

#endif
