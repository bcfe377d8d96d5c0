/*
 * seq_file: building a file's text with printf-like calls, with Linux's
 * names. A "show" function writes the whole text with seq_printf; the file
 * is then read from that text.
 */
#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H

#include <linux/types.h>
#include <linux/compiler.h>

struct seq_file {
	char *buf;
	size_t size;		/* room in buf */
	size_t count;		/* bytes produced (may exceed size: then retry larger) */
	void *private;		/* the proc entry's data */
	/* seq_open's files (fs/seq_open.c): */
	const struct seq_operations *op;
	loff_t index;		/* the iterator's position while rendering */
	struct file *file;
};

#define SEQ_SKIP	1	/* a show's "print nothing for this record" */

/* A file printed record by record, as Linux's: start gives the record at
 * *pos (NULL: none), next the one after it (advancing *pos), stop ends the
 * walk, show prints one record. */
struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};

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
ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);

/*
 * Open file with the iterator op: like single_open, the whole text is made
 * at open (one walk from position 0: start, then show and next for each
 * record, then stop), and read from there with seq_read; seq_release
 * frees it. 0 or -errno (an error from start or show, or -ENOMEM).
 */
int seq_open(struct file *file, const struct seq_operations *op);
int seq_release(struct inode *inode, struct file *file);

/* Run show(m, NULL) with a buffer big enough for all it writes; returns
 * 0 with m->buf holding m->count bytes (kfree it), or -ENOMEM. */
int seq_render(struct seq_file *m, int (*show)(struct seq_file *m, void *v), void *private);

#endif
