/*
 * seq_file: files whose text an iterator makes record by record, read in
 * pieces of any size and from any offset (include/linux/seq_file.h).
 *
 * The buffer holds the text of whole records not yet read: m->count bytes
 * from m->from. A record whose text does not fit makes the buffer twice as
 * big and is printed again. read_pos is the file offset the buffer's first
 * unread byte stands at; a read elsewhere (after a seek) replays the
 * records from the beginning up to that offset (traverse), which is what
 * makes any offset work with iterators that only know record indices.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/list.h>
#include <linux/printk.h>
#include <linux/uaccess.h>
#include <linux/seq_file.h>
#include <linux/fs.h>

static void seq_set_overflow(struct seq_file *m)
{
	m->count = m->size;
}

/*
 * The text buffer: whole pages (size is a page or a multiple), so one
 * open file costs a page, not a slab of several pages of kmalloc-4096
 * objects (which an oopsed reader that never closes would keep).
 */
static char *seq_buf_alloc(size_t size)
{
	return alloc_pages_exact(size, GFP_KERNEL);
}

static void seq_buf_free(struct seq_file *m)
{
	if (m->buf)
		free_pages_exact(m->buf, m->size);
	m->buf = NULL;
}

int seq_open(struct file *file, const struct seq_operations *op)
{
	struct seq_file *m;

	WARN_ON(file->private_data);
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	mutex_init(&m->lock);
	m->op = op;
	m->file = file;
	file->private_data = m;
	return 0;
}

/*
 * Rebuild the buffer for a read at offset: run the records from index 0,
 * counting their text, until the one that holds offset. -EAGAIN: a record
 * did not fit, the buffer is now bigger, call again.
 */
static int traverse(struct seq_file *m, loff_t offset)
{
	loff_t pos = 0;
	int error = 0;
	void *p;

	m->index = 0;
	m->count = m->from = 0;
	if (!offset)
		return 0;
	if (!m->buf) {
		m->buf = seq_buf_alloc(m->size = PAGE_SIZE);
		if (!m->buf)
			return -ENOMEM;
	}
	p = m->op->start(m, &m->index);
	while (p) {
		error = PTR_ERR(p);
		if (IS_ERR(p))
			break;
		error = m->op->show(m, p);
		if (error < 0)
			break;
		if (error) {		/* SEQ_SKIP */
			error = 0;
			m->count = 0;
		}
		if (seq_has_overflowed(m))
			goto overflow;
		p = m->op->next(m, p, &m->index);
		if (pos + m->count > offset) {
			m->from = offset - pos;
			m->count -= m->from;
			break;
		}
		pos += m->count;
		m->count = 0;
		if (pos == offset)
			break;
	}
	m->op->stop(m, p);
	return error;

overflow:
	m->op->stop(m, p);
	seq_buf_free(m);
	m->count = 0;
	m->buf = seq_buf_alloc(m->size <<= 1);
	return m->buf ? -EAGAIN : -ENOMEM;
}

/* Bring the buffer to offset *ppos if the last read did not end there. */
static int seq_seek_to(struct seq_file *m, loff_t pos)
{
	int err;

	if (pos == m->read_pos)
		return 0;
	while ((err = traverse(m, pos)) == -EAGAIN)
		;
	if (err) {
		/* Start again from the beginning next time. */
		m->read_pos = 0;
		m->index = 0;
		m->count = 0;
		return err;
	}
	m->read_pos = pos;
	return 0;
}

/*
 * Fill the empty buffer with the first record from m->index that prints
 * something. Returns that record (the iterator is still started), NULL at
 * the end (stopped), or an ERR_PTR (stopped).
 */
static void *seq_first_record(struct seq_file *m)
{
	void *p;
	int err;

	m->from = 0;
	p = m->op->start(m, &m->index);
	for (;;) {
		if (!p || IS_ERR(p))
			break;
		err = m->op->show(m, p);
		if (err < 0) {
			p = ERR_PTR(err);
			break;
		}
		if (err)		/* SEQ_SKIP */
			m->count = 0;
		if (m->count && !seq_has_overflowed(m))
			return p;
		if (!m->count) {
			loff_t pos = m->index;

			p = m->op->next(m, p, &m->index);
			if (pos == m->index) {
				pr_info_ratelimited("seq_file: next %p did not advance the index\n",
						    m->op->next);
				m->index++;
			}
			continue;
		}
		/* The record does not fit: double the buffer, print it again. */
		m->op->stop(m, p);
		seq_buf_free(m);
		m->count = 0;
		m->buf = seq_buf_alloc(m->size <<= 1);
		if (!m->buf)
			return ERR_PTR(-ENOMEM);
		p = m->op->start(m, &m->index);
	}
	m->op->stop(m, p);
	m->count = 0;
	return p;
}

/* Add whole records after p while the reader wants more than the buffer holds. */
static void seq_fill(struct seq_file *m, void *p, size_t want)
{
	for (;;) {
		size_t offs = m->count;
		loff_t pos = m->index;
		int err;

		p = m->op->next(m, p, &m->index);
		if (pos == m->index) {
			pr_info_ratelimited("seq_file: next %p did not advance the index\n",
					    m->op->next);
			m->index++;
		}
		if (!p || IS_ERR(p) || m->count >= want)
			break;
		err = m->op->show(m, p);
		if (err > 0) {			/* SEQ_SKIP */
			m->count = offs;
		} else if (err || seq_has_overflowed(m)) {
			m->count = offs;	/* this record goes to the next read */
			break;
		}
	}
	m->op->stop(m, p);
}

ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos)
{
	struct seq_file *m = file->private_data;
	size_t copied = 0, n;
	int err = 0;
	void *p;

	if (!size)
		return 0;
	mutex_lock(&m->lock);
	err = seq_seek_to(m, *ppos);
	if (err)
		goto done;
	if (!m->buf) {
		m->buf = seq_buf_alloc(m->size = PAGE_SIZE);
		if (!m->buf) {
			err = -ENOMEM;
			goto done;
		}
	}
	/* First what the last read left in the buffer. */
	if (m->count) {
		n = min(m->count, size);
		if (copy_to_user(buf, m->buf + m->from, n)) {
			err = -EFAULT;
			goto done;
		}
		m->count -= n;
		m->from += n;
		copied += n;
		if (m->count || copied == size)
			goto done;
	}
	p = seq_first_record(m);
	if (!p || IS_ERR(p)) {
		err = PTR_ERR_OR_ZERO(p);
		goto done;
	}
	seq_fill(m, p, size - copied);
	n = min(m->count, size - copied);
	if (copy_to_user(buf + copied, m->buf, n)) {
		err = -EFAULT;
		goto done;
	}
	copied += n;
	m->count -= n;
	m->from = n;
done:
	if (copied) {
		*ppos += copied;
		m->read_pos += copied;
	}
	mutex_unlock(&m->lock);
	return copied ? (ssize_t)copied : err;
}

loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	struct seq_file *m = file->private_data;
	loff_t ret = -EINVAL;

	mutex_lock(&m->lock);
	switch (whence) {
	case SEEK_CUR:
		offset += file->f_pos;
		fallthrough;
	case SEEK_SET:
		if (offset < 0)
			break;
		/* The next read replays the records up to here (seq_seek_to). */
		ret = offset;
		file->f_pos = offset;
		break;
	}
	mutex_unlock(&m->lock);
	return ret;
}

int seq_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	seq_buf_free(m);
	kfree(m);
	file->private_data = NULL;
	return 0;
}

void *__seq_open_private(struct file *file, const struct seq_operations *op, int psize)
{
	void *private = kzalloc(psize, GFP_KERNEL);
	struct seq_file *m;

	if (!private)
		return NULL;
	if (seq_open(file, op)) {
		kfree(private);
		return NULL;
	}
	m = file->private_data;
	m->private = private;
	return private;
}

int seq_open_private(struct file *file, const struct seq_operations *op, int psize)
{
	return __seq_open_private(file, op, psize) ? 0 : -ENOMEM;
}

int seq_release_private(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	kfree(m->private);
	m->private = NULL;
	return seq_release(inode, file);
}

/* ---- printing into the buffer; on overflow count becomes size ---- */

void seq_vprintf(struct seq_file *m, const char *fmt, va_list args)
{
	int len;

	if (m->count < m->size) {
		len = vsnprintf(m->buf + m->count, m->size - m->count, fmt, args);
		if (m->count + len < m->size) {
			m->count += len;
			return;
		}
	}
	seq_set_overflow(m);
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	seq_vprintf(m, fmt, args);
	va_end(args);
}

/* 0, or -1 when the text no longer fits (seq_read then retries larger), as Linux. */
int seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->count + len < m->size) {
		memcpy(m->buf + m->count, data, len);
		m->count += len;
		return 0;
	}
	seq_set_overflow(m);
	return -1;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	if (m->count >= m->size)
		return;
	m->buf[m->count++] = c;
}

void seq_pad(struct seq_file *m, char c)
{
	int size = m->pad_until - m->count;

	if (size > 0) {
		if (size + m->count > m->size) {
			seq_set_overflow(m);
			return;
		}
		memset(m->buf + m->count, ' ', size);
		m->count += size;
	}
	if (c)
		seq_putc(m, c);
}

void seq_put_decimal_ull(struct seq_file *m, const char *delimiter, unsigned long long num)
{
	seq_printf(m, "%s%llu", delimiter, num);
}

void seq_put_decimal_ll(struct seq_file *m, const char *delimiter, long long num)
{
	seq_printf(m, "%s%lld", delimiter, num);
}

/* ---- single_open: one record, the whole text ---- */

static void *single_start(struct seq_file *m, loff_t *pos)
{
	return *pos ? NULL : SEQ_START_TOKEN;
}

static void *single_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return NULL;
}

static void single_stop(struct seq_file *m, void *v)
{
}

int single_open(struct file *file, int (*show)(struct seq_file *m, void *v), void *data)
{
	struct seq_operations *op = kmalloc(sizeof(*op), GFP_KERNEL);
	int err;

	if (!op)
		return -ENOMEM;
	op->start = single_start;
	op->next = single_next;
	op->stop = single_stop;
	op->show = show;
	err = seq_open(file, op);
	if (err) {
		kfree(op);
		return err;
	}
	((struct seq_file *)file->private_data)->private = data;
	return 0;
}

/* As single_open, with a first buffer of size bytes (text known to be big). */
int single_open_size(struct file *file, int (*show)(struct seq_file *m, void *v), void *data,
		     size_t size)
{
	struct seq_file *m;
	char *buf;
	int err;

	size = PAGE_ALIGN(size);
	buf = seq_buf_alloc(size);
	if (!buf)
		return -ENOMEM;
	err = single_open(file, show, data);
	if (err) {
		free_pages_exact(buf, size);
		return err;
	}
	m = file->private_data;
	m->buf = buf;
	m->size = size;
	return 0;
}

int single_release(struct inode *inode, struct file *file)
{
	const struct seq_operations *op = ((struct seq_file *)file->private_data)->op;
	int err = seq_release(inode, file);

	kfree(op);
	return err;
}

/* ---- list iterators ---- */

struct list_head *seq_list_start(struct list_head *head, loff_t pos)
{
	struct list_head *lh;

	list_for_each(lh, head)
		if (pos-- == 0)
			return lh;
	return NULL;
}

/* As seq_list_start, with the head itself at position 0 (for a header line). */
struct list_head *seq_list_start_head(struct list_head *head, loff_t pos)
{
	if (!pos)
		return head;
	return seq_list_start(head, pos - 1);
}

struct list_head *seq_list_next(void *v, struct list_head *head, loff_t *ppos)
{
	struct list_head *lh = ((struct list_head *)v)->next;

	++*ppos;
	return lh == head ? NULL : lh;
}

/* For modules. */
EXPORT_SYMBOL(seq_open);
EXPORT_SYMBOL(seq_open_private);
EXPORT_SYMBOL(__seq_open_private);
EXPORT_SYMBOL(seq_read);
EXPORT_SYMBOL(seq_lseek);
EXPORT_SYMBOL(seq_release);
EXPORT_SYMBOL(seq_release_private);
EXPORT_SYMBOL(seq_vprintf);
EXPORT_SYMBOL(seq_printf);
EXPORT_SYMBOL(seq_puts);
EXPORT_SYMBOL(seq_putc);
EXPORT_SYMBOL(seq_write);
EXPORT_SYMBOL(seq_pad);
EXPORT_SYMBOL(seq_put_decimal_ull);
EXPORT_SYMBOL(seq_put_decimal_ll);
EXPORT_SYMBOL(single_open);
EXPORT_SYMBOL(single_open_size);
EXPORT_SYMBOL(single_release);
EXPORT_SYMBOL(seq_list_start);
EXPORT_SYMBOL(seq_list_start_head);
EXPORT_SYMBOL(seq_list_next);
