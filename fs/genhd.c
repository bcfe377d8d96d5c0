/*
 * Disks, as Linux 6.1 drivers make them: a struct gendisk with its queue
 * and its whole-disk block_device (part0), which add_disk puts in the
 * registry of fs/block_dev.c. From there on the disk is a block device
 * like any other: /dev/NAME, opened by mounts and /dev, each open pinning
 * fops->owner; its reads and writes go out as bios (fs/bio.c).
 *
 * Lifetime: the driver owns the gendisk and its queue (put_disk frees
 * both); part0 is counted like every block_device, the disk holding one
 * reference from allocation to put_disk, the registry another from
 * add_disk to del_gendisk, and each opener and /dev inode one, so a /dev
 * inode may outlive the disk: del_gendisk has cut part0 from it by then
 * (bd_disk and bd_ops NULL, I/O -EIO).
 *
 * Locking: a gendisk's fields are the driver's until add_disk and are not
 * changed afterwards, except part0's size (set_capacity: a 64-bit store,
 * not atomic on i686, so a reader racing with a resize may see a torn
 * size; drivers resize before add_disk) and GD_* bits (atomic bitops).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/blkdev.h>
#include "internal.h"

struct request_queue *blk_alloc_queue(int node)
{
	struct request_queue *q = kzalloc(sizeof(*q), GFP_KERNEL);

	if (!q)
		return NULL;
	q->node = node;
	INIT_LIST_HEAD(&q->tag_set_list);
	q->limits.logical_block_size = SECTOR_SIZE;
	q->limits.physical_block_size = SECTOR_SIZE;
	q->limits.io_min = SECTOR_SIZE;
	q->limits.max_hw_sectors = BLK_SAFE_MAX_SECTORS;
	q->limits.max_sectors = BLK_SAFE_MAX_SECTORS;
	q->limits.max_segments = BLK_MAX_SEGMENTS;
	q->limits.max_segment_size = BLK_MAX_SEGMENT_SIZE;
	return q;
}

struct gendisk *disk_alloc(struct request_queue *q, int node)
{
	struct gendisk *disk = kzalloc(sizeof(*disk), GFP_KERNEL);

	if (!disk)
		return NULL;
	disk->part0 = bdev_alloc(disk);
	if (!disk->part0) {
		kfree(disk);
		return NULL;
	}
	disk->queue = q;
	disk->node_id = node;
	q->disk = disk;
	set_bit(GD_OWNS_QUEUE, &disk->state);
	return disk;
}

struct gendisk *__blk_alloc_disk(int node, struct lock_class_key *lkclass)
{
	struct request_queue *q = blk_alloc_queue(node);
	struct gendisk *disk = q ? disk_alloc(q, node) : NULL;

	if (!disk)
		kfree(q);
	return disk;
}

void set_capacity(struct gendisk *disk, sector_t sectors)
{
	WRITE_ONCE(disk->part0->bd_nr_sectors, sectors);
}

void set_disk_ro(struct gendisk *disk, bool read_only)
{
	if (read_only)
		set_bit(GD_READ_ONLY, &disk->state);
	else
		clear_bit(GD_READ_ONLY, &disk->state);
}

/* Is disk ready to be a block device? A reason it is not, or NULL. */
static const char *disk_unready(struct gendisk *disk)
{
	size_t len = strnlen(disk->disk_name, DISK_NAME_LEN);

	if (!len || len == DISK_NAME_LEN || strchr(disk->disk_name, '/'))
		return "no valid disk_name";
	if (!disk->fops)
		return "no fops";
	if (disk->fops->read || disk->fops->write)
		return "fops with modlab's read/write: use blkdev_alloc for those";
	if (queue_is_mq(disk->queue) == !!disk->fops->submit_bio)
		return queue_is_mq(disk->queue) ? "both a blk-mq queue and fops->submit_bio"
						: "neither a blk-mq queue nor fops->submit_bio";
	if (test_bit(GD_ADDED, &disk->state) || test_bit(GD_DEAD, &disk->state))
		return "already added";
	return NULL;
}

int device_add_disk(struct device *parent, struct gendisk *disk,
		    const struct attribute_group **groups)
{
	struct block_device *bdev = disk->part0;
	const char *why = disk_unready(disk);
	int err;

	if (why) {
		pr_err("add_disk: %.*s: %s\n", DISK_NAME_LEN, disk->disk_name, why);
		return -EINVAL;
	}
	/*
	 * part0 is not in the registry yet, so nobody else can see it: its
	 * fields are ours to set without blkdev_lock. The registry's
	 * reference is added here and handed over by registering.
	 */
	strscpy(bdev->bd_name, disk->disk_name, sizeof(bdev->bd_name));
	bdev->bd_sector_size = queue_logical_block_size(disk->queue);
	bdev->bd_ops = disk->fops;
	bdev->bd_owner = disk->fops->owner;
	bdev->bd_count++;
	err = register_blkdev_device(bdev);
	if (err) {
		bdev->bd_count--;
		pr_err("add_disk: %s: %s\n", disk->disk_name,
		       err == -EEXIST ? "a block device has that name" : "cannot register");
		return err;
	}
	set_bit(GD_ADDED, &disk->state);
	pr_debug("%s: %llu sectors\n", disk->disk_name, (unsigned long long)get_capacity(disk));
	return 0;
}

void del_gendisk(struct gendisk *disk)
{
	if (!test_and_clear_bit(GD_ADDED, &disk->state))
		return;
	set_bit(GD_DEAD, &disk->state);
	/* Cuts part0 from disk and driver once no open, close or I/O is
	 * inside the driver; drops the registry's reference. */
	del_blkdev_device(disk->part0);
}

void put_disk(struct gendisk *disk)
{
	if (!disk)
		return;
	if (WARN_ON(test_bit(GD_ADDED, &disk->state)))
		del_gendisk(disk);	/* a driver bug: never free a disk still in /dev */
	if (disk->fops && disk->fops->free_disk)
		disk->fops->free_disk(disk);
	if (test_bit(GD_OWNS_QUEUE, &disk->state)) {
		if (queue_is_mq(disk->queue))
			blk_mq_free_queue(disk->queue);
		else
			kfree(disk->queue);
	}
	bdput(disk->part0);
	kfree(disk);
}

/* Queue limits. A logical block is a power of two from 512 to a page. */
void blk_queue_logical_block_size(struct request_queue *q, unsigned int size)
{
	if (size < SECTOR_SIZE || size > PAGE_SIZE || (size & (size - 1))) {
		pr_err("blk_queue_logical_block_size: %u is not a power of two from %u to %lu; "
		       "keeping %u\n", size, SECTOR_SIZE, PAGE_SIZE, q->limits.logical_block_size);
		return;
	}
	q->limits.logical_block_size = size;
	if (q->limits.physical_block_size < size)
		q->limits.physical_block_size = size;
	if (q->limits.io_min < size)
		q->limits.io_min = size;
}

void blk_queue_physical_block_size(struct request_queue *q, unsigned int size)
{
	q->limits.physical_block_size = max(size, q->limits.logical_block_size);
	if (q->limits.io_min < q->limits.physical_block_size)
		q->limits.io_min = q->limits.physical_block_size;
}

void blk_queue_max_hw_sectors(struct request_queue *q, unsigned int max_hw_sectors)
{
	/* At least a page, as Linux insists. */
	max_hw_sectors = max(max_hw_sectors, (unsigned int)(PAGE_SIZE >> SECTOR_SHIFT));
	q->limits.max_hw_sectors = max_hw_sectors;
	q->limits.max_sectors = max_hw_sectors;
}

void blk_queue_max_segments(struct request_queue *q, unsigned short max_segments)
{
	q->limits.max_segments = max_t(unsigned short, max_segments, 1);
}

EXPORT_SYMBOL(__blk_alloc_disk);
EXPORT_SYMBOL(set_capacity);
EXPORT_SYMBOL(set_disk_ro);
EXPORT_SYMBOL(device_add_disk);
EXPORT_SYMBOL(del_gendisk);
EXPORT_SYMBOL(put_disk);
EXPORT_SYMBOL(blk_queue_logical_block_size);
EXPORT_SYMBOL(blk_queue_physical_block_size);
EXPORT_SYMBOL(blk_queue_max_hw_sectors);
EXPORT_SYMBOL(blk_queue_max_segments);
