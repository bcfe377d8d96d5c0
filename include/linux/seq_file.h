/*
 * seq_file: building a file's text with printf-like calls, with Linux's
 * names. Two kinds: single_open, whose one "show" function writes the whole
 * text; and seq_open, whose seq_operations walk the records one at a time,
 * so a text of any length is made a buffer at a time, as the reader reads.
 */
#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/mutex.h>

struct seq_operations;

struct seq_file {
	char *buf;
	size_t size;		/* room in buf */
	size_t count;		/* bytes produced (may exceed size: then retry larger) */
	void *private;		/* the proc entry's data; seq_open: the opener's */
	/* seq_open files only, under lock: */
	const struct seq_operations *op;
	size_t from;		/* where in buf the bytes not yet read start */
	loff_t index;		/* the position start() is handed: the next record */
	loff_t read_pos;	/* the file offset the bytes read so far reach */
	struct mutex lock;	/* one read at a time walks the records */
};

/*
 * The iterator of a seq_open file. start(m, pos) returns the record at
 * *pos (NULL past the end), taking whatever lock the walk needs; next(m, v,
 * pos) advances *pos by one and returns that record; stop(m, v) drops the
 * lock; show(m, v) prints one record (0, SEQ_SKIP to drop it, or -errno).
 * A read may stop between any two records, and the next read calls start
 * again with the position of the first record it has not shown: start must
 * honour *pos, not begin again from the first record.
 */
struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

#define SEQ_SKIP 1

void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
int seq_write(struct seq_file *m, const void *data, size_t len);

struct file;
struct inode;

/*
 * A file whose whole text one show function prints, as Linux's
 * single_open: the text is made at open (Linux makes it at the first
 * read) and read from there with seq_read; single_release frees it.
 */
int single_open(struct file *file, int (*show)(struct seq_file *m, void *v), void *data);
int single_release(struct inode *inode, struct file *file);
/* For both kinds of file. seq_lseek of a seq_open file goes back to 0 only. */
ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);

/* A file read a record at a time through op; file->private_data is then the
 * struct seq_file, whose private the caller may set. seq_release frees it. */
int seq_open(struct file *file, const struct seq_operations *op);
int seq_release(struct inode *inode, struct file *file);

/* Run show(m, NULL) with a buffer big enough for all it writes; returns
 * 0 with m->buf holding m->count bytes (kfree it), or -ENOMEM. */
int seq_render(struct seq_file *m, int (*show)(struct seq_file *m, void *v), void *private);

#endif
