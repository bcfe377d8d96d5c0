/*
 * seq_file: a file's text made record by record, as Linux 6.1's.
 *
 * A seq_operations iterator walks the records: start(m, &pos) returns the
 * record at index pos (or NULL at the end), next(m, v, &pos) the one after
 * it (advancing pos), show(m, v) prints one record with seq_printf, stop(m,
 * v) undoes what start did (a lock, say). seq_read calls them as the reader
 * asks for bytes, keeping one buffer of text between reads, so a small read
 * of a big sequence and a seek anywhere both work: a read at an offset
 * other than where the last one ended replays the records from the start
 * to that offset.
 *
 * single_open is the one-record case: show prints the whole text, at the
 * first read (as Linux). Locking: m->lock, taken by seq_read and
 * seq_lseek, serialises the readers of one open file.
 */
#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/bug.h>
#include <linux/fs.h>

struct seq_operations;

struct seq_file {
	char *buf;
	size_t size;		/* room in buf */
	size_t from;		/* first byte of buf not yet read */
	size_t count;		/* bytes of buf not yet read; == size: overflowed */
	size_t pad_until;
	loff_t index;		/* the iterator's position */
	loff_t read_pos;	/* the file offset the buffer stands at */
	struct mutex lock;	/* serialises seq_read, seq_lseek on this file */
	const struct seq_operations *op;
	int poll_event;
	const struct file *file;
	void *private;
};

struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

/* show may return SEQ_SKIP to drop what it printed for this record. */
#define SEQ_SKIP 1

/* start's token for "the header line", before the first real record. */
#define SEQ_START_TOKEN ((void *)1)

/* The text no longer fits: seq_read retries the record with a bigger buffer. */
static inline bool seq_has_overflowed(struct seq_file *m)
{
	return m->count == m->size;
}

/* Where the next character goes, and how much room is left there. */
static inline size_t seq_get_buf(struct seq_file *m, char **bufp)
{
	BUG_ON(m->count > m->size);
	if (m->count < m->size)
		*bufp = m->buf + m->count;
	else
		*bufp = NULL;
	return m->size - m->count;
}

static inline void seq_commit(struct seq_file *m, int num)
{
	if (num < 0) {
		m->count = m->size;
	} else {
		BUG_ON(m->count + num > m->size);
		m->count += num;
	}
}

__printf(2, 0) void seq_vprintf(struct seq_file *m, const char *fmt, va_list args);
__printf(2, 3) void seq_printf(struct seq_file *m, const char *fmt, ...);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
int seq_write(struct seq_file *m, const void *data, size_t len);
void seq_pad(struct seq_file *m, char c);
void seq_put_decimal_ull(struct seq_file *m, const char *delimiter, unsigned long long num);
void seq_put_decimal_ll(struct seq_file *m, const char *delimiter, long long num);

int seq_open(struct file *file, const struct seq_operations *op);
int seq_open_private(struct file *file, const struct seq_operations *op, int psize);
void *__seq_open_private(struct file *file, const struct seq_operations *op, int psize);
ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);
int seq_release(struct inode *inode, struct file *file);
int seq_release_private(struct inode *inode, struct file *file);

int single_open(struct file *file, int (*show)(struct seq_file *m, void *v), void *data);
int single_open_size(struct file *file, int (*show)(struct seq_file *m, void *v), void *data,
		     size_t size);
int single_release(struct inode *inode, struct file *file);

/* Iterators over a list_head list, for start and next. */
struct list_head *seq_list_start(struct list_head *head, loff_t pos);
struct list_head *seq_list_start_head(struct list_head *head, loff_t pos);
struct list_head *seq_list_next(void *v, struct list_head *head, loff_t *ppos);

/* Linux's macro for a read-only seq_file with start/next/stop/show ops. */
#define DEFINE_SEQ_ATTRIBUTE(__name)						\
static int __name ## _open(struct inode *inode, struct file *file)		\
{										\
	int ret = seq_open(file, &__name ## _sops);				\
										\
	if (!ret && inode->i_private) {						\
		struct seq_file *seq_f = file->private_data;			\
										\
		seq_f->private = inode->i_private;				\
	}									\
	return ret;								\
}										\
										\
static const struct file_operations __name ## _fops = {				\
	.owner		= THIS_MODULE,						\
	.open		= __name ## _open,					\
	.read		= seq_read,						\
	.llseek		= seq_lseek,						\
	.release	= seq_release,						\
}

/* Linux's macro for a file whose whole text __name_show prints. */
#define DEFINE_SHOW_ATTRIBUTE(__name)						\
static int __name ## _open(struct inode *inode, struct file *file)		\
{										\
	return single_open(file, __name ## _show, inode->i_private);		\
}										\
										\
static const struct file_operations __name ## _fops = {				\
	.owner		= THIS_MODULE,						\
	.open		= __name ## _open,					\
	.read		= seq_read,						\
	.llseek		= seq_lseek,						\
	.release	= single_release,					\
}

#endif
