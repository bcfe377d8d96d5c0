/* What the files of fs/ share among themselves. */
#ifndef _FS_INTERNAL_H
#define _FS_INTERNAL_H

#include <linux/fs.h>
#include <linux/string.h>

extern struct path root_path;

/* fs/namei.c: a walk with LOOKUP_* flags (linux/namei.h); path_walk
 * follows a link at the end (LOOKUP_FOLLOW). Under vfs_lock. */
int path_lookupat(const char *name, unsigned int flags, struct path *out, char *last);
int path_walk(const char *name, struct path *out, char *last);

/* "a/" or "a//": a trailing slash says the final component is a directory
 * (a walk of the whole name fails with -ENOTDIR otherwise; with 'last',
 * the caller checks). */
static inline bool ends_in_slash(const char *name)
{
	size_t n = strlen(name);

	return n > 1 && name[n - 1] == '/';
}
struct dentry *lookup_child(struct dentry *dir, const char *name);
struct dentry *vfs_create(struct path *parent, const char *last, umode_t mode);
struct vfsmount *lookup_mnt(const struct path *mountpoint);

/* fs/filesystems.c: a type by name, its mount count raised; and back. */
struct file_system_type *get_fs_type_for_mount(const char *name, int *err);
void put_fs_type_after_mount(struct file_system_type *fs);

/* fs/block_dev.c, for fs/devfs.c: a device by name with a reference on the
 * struct (not an open) and back; a walk over the registered devices. */
struct block_device;
struct block_device *bdev_lookup(const char *name);
void bdput(struct block_device *bdev);
int blkdev_for_each(int (*fn)(struct block_device *bdev, void *arg), void *arg);

/* Linux's disks on top of the registry (fs/genhd.c, fs/bio.c, fs/blk-mq.c). */
struct gendisk;
struct request_queue;
struct bio;
/* fs/block_dev.c: a disk's part0, unnamed and unregistered, one reference (the disk's). */
struct block_device *bdev_alloc(struct gendisk *disk);
/* fs/block_dev.c, for /dev: the block ioctls on an open device, then the driver's. */
long blkdev_ioctl(struct block_device *bdev, fmode_t mode, unsigned int cmd, unsigned long arg);
/* fs/bio.c: sectors of an open disk, moved as bios; 0 or a negative errno. */
int disk_rw_sectors(struct block_device *bdev, bool write, sector_t sector, unsigned int count,
		    void *buf);
/* fs/genhd.c: a queue with the default limits; a disk for it (NULL: no memory). */
struct request_queue *blk_alloc_queue(int node);
struct gendisk *disk_alloc(struct request_queue *q, int node);
/* fs/blk-mq.c: a bio to a blk-mq disk, as a request; a blk-mq queue's end. */
void blk_mq_submit_bio(struct bio *bio);
void blk_mq_free_queue(struct request_queue *q);

/* The two halves of /proc/devices (fs/char_dev.c, fs/block_dev.c). */
struct seq_file;
int chrdev_show(struct seq_file *m, void *v);
int blkdev_show(struct seq_file *m, void *v);

/* fs/char_dev.c: drop the cdev a character-device file opened, if any. */
void cdev_put_file(struct file *file);

/* fs/read_write.c: a read or write through the file's read/write, or its
 * read_iter/write_iter when those are NULL (the caller checked one is
 * there and holds whatever lock the file needs). */
ssize_t vfs_do_read(struct file *f, char __user *buf, size_t count, loff_t *pos);
ssize_t vfs_do_write(struct file *f, const char __user *buf, size_t count, loff_t *pos);

#endif
