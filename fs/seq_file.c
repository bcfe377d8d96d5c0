/*
 * seq_file: a show function prints into a buffer; if the buffer was too
 * small the text is counted anyway, and seq_render runs show again with a
 * buffer of the size that was needed.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/err.h>
#include <linux/printk.h>

/* -1 when the text no longer fits (seq_render then retries larger), as Linux. */
int seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->count < m->size)
		memcpy(m->buf + m->count, data, min(len, m->size - m->count));
	m->count += len;
	return m->count <= m->size ? 0 : -1;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list args;
	size_t room = m->count < m->size ? m->size - m->count : 0;
	int n;

	va_start(args, fmt);
	n = vsnprintf(room ? m->buf + m->count : NULL, room, fmt, args);
	va_end(args);
	m->count += n;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}

int seq_render(struct seq_file *m, int (*show)(struct seq_file *m, void *v), void *private)
{
	size_t size = 1024;
	int err;

	for (;;) {
		m->buf = kmalloc(size, GFP_KERNEL);
		if (!m->buf)
			return -ENOMEM;
		m->size = size;
		m->count = 0;
		m->private = private;
		err = show(m, NULL);
		if (err) {
			kfree(m->buf);
			return err;
		}
		if (m->count <= m->size)
			return 0;
		size = ALIGN(m->count, 1024);
		kfree(m->buf);
	}
}

int single_open(struct file *file, int (*show)(struct seq_file *m, void *v), void *data)
{
	struct seq_file *m = kzalloc(sizeof(*m), GFP_KERNEL);
	int err;

	if (!m)
		return -ENOMEM;
	err = seq_render(m, show, data);
	if (err) {
		kfree(m);
		return err;
	}
	file->private_data = m;
	return 0;
}

int single_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	kfree(m->buf);
	kfree(m);
	file->private_data = NULL;
	return 0;
}

int seq_open(struct file *file, const struct seq_operations *op)
{
	struct seq_file *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return -ENOMEM;
	m->op = op;
	mutex_init(&m->lock);
	file->private_data = m;
	return 0;
}

int seq_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	kfree(m->buf);
	kfree(m);
	file->private_data = NULL;
	return 0;
}

/* Linux's test: a record that reaches the end of the buffer may have been cut. */
static bool seq_overflowed(struct seq_file *m)
{
	return m->count >= m->size;
}

/*
 * Put one whole record in m->buf, at m->index: doubling the buffer until
 * the first record fits. Returns the record (the walk still started), NULL
 * at the end (the walk stopped), or an ERR_PTR (stopped).
 */
static void *seq_first_record(struct seq_file *m)
{
	void *p = m->op->start(m, &m->index);
	int err;

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
		if (!m->count) {
			p = m->op->next(m, p, &m->index);
			continue;
		}
		if (!seq_overflowed(m))
			return p;
		m->op->stop(m, p);
		kfree(m->buf);
		m->count = 0;
		m->size <<= 1;
		m->buf = kmalloc(m->size, GFP_KERNEL);
		if (!m->buf)
			return ERR_PTR(-ENOMEM);
		p = m->op->start(m, &m->index);
	}
	m->op->stop(m, p);
	m->count = 0;
	return p;
}

/* After record p, add records while they fit and the reader wants more;
 * the iterator moves on once per record shown. Stops the walk. */
static void seq_more_records(struct seq_file *m, void *p, size_t want)
{
	for (;;) {
		size_t offs = m->count;
		loff_t pos = m->index;
		int err;

		p = m->op->next(m, p, &m->index);
		if (pos == m->index) {
			pr_info_ratelimited("seq_file: a .next function did not move the position on\n");
			m->index++;
		}
		if (!p || IS_ERR(p) || m->count >= want)
			break;
		err = m->op->show(m, p);
		if (err > 0) {
			m->count = offs;
		} else if (err || seq_overflowed(m)) {
			m->count = offs;	/* shown again by the next read */
			break;
		}
	}
	m->op->stop(m, p);
}

/* Read a seq_open file: what is left of the last buffer, then a new
 * buffer of records from m->index. Reads must be sequential (or from 0). */
static ssize_t seq_read_records(struct seq_file *m, char __user *buf, size_t size, loff_t *ppos)
{
	size_t copied = 0, n;
	ssize_t err = 0;
	void *p;

	mutex_lock(&m->lock);
	if (*ppos != m->read_pos) {
		if (*ppos) {
			err = -ESPIPE;
			goto out;
		}
		m->index = 0;		/* back to the start: walk again */
		m->count = 0;
		m->read_pos = 0;
	}
	if (!m->buf) {
		m->size = PAGE_SIZE;
		m->buf = kmalloc(m->size, GFP_KERNEL);
		if (!m->buf) {
			err = -ENOMEM;
			goto out;
		}
	}
	if (m->count) {
		n = min(m->count, size);
		if (copy_to_user(buf, m->buf + m->from, n)) {
			err = -EFAULT;
			goto out;
		}
		m->count -= n;
		m->from += n;
		copied += n;
		if (copied == size)
			goto done;
	}
	m->from = 0;
	p = seq_first_record(m);
	if (!p || IS_ERR(p)) {
		err = IS_ERR(p) ? PTR_ERR(p) : 0;
		goto done;
	}
	seq_more_records(m, p, size - copied);
	n = min(m->count, size - copied);
	if (copy_to_user(buf + copied, m->buf, n)) {
		err = -EFAULT;
		goto done;
	}
	copied += n;
	m->count -= n;
	m->from = n;
done:
	*ppos += copied;
	m->read_pos += copied;
out:
	mutex_unlock(&m->lock);
	return copied ? (ssize_t)copied : err;
}

ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos)
{
	struct seq_file *m = file->private_data;

	if (m->op)
		return seq_read_records(m, buf, size, ppos);
	return simple_read_from_buffer(buf, size, ppos, m->buf, m->count);
}

loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	struct seq_file *m = file->private_data;

	if (m->op) {
		/* The text is made as it is read, so its length is unknown:
		 * only a rewind (which seq_read_records notices) is allowed. */
		if (whence == SEEK_CUR)
			offset += file->f_pos;
		if ((whence != SEEK_SET && whence != SEEK_CUR) || offset)
			return -EINVAL;
		file->f_pos = 0;
		return 0;
	}
	return fixed_size_llseek(file, offset, whence, m->count);
}

/* For modules. */
EXPORT_SYMBOL(seq_printf);
EXPORT_SYMBOL(seq_puts);
EXPORT_SYMBOL(seq_putc);
EXPORT_SYMBOL(seq_write);
EXPORT_SYMBOL(single_open);
EXPORT_SYMBOL(single_release);
EXPORT_SYMBOL(seq_read);
EXPORT_SYMBOL(seq_lseek);
EXPORT_SYMBOL(seq_open);
EXPORT_SYMBOL(seq_release);
