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

ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos)
{
	struct seq_file *m = file->private_data;

	return simple_read_from_buffer(buf, size, ppos, m->buf, m->count);
}

loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	struct seq_file *m = file->private_data;

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
