/*
 * blk-mq: request-based block drivers (Linux 6.1's interface; the driver's
 * side is described in include/linux/blk-mq.h).
 *
 * A tag set owns the requests: per hardware queue, queue_depth of them in
 * an array, and a bitmap of which are in use (their tags). A bio sent to a
 * blk-mq disk takes a free request of the hardware queue that serves the
 * submitting CPU (sleeping while all are in use), becomes that request
 * (one bio, one request: no merging, no scheduler) and is handed to the
 * driver's queue_rq in the submitter's thread.
 *
 * Ending a request: blk_mq_end_request may run anywhere (timer, interrupt,
 * another thread) and before or after queue_rq returns. A request holds two
 * references while it is out: the dispatcher's, dropped when queue_rq has
 * returned and its status been dealt with, and the completion's, dropped by
 * blk_mq_end_request. The tag is freed by the last of the two, so a
 * request is never reused while either side can still look at it; this is
 * also what lets the core see that a driver returned an error for a request
 * it had already ended (a common bug in tutorial drivers) and only warn.
 *
 * Locking: tags->lock (a spinlock, taken with interrupts off as drivers end
 * requests from interrupt handlers) protects the bitmap and the state and
 * bio list of its requests while the core changes them. set->tag_list_lock
 * protects the list of queues using a set.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/delay.h>
#include <linux/smp.h>
#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/blk-mq.h>
#include "internal.h"

/* How long a busy queue (BLK_STS_RESOURCE) rests before the request goes
 * again; Linux waits the same 3 ms. */
#define BLK_MQ_RESOURCE_DELAY_MS	3

struct blk_mq_tags {
	spinlock_t lock;		/* see the top of the file */
	unsigned int nr_tags;
	unsigned long *bitmap;		/* bit set: request in use */
	struct request **static_rqs;	/* each followed by the set's cmd_size bytes */
	struct wait_queue_head wait;	/* submitters waiting for a free request */
};

static void free_tags(struct blk_mq_tag_set *set, unsigned int hctx_idx)
{
	struct blk_mq_tags *tags = set->tags[hctx_idx];
	unsigned int i;

	if (!tags)
		return;
	for (i = 0; i < tags->nr_tags && tags->static_rqs; i++) {
		if (tags->static_rqs[i] && set->ops->exit_request)
			set->ops->exit_request(set, tags->static_rqs[i], hctx_idx);
		kfree(tags->static_rqs[i]);
	}
	kfree(tags->static_rqs);
	kfree(tags->bitmap);
	kfree(tags);
	set->tags[hctx_idx] = NULL;
}

/* The requests of one hardware queue. On failure, what was made is freed
 * by the caller's free_tags (init_request is undone only where it ran). */
static int alloc_tags(struct blk_mq_tag_set *set, unsigned int hctx_idx)
{
	struct blk_mq_tags *tags = kzalloc(sizeof(*tags), GFP_KERNEL);
	unsigned int i;
	int err;

	if (!tags)
		return -ENOMEM;
	set->tags[hctx_idx] = tags;
	spin_lock_init(&tags->lock);
	init_waitqueue_head(&tags->wait);
	tags->bitmap = kcalloc(BITS_TO_LONGS(set->queue_depth), sizeof(long), GFP_KERNEL);
	tags->static_rqs = kcalloc(set->queue_depth, sizeof(struct request *), GFP_KERNEL);
	if (!tags->bitmap || !tags->static_rqs)
		return -ENOMEM;
	for (i = 0; i < set->queue_depth; i++) {
		struct request *rq = kzalloc(sizeof(*rq) + set->cmd_size, GFP_KERNEL);

		if (!rq)
			return -ENOMEM;
		rq->tag = i;
		rq->internal_tag = -1;
		INIT_LIST_HEAD(&rq->queuelist);
		if (set->ops->init_request) {
			err = set->ops->init_request(set, rq, hctx_idx, set->numa_node);
			if (err) {
				kfree(rq);
				return err;
			}
		}
		tags->static_rqs[i] = rq;
		tags->nr_tags = i + 1;
	}
	return 0;
}

int blk_mq_alloc_tag_set(struct blk_mq_tag_set *set)
{
	unsigned int i, cpu;
	int err = -ENOMEM;

	if (!set->ops || !set->ops->queue_rq || !set->nr_hw_queues || !set->queue_depth) {
		pr_err("blk_mq_alloc_tag_set: need ops->queue_rq, nr_hw_queues and queue_depth\n");
		return -EINVAL;
	}
	if (set->queue_depth > BLK_MQ_MAX_DEPTH)
		set->queue_depth = BLK_MQ_MAX_DEPTH;
	if (set->nr_hw_queues > NR_CPUS)
		set->nr_hw_queues = NR_CPUS;
	set->nr_maps = 1;
	set->map[HCTX_TYPE_DEFAULT].nr_queues = set->nr_hw_queues;
	set->map[HCTX_TYPE_DEFAULT].queue_offset = 0;
	set->map[HCTX_TYPE_DEFAULT].mq_map = kcalloc(NR_CPUS, sizeof(unsigned int), GFP_KERNEL);
	set->tags = kcalloc(set->nr_hw_queues, sizeof(*set->tags), GFP_KERNEL);
	if (!set->map[HCTX_TYPE_DEFAULT].mq_map || !set->tags)
		goto err_free;
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		set->map[HCTX_TYPE_DEFAULT].mq_map[cpu] = cpu % set->nr_hw_queues;
	for (i = 0; i < set->nr_hw_queues; i++) {
		err = alloc_tags(set, i);
		if (err)
			goto err_free;
	}
	mutex_init(&set->tag_list_lock);
	INIT_LIST_HEAD(&set->tag_list);
	return 0;

err_free:
	for (i = 0; set->tags && i < set->nr_hw_queues; i++)
		free_tags(set, i);
	kfree(set->tags);
	set->tags = NULL;
	kfree(set->map[HCTX_TYPE_DEFAULT].mq_map);
	set->map[HCTX_TYPE_DEFAULT].mq_map = NULL;
	return err;
}

void blk_mq_free_tag_set(struct blk_mq_tag_set *set)
{
	unsigned int i;

	if (!set->tags)
		return;
	if (WARN_ON(!list_empty(&set->tag_list)))
		return;		/* a queue still uses it: put_disk first */
	for (i = 0; i < set->nr_hw_queues; i++)
		free_tags(set, i);
	kfree(set->tags);
	set->tags = NULL;
	kfree(set->map[HCTX_TYPE_DEFAULT].mq_map);
	set->map[HCTX_TYPE_DEFAULT].mq_map = NULL;
}

/* exit_hctx for the first nr hardware queues, and free them all. */
static void free_hctxs(struct request_queue *q, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < q->nr_hw_queues; i++) {
		if (i < nr && q->mq_ops->exit_hctx)
			q->mq_ops->exit_hctx(q->queue_hw_ctx[i], i);
		kfree(q->queue_hw_ctx[i]);
	}
	kfree(q->queue_hw_ctx);
}

static int init_hctxs(struct request_queue *q, struct blk_mq_tag_set *set)
{
	unsigned int i;
	int err;

	q->queue_hw_ctx = kcalloc(set->nr_hw_queues, sizeof(*q->queue_hw_ctx), GFP_KERNEL);
	if (!q->queue_hw_ctx)
		return -ENOMEM;
	q->nr_hw_queues = set->nr_hw_queues;
	for (i = 0; i < set->nr_hw_queues; i++) {
		struct blk_mq_hw_ctx *hctx = kzalloc(sizeof(*hctx), GFP_KERNEL);

		if (!hctx) {
			free_hctxs(q, i);
			return -ENOMEM;
		}
		hctx->queue = q;
		hctx->queue_num = i;
		hctx->tags = set->tags[i];
		hctx->flags = set->flags;
		hctx->numa_node = set->numa_node;
		q->queue_hw_ctx[i] = hctx;
		if (set->ops->init_hctx) {
			err = set->ops->init_hctx(hctx, set->driver_data, i);
			if (err) {
				free_hctxs(q, i);
				return err;
			}
		}
	}
	return 0;
}

struct gendisk *__blk_mq_alloc_disk(struct blk_mq_tag_set *set, void *queuedata,
				    struct lock_class_key *lkclass)
{
	struct request_queue *q;
	struct gendisk *disk;
	int err;

	if (!set->tags) {
		pr_err("blk_mq_alloc_disk: the tag set was not allocated (blk_mq_alloc_tag_set)\n");
		return ERR_PTR(-EINVAL);
	}
	q = blk_alloc_queue(set->numa_node);
	if (!q)
		return ERR_PTR(-ENOMEM);
	q->queuedata = queuedata;
	q->tag_set = set;
	err = init_hctxs(q, set);
	if (err) {
		kfree(q);
		return ERR_PTR(err);
	}
	q->mq_ops = set->ops;
	disk = disk_alloc(q, set->numa_node);
	if (!disk) {
		free_hctxs(q, q->nr_hw_queues);
		kfree(q);
		return ERR_PTR(-ENOMEM);
	}
	mutex_lock(&set->tag_list_lock);
	list_add_tail(&q->tag_set_list, &set->tag_list);
	mutex_unlock(&set->tag_list_lock);
	return disk;
}

/* For put_disk: the disk's I/O is over (del_gendisk drained it). */
void blk_mq_free_queue(struct request_queue *q)
{
	struct blk_mq_tag_set *set = q->tag_set;

	free_hctxs(q, q->nr_hw_queues);
	mutex_lock(&set->tag_list_lock);
	list_del_init(&q->tag_set_list);
	mutex_unlock(&set->tag_list_lock);
	kfree(q);
}

/* A free request of tags, marked in use, or NULL. */
static struct request *try_get_request(struct blk_mq_tags *tags)
{
	struct request *rq = NULL;
	unsigned long flags, tag;

	spin_lock_irqsave(&tags->lock, flags);
	tag = find_first_zero_bit(tags->bitmap, tags->nr_tags);
	if (tag < tags->nr_tags) {
		__set_bit(tag, tags->bitmap);
		rq = tags->static_rqs[tag];
	}
	spin_unlock_irqrestore(&tags->lock, flags);
	return rq;
}

/* Drop one of rq's two references; the last frees its tag. */
static void blk_mq_put_request(struct request *rq)
{
	struct blk_mq_tags *tags = rq->mq_hctx->tags;
	unsigned long flags;

	if (!atomic_dec_and_test(&rq->ref))
		return;
	spin_lock_irqsave(&tags->lock, flags);
	rq->state = MQ_RQ_IDLE;
	__clear_bit(rq->tag, tags->bitmap);
	spin_unlock_irqrestore(&tags->lock, flags);
	wake_up(&tags->wait);
}

void blk_mq_start_request(struct request *rq)
{
	WRITE_ONCE(rq->state, MQ_RQ_IN_FLIGHT);
}

void blk_mq_end_request(struct request *rq, blk_status_t error)
{
	struct blk_mq_tags *tags = rq->mq_hctx->tags;
	struct bio *bio, *next;
	unsigned long flags;

	spin_lock_irqsave(&tags->lock, flags);
	if (rq->state == MQ_RQ_COMPLETE) {
		spin_unlock_irqrestore(&tags->lock, flags);
		WARN_ONCE(1, "blk_mq_end_request: request %d ended twice\n", rq->tag);
		return;
	}
	rq->state = MQ_RQ_COMPLETE;
	bio = rq->bio;
	rq->bio = rq->biotail = NULL;
	spin_unlock_irqrestore(&tags->lock, flags);
	/* The bios are not the request's any more: free the request first,
	 * so that ending them (which may wake a submitter who then frees the
	 * disk and the tag set) is the last thing done here. */
	blk_mq_put_request(rq);
	for (; bio; bio = next) {
		next = bio->bi_next;
		bio->bi_next = NULL;
		if (error)
			bio->bi_status = error;
		bio_endio(bio);
	}
}

void blk_mq_complete_request(struct request *rq)
{
	if (WARN_ONCE(!rq->q->mq_ops->complete,
		      "blk_mq_complete_request: the driver has no ops->complete\n"))
		blk_mq_end_request(rq, BLK_STS_IOERR);
	else
		rq->q->mq_ops->complete(rq);
}

/* Hand rq to the driver until it takes it; with its status if it refuses. */
static void blk_mq_dispatch(struct blk_mq_hw_ctx *hctx, struct request *rq)
{
	struct blk_mq_queue_data bd = { .rq = rq, .last = true };
	blk_status_t ret;

	for (;;) {
		ret = hctx->queue->mq_ops->queue_rq(hctx, &bd);
		if (ret != BLK_STS_RESOURCE && ret != BLK_STS_DEV_RESOURCE)
			break;
		msleep(BLK_MQ_RESOURCE_DELAY_MS);	/* busy: the driver kept nothing */
	}
	if (ret == BLK_STS_OK)
		return;
	/*
	 * Read without tags->lock: our reference keeps rq from being freed
	 * and reused, so its state is either still the driver's (not ended)
	 * or COMPLETE for good. A driver that returns an error has given the
	 * request back; one that also ends it from elsewhere at this moment
	 * breaks blk-mq's rules, and the second end is caught there.
	 */
	if (blk_mq_rq_state(rq) == MQ_RQ_COMPLETE)
		pr_warn_once("%s: queue_rq returned status %u for a request it had already ended\n",
			     hctx->queue->disk->disk_name, ret);
	else
		blk_mq_end_request(rq, ret);
}

void blk_mq_submit_bio(struct bio *bio)
{
	struct request_queue *q = bio->bi_bdev->bd_disk->queue;
	struct blk_mq_tag_set *set = q->tag_set;
	struct blk_mq_hw_ctx *hctx;
	struct request *rq;
	unsigned int cpu;

	cpu = get_cpu();
	hctx = q->queue_hw_ctx[set->map[HCTX_TYPE_DEFAULT].mq_map[cpu]];
	put_cpu();
	wait_event(hctx->tags->wait, (rq = try_get_request(hctx->tags)) != NULL);

	rq->q = q;
	rq->mq_hctx = hctx;
	rq->cmd_flags = bio->bi_opf;
	rq->rq_flags = 0;
	rq->__sector = bio->bi_iter.bi_sector;
	rq->__data_len = bio->bi_iter.bi_size;
	rq->nr_phys_segments = bio->bi_vcnt;
	rq->part = bio->bi_bdev;
	bio->bi_next = NULL;
	rq->bio = rq->biotail = bio;
	rq->state = MQ_RQ_IDLE;
	atomic_set(&rq->ref, 2);	/* ours (dispatch) and the completion's */

	blk_mq_dispatch(hctx, rq);
	blk_mq_put_request(rq);
}

EXPORT_SYMBOL(blk_mq_alloc_tag_set);
EXPORT_SYMBOL(blk_mq_free_tag_set);
EXPORT_SYMBOL(__blk_mq_alloc_disk);
EXPORT_SYMBOL(blk_mq_start_request);
EXPORT_SYMBOL(blk_mq_end_request);
EXPORT_SYMBOL(blk_mq_complete_request);
