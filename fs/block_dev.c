/*
 * The block layer: the registry of block devices, opening and closing them
 * (each open pins the driver's module), and reading and writing them by
 * byte offset for filesystems and /dev.
 *
 * blkdev_lock (a mutex) protects the registry list and every device's
 * counts and state: bd_count, bd_openers, bd_in_flight, bd_registered,
 * bd_dead, bd_ops, bd_disk and bd_owner. A driver's read or write (and a
 * gendisk's open and release) runs without it, counted in bd_in_flight, so
 * a slow disk does not hold up the others and unregistering can wait for
 * what is in flight (blkdev_drain) before it forgets the driver. Lock
 * order: vfs_lock, i_mutex, blkdev_lock.
 *
 * Why an open pins the module, and why that is enough: while a device is
 * open its driver's module has a reference, so rmmod fails (or, with
 * --wait, waits for the last close) and the driver's exit never runs with
 * the device in use. Only a forced rmmod reaches the exit then; the exit's
 * del_blkdev_device cuts the device from the driver under blkdev_lock, and
 * blkdev_put drops its module reference under the same lock, so a close
 * either finished with the module still there or sees no owner at all.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/export.h>
#include <linux/blkdev.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/hdreg.h>
#include "internal.h"

static LIST_HEAD(blkdev_list);
static DEFINE_MUTEX(blkdev_lock);
/* del_blkdev_device sleeps here until a device's I/O in flight is done. */
static DECLARE_WAIT_QUEUE_HEAD(blkdev_drain_wq);
static unsigned long blkdev_next_dev = 1;	/* under blkdev_lock */

struct block_device *__blkdev_alloc(const char *name, sector_t nr_sectors,
				    const struct block_device_operations *ops,
				    struct module *owner)
{
	struct block_device *bdev;

	if (!name || !*name || strchr(name, '/') || strlen(name) >= BDEVNAME_SIZE || !ops ||
	    !ops->read)
		return NULL;
	bdev = kzalloc(sizeof(*bdev), GFP_KERNEL);
	if (!bdev)
		return NULL;
	strscpy(bdev->bd_name, name, sizeof(bdev->bd_name));
	bdev->bd_sector_size = SECTOR_SIZE;
	bdev->bd_nr_sectors = nr_sectors;
	bdev->bd_ops = ops;
	bdev->bd_owner = owner;
	bdev->bd_count = 1;		/* the caller's, then the registry's */
	INIT_LIST_HEAD(&bdev->bd_list);
	return bdev;
}

struct block_device *bdev_alloc(struct gendisk *disk)
{
	struct block_device *bdev = kzalloc(sizeof(*bdev), GFP_KERNEL);

	if (!bdev)
		return NULL;
	bdev->bd_sector_size = SECTOR_SIZE;
	bdev->bd_disk = disk;
	bdev->bd_count = 1;		/* the disk's */
	INIT_LIST_HEAD(&bdev->bd_list);
	return bdev;
}

void blkdev_free(struct block_device *bdev)
{
	if (bdev && bdev->bd_registered) {
		pr_err("block: %s: blkdev_free of a registered device ignored\n", bdev->bd_name);
		return;
	}
	kfree(bdev);
}

static struct block_device *find_blkdev(const char *name)
{
	struct block_device *bdev;

	list_for_each_entry(bdev, &blkdev_list, bd_list)
		if (!strcmp(bdev->bd_name, name))
			return bdev;
	return NULL;
}

int register_blkdev_device(struct block_device *bdev)
{
	int err = 0;

	mutex_lock(&blkdev_lock);
	if (bdev->bd_registered || bdev->bd_dead) {
		err = -EINVAL;
	} else if (find_blkdev(bdev->bd_name)) {
		err = -EEXIST;
	} else {
		bdev->bd_dev = blkdev_next_dev++;
		bdev->bd_registered = true;
		list_add_tail(&bdev->bd_list, &blkdev_list);
	}
	mutex_unlock(&blkdev_lock);
	if (!err)
		pr_debug("block: %s: %llu sectors (%llu KiB)\n", bdev->bd_name,
			(unsigned long long)bdev->bd_nr_sectors,
			(unsigned long long)(bdev->bd_nr_sectors >> 1));
	return err;
}

/* Drop a reference to the struct (under blkdev_lock); true if it was the
 * last, and the caller frees it after unlocking. */
static bool bdput_locked(struct block_device *bdev)
{
	return --bdev->bd_count == 0;
}

void bdput(struct block_device *bdev)
{
	bool last;

	mutex_lock(&blkdev_lock);
	last = bdput_locked(bdev);
	mutex_unlock(&blkdev_lock);
	if (last)
		kfree(bdev);
}

/* Take bdev out of the registry and refuse new opens and I/O (under
 * blkdev_lock). */
static void unlist(struct block_device *bdev)
{
	list_del_init(&bdev->bd_list);
	bdev->bd_registered = false;
	bdev->bd_dead = true;
}

/* Wait until no read or write of bdev is inside its driver, then forget
 * the driver; drop the registry's reference. bdev is already unlisted. */
static void blkdev_drain(struct block_device *bdev)
{
	bool last;

	wait_event(blkdev_drain_wq, READ_ONCE(bdev->bd_in_flight) == 0);
	mutex_lock(&blkdev_lock);
	bdev->bd_ops = NULL;
	bdev->bd_disk = NULL;
	bdev->bd_owner = NULL;
	last = bdput_locked(bdev);
	mutex_unlock(&blkdev_lock);
	if (last)
		kfree(bdev);
}

int unregister_blkdev_device(struct block_device *bdev)
{
	mutex_lock(&blkdev_lock);
	if (!bdev->bd_registered) {
		mutex_unlock(&blkdev_lock);
		return -EINVAL;
	}
	if (bdev->bd_openers) {
		mutex_unlock(&blkdev_lock);
		return -EBUSY;		/* mounted or open: its users keep it */
	}
	unlist(bdev);
	mutex_unlock(&blkdev_lock);
	pr_debug("block: %s removed\n", bdev->bd_name);
	blkdev_drain(bdev);		/* nothing in flight without an opener */
	return 0;
}

void del_blkdev_device(struct block_device *bdev)
{
	int openers;

	mutex_lock(&blkdev_lock);
	if (!bdev->bd_registered) {
		mutex_unlock(&blkdev_lock);
		return;
	}
	openers = bdev->bd_openers;
	unlist(bdev);
	mutex_unlock(&blkdev_lock);
	if (openers)
		pr_warn("block: %s removed while open %d time(s); its users now get I/O errors\n",
			bdev->bd_name, openers);
	blkdev_drain(bdev);
}

/* "/dev/NAME" or "NAME" -> NAME, or NULL. */
static const char *blkdev_name_of(const char *path)
{
	if (!strncmp(path, "/dev/", 5))
		path += 5;
	if (!*path || strchr(path, '/') || strlen(path) >= BDEVNAME_SIZE)
		return NULL;
	return path;
}

/* Open bdev (under blkdev_lock): -ENXIO if gone, -EAGAIN if its module is
 * not live (loading or being removed). */
static int blkdev_open_locked(struct block_device *bdev)
{
	if (bdev->bd_dead)
		return -ENXIO;
	if (!try_module_get(bdev->bd_owner))
		return -EAGAIN;
	bdev->bd_openers++;
	bdev->bd_count++;
	return 0;
}

static const struct block_device_operations *start_io(struct block_device *bdev);
static void end_io(struct block_device *bdev);
static bool blkdev_put_locked(struct block_device *bdev);

/*
 * A gendisk's driver hears of each open and close (fops->open, ->release),
 * counted in flight so that a forced unload's del_gendisk waits for it.
 * An open the driver refuses is undone without a release.
 */
static int disk_open(struct block_device *bdev, fmode_t mode)
{
	const struct block_device_operations *ops = start_io(bdev);
	int err = 0;

	if (ops && bdev->bd_disk && ops->open)
		err = ops->open(bdev, mode);
	if (ops)
		end_io(bdev);
	if (err) {
		bool last;

		mutex_lock(&blkdev_lock);
		last = blkdev_put_locked(bdev);
		mutex_unlock(&blkdev_lock);
		if (last)
			kfree(bdev);
	}
	return err;
}

static void disk_release(struct block_device *bdev, fmode_t mode)
{
	const struct block_device_operations *ops = start_io(bdev);

	if (!ops)
		return;
	if (bdev->bd_disk && ops->release)
		ops->release(bdev->bd_disk, mode);
	end_io(bdev);
}

struct block_device *blkdev_get_by_path(const char *path, fmode_t mode, void *holder)
{
	const char *name = path ? blkdev_name_of(path) : NULL;
	struct block_device *bdev;
	int err;

	if (!name)
		return ERR_PTR(-ENOTBLK);
	mutex_lock(&blkdev_lock);
	bdev = find_blkdev(name);
	err = bdev ? blkdev_open_locked(bdev) : -ENXIO;
	mutex_unlock(&blkdev_lock);
	if (!err)
		err = disk_open(bdev, mode);
	return err ? ERR_PTR(err) : bdev;
}

int blkdev_get(struct block_device *bdev, fmode_t mode)
{
	int err;

	mutex_lock(&blkdev_lock);
	err = blkdev_open_locked(bdev);
	mutex_unlock(&blkdev_lock);
	return err ? err : disk_open(bdev, mode);
}

/* Undo blkdev_open_locked (under blkdev_lock); true if that dropped the
 * last reference, and the caller frees bdev after unlocking. */
static bool blkdev_put_locked(struct block_device *bdev)
{
	bdev->bd_openers--;
	/* Under the lock: del_blkdev_device cannot forget the owner (and a
	 * forced unload free it) between our reading it and the put. */
	module_put(bdev->bd_owner);
	return bdput_locked(bdev);
}

void blkdev_put(struct block_device *bdev, fmode_t mode)
{
	bool last;

	disk_release(bdev, mode);
	mutex_lock(&blkdev_lock);
	last = blkdev_put_locked(bdev);
	mutex_unlock(&blkdev_lock);
	if (last)
		kfree(bdev);
}

/* The device's operations for one read or write, counted in flight; NULL
 * once the driver is gone. Pair with end_io. */
static const struct block_device_operations *start_io(struct block_device *bdev)
{
	const struct block_device_operations *ops = NULL;

	mutex_lock(&blkdev_lock);
	if (!bdev->bd_dead) {
		ops = bdev->bd_ops;
		bdev->bd_in_flight++;
	}
	mutex_unlock(&blkdev_lock);
	return ops;
}

static void end_io(struct block_device *bdev)
{
	mutex_lock(&blkdev_lock);
	if (--bdev->bd_in_flight == 0 && bdev->bd_dead)
		wake_up(&blkdev_drain_wq);
	mutex_unlock(&blkdev_lock);
}

/* Sectors [sector, sector + count) through the driver. */
static int rw_sectors(struct block_device *bdev, bool write, sector_t sector, unsigned int count,
		      void *buf)
{
	const struct block_device_operations *ops = start_io(bdev);
	int err;

	if (!ops)
		return -EIO;
	/* Counted in flight, so bd_disk stays until end_io. */
	if (bdev->bd_disk && write && get_disk_ro(bdev->bd_disk))
		err = -EROFS;
	else if (bdev->bd_disk)
		err = disk_rw_sectors(bdev, write, sector, count, buf);
	else if (write)
		err = ops->write ? ops->write(bdev, sector, count, buf) : -EROFS;
	else
		err = ops->read(bdev, sector, count, buf);
	end_io(bdev);
	return err;
}

/*
 * Byte ranges in three parts: the end of a first partial block, whole
 * blocks straight to or from buf, and the start of a last partial block.
 * A block is the device's smallest I/O, bd_sector_size (512 bytes, or a
 * disk's logical block size: a power of two up to a page). Partial blocks
 * go through a bounce buffer; writing one reads it first.
 */
static int bdev_rw(struct block_device *bdev, bool write, loff_t offset, size_t len, char *buf)
{
	unsigned int unit = bdev->bd_sector_size;
	unsigned int per_unit = unit >> SECTOR_SHIFT;
	char *bounce = NULL;
	int err = 0;

	if (offset < 0 || (loff_t)len > bdev_nr_bytes(bdev) ||
	    offset > bdev_nr_bytes(bdev) - (loff_t)len)
		return -EINVAL;
	while (len && !err) {
		unsigned int skip = offset & (unit - 1);
		sector_t sector = (offset - skip) >> SECTOR_SHIFT;
		size_t n;

		if (skip == 0 && len >= unit) {
			/* Whole blocks, as many as fit (at most 2^16 sectors a call). */
			size_t count = min(len / unit, (size_t)65536 / per_unit) * per_unit;

			n = count << SECTOR_SHIFT;
			err = rw_sectors(bdev, write, sector, count, buf);
		} else {
			n = min(len, (size_t)(unit - skip));
			if (!bounce)
				bounce = kmalloc(unit, GFP_KERNEL);
			if (!bounce)
				return -ENOMEM;
			err = rw_sectors(bdev, false, sector, per_unit, bounce);
			if (!err && write) {
				memcpy(bounce + skip, buf, n);
				err = rw_sectors(bdev, true, sector, per_unit, bounce);
			} else if (!err) {
				memcpy(buf, bounce + skip, n);
			}
		}
		offset += n;
		buf += n;
		len -= n;
	}
	kfree(bounce);
	return err;
}

/*
 * The generic block ioctls, then HDIO_GETGEO through the disk's getgeo,
 * then the disk's own ioctl; -ENOTTY for anything else. The driver's
 * calls are counted in flight, like its I/O.
 */
long blkdev_ioctl(struct block_device *bdev, fmode_t mode, unsigned int cmd, unsigned long arg)
{
	const struct block_device_operations *ops;
	void __user *argp = (void __user *)arg;
	struct hd_geometry geo;
	long ret = -ENOTTY;

	switch (cmd) {
	case BLKGETSIZE64:
		return put_user((u64)bdev_nr_bytes(bdev), (u64 __user *)argp);
	case BLKGETSIZE:
		return put_user((unsigned long)bdev_nr_sectors(bdev), (unsigned long __user *)argp);
	case BLKSSZGET:
		return put_user((int)bdev_logical_block_size(bdev), (int __user *)argp);
	}
	ops = start_io(bdev);
	if (!ops)
		return -EIO;
	/* Counted in flight, so bd_disk stays until end_io. */
	if (cmd == BLKROGET && bdev->bd_disk) {
		ret = put_user(get_disk_ro(bdev->bd_disk), (int __user *)argp);
	} else if (cmd == BLKROGET) {
		ret = put_user(ops->write ? 0 : 1, (int __user *)argp);
	} else if (cmd == HDIO_GETGEO && bdev->bd_disk && ops->getgeo) {
		memset(&geo, 0, sizeof(geo));
		ret = ops->getgeo(bdev, &geo);
		if (!ret && copy_to_user(argp, &geo, sizeof(geo)))
			ret = -EFAULT;
	} else if (bdev->bd_disk && ops->ioctl) {
		ret = ops->ioctl(bdev, mode, cmd, arg);
	}
	end_io(bdev);
	return ret;
}

int bdev_read(struct block_device *bdev, loff_t offset, size_t len, void *buf)
{
	return bdev_rw(bdev, false, offset, len, buf);
}

int bdev_write(struct block_device *bdev, loff_t offset, size_t len, const void *buf)
{
	return bdev_rw(bdev, true, offset, len, (char *)buf);
}

/* For fs/devfs.c: the device called name, with a reference on the struct
 * (not an open), or NULL. */
/*
 * Block major numbers, for /proc/devices: register_blkdev(major, name)
 * (0: a free one from 254 down, returned) and unregister_blkdev. modlab's
 * block devices are found by name, not number, so this is only the list
 * Linux shows. blkdev_majors_lock protects blkdev_majors.
 */
struct blk_major_name {
	struct list_head list;		/* by major */
	unsigned int major;
	char name[16];
};

static LIST_HEAD(blkdev_majors);
static DEFINE_MUTEX(blkdev_majors_lock);

#define BLKDEV_MAJOR_MAX	512

static struct blk_major_name *find_blk_major(unsigned int major)
{
	struct blk_major_name *n;

	list_for_each_entry(n, &blkdev_majors, list)
		if (n->major == major)
			return n;
	return NULL;
}

int register_blkdev(unsigned int major, const char *name)
{
	struct blk_major_name *n, *pos;
	int ret = 0;

	if (major >= BLKDEV_MAJOR_MAX) {
		pr_err("register_blkdev: major %u for %s is above the maximum (%u)\n", major, name,
		       BLKDEV_MAJOR_MAX - 1);
		return -EINVAL;
	}
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	mutex_lock(&blkdev_majors_lock);
	if (!major) {
		for (major = 254; major > 0 && find_blk_major(major); major--)
			;
		if (!major) {
			pr_err("register_blkdev: failed to get major for %s\n", name);
			ret = -EBUSY;
			goto out;
		}
		ret = major;
	} else if (find_blk_major(major)) {
		pr_err("register_blkdev: cannot get major %u for %s\n", major, name);
		ret = -EBUSY;
		goto out;
	}
	n->major = major;
	strscpy(n->name, name, sizeof(n->name));
	list_for_each_entry(pos, &blkdev_majors, list)
		if (pos->major > major)
			break;
	list_add_tail(&n->list, &pos->list);
	n = NULL;
out:
	mutex_unlock(&blkdev_majors_lock);
	kfree(n);
	return ret;
}

void unregister_blkdev(unsigned int major, const char *name)
{
	struct blk_major_name *n;

	mutex_lock(&blkdev_majors_lock);
	n = find_blk_major(major);
	if (n && !strcmp(n->name, name))
		list_del(&n->list);
	else
		n = NULL;
	mutex_unlock(&blkdev_majors_lock);
	kfree(n);
}

int blkdev_show(struct seq_file *m, void *v)
{
	struct blk_major_name *n;

	seq_puts(m, "Block devices:\n");
	mutex_lock(&blkdev_majors_lock);
	list_for_each_entry(n, &blkdev_majors, list)
		seq_printf(m, "%3u %s\n", n->major, n->name);
	mutex_unlock(&blkdev_majors_lock);
	return 0;
}

struct block_device *bdev_lookup(const char *name)
{
	struct block_device *bdev;

	mutex_lock(&blkdev_lock);
	bdev = find_blkdev(name);
	if (bdev)
		bdev->bd_count++;
	mutex_unlock(&blkdev_lock);
	return bdev;
}

/* For fs/devfs.c: fn(bdev, arg) for each registered device, in the order
 * they were registered, until fn returns non-zero (which is returned).
 * Under blkdev_lock: fn may sleep but not register or open devices. */
int blkdev_for_each(int (*fn)(struct block_device *bdev, void *arg), void *arg)
{
	struct block_device *bdev;
	int ret = 0;

	mutex_lock(&blkdev_lock);
	list_for_each_entry(bdev, &blkdev_list, bd_list) {
		ret = fn(bdev, arg);
		if (ret)
			break;
	}
	mutex_unlock(&blkdev_lock);
	return ret;
}

/* For modules. */
EXPORT_SYMBOL(register_blkdev);
EXPORT_SYMBOL(unregister_blkdev);
EXPORT_SYMBOL(__blkdev_alloc);
EXPORT_SYMBOL(blkdev_free);
EXPORT_SYMBOL(register_blkdev_device);
EXPORT_SYMBOL(unregister_blkdev_device);
EXPORT_SYMBOL(del_blkdev_device);
EXPORT_SYMBOL(blkdev_get_by_path);
EXPORT_SYMBOL(blkdev_get);
EXPORT_SYMBOL(blkdev_put);
EXPORT_SYMBOL(bdev_read);
EXPORT_SYMBOL(bdev_write);
