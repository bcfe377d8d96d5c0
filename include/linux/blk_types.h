/*
 * The types block I/O is made of, with Linux 6.1's names and values: a
 * block_device (what /dev/NAME and a mount open), a bio (one transfer
 * between memory and a run of sectors), the operation it asks for
 * (REQ_OP_*) and the status it ends with (BLK_STS_*).
 */
#ifndef _LINUX_BLK_TYPES_H
#define _LINUX_BLK_TYPES_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/bvec.h>

struct bio;
struct gendisk;
struct module;
struct block_device_operations;

#define BDEVNAME_SIZE	32			/* a device's name, with its NUL */

struct block_device {
	char bd_name[BDEVNAME_SIZE];	/* "ram0", "hda": /dev/NAME */
	unsigned int bd_sector_size;	/* smallest I/O: SECTOR_SIZE, or a disk's logical block */
	sector_t bd_nr_sectors;		/* size of the device, in 512-byte sectors */
	void *bd_private;		/* the driver's own */
	unsigned long bd_dev;		/* a number for /dev's inodes, set when registered */

	/* Under blkdev_lock (fs/block_dev.c): */
	const struct block_device_operations *bd_ops;	/* NULL once cut from its driver */
	struct gendisk *bd_disk;	/* a disk's part0: its gendisk; NULL otherwise or once cut */
	struct module *bd_owner;	/* the driver's module; NULL when built in or cut */
	struct list_head bd_list;	/* in the registry */
	int bd_count;			/* references to this struct */
	int bd_openers;			/* of which opens; each pins bd_owner */
	int bd_in_flight;		/* opens, closes and I/O inside the driver now */
	bool bd_registered;		/* in the registry (findable by name) */
	bool bd_dead;			/* unregistered: no new opens, no new I/O */
};

/* How a bio or request ended. 0 is success; blk_status_to_errno (linux/blkdev.h)
 * gives each its errno. */
typedef u8 __bitwise blk_status_t;

#define BLK_STS_OK			0
#define BLK_STS_NOTSUPP			((__force blk_status_t)1)
#define BLK_STS_TIMEOUT			((__force blk_status_t)2)
#define BLK_STS_NOSPC			((__force blk_status_t)3)
#define BLK_STS_TRANSPORT		((__force blk_status_t)4)
#define BLK_STS_TARGET			((__force blk_status_t)5)
#define BLK_STS_NEXUS			((__force blk_status_t)6)
#define BLK_STS_MEDIUM			((__force blk_status_t)7)
#define BLK_STS_PROTECTION		((__force blk_status_t)8)
#define BLK_STS_RESOURCE		((__force blk_status_t)9)	/* busy: send it again later */
#define BLK_STS_IOERR			((__force blk_status_t)10)
#define BLK_STS_DM_REQUEUE		((__force blk_status_t)11)
#define BLK_STS_AGAIN			((__force blk_status_t)12)
#define BLK_STS_DEV_RESOURCE		((__force blk_status_t)13)	/* as RESOURCE */
#define BLK_STS_ZONE_RESOURCE		((__force blk_status_t)14)
#define BLK_STS_ZONE_OPEN_RESOURCE	((__force blk_status_t)15)
#define BLK_STS_ZONE_ACTIVE_RESOURCE	((__force blk_status_t)16)
#define BLK_STS_OFFLINE			((__force blk_status_t)17)

/* What a pre-5.16 submit_bio returned; Linux 6.1 keeps the type. */
typedef unsigned int blk_qc_t;
#define BLK_QC_T_NONE		-1U

/* The operation in the low REQ_OP_BITS of a bio's or request's opf, flags above it. */
typedef u32 __bitwise blk_opf_t;

#define REQ_OP_BITS	8
#define REQ_OP_MASK	((__force blk_opf_t)((1 << REQ_OP_BITS) - 1))

enum req_op {
	REQ_OP_READ		= (__force blk_opf_t)0,
	REQ_OP_WRITE		= (__force blk_opf_t)1,
	REQ_OP_FLUSH		= (__force blk_opf_t)2,
	REQ_OP_DISCARD		= (__force blk_opf_t)3,
	REQ_OP_SECURE_ERASE	= (__force blk_opf_t)5,
	REQ_OP_WRITE_ZEROES	= (__force blk_opf_t)9,
	REQ_OP_DRV_IN		= (__force blk_opf_t)34,	/* passthrough: driver-private */
	REQ_OP_DRV_OUT		= (__force blk_opf_t)35,
	REQ_OP_LAST		= (__force blk_opf_t)36,
};

enum req_flag_bits {
	__REQ_FAILFAST_DEV = REQ_OP_BITS,
	__REQ_FAILFAST_TRANSPORT,
	__REQ_FAILFAST_DRIVER,
	__REQ_SYNC,		/* someone waits for it */
	__REQ_META,
	__REQ_PRIO,
	__REQ_NOMERGE,
	__REQ_IDLE,
	__REQ_INTEGRITY,
	__REQ_FUA,		/* on stable media before completing */
	__REQ_PREFLUSH,		/* flush the cache first */
	__REQ_RAHEAD,
	__REQ_BACKGROUND,
	__REQ_NOWAIT,
};

#define REQ_SYNC	((__force blk_opf_t)(1ULL << __REQ_SYNC))
#define REQ_META	((__force blk_opf_t)(1ULL << __REQ_META))
#define REQ_NOMERGE	((__force blk_opf_t)(1ULL << __REQ_NOMERGE))
#define REQ_FUA		((__force blk_opf_t)(1ULL << __REQ_FUA))
#define REQ_PREFLUSH	((__force blk_opf_t)(1ULL << __REQ_PREFLUSH))
#define REQ_RAHEAD	((__force blk_opf_t)(1ULL << __REQ_RAHEAD))

/* Writes move data to the device: every odd operation. */
static inline bool op_is_write(blk_opf_t op)
{
	return op & 1;
}

typedef void (bio_end_io_t)(struct bio *);

/*
 * One transfer: the sectors from bi_iter.bi_sector, bi_iter.bi_size bytes,
 * to or from the pieces of memory in bi_io_vec. Whoever made it sets
 * bi_end_io; bio_endio calls it once, with bi_status set, when the whole
 * bio is done.
 */
struct bio {
	struct bio *bi_next;		/* the next bio of a request */
	struct block_device *bi_bdev;	/* the device it is for */
	blk_opf_t bi_opf;		/* REQ_OP_* and REQ_* flags */
	unsigned short bi_flags;
	blk_status_t bi_status;
	struct bvec_iter bi_iter;	/* where it is, what is left */
	bio_end_io_t *bi_end_io;
	void *bi_private;		/* for bi_end_io */
	unsigned short bi_vcnt;		/* bio_vecs in use */
	unsigned short bi_max_vecs;	/* bio_vecs there is room for */
	atomic_t __bi_cnt;		/* bio_get/bio_put: the last put frees it */
	struct bio_vec *bi_io_vec;
	struct bio_vec bi_inline_vecs[];
};

static inline enum req_op bio_op(const struct bio *bio)
{
	return bio->bi_opf & REQ_OP_MASK;
}

#endif
