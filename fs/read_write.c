/*
 * Reads and writes through a file's read_iter/write_iter, and the
 * iov_iter helpers they use (Linux's fs/read_write.c and lib/iov_iter.c,
 * cut down to single-segment iterators).
 *
 * As in Linux, a file's plain read/write wins when both are there; a
 * driver that gives only read_iter gets a synchronous kiocb at the file's
 * position and an ITER_UBUF iterator over the caller's buffer, and the
 * position it leaves in ki_pos is the file's new one. Nothing here is
 * shared between calls: the kiocb and iterator live on the caller's
 * stack, so no lock is needed beyond the one the caller holds.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/uio.h>
#include <linux/uaccess.h>
#include <linux/bug.h>
#include "internal.h"

/*
 * A read_iter or write_iter call standing in for a plain read or write:
 * one synchronous kiocb at *pos over the caller's buffer, and *pos
 * follows it when bytes moved.
 */
static ssize_t rw_through_iter(struct file *f, bool write, void __user *buf, size_t count,
			       loff_t *pos)
{
	struct kiocb cb;
	struct iov_iter it;
	ssize_t ret;

	init_sync_kiocb(&cb, f);
	cb.ki_pos = *pos;
	iov_iter_ubuf(&it, write ? ITER_SOURCE : ITER_DEST, buf, count);
	ret = write ? f->f_op->write_iter(&cb, &it) : f->f_op->read_iter(&cb, &it);
	/* Only an asynchronous kiocb may be queued, and ours is not. */
	if (WARN_ON(ret == -EIOCBQUEUED))
		return -EIO;
	if (ret > 0)
		*pos = cb.ki_pos;
	return ret;
}

ssize_t vfs_do_read(struct file *f, char __user *buf, size_t count, loff_t *pos)
{
	if (f->f_op->read)
		return f->f_op->read(f, buf, count, pos);
	return rw_through_iter(f, false, buf, count, pos);
}

ssize_t vfs_do_write(struct file *f, const char __user *buf, size_t count, loff_t *pos)
{
	if (f->f_op->write)
		return f->f_op->write(f, buf, count, pos);
	return rw_through_iter(f, true, (__force void __user *)buf, count, pos);
}

void iov_iter_kvec(struct iov_iter *i, unsigned int direction, const struct kvec *kvec,
		   unsigned long nr_segs, size_t count)
{
	BUG_ON(nr_segs != 1 || count > kvec->iov_len);
	*i = (struct iov_iter){
		.iter_type = ITER_KVEC,
		.data_source = direction,
		.kvec = kvec,
		.count = count,
		.nr_segs = 1,
	};
}

/* Where the next byte of the segment is. */
static void *iter_cursor(const struct iov_iter *i)
{
	if (iter_is_ubuf(i))
		return (__force char *)i->ubuf + i->iov_offset;
	return (char *)i->kvec->iov_base + i->iov_offset;
}

void iov_iter_advance(struct iov_iter *i, size_t bytes)
{
	bytes = min(bytes, i->count);
	i->iov_offset += bytes;
	i->count -= bytes;
}

size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	size_t n = min(bytes, i->count);

	if (WARN_ON(i->data_source))
		return 0;
	if (iter_is_ubuf(i))
		n -= copy_to_user((__force void __user *)iter_cursor(i), addr, n);
	else
		memcpy(iter_cursor(i), addr, n);
	iov_iter_advance(i, n);
	return n;
}

size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	size_t n = min(bytes, i->count);

	if (WARN_ON(!i->data_source))
		return 0;
	if (iter_is_ubuf(i))
		n -= copy_from_user(addr, (__force const void __user *)iter_cursor(i), n);
	else
		memcpy(addr, iter_cursor(i), n);
	iov_iter_advance(i, n);
	return n;
}

/*
 * modlab has no page cache: the "generic" read and write of a file are its
 * own read/write at ki_pos, over the iterator's one segment. That is what
 * a driver whose read_iter defers to them expects to happen.
 */
ssize_t generic_file_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct file *f = iocb->ki_filp;
	ssize_t n;

	if (!f->f_op->read)
		return -EINVAL;
	if (!iov_iter_count(to))
		return 0;
	if (!iter_is_ubuf(to) && !iov_iter_is_kvec(to))
		return -EINVAL;
	n = f->f_op->read(f, (__force char __user *)iter_cursor(to), iov_iter_count(to),
			  &iocb->ki_pos);
	if (n > 0)
		iov_iter_advance(to, n);
	return n;
}

ssize_t generic_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct file *f = iocb->ki_filp;
	ssize_t n;

	if (!f->f_op->write)
		return -EINVAL;
	if (!iov_iter_count(from))
		return 0;
	if (!iter_is_ubuf(from) && !iov_iter_is_kvec(from))
		return -EINVAL;
	n = f->f_op->write(f, (__force const char __user *)iter_cursor(from),
			   iov_iter_count(from), &iocb->ki_pos);
	if (n > 0)
		iov_iter_advance(from, n);
	return n;
}

EXPORT_SYMBOL(iov_iter_kvec);
EXPORT_SYMBOL(iov_iter_advance);
EXPORT_SYMBOL(copy_to_iter);
EXPORT_SYMBOL(copy_from_iter);
EXPORT_SYMBOL(generic_file_read_iter);
EXPORT_SYMBOL(generic_file_write_iter);
