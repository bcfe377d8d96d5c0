/*
 * I/O vectors, with Linux 6.1's names: a struct iov_iter describes the
 * buffer of a read or write still to be filled or drained, and
 * copy_to_iter/copy_from_iter move bytes through it, advancing it.
 *
 * modlab's iterators have a single segment: ITER_UBUF (a caller's buffer,
 * copied with copy_to_user/copy_from_user, so a bad pointer gives a short
 * copy, never an oops) or ITER_KVEC (kernel memory, copied with memcpy).
 * That is what read(2)/write(2) make in Linux too; readv/writev's many
 * segments do not exist here.
 */
#ifndef _LINUX_UIO_H
#define _LINUX_UIO_H

#include <linux/kernel.h>
#include <linux/types.h>

#define UIO_MAXIOV	1024

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

struct kvec {
	void *iov_base;
	size_t iov_len;
};

enum iter_type {
	ITER_IOVEC,
	ITER_KVEC,
	ITER_BVEC,
	ITER_PIPE,
	ITER_XARRAY,
	ITER_DISCARD,
	ITER_UBUF,
};

#define ITER_SOURCE	1	/* the iterator is read from: a write */
#define ITER_DEST	0	/* the iterator is filled: a read */

struct iov_iter {
	u8 iter_type;
	bool nofault;
	bool data_source;		/* ITER_SOURCE */
	bool user_backed;
	size_t iov_offset;		/* bytes of the segment already used */
	size_t count;			/* bytes left */
	union {
		const struct kvec *kvec;	/* ITER_KVEC */
		void __user *ubuf;		/* ITER_UBUF */
	};
	unsigned long nr_segs;
};

static inline enum iter_type iov_iter_type(const struct iov_iter *i)
{
	return i->iter_type;
}

static inline bool iter_is_ubuf(const struct iov_iter *i)
{
	return iov_iter_type(i) == ITER_UBUF;
}

static inline bool iov_iter_is_kvec(const struct iov_iter *i)
{
	return iov_iter_type(i) == ITER_KVEC;
}

static inline bool user_backed_iter(const struct iov_iter *i)
{
	return i->user_backed;
}

static inline unsigned char iov_iter_rw(const struct iov_iter *i)
{
	return i->data_source ? WRITE : READ;
}

static inline size_t iov_iter_count(const struct iov_iter *i)
{
	return i->count;
}

/* A caller's buffer of count bytes; direction is ITER_DEST or ITER_SOURCE. */
static inline void iov_iter_ubuf(struct iov_iter *i, unsigned int direction,
				 void __user *buf, size_t count)
{
	*i = (struct iov_iter){
		.iter_type = ITER_UBUF,
		.user_backed = true,
		.data_source = direction,
		.ubuf = buf,
		.count = count,
		.nr_segs = 1,
	};
}

/* Kernel memory: modlab takes nr_segs == 1 only (BUG otherwise). */
void iov_iter_kvec(struct iov_iter *i, unsigned int direction, const struct kvec *kvec,
		   unsigned long nr_segs, size_t count);

/* Copy up to bytes into (from) the iterator and advance it; returns the
 * bytes copied, fewer if the iterator ends or a caller's buffer faults.
 * May sleep (a fault on a caller's buffer). */
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);

static inline bool copy_from_iter_full(void *addr, size_t bytes, struct iov_iter *i)
{
	return copy_from_iter(addr, bytes, i) == bytes;
}

/* Skip bytes; drop all but the first count bytes left. */
void iov_iter_advance(struct iov_iter *i, size_t bytes);

static inline void iov_iter_truncate(struct iov_iter *i, u64 count)
{
	if (i->count > count)
		i->count = count;
}

#endif
