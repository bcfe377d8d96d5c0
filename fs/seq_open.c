/*
 * seq_open: a file printed by an iterator (struct seq_operations). As
 * single_open does (fs/seq_file.c), the text is rendered whole at open,
 * with a larger buffer if it did not fit, and then read from memory.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <linux/fs.h>

/* One walk over every record into m->buf; 0 or -errno. */
static int seq_walk(struct seq_file *m)
{
	const struct seq_operations *op = m->op;
	int err = 0;
	void *p;

	m->index = 0;
	p = op->start(m, &m->index);
	while (p && !IS_ERR(p)) {
		err = op->show(m, p);
		if (err < 0)
			break;
		err = 0;	/* SEQ_SKIP: nothing was meant to be printed */
		p = op->next(m, p, &m->index);
	}
	if (IS_ERR(p))
		err = PTR_ERR(p);
	op->stop(m, p);
	return err;
}

static int seq_render_walk(struct seq_file *m, void *unused)
{
	return seq_walk(m);
}

int seq_open(struct file *file, const struct seq_operations *op)
{
	struct seq_file *m = kzalloc(sizeof(*m), GFP_KERNEL);
	int err;

	if (!m)
		return -ENOMEM;
	m->op = op;
	m->file = file;
	err = seq_render(m, seq_render_walk, NULL);
	if (err) {
		kfree(m);
		return err;
	}
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

EXPORT_SYMBOL(seq_open);
EXPORT_SYMBOL(seq_release);
