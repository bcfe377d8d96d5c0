// SPDX-License-Identifier: GPL-2.0
/*
 * seq_iter: /proc/seq_iter lists the numbers 0..count-1 through a
 * seq_file iterator, one record per number, as a driver lists its
 * objects: "N: " then N % 10 + 1 copies of a letter, or, for the number
 * wide_at, a record of wide bytes (longer than a page, so the buffer must
 * grow). Numbers divisible by skip (if skip > 0) are left out by show
 * returning SEQ_SKIP. The records are made as they are read, never all
 * at once.
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static unsigned int count = 100;
module_param(count, uint, 0444);
static unsigned int skip;
module_param(skip, uint, 0444);
static int wide_at = -1;
module_param(wide_at, int, 0444);
static unsigned int wide = 6000;
module_param(wide, uint, 0444);

static unsigned long starts;	/* how many times the walk began: one per buffer */

static void *seq_iter_start(struct seq_file *m, loff_t *pos)
{
	starts++;
	return *pos < count ? (void *)(unsigned long)(*pos + 1) : NULL;
}

static void *seq_iter_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return *pos < count ? (void *)(unsigned long)(*pos + 1) : NULL;
}

static void seq_iter_stop(struct seq_file *m, void *v)
{
}

static int seq_iter_show(struct seq_file *m, void *v)
{
	unsigned long n = (unsigned long)v - 1;
	unsigned int i, len = n == (unsigned long)wide_at ? wide : n % 10 + 1;

	if (skip && n % skip == 0)
		return SEQ_SKIP;
	seq_printf(m, "%lu: ", n);
	for (i = 0; i < len; i++)
		seq_putc(m, 'a' + n % 26);
	seq_putc(m, '\n');
	return 0;
}

static const struct seq_operations seq_iter_ops = {
	.start = seq_iter_start,
	.next = seq_iter_next,
	.stop = seq_iter_stop,
	.show = seq_iter_show,
};

static int seq_iter_open(struct inode *inode, struct file *file)
{
	return seq_open(file, &seq_iter_ops);
}

static const struct proc_ops seq_iter_proc_ops = {
	.proc_open = seq_iter_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = seq_release,
};

static int __init seq_iter_init(void)
{
	if (!proc_create("seq_iter", 0444, NULL, &seq_iter_proc_ops))
		return -ENOMEM;
	return 0;
}

static void __exit seq_iter_exit(void)
{
	remove_proc_entry("seq_iter", NULL);
	pr_info("seq_iter: the walk began %lu time(s)\n", starts);
}

module_init(seq_iter_init);
module_exit(seq_iter_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A /proc listing made a record at a time by a seq_file iterator");
