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
};

void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
void seq_write(struct seq_file *m, const void *data, size_t len);

/* Run show(m, NULL) with a buffer big enough for all it writes; returns
 * 0 with m->buf holding m->count bytes (kfree it), or -ENOMEM. */
int seq_render(struct seq_file *m, int (*show)(struct seq_file *m, void *v), void *private);

#endif
