/*
 * RAM disks: every boot module whose name ends in ".img" becomes a block
 * device, ram0, ram1, ... in the order the loader lists them, whose
 * sectors are the module's bytes where the loader put them (the page
 * allocator never hands those pages out, so nothing is copied).
 *
 * The disks are read-write: a write changes the bytes in memory, not the
 * file the loader read, and is gone at the next boot. An image whose size
 * is not a multiple of 512 gets a last partial sector: past the image's
 * end it reads as zeros and writes there are dropped, so no byte beyond
 * the module is ever touched.
 *
 * No lock: a read or write is a memcpy, and two writers of the same
 * sector at once leave some mix of the two, as they would on a real disk.
 * RAM disks are built in and never unregistered.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/blkdev.h>
#include <linux/major.h>
#include <modlab/fs.h>

struct ramdisk {
	char *data;
	size_t size;		/* bytes of image; bd_nr_sectors rounds it up */
};

/* The part of [sector, sector + count) that lies inside the image, as a
 * byte offset and length (the block layer checked the range). */
static size_t ramdisk_span(struct ramdisk *rd, sector_t sector, unsigned int count, size_t *off)
{
	size_t len = (size_t)count << SECTOR_SHIFT;

	*off = (size_t)sector << SECTOR_SHIFT;
	return min(len, rd->size - *off);
}

static int ramdisk_read(struct block_device *bdev, sector_t sector, unsigned int count, void *buf)
{
	struct ramdisk *rd = bdev->bd_private;
	size_t off, n = ramdisk_span(rd, sector, count, &off);

	memcpy(buf, rd->data + off, n);
	memset((char *)buf + n, 0, ((size_t)count << SECTOR_SHIFT) - n);	/* past the end */
	return 0;
}

static int ramdisk_write(struct block_device *bdev, sector_t sector, unsigned int count,
			 const void *buf)
{
	struct ramdisk *rd = bdev->bd_private;
	size_t off, n = ramdisk_span(rd, sector, count, &off);

	memcpy(rd->data + off, buf, n);
	return 0;
}

static const struct block_device_operations ramdisk_ops = {
	.read = ramdisk_read,
	.write = ramdisk_write,
};

int ramdisk_add(const char *what, void *data, size_t size)
{
	static unsigned int next;	/* boot only: one caller */
	struct block_device *bdev;
	struct ramdisk *rd;
	char name[BDEVNAME_SIZE];
	int err = -ENOMEM;

	snprintf(name, sizeof(name), "ram%u", next);
	rd = kzalloc(sizeof(*rd), GFP_KERNEL);
	bdev = blkdev_alloc(name, DIV_ROUND_UP(size, SECTOR_SIZE), &ramdisk_ops);
	if (rd && bdev) {
		rd->data = data;
		rd->size = size;
		bdev->bd_private = rd;
		err = register_blkdev_device(bdev);
	}
	if (err) {
		pr_err("ramdisk: cannot make %s from %s: error %d\n", name, what, err);
		blkdev_free(bdev);
		kfree(rd);
		return err;
	}
	pr_info("ramdisk: /dev/%s is %s (%zu bytes)\n", name, what, size);
	if (!next && register_blkdev(RAMDISK_MAJOR, "ramdisk") < 0)
		pr_warn("ramdisk: major %d is taken\n", RAMDISK_MAJOR);
	next++;
	return 0;
}
