/*
 * bios, with Linux 6.1's names: making one (bio_alloc, bio_add_page),
 * sending it (submit_bio, submit_bio_wait), walking its memory in a
 * driver (bio_for_each_segment) and ending it (bio_endio).
 *
 * modlab's bios are simple: bio_add_page never joins a page to the
 * previous bio_vec, there are no bio chains, splits or pools, and a bio
 * is always submitted whole to a disk's submit_bio or request queue.
 */
#ifndef _LINUX_BIO_H
#define _LINUX_BIO_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/atomic.h>
#include <linux/blk_types.h>

#define BIO_MAX_VECS	256U

/* The piece at iter, cut at a page end (see linux/bvec.h). */
#define bio_iter_iovec(bio, iter)	bvec_iter_bvec((bio)->bi_io_vec, (iter))
#define bio_iter_page(bio, iter)	bvec_iter_page((bio)->bi_io_vec, (iter))
#define bio_iter_len(bio, iter)		bvec_iter_len((bio)->bi_io_vec, (iter))
#define bio_iter_offset(bio, iter)	bvec_iter_offset((bio)->bi_io_vec, (iter))

#define bio_page(bio)		bio_iter_page((bio), (bio)->bi_iter)
#define bio_offset(bio)		bio_iter_offset((bio), (bio)->bi_iter)
#define bio_iovec(bio)		bio_iter_iovec((bio), (bio)->bi_iter)

#define bio_sectors(bio)	((bio)->bi_iter.bi_size >> 9)
#define bio_end_sector(bio)	((bio)->bi_iter.bi_sector + bio_sectors((bio)))
#define bio_data_dir(bio)	(op_is_write(bio_op(bio)) ? WRITE : READ)

/* Bytes in the current single-page piece (all of them for a bio without data). */
static inline unsigned int bio_cur_bytes(struct bio *bio)
{
	return bio->bi_iter.bi_size ? bio_iovec(bio).bv_len : 0;
}

static inline bool bio_has_data(struct bio *bio)
{
	return bio && bio->bi_iter.bi_size && bio_op(bio) != REQ_OP_DISCARD &&
	       bio_op(bio) != REQ_OP_SECURE_ERASE && bio_op(bio) != REQ_OP_WRITE_ZEROES;
}

static inline void bio_advance_iter_single(const struct bio *bio, struct bvec_iter *iter,
					   unsigned int bytes)
{
	iter->bi_sector += bytes >> 9;
	bvec_iter_advance_single(bio->bi_io_vec, iter, bytes);
}

/*
 * The piece of bio at iter, single-page or (multi) a whole bio_vec's rest,
 * into *bv; false once iter has nothing left. The loops below stop there.
 */
static inline bool __bio_piece(const struct bio *bio, struct bvec_iter iter, bool multi,
			       struct bio_vec *bv)
{
	if (!iter.bi_size)
		return false;
	*bv = multi ? mp_bvec_iter_bvec(bio->bi_io_vec, iter)
		    : bvec_iter_bvec(bio->bi_io_vec, iter);
	return true;
}

/* bvl: each single-page piece of bio in turn, from start, with iter as the cursor. */
#define __bio_for_each_segment(bvl, bio, iter, start)				\
	for (iter = (start); __bio_piece((bio), (iter), false, &(bvl));		\
	     bio_advance_iter_single((bio), &(iter), (bvl).bv_len))

#define bio_for_each_segment(bvl, bio, iter)					\
	__bio_for_each_segment(bvl, bio, iter, (bio)->bi_iter)

/* The same by whole bio_vecs (several pages each when they are). */
#define bio_for_each_bvec(bvl, bio, iter)					\
	for (iter = (bio)->bi_iter; __bio_piece((bio), (iter), true, &(bvl));	\
	     bio_advance_iter_single((bio), &(iter), (bvl).bv_len))

/*
 * A bio for bdev with room for nr_vecs pieces, doing opf, with one
 * reference (bio_put frees it). NULL when out of memory. May sleep with
 * GFP_KERNEL.
 */
struct bio *bio_alloc(struct block_device *bdev, unsigned short nr_vecs, blk_opf_t opf,
		      gfp_t gfp_mask);
static inline void bio_get(struct bio *bio)
{
	atomic_inc(&bio->__bi_cnt);
}
void bio_put(struct bio *bio);
/* Add len bytes of page from offset; returns len, or 0 when the bio is full. */
int bio_add_page(struct bio *bio, struct page *page, unsigned int len, unsigned int offset);

/* The bio is done: call its bi_end_io. Any context (a driver's interrupt handler too). */
void bio_endio(struct bio *bio);
static inline void bio_io_error(struct bio *bio)
{
	bio->bi_status = BLK_STS_IOERR;
	bio_endio(bio);
}

/*
 * Send bio to its device's driver; bi_end_io says when it is done (it may
 * be called before submit_bio returns). The caller holds the device open.
 * submit_bio_wait sends it and sleeps until it is done: 0 or a negative
 * errno from bi_status.
 */
void submit_bio(struct bio *bio);
int submit_bio_wait(struct bio *bio);

#endif
