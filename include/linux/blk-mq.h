/*
 * blk-mq, Linux 6.1's interface for request-based block drivers (the code
 * is fs/blk-mq.c). A driver describes its hardware queues in a tag set:
 *
 *	set->ops = &my_mq_ops;		(.queue_rq at least)
 *	set->nr_hw_queues = 1; set->queue_depth = 64; set->cmd_size = ...;
 *	err = blk_mq_alloc_tag_set(set);	(queue_depth requests per queue)
 *	disk = blk_mq_alloc_disk(set, queuedata);	(ERR_PTR on failure)
 *	... name it, set_capacity, add_disk(disk) ...
 *
 * Each bio sent to the disk becomes one request (no merging), handed to
 * queue_rq in the submitter's thread. The driver calls
 * blk_mq_start_request, moves the data (rq_for_each_segment) and ends it
 * with blk_mq_end_request, there or later from any context (a timer, an
 * interrupt, a thread), and returns BLK_STS_OK. BLK_STS_RESOURCE or
 * BLK_STS_DEV_RESOURCE means "busy, nothing done": the same request comes
 * back a few milliseconds later. Any other status ends the request with it,
 * unless the driver had ended it already (then the core only warns).
 * Exit: del_gendisk, put_disk (frees the queue), blk_mq_free_tag_set.
 *
 * queue_rq may run on several CPUs at once for one hardware queue, as in
 * Linux; a driver whose hardware cannot take that locks for itself. Unless
 * the tag set has BLK_MQ_F_BLOCKING, queue_rq must not sleep (Linux calls
 * it in atomic context; modlab does not check).
 */
#ifndef _LINUX_BLK_MQ_H
#define _LINUX_BLK_MQ_H

#include <linux/blkdev.h>
#include <linux/mutex.h>

struct blk_mq_tags;

typedef u32 __bitwise req_flags_t;

enum mq_rq_state {
	MQ_RQ_IDLE		= 0,	/* free, or given to queue_rq and not started */
	MQ_RQ_IN_FLIGHT		= 1,	/* blk_mq_start_request was called */
	MQ_RQ_COMPLETE		= 2,	/* ended */
};

/*
 * One I/O as the driver sees it. Requests belong to the tag set: each
 * hardware queue has queue_depth of them, each followed by cmd_size bytes
 * for the driver (blk_mq_rq_to_pdu).
 */
struct request {
	struct request_queue *q;
	struct blk_mq_hw_ctx *mq_hctx;
	blk_opf_t cmd_flags;		/* REQ_OP_* and REQ_* flags */
	req_flags_t rq_flags;
	int tag;			/* its index in its hardware queue's set */
	int internal_tag;
	unsigned int timeout;
	unsigned int __data_len;	/* bytes: use blk_rq_bytes */
	sector_t __sector;		/* first sector: use blk_rq_pos */
	struct bio *bio;		/* the bios, through bi_next */
	struct bio *biotail;
	struct list_head queuelist;	/* the driver's, while it holds the request */
	struct block_device *part;
	u64 start_time_ns;
	u64 io_start_time_ns;
	unsigned short nr_phys_segments;
	enum mq_rq_state state;
	atomic_t ref;			/* dispatcher + completion: the last frees the tag */
};

/* One hardware queue of one request_queue. */
struct blk_mq_hw_ctx {
	void *driver_data;		/* init_hctx may set it */
	struct request_queue *queue;
	struct blk_mq_tags *tags;
	unsigned long flags;		/* the tag set's BLK_MQ_F_* */
	unsigned int numa_node;
	unsigned int queue_num;		/* 0 .. nr_hw_queues - 1 */
};

struct blk_mq_queue_data {
	struct request *rq;
	bool last;		/* no more requests follow now (always true in modlab) */
};

enum hctx_type {
	HCTX_TYPE_DEFAULT,
	HCTX_TYPE_READ,
	HCTX_TYPE_POLL,
	HCTX_MAX_TYPES,
};

/* Which hardware queue serves each CPU (mq_map[cpu]); modlab fills only map[0]. */
struct blk_mq_queue_map {
	unsigned int *mq_map;
	unsigned int nr_queues;
	unsigned int queue_offset;
};

struct blk_mq_tag_set {
	struct blk_mq_queue_map map[HCTX_MAX_TYPES];
	unsigned int nr_maps;
	const struct blk_mq_ops *ops;
	unsigned int nr_hw_queues;	/* at most NR_CPUS */
	unsigned int queue_depth;	/* requests per hardware queue */
	unsigned int reserved_tags;
	unsigned int cmd_size;		/* the driver's bytes after each request */
	int numa_node;
	unsigned int timeout;
	unsigned int flags;		/* BLK_MQ_F_* */
	void *driver_data;		/* handed to init_hctx */
	struct blk_mq_tags **tags;	/* one per hardware queue */
	struct mutex tag_list_lock;	/* protects tag_list */
	struct list_head tag_list;	/* the queues using this set */
};

struct blk_mq_ops {
	/* Take rq: see the top of this file. */
	blk_status_t (*queue_rq)(struct blk_mq_hw_ctx *hctx, const struct blk_mq_queue_data *bd);
	/* blk_mq_complete_request calls it, in the caller's context. */
	void (*complete)(struct request *rq);
	/* When a queue is made / freed, once per hardware queue. */
	int (*init_hctx)(struct blk_mq_hw_ctx *hctx, void *driver_data, unsigned int hctx_idx);
	void (*exit_hctx)(struct blk_mq_hw_ctx *hctx, unsigned int hctx_idx);
	/* When the tag set is allocated / freed, once per request. */
	int (*init_request)(struct blk_mq_tag_set *set, struct request *rq,
			    unsigned int hctx_idx, unsigned int numa_node);
	void (*exit_request)(struct blk_mq_tag_set *set, struct request *rq,
			     unsigned int hctx_idx);
};

enum {
	BLK_MQ_F_SHOULD_MERGE	= 1 << 0,	/* accepted; modlab never merges */
	BLK_MQ_F_TAG_QUEUE_SHARED = 1 << 1,
	BLK_MQ_F_STACKING	= 1 << 2,
	BLK_MQ_F_TAG_HCTX_SHARED = 1 << 3,
	BLK_MQ_F_BLOCKING	= 1 << 5,	/* queue_rq may sleep */
	BLK_MQ_F_NO_SCHED	= 1 << 6,
};

#define BLK_MQ_MAX_DEPTH	10240

/*
 * Check set and give each hardware queue queue_depth requests (calling
 * init_request for each). 0, -EINVAL for a set without queue_rq, hardware
 * queues or depth, -ENOMEM, or init_request's error (nothing kept). May sleep.
 */
int blk_mq_alloc_tag_set(struct blk_mq_tag_set *set);
/* Undo it (exit_request for each request); no queue may still use it. */
void blk_mq_free_tag_set(struct blk_mq_tag_set *set);

/* A disk whose queue sends requests to set's queue_rq; ERR_PTR on failure. */
struct gendisk *__blk_mq_alloc_disk(struct blk_mq_tag_set *set, void *queuedata,
				    struct lock_class_key *lkclass);
#define blk_mq_alloc_disk(set, queuedata)	__blk_mq_alloc_disk((set), (queuedata), NULL)

/* The driver has started rq (any context). */
void blk_mq_start_request(struct request *rq);
/* rq is done with error (BLK_STS_OK for success): end its bios, free it.
 * Any context; rq must not be touched afterwards. */
void blk_mq_end_request(struct request *rq, blk_status_t error);
/* Hand rq to the driver's ops->complete (here, in the caller's context). */
void blk_mq_complete_request(struct request *rq);

static inline void *blk_mq_rq_to_pdu(struct request *rq)
{
	return rq + 1;
}

static inline struct request *blk_mq_rq_from_pdu(void *pdu)
{
	return (struct request *)pdu - 1;
}

static inline enum mq_rq_state blk_mq_rq_state(struct request *rq)
{
	return READ_ONCE(rq->state);
}

static inline enum req_op req_op(const struct request *req)
{
	return req->cmd_flags & REQ_OP_MASK;
}

static inline bool blk_op_is_passthrough(blk_opf_t op)
{
	op &= REQ_OP_MASK;
	return op == REQ_OP_DRV_IN || op == REQ_OP_DRV_OUT;
}

static inline bool blk_rq_is_passthrough(struct request *rq)
{
	return blk_op_is_passthrough(req_op(rq));
}

#define rq_data_dir(rq)		(op_is_write(req_op(rq)) ? WRITE : READ)

static inline sector_t blk_rq_pos(const struct request *rq)
{
	return rq->__sector;
}

static inline unsigned int blk_rq_bytes(const struct request *rq)
{
	return rq->__data_len;
}

/* Bytes of the current single-page piece of the first bio. */
static inline int blk_rq_cur_bytes(const struct request *rq)
{
	if (!rq->bio)
		return 0;
	if (!bio_has_data(rq->bio))
		return rq->bio->bi_iter.bi_size;
	return bio_iovec(rq->bio).bv_len;
}

static inline unsigned int blk_rq_sectors(const struct request *rq)
{
	return blk_rq_bytes(rq) >> SECTOR_SHIFT;
}

static inline unsigned int blk_rq_cur_sectors(const struct request *rq)
{
	return blk_rq_cur_bytes(rq) >> SECTOR_SHIFT;
}

struct req_iterator {
	struct bvec_iter iter;
	struct bio *bio;
};

/* _bio: each bio of rq, along bi_next (none for a request without data). */
#define __rq_for_each_bio(_bio, rq)						\
	for (_bio = (rq)->bio; _bio; _bio = _bio->bi_next)

/* bvl: each single-page piece of each bio of _rq. */
#define rq_for_each_segment(bvl, _rq, _iter)					\
	__rq_for_each_bio(_iter.bio, _rq)					\
		bio_for_each_segment(bvl, _iter.bio, _iter.iter)

#define rq_for_each_bvec(bvl, _rq, _iter)					\
	__rq_for_each_bio(_iter.bio, _rq)					\
		bio_for_each_bvec(bvl, _iter.bio, _iter.iter)

#endif
