/*
 * Pieces of memory for block I/O, with Linux's names: a struct bio_vec is
 * one run of bytes inside one page (or, when a bio joins neighbouring
 * pages, a run across several), and a struct bvec_iter walks an array of
 * them without changing it. bio_for_each_segment (linux/bio.h) hands a
 * driver one single-page piece at a time, so the piece can be mapped with
 * bvec_kmap_local and copied.
 */
#ifndef _LINUX_BVEC_H
#define _LINUX_BVEC_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/highmem.h>


struct bio_vec {
	struct page *bv_page;	/* the first page */
	unsigned int bv_len;	/* bytes */
	unsigned int bv_offset;	/* where they start in bv_page */
};

struct bvec_iter {
	sector_t bi_sector;		/* the device sector the next byte goes to */
	unsigned int bi_size;		/* bytes left */
	unsigned int bi_idx;		/* the bio_vec being walked */
	unsigned int bi_bvec_done;	/* bytes of it already walked */
};

/* The page after page: struct pages sit in one array, one per frame. */
#define nth_page(page, n)	((page) + (n))

/*
 * Where iter stands in the array bv. The mp_ forms give the rest of the
 * current bio_vec, which may run over several pages; the bvec_ forms cut
 * that at the end of the page its next byte is in, which is what a
 * driver can map and copy in one go.
 */
static inline const struct bio_vec *__bvec_iter_bvec(const struct bio_vec *bv,
						     struct bvec_iter iter)
{
	return bv + iter.bi_idx;
}

static inline struct page *mp_bvec_iter_page(const struct bio_vec *bv, struct bvec_iter iter)
{
	return __bvec_iter_bvec(bv, iter)->bv_page;
}

static inline unsigned int mp_bvec_iter_offset(const struct bio_vec *bv, struct bvec_iter iter)
{
	return __bvec_iter_bvec(bv, iter)->bv_offset + iter.bi_bvec_done;
}

static inline unsigned int mp_bvec_iter_len(const struct bio_vec *bv, struct bvec_iter iter)
{
	unsigned int unwalked = __bvec_iter_bvec(bv, iter)->bv_len - iter.bi_bvec_done;

	/* The iterator may end inside this bio_vec. */
	return unwalked < iter.bi_size ? unwalked : iter.bi_size;
}

/* Which page of the bio_vec, counted from bv_page, the next byte is in. */
static inline unsigned int mp_bvec_iter_page_idx(const struct bio_vec *bv, struct bvec_iter iter)
{
	return mp_bvec_iter_offset(bv, iter) / PAGE_SIZE;
}

static inline struct bio_vec mp_bvec_iter_bvec(const struct bio_vec *bv, struct bvec_iter iter)
{
	struct bio_vec piece;

	piece.bv_page = mp_bvec_iter_page(bv, iter);
	piece.bv_offset = mp_bvec_iter_offset(bv, iter);
	piece.bv_len = mp_bvec_iter_len(bv, iter);
	return piece;
}

static inline unsigned int bvec_iter_offset(const struct bio_vec *bv, struct bvec_iter iter)
{
	return mp_bvec_iter_offset(bv, iter) % PAGE_SIZE;
}

static inline unsigned int bvec_iter_len(const struct bio_vec *bv, struct bvec_iter iter)
{
	unsigned int to_page_end = PAGE_SIZE - bvec_iter_offset(bv, iter);
	unsigned int len = mp_bvec_iter_len(bv, iter);

	return len < to_page_end ? len : to_page_end;
}

static inline struct page *bvec_iter_page(const struct bio_vec *bv, struct bvec_iter iter)
{
	return nth_page(mp_bvec_iter_page(bv, iter), mp_bvec_iter_page_idx(bv, iter));
}

static inline struct bio_vec bvec_iter_bvec(const struct bio_vec *bv, struct bvec_iter iter)
{
	struct bio_vec piece;

	piece.bv_page = bvec_iter_page(bv, iter);
	piece.bv_offset = bvec_iter_offset(bv, iter);
	piece.bv_len = bvec_iter_len(bv, iter);
	return piece;
}

/* Step iter over bytes, which stay inside the current bio_vec. */
static inline void bvec_iter_advance_single(const struct bio_vec *bv, struct bvec_iter *iter,
					    unsigned int bytes)
{
	iter->bi_size -= bytes;
	iter->bi_bvec_done += bytes;
	/* Used up: the next bio_vec is walked from its first byte. */
	if (iter->bi_bvec_done == bv[iter->bi_idx].bv_len) {
		iter->bi_idx++;
		iter->bi_bvec_done = 0;
	}
}

/* The bytes of bvec (one page's worth at most) at a kernel address;
 * kunmap_local when done. Every page is mapped in modlab, so this never
 * fails and never sleeps. */
static inline void *bvec_kmap_local(struct bio_vec *bvec)
{
	return kmap_local_page(bvec->bv_page) + bvec->bv_offset;
}

static inline void memcpy_from_bvec(char *to, struct bio_vec *bvec)
{
	memcpy_from_page(to, bvec->bv_page, bvec->bv_offset, bvec->bv_len);
}

static inline void memcpy_to_bvec(struct bio_vec *bvec, const char *from)
{
	memcpy_to_page(bvec->bv_page, bvec->bv_offset, from, bvec->bv_len);
}

#endif
