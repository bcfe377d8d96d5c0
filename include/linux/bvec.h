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

/* What is left of the current bio_vec, possibly several pages long. */
#define __bvec_iter_bvec(bvec, iter)	(&(bvec)[(iter).bi_idx])
#define mp_bvec_iter_page(bvec, iter)	(__bvec_iter_bvec((bvec), (iter))->bv_page)
#define mp_bvec_iter_len(bvec, iter)						\
	min((iter).bi_size, __bvec_iter_bvec((bvec), (iter))->bv_len - (iter).bi_bvec_done)
#define mp_bvec_iter_offset(bvec, iter)						\
	(__bvec_iter_bvec((bvec), (iter))->bv_offset + (iter).bi_bvec_done)
#define mp_bvec_iter_page_idx(bvec, iter)	(mp_bvec_iter_offset((bvec), (iter)) / PAGE_SIZE)
#define mp_bvec_iter_bvec(bvec, iter)						\
((struct bio_vec) {								\
	.bv_page = mp_bvec_iter_page((bvec), (iter)),				\
	.bv_len = mp_bvec_iter_len((bvec), (iter)),				\
	.bv_offset = mp_bvec_iter_offset((bvec), (iter)),			\
})

/* The same, cut at the end of the page it starts in. */
#define bvec_iter_offset(bvec, iter)	(mp_bvec_iter_offset((bvec), (iter)) % PAGE_SIZE)
#define bvec_iter_len(bvec, iter)						\
	min_t(unsigned int, mp_bvec_iter_len((bvec), (iter)),			\
	      PAGE_SIZE - bvec_iter_offset((bvec), (iter)))
#define bvec_iter_page(bvec, iter)						\
	nth_page(mp_bvec_iter_page((bvec), (iter)), mp_bvec_iter_page_idx((bvec), (iter)))
#define bvec_iter_bvec(bvec, iter)						\
((struct bio_vec) {								\
	.bv_page = bvec_iter_page((bvec), (iter)),				\
	.bv_len = bvec_iter_len((bvec), (iter)),				\
	.bv_offset = bvec_iter_offset((bvec), (iter)),				\
})

/* Step iter over bytes, which stay inside the current bio_vec. */
static inline void bvec_iter_advance_single(const struct bio_vec *bv, struct bvec_iter *iter,
					    unsigned int bytes)
{
	unsigned int done = iter->bi_bvec_done + bytes;

	if (done == bv[iter->bi_idx].bv_len) {
		done = 0;
		iter->bi_idx++;
	}
	iter->bi_bvec_done = done;
	iter->bi_size -= bytes;
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
