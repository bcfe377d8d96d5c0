/*
 * Block devices, with Linux's names where it has them: disks read and
 * written in 512-byte sectors (a RAM disk, an ATA drive), registered by
 * name ("ram0", "hda") and shown in /dev.
 *
 * A driver allocates a device, says how big it is and how to read it, and
 * registers it; its module's exit takes it away again:
 *
 *	bdev = blkdev_alloc("hda", nr_sectors, &ata_bdev_ops);	(owner: THIS_MODULE)
 *	err = register_blkdev_device(bdev);
 *	...
 *	if (unregister_blkdev_device(bdev) == -EBUSY)	(still open: only rmmod -f)
 *		del_blkdev_device(bdev);
 *
 * A user (a filesystem's mount, an open /dev/NAME) opens a device by name
 * with blkdev_get_by_path, reads and writes it by byte offset with
 * bdev_read/bdev_write, and lets go with blkdev_put. An open pins the
 * driver's module (try_module_get on bd_owner), so while a device is open
 * a plain rmmod of its driver fails ("in use") and the driver's exit is
 * never reached: the module core's reference count does the work.
 *
 * Lifetime: the struct belongs to the block layer (blkdev_alloc kmallocs
 * it) and counts its references in bd_count: the registry's, one per
 * opener and one per /dev inode showing it. The last one frees it.
 * Unregistering cuts the device from its driver (no new opens, no new I/O,
 * bd_ops and bd_owner forgotten once the I/O in flight is done), so a
 * reference that outlives the driver's module never calls into its code.
 *
 * Locking: blkdev_lock, a mutex in fs/block_dev.c, protects the registry
 * and each device's counts and state (the fields marked below). It is
 * never held while a driver reads or writes; a driver serialises its own
 * hardware. Order: vfs_lock, then i_mutex, then blkdev_lock (a mount opens
 * its device with vfs_lock held).
 */
#ifndef _LINUX_BLKDEV_H
#define _LINUX_BLKDEV_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/module.h>

#define SECTOR_SHIFT	9
#define SECTOR_SIZE	(1 << SECTOR_SHIFT)	/* bytes in a sector: always 512 */
#define BDEVNAME_SIZE	32			/* a device's name, with its NUL */

typedef u64 sector_t;

struct block_device;

struct block_device_operations {
	/*
	 * Move count sectors starting at sector between the device and buf.
	 * Return 0 when all of them moved, or a negative errno. The block
	 * layer has checked the range against bd_nr_sectors; count may be
	 * anything from 1 up. May sleep. write may be NULL (read-only device).
	 */
	int (*read)(struct block_device *bdev, sector_t sector, unsigned int count, void *buf);
	int (*write)(struct block_device *bdev, sector_t sector, unsigned int count,
		     const void *buf);
};

struct block_device {
	char bd_name[BDEVNAME_SIZE];	/* "ram0", "hda": /dev/NAME */
	unsigned int bd_sector_size;	/* SECTOR_SIZE */
	sector_t bd_nr_sectors;		/* size of the device */
	void *bd_private;		/* the driver's own */
	unsigned long bd_dev;		/* a number for /dev's inodes, set when registered */

	/* Under blkdev_lock (fs/block_dev.c): */
	const struct block_device_operations *bd_ops;	/* NULL once cut from its driver */
	struct module *bd_owner;	/* the driver's module; NULL when built in or cut */
	struct list_head bd_list;	/* in the registry */
	int bd_count;			/* references to this struct */
	int bd_openers;			/* of which opens; each pins bd_owner */
	int bd_in_flight;		/* reads and writes inside the driver now */
	bool bd_registered;		/* in the registry (findable by name) */
	bool bd_dead;			/* unregistered: no new opens, no new I/O */
};

static inline sector_t bdev_nr_sectors(const struct block_device *bdev)
{
	return bdev->bd_nr_sectors;
}

static inline loff_t bdev_nr_bytes(const struct block_device *bdev)
{
	return (loff_t)bdev->bd_nr_sectors << SECTOR_SHIFT;
}

/*
 * A new device called name of nr_sectors sectors, driven by ops, owned by
 * the calling module (THIS_MODULE; NULL in the kernel proper). Holds one
 * reference, which registering hands to the registry. NULL if out of
 * memory or the name is empty or too long. May sleep.
 */
struct block_device *__blkdev_alloc(const char *name, sector_t nr_sectors,
				    const struct block_device_operations *ops,
				    struct module *owner);
#define blkdev_alloc(name, nr_sectors, ops) \
	__blkdev_alloc(name, nr_sectors, ops, THIS_MODULE)
/* Free a device that was never registered (or whose registration failed). */
void blkdev_free(struct block_device *bdev);

/* Make bdev findable by name and visible in /dev. -EEXIST if the name is
 * taken (the device stays the caller's: blkdev_free it). May sleep. */
int register_blkdev_device(struct block_device *bdev);
/*
 * Take bdev away: -EBUSY, nothing changed, while it is open. On success the
 * registry's reference is gone and the caller must not touch bdev again
 * (it is freed, or freed when /dev lets go of it). May sleep.
 */
int unregister_blkdev_device(struct block_device *bdev);
/*
 * Take bdev away even while it is open (a forced unload of its driver):
 * no new opens or I/O, wait for the I/O in flight to leave the driver,
 * then forget the driver (its users get -EIO from now on). Never fails;
 * bdev is not the caller's afterwards. May sleep.
 */
void del_blkdev_device(struct block_device *bdev);

/*
 * Open the device named by path, "/dev/NAME" or "NAME" (the name is taken
 * from the string; /dev need not be mounted): a reference on it and on its
 * driver's module. ERR_PTR(-ENOTBLK) if path does not name a device that
 * way, -ENXIO if no such device is registered, -EAGAIN if its module is
 * loading or going. May sleep; may be called with vfs_lock held. mode
 * (FMODE_READ | FMODE_WRITE) and holder are Linux's arguments, accepted
 * and not used: modlab has no exclusive opens.
 */
struct block_device *blkdev_get_by_path(const char *path, fmode_t mode, void *holder);
/* Open bdev, to which the caller holds a reference (/dev's inodes). */
int blkdev_get(struct block_device *bdev);
/* Close what blkdev_get_by_path or blkdev_get opened. May sleep. */
void blkdev_put(struct block_device *bdev, fmode_t mode);

/*
 * Read or write len bytes at byte offset offset of an open device, whole
 * or not at all: 0, -EINVAL if the range is not inside the device, -EROFS
 * for writes to a read-only device, -EIO once the driver is gone, or the
 * driver's error. Parts of sectors are handled here (a write of part of a
 * sector reads it first). May sleep.
 */
/* Claim a block major number for /proc/devices (0: any; returns it). */
int register_blkdev(unsigned int major, const char *name);
void unregister_blkdev(unsigned int major, const char *name);

int bdev_read(struct block_device *bdev, loff_t offset, size_t len, void *buf);
int bdev_write(struct block_device *bdev, loff_t offset, size_t len, const void *buf);

#endif
