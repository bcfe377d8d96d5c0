// SPDX-License-Identifier: GPL-2.0
/*
 * biodisk.c - a RAM disk that takes bios directly (no request queue).
 *
 * A bio-based driver sets .submit_bio in its block_device_operations and
 * allocates its disk with blk_alloc_disk. Each bio arrives whole; the driver
 * walks its pieces with bio_for_each_segment and finishes it with bio_endio.
 *
 *   insmod biodisk.ko [sectors=N] [bad_sector=N]
 *   gives /dev/biodisk0; bios touching bad_sector end with BLK_STS_IOERR.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

static unsigned int sectors = 2048;
module_param(sectors, uint, 0444);
MODULE_PARM_DESC(sectors, "Disk size in 512-byte sectors");

static long bad_sector = -1;
module_param(bad_sector, long, 0444);
MODULE_PARM_DESC(bad_sector, "Fail bios that touch this sector");

static u8 *biodisk_data;
static struct gendisk *biodisk;
static int biodisk_major;
static atomic_t biodisk_bios = ATOMIC_INIT(0);

static void biodisk_submit_bio(struct bio *bio)
{
	sector_t sector = bio->bi_iter.bi_sector;
	struct bio_vec bvec;
	struct bvec_iter iter;

	atomic_inc(&biodisk_bios);
	if (bad_sector >= 0 && sector <= bad_sector && bad_sector < bio_end_sector(bio)) {
		bio_io_error(bio);
		return;
	}
	bio_for_each_segment(bvec, bio, iter) {
		u8 *disk = biodisk_data + (iter.bi_sector << SECTOR_SHIFT);
		u8 *mem = kmap_local_page(bvec.bv_page) + bvec.bv_offset;

		if (bio_data_dir(bio) == WRITE)
			memcpy(disk, mem, bvec.bv_len);
		else
			memcpy(mem, disk, bvec.bv_len);
		kunmap_local(mem);
	}
	bio_endio(bio);
}

static const struct block_device_operations biodisk_fops = {
	.owner = THIS_MODULE,
	.submit_bio = biodisk_submit_bio,
};

static int __init biodisk_init(void)
{
	int ret;

	biodisk_major = register_blkdev(0, "biodisk");
	if (biodisk_major < 0)
		return biodisk_major;
	biodisk_data = vzalloc((size_t)sectors * SECTOR_SIZE);
	if (!biodisk_data) {
		ret = -ENOMEM;
		goto out_unregister;
	}
	biodisk = blk_alloc_disk(NUMA_NO_NODE);
	if (!biodisk) {
		ret = -ENOMEM;
		goto out_vfree;
	}
	biodisk->major = biodisk_major;
	biodisk->first_minor = 0;
	biodisk->minors = 1;
	biodisk->fops = &biodisk_fops;
	strscpy(biodisk->disk_name, "biodisk0", DISK_NAME_LEN);
	set_capacity(biodisk, sectors);
	ret = add_disk(biodisk);
	if (ret)
		goto out_put;
	pr_info("biodisk: /dev/biodisk0 is %u KiB, major %d\n", sectors / 2, biodisk_major);
	return 0;

out_put:
	put_disk(biodisk);
out_vfree:
	vfree(biodisk_data);
out_unregister:
	unregister_blkdev(biodisk_major, "biodisk");
	return ret;
}

static void __exit biodisk_exit(void)
{
	del_gendisk(biodisk);
	put_disk(biodisk);
	vfree(biodisk_data);
	unregister_blkdev(biodisk_major, "biodisk");
	pr_info("biodisk: removed after %d bios\n", atomic_read(&biodisk_bios));
}

module_init(biodisk_init);
module_exit(biodisk_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A bio-based RAM disk");
