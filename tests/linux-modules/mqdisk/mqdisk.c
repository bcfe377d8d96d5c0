// SPDX-License-Identifier: GPL-2.0
/*
 * mqdisk.c - a RAM disk driven through blk-mq.
 *
 * Loading it gives /dev/mqdisk0, a disk of `sectors` 512-byte sectors kept
 * in a vmalloc'd buffer. Every read and write reaches mqdisk_queue_rq as a
 * request, whose pieces (rq_for_each_segment) are copied to or from the
 * buffer.
 *
 * Parameters, for trying out what a driver may do:
 *   sectors=N      the size (default 2048: 1 MiB)
 *   block_size=N   the logical block size (512, 1024, 2048 or 4096)
 *   depth=N        requests the queue holds at once (default 16)
 *   deferred=1     finish requests later from a work item, not in queue_rq
 *   bad_sector=N   requests touching sector N fail with BLK_STS_IOERR
 *   end_twice=1    on a bad sector, end the request and also return the
 *                  error from queue_rq (a bug: the block layer must cope)
 *   verbose=1      say so at each open and release
 *   name=NAME      the disk's name instead of mqdisk0
 *
 * ioctl MQDISK_GET_REQUESTS (_IOR('m', 1, unsigned int)) tells how many
 * requests the disk has served; HDIO_GETGEO gives a made-up geometry.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/hdreg.h>
#include <linux/highmem.h>
#include <linux/ioctl.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

static unsigned int sectors = 2048;
module_param(sectors, uint, 0444);
MODULE_PARM_DESC(sectors, "Disk size in 512-byte sectors");

static unsigned int block_size = 512;
module_param(block_size, uint, 0444);
MODULE_PARM_DESC(block_size, "Logical block size in bytes");

static unsigned int depth = 16;
module_param(depth, uint, 0444);
MODULE_PARM_DESC(depth, "Requests in flight at most");

static bool deferred;
module_param(deferred, bool, 0444);
MODULE_PARM_DESC(deferred, "Complete requests from a work item");

static long bad_sector = -1;
module_param(bad_sector, long, 0444);
MODULE_PARM_DESC(bad_sector, "Fail requests that touch this sector");

static bool end_twice;
module_param(end_twice, bool, 0444);
MODULE_PARM_DESC(end_twice, "On failure, end the request and return the error too");

struct mqdisk {
	u8 *data;
	size_t bytes;
	struct blk_mq_tag_set tag_set;
	struct gendisk *disk;
	int major;
	atomic_t users;			/* opens of /dev/mqdisk0 and mounts */
	atomic_t served;		/* requests transferred */
	spinlock_t lock;		/* protects pending */
	struct list_head pending;	/* deferred requests, oldest first */
	struct work_struct work;
};

/* What the driver keeps with each request (tag_set.cmd_size bytes). */
struct mqdisk_cmd {
	unsigned int segments;
};

#define MQDISK_GET_REQUESTS	_IOR('m', 1, unsigned int)

static char *name = "mqdisk0";
module_param(name, charp, 0444);
MODULE_PARM_DESC(name, "The disk's name in /dev");

static bool verbose;
module_param(verbose, bool, 0444);
MODULE_PARM_DESC(verbose, "Log each open and release");

static struct mqdisk *mqd;

/* Copy one request between the buffer and its pages. */
static blk_status_t mqdisk_transfer(struct mqdisk *d, struct request *rq)
{
	struct mqdisk_cmd *cmd = blk_mq_rq_to_pdu(rq);
	loff_t pos = (loff_t)blk_rq_pos(rq) << SECTOR_SHIFT;
	struct req_iterator iter;
	struct bio_vec bvec;

	if (pos + blk_rq_bytes(rq) > d->bytes)
		return BLK_STS_IOERR;
	if (bad_sector >= 0 && blk_rq_pos(rq) <= bad_sector &&
	    bad_sector < blk_rq_pos(rq) + blk_rq_sectors(rq))
		return BLK_STS_IOERR;

	cmd->segments = 0;
	rq_for_each_segment(bvec, rq, iter) {
		void *mem = bvec_kmap_local(&bvec);

		if (rq_data_dir(rq) == WRITE)
			memcpy(d->data + pos, mem, bvec.bv_len);
		else
			memcpy(mem, d->data + pos, bvec.bv_len);
		kunmap_local(mem);
		pos += bvec.bv_len;
		cmd->segments++;
	}
	atomic_inc(&d->served);
	return BLK_STS_OK;
}

static void mqdisk_work(struct work_struct *work)
{
	struct mqdisk *d = container_of(work, struct mqdisk, work);
	struct request *rq;

	for (;;) {
		spin_lock_irq(&d->lock);
		rq = list_first_entry_or_null(&d->pending, struct request, queuelist);
		if (rq)
			list_del_init(&rq->queuelist);
		spin_unlock_irq(&d->lock);
		if (!rq)
			break;
		blk_mq_end_request(rq, mqdisk_transfer(d, rq));
	}
}

static blk_status_t mqdisk_queue_rq(struct blk_mq_hw_ctx *hctx,
				    const struct blk_mq_queue_data *bd)
{
	struct request *rq = bd->rq;
	struct mqdisk *d = rq->q->queuedata;
	blk_status_t status;

	blk_mq_start_request(rq);
	if (blk_rq_is_passthrough(rq)) {
		blk_mq_end_request(rq, BLK_STS_IOERR);
		return BLK_STS_OK;
	}
	if (deferred) {
		spin_lock_irq(&d->lock);
		list_add_tail(&rq->queuelist, &d->pending);
		spin_unlock_irq(&d->lock);
		schedule_work(&d->work);
		return BLK_STS_OK;
	}
	status = mqdisk_transfer(d, rq);
	blk_mq_end_request(rq, status);
	return end_twice ? status : BLK_STS_OK;
}

static const struct blk_mq_ops mqdisk_mq_ops = {
	.queue_rq = mqdisk_queue_rq,
};

static int mqdisk_open(struct block_device *bdev, fmode_t mode)
{
	struct mqdisk *d = bdev->bd_disk->private_data;

	int users = atomic_inc_return(&d->users);

	if (verbose)
		pr_info("mqdisk: open, %d user(s)\n", users);
	return 0;
}

static void mqdisk_release(struct gendisk *disk, fmode_t mode)
{
	struct mqdisk *d = disk->private_data;

	int users = atomic_dec_return(&d->users);

	if (verbose)
		pr_info("mqdisk: release, %d user(s)\n", users);
}

static int mqdisk_ioctl(struct block_device *bdev, fmode_t mode, unsigned int cmd,
			unsigned long arg)
{
	struct mqdisk *d = bdev->bd_disk->private_data;
	unsigned int served = atomic_read(&d->served);

	if (cmd != MQDISK_GET_REQUESTS)
		return -ENOTTY;
	if (copy_to_user((void __user *)arg, &served, sizeof(served)))
		return -EFAULT;
	return 0;
}

/* 4 heads of 16 sectors, as many cylinders as that makes. */
static int mqdisk_getgeo(struct block_device *bdev, struct hd_geometry *geo)
{
	geo->heads = 4;
	geo->sectors = 16;
	geo->cylinders = get_capacity(bdev->bd_disk) / (4 * 16);
	return 0;
}

static const struct block_device_operations mqdisk_fops = {
	.owner = THIS_MODULE,
	.open = mqdisk_open,
	.release = mqdisk_release,
	.ioctl = mqdisk_ioctl,
	.getgeo = mqdisk_getgeo,
};

static int __init mqdisk_init(void)
{
	int ret;

	mqd = kzalloc(sizeof(*mqd), GFP_KERNEL);
	if (!mqd)
		return -ENOMEM;
	spin_lock_init(&mqd->lock);
	INIT_LIST_HEAD(&mqd->pending);
	INIT_WORK(&mqd->work, mqdisk_work);

	mqd->major = register_blkdev(0, "mqdisk");
	if (mqd->major < 0) {
		ret = mqd->major;
		goto out_free;
	}

	mqd->bytes = (size_t)sectors * SECTOR_SIZE;
	mqd->data = vzalloc(mqd->bytes);
	if (!mqd->data) {
		ret = -ENOMEM;
		goto out_unregister;
	}

	mqd->tag_set.ops = &mqdisk_mq_ops;
	mqd->tag_set.nr_hw_queues = 1;
	mqd->tag_set.queue_depth = depth;
	mqd->tag_set.numa_node = NUMA_NO_NODE;
	mqd->tag_set.cmd_size = sizeof(struct mqdisk_cmd);
	mqd->tag_set.flags = BLK_MQ_F_SHOULD_MERGE;
	mqd->tag_set.driver_data = mqd;
	ret = blk_mq_alloc_tag_set(&mqd->tag_set);
	if (ret)
		goto out_vfree;

	mqd->disk = blk_mq_alloc_disk(&mqd->tag_set, mqd);
	if (IS_ERR(mqd->disk)) {
		ret = PTR_ERR(mqd->disk);
		goto out_tag_set;
	}
	mqd->disk->major = mqd->major;
	mqd->disk->first_minor = 0;
	mqd->disk->minors = 1;
	mqd->disk->fops = &mqdisk_fops;
	mqd->disk->private_data = mqd;
	snprintf(mqd->disk->disk_name, DISK_NAME_LEN, "%s", name);
	blk_queue_logical_block_size(mqd->disk->queue, block_size);
	set_capacity(mqd->disk, sectors);

	ret = add_disk(mqd->disk);
	if (ret)
		goto out_put_disk;
	pr_info("mqdisk: /dev/%s, %u sectors, %u-byte blocks, major %d\n",
		mqd->disk->disk_name, sectors, queue_logical_block_size(mqd->disk->queue),
		mqd->major);
	return 0;

out_put_disk:
	put_disk(mqd->disk);
out_tag_set:
	blk_mq_free_tag_set(&mqd->tag_set);
out_vfree:
	vfree(mqd->data);
out_unregister:
	unregister_blkdev(mqd->major, "mqdisk");
out_free:
	kfree(mqd);
	return ret;
}

static void __exit mqdisk_exit(void)
{
	del_gendisk(mqd->disk);		/* waits for the I/O in flight */
	flush_work(&mqd->work);		/* the work item may still be leaving */
	put_disk(mqd->disk);
	blk_mq_free_tag_set(&mqd->tag_set);
	vfree(mqd->data);
	unregister_blkdev(mqd->major, "mqdisk");
	kfree(mqd);
	pr_info("mqdisk: removed\n");
}

module_init(mqdisk_init);
module_exit(mqdisk_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A RAM disk through blk-mq");
