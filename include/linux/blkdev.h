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
 * Linux's disks (fs/genhd.c, fs/blk-mq.c, fs/bio.c): a Linux-style driver
 * allocates a struct gendisk (blk_mq_alloc_disk with a blk-mq tag set, or
 * blk_alloc_disk for a driver with its own submit_bio), names it and sets
 * its capacity, and add_disk makes its part0 -- a block_device as above --
 * a registered device: /dev/NAME, mountable, owner fops->owner. Reads and
 * writes of it become bios, which go to fops->submit_bio or, as requests,
 * to the tag set's queue_rq; the reader sleeps until the driver ends them.
 * del_gendisk takes it away again as del_blkdev_device does.
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
#include <linux/kdev_t.h>
#include <linux/wait.h>
#include <linux/blk_types.h>
#include <linux/bio.h>

#define SECTOR_SHIFT	9
#define SECTOR_SIZE	(1 << SECTOR_SHIFT)	/* bytes in a sector: always 512 */
#define DISK_NAME_LEN	32			/* = BDEVNAME_SIZE */

#define NUMA_NO_NODE	(-1)

struct gendisk;
struct hd_geometry;
struct device;
struct attribute_group;

struct block_device_operations {
	/*
	 * modlab's own block drivers (RAM disks, ata): move count sectors
	 * starting at sector between the device and buf. Return 0 when all
	 * of them moved, or a negative errno. The block layer has checked the
	 * range against bd_nr_sectors; count may be anything from 1 up. May
	 * sleep. write may be NULL (read-only device). A gendisk's driver
	 * leaves both NULL and gets bios or requests instead.
	 */
	int (*read)(struct block_device *bdev, sector_t sector, unsigned int count, void *buf);
	int (*write)(struct block_device *bdev, sector_t sector, unsigned int count,
		     const void *buf);

	/* Linux's, for a gendisk (each may be NULL): */
	void (*submit_bio)(struct bio *bio);		/* a bio-based driver's I/O */
	int (*open)(struct block_device *bdev, fmode_t mode);	/* each open; may sleep */
	void (*release)(struct gendisk *disk, fmode_t mode);	/* each close */
	int (*ioctl)(struct block_device *bdev, fmode_t mode, unsigned int cmd,
		     unsigned long arg);
	int (*getgeo)(struct block_device *bdev, struct hd_geometry *geo);
	void (*free_disk)(struct gendisk *disk);	/* put_disk, before the disk goes */
	struct module *owner;		/* pinned while the disk is open */
};

/* What a queue's driver can take (blk_queue_* set them). */
struct queue_limits {
	unsigned int max_hw_sectors;		/* most 512-byte sectors in one request */
	unsigned int max_sectors;
	unsigned int max_segment_size;
	unsigned int physical_block_size;
	unsigned int logical_block_size;	/* smallest I/O the device does */
	unsigned int io_min;
	unsigned short max_segments;
};

enum blk_default_limits {
	BLK_MAX_SEGMENTS	= 128,
	BLK_SAFE_MAX_SECTORS	= 255,
	BLK_MAX_SEGMENT_SIZE	= 65536,
};

struct blk_mq_ops;
struct blk_mq_hw_ctx;
struct blk_mq_tag_set;

/* Where a disk's bios go: to fops->submit_bio, or (mq_ops set) as requests
 * to a blk-mq driver's queue_rq. */
struct request_queue {
	void *queuedata;			/* the driver's */
	struct gendisk *disk;
	const struct blk_mq_ops *mq_ops;	/* NULL for a bio-based disk */
	struct blk_mq_tag_set *tag_set;
	struct list_head tag_set_list;		/* in tag_set->tag_list */
	struct blk_mq_hw_ctx **queue_hw_ctx;
	unsigned int nr_hw_queues;
	struct queue_limits limits;
	int node;
};

static inline bool queue_is_mq(struct request_queue *q)
{
	return q->mq_ops != NULL;
}

enum {
	GENHD_FL_REMOVABLE	= 1 << 0,
	GENHD_FL_HIDDEN		= 1 << 1,
	GENHD_FL_NO_PART	= 1 << 2,
};

/*
 * A disk. The driver fills in disk_name, fops, private_data (and major,
 * first_minor, minors, which modlab only shows) between allocating it and
 * add_disk. modlab has no partitions: the disk is its part0.
 */
struct gendisk {
	int major;
	int first_minor;
	int minors;
	char disk_name[DISK_NAME_LEN];	/* /dev/NAME */
	struct block_device *part0;	/* the whole disk; holds its capacity */
	const struct block_device_operations *fops;
	struct request_queue *queue;
	void *private_data;
	int flags;			/* GENHD_FL_* */
	unsigned long state;		/* GD_* bits */
#define GD_READ_ONLY		1
#define GD_DEAD			2
#define GD_ADDED		4
#define GD_OWNS_QUEUE		6
	int node_id;
};

/* Capacity in 512-byte sectors. set_capacity may be called before or after
 * add_disk; /dev shows the new size to later lookups. */
void set_capacity(struct gendisk *disk, sector_t size);
static inline sector_t get_capacity(struct gendisk *disk)
{
	return disk->part0->bd_nr_sectors;
}

void set_disk_ro(struct gendisk *disk, bool read_only);
static inline int get_disk_ro(struct gendisk *disk)
{
	return (disk->state >> GD_READ_ONLY) & 1;
}

struct lock_class_key;
/*
 * A disk whose bios go to its fops->submit_bio, with a queue for its
 * limits; NULL when out of memory. Undo with put_disk. May sleep.
 */
struct gendisk *__blk_alloc_disk(int node, struct lock_class_key *lkclass);
#define blk_alloc_disk(node_id)	__blk_alloc_disk((node_id), NULL)
/*
 * Make disk a block device: /dev/disk_name, openable and mountable, its
 * fops->owner pinned while open. 0, -EINVAL if the disk is not ready
 * (no name, no fops, no way to do I/O), -EEXIST if the name is taken.
 * May sleep.
 */
int device_add_disk(struct device *parent, struct gendisk *disk,
		    const struct attribute_group **groups);
static inline int __must_check add_disk(struct gendisk *disk)
{
	return device_add_disk(NULL, disk, NULL);
}
/*
 * Take an added disk away: no new opens or I/O, then wait for the I/O in
 * flight. Its users (only possible after a forced unload) get -EIO from
 * then on. May sleep.
 */
void del_gendisk(struct gendisk *disk);
/* Free a disk (deleted, or never added) and the queue it was allocated with. */
void put_disk(struct gendisk *disk);

void blk_queue_logical_block_size(struct request_queue *q, unsigned int size);
void blk_queue_physical_block_size(struct request_queue *q, unsigned int size);
void blk_queue_max_hw_sectors(struct request_queue *q, unsigned int max_hw_sectors);
void blk_queue_max_segments(struct request_queue *q, unsigned short max_segments);

static inline unsigned int queue_logical_block_size(const struct request_queue *q)
{
	return q->limits.logical_block_size;
}

static inline unsigned int queue_max_hw_sectors(const struct request_queue *q)
{
	return q->limits.max_hw_sectors;
}

static inline unsigned int bdev_logical_block_size(struct block_device *bdev)
{
	return bdev->bd_sector_size;
}

int blk_status_to_errno(blk_status_t status);
blk_status_t errno_to_blk_status(int errno);

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
int blkdev_get(struct block_device *bdev, fmode_t mode);
/* Close what blkdev_get_by_path or blkdev_get opened. May sleep. */
void blkdev_put(struct block_device *bdev, fmode_t mode);

/* Claim a block major number for /proc/devices (0: any; returns it). */
int register_blkdev(unsigned int major, const char *name);
void unregister_blkdev(unsigned int major, const char *name);

/*
 * Read or write len bytes at byte offset offset of an open device, whole
 * or not at all: 0, -EINVAL if the range is not inside the device, -EROFS
 * for writes to a read-only device, -EIO once the driver is gone, or the
 * driver's error. Parts of sectors are handled here (a write of part of a
 * sector reads it first). May sleep.
 */
int bdev_read(struct block_device *bdev, loff_t offset, size_t len, void *buf);
int bdev_write(struct block_device *bdev, loff_t offset, size_t len, const void *buf);

#endif
