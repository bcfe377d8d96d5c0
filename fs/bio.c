/*
 * bios: making them, sending them to a disk's driver and ending them, and
 * the path by which a read or write of a disk (fs/block_dev.c's bdev_read
 * and bdev_write, so every mount and /dev/NAME) becomes bios.
 *
 * A bio is the submitter's until it is submitted, then the driver's until
 * bio_endio, then the submitter's again: bio_endio's call of bi_end_io is
 * the last time the block layer touches it. That is what lets
 * submit_bio_wait keep its completion on the stack.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/completion.h>
#include <linux/export.h>
#include <linux/blkdev.h>
#include "internal.h"

struct bio *bio_alloc(struct block_device *bdev, unsigned short nr_vecs, blk_opf_t opf,
		      gfp_t gfp_mask)
{
	struct bio *bio;

	if (nr_vecs > BIO_MAX_VECS)
		return NULL;
	bio = kzalloc(sizeof(*bio) + nr_vecs * sizeof(struct bio_vec), gfp_mask);
	if (!bio)
		return NULL;
	bio->bi_bdev = bdev;
	bio->bi_opf = opf;
	bio->bi_max_vecs = nr_vecs;
	bio->bi_io_vec = bio->bi_inline_vecs;
	atomic_set(&bio->__bi_cnt, 1);
	return bio;
}

void bio_put(struct bio *bio)
{
	if (atomic_dec_and_test(&bio->__bi_cnt))
		kfree(bio);
}

int bio_add_page(struct bio *bio, struct page *page, unsigned int len, unsigned int offset)
{
	struct bio_vec *bv;

	if (bio->bi_vcnt >= bio->bi_max_vecs || !len)
		return 0;
	bv = &bio->bi_io_vec[bio->bi_vcnt++];
	bv->bv_page = page;
	bv->bv_len = len;
	bv->bv_offset = offset;
	bio->bi_iter.bi_size += len;
	return len;
}

void bio_endio(struct bio *bio)
{
	if (bio->bi_end_io)
		bio->bi_end_io(bio);
}

/* Does bio fit its disk: inside the capacity, in whole logical blocks? */
static bool bio_fits(struct bio *bio, struct gendisk *disk)
{
	unsigned int lbs = queue_logical_block_size(disk->queue);
	sector_t cap = get_capacity(disk);

	if (bio->bi_iter.bi_size & (lbs - 1))
		return false;
	if ((bio->bi_iter.bi_sector << SECTOR_SHIFT) & (lbs - 1))
		return false;
	return bio->bi_iter.bi_sector <= cap && bio_sectors(bio) <= cap - bio->bi_iter.bi_sector;
}

void submit_bio(struct bio *bio)
{
	struct gendisk *disk = bio->bi_bdev->bd_disk;

	if (!disk || test_bit(GD_DEAD, &disk->state)) {
		bio_io_error(bio);
		return;
	}
	if (!bio_fits(bio, disk)) {
		pr_err("%s: bio of %u bytes at sector %llu does not fit the disk\n",
		       disk->disk_name, bio->bi_iter.bi_size,
		       (unsigned long long)bio->bi_iter.bi_sector);
		bio_io_error(bio);
		return;
	}
	if (op_is_write(bio_op(bio)) && get_disk_ro(disk)) {
		bio_io_error(bio);
		return;
	}
	if (disk->fops->submit_bio)
		disk->fops->submit_bio(bio);
	else
		blk_mq_submit_bio(bio);
}

static void submit_bio_wait_endio(struct bio *bio)
{
	complete(bio->bi_private);
}

int submit_bio_wait(struct bio *bio)
{
	struct completion done;

	init_completion(&done);
	bio->bi_private = &done;
	bio->bi_end_io = submit_bio_wait_endio;
	bio->bi_opf |= REQ_SYNC;
	submit_bio(bio);
	/* complete() and this wait both take done's lock, so done is not
	 * left while complete() still holds it. */
	wait_for_completion(&done);
	return blk_status_to_errno(bio->bi_status);
}

/* A bio for the bytes [buf, buf + bytes) at sector, one bio_vec per page
 * they touch. NULL if out of memory or buf is not in RAM. */
static struct bio *bio_map_buf(struct block_device *bdev, bool write, sector_t sector,
			       char *buf, unsigned int bytes)
{
	unsigned int nr = DIV_ROUND_UP(offset_in_page(buf) + bytes, PAGE_SIZE);
	struct bio *bio = bio_alloc(bdev, nr, write ? REQ_OP_WRITE : REQ_OP_READ, GFP_KERNEL);

	if (!bio)
		return NULL;
	bio->bi_iter.bi_sector = sector;
	while (bytes) {
		struct page *page = virt_to_page(buf);
		unsigned int len = min_t(unsigned int, bytes, PAGE_SIZE - offset_in_page(buf));

		if (!page) {
			bio_put(bio);
			return NULL;
		}
		bio_add_page(bio, page, len, offset_in_page(buf));
		buf += len;
		bytes -= len;
	}
	return bio;
}

/*
 * Called by fs/block_dev.c with bdev counted in flight, so the disk and its
 * driver stay until we return. One bio at a time, each as large as the
 * queue takes (max_hw_sectors, in whole logical blocks).
 */
int disk_rw_sectors(struct block_device *bdev, bool write, sector_t sector, unsigned int count,
		    void *buf)
{
	struct request_queue *q = bdev->bd_disk->queue;
	unsigned int per_block = queue_logical_block_size(q) >> SECTOR_SHIFT;
	unsigned int max = queue_max_hw_sectors(q);
	int err = 0;

	max = min(max, (unsigned int)(BIO_MAX_VECS - 1) << (PAGE_SHIFT - SECTOR_SHIFT));
	max = max(max - max % per_block, per_block);
	while (count && !err) {
		unsigned int n = min(count, max);
		struct bio *bio = bio_map_buf(bdev, write, sector, buf, n << SECTOR_SHIFT);

		if (!bio)
			return -ENOMEM;
		err = submit_bio_wait(bio);
		bio_put(bio);
		sector += n;
		count -= n;
		buf = (char *)buf + ((size_t)n << SECTOR_SHIFT);
	}
	return err;
}

/* Linux's errno for each status; modlab lacks ENOLINK, EREMOTEIO, EBADE
 * and EREMCHG, so those four are EIO here. */
static const struct {
	blk_status_t status;
	int errno;
} blk_errors[] = {
	{ BLK_STS_OK, 0 },
	{ BLK_STS_NOTSUPP, -EOPNOTSUPP },
	{ BLK_STS_TIMEOUT, -ETIMEDOUT },
	{ BLK_STS_NOSPC, -ENOSPC },
	{ BLK_STS_MEDIUM, -ENODATA },
	{ BLK_STS_PROTECTION, -EILSEQ },
	{ BLK_STS_RESOURCE, -ENOMEM },
	{ BLK_STS_DEV_RESOURCE, -EBUSY },
	{ BLK_STS_AGAIN, -EAGAIN },
	{ BLK_STS_OFFLINE, -ENODEV },
	{ BLK_STS_IOERR, -EIO },
};

int blk_status_to_errno(blk_status_t status)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(blk_errors); i++)
		if (blk_errors[i].status == status)
			return blk_errors[i].errno;
	return -EIO;
}

blk_status_t errno_to_blk_status(int errno)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(blk_errors); i++)
		if (blk_errors[i].errno == errno)
			return blk_errors[i].status;
	return BLK_STS_IOERR;
}

EXPORT_SYMBOL(bio_alloc);
EXPORT_SYMBOL(bio_put);
EXPORT_SYMBOL(bio_add_page);
EXPORT_SYMBOL(bio_endio);
EXPORT_SYMBOL(submit_bio);
EXPORT_SYMBOL(submit_bio_wait);
EXPORT_SYMBOL(blk_status_to_errno);
EXPORT_SYMBOL(errno_to_blk_status);
