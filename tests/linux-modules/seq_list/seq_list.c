/*
 * seq_list.c - a shopping list in /proc/shopping, printed with a
 * seq_file iterator: one record per item, a header line first.
 *
 * Items are added by writing "NAME COUNT" to the file; the list lives
 * under a mutex that start takes and stop drops, so a reader sees a list
 * that does not change under it.
 *
 * Module parameter: items=N fills the list with N numbered items at load.
 */
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#define PROCFS_NAME "shopping"

struct item {
	struct list_head node;
	char name[24];
	unsigned int count;
};

static LIST_HEAD(shopping);
static DEFINE_MUTEX(shopping_lock);
static struct proc_dir_entry *entry;

static int items = 3;
module_param(items, int, 0444);
MODULE_PARM_DESC(items, "numbered items to start the list with");

static void *shopping_start(struct seq_file *s, loff_t *pos)
{
	mutex_lock(&shopping_lock);
	return seq_list_start_head(&shopping, *pos);
}

static void *shopping_next(struct seq_file *s, void *v, loff_t *pos)
{
	return seq_list_next(v, &shopping, pos);
}

static void shopping_stop(struct seq_file *s, void *v)
{
	mutex_unlock(&shopping_lock);
}

static int shopping_show(struct seq_file *s, void *v)
{
	struct item *it;

	if (v == &shopping) {
		seq_puts(s, "item                     count\n");
		return 0;
	}
	it = list_entry(v, struct item, node);
	/* An item with count 0 is crossed off: print nothing for it. */
	if (!it->count)
		return SEQ_SKIP;
	seq_printf(s, "%-24s %5u", it->name, it->count);
	seq_putc(s, '\n');
	return 0;
}

static const struct seq_operations shopping_seq_ops = {
	.start = shopping_start,
	.next = shopping_next,
	.stop = shopping_stop,
	.show = shopping_show,
};

static int shopping_open(struct inode *inode, struct file *file)
{
	return seq_open(file, &shopping_seq_ops);
}

static int add_item(const char *name, unsigned int count)
{
	struct item *it = kzalloc(sizeof(*it), GFP_KERNEL);

	if (!it)
		return -ENOMEM;
	strscpy(it->name, name, sizeof(it->name));
	it->count = count;
	mutex_lock(&shopping_lock);
	list_add_tail(&it->node, &shopping);
	mutex_unlock(&shopping_lock);
	return 0;
}

static ssize_t shopping_write(struct file *file, const char __user *buf, size_t len,
			      loff_t *off)
{
	char line[40], name[24];
	unsigned int count;
	int err;

	if (len >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, buf, len))
		return -EFAULT;
	line[len] = '\0';
	if (sscanf(line, "%23s %u", name, &count) != 2)
		return -EINVAL;
	err = add_item(name, count);
	return err ? err : len;
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 6, 0)
static const struct proc_ops shopping_fops = {
	.proc_open = shopping_open,
	.proc_read = seq_read,
	.proc_write = shopping_write,
	.proc_lseek = seq_lseek,
	.proc_release = seq_release,
};
#else
static const struct file_operations shopping_fops = {
	.open = shopping_open,
	.read = seq_read,
	.write = shopping_write,
	.llseek = seq_lseek,
	.release = seq_release,
};
#endif

static void free_items(void)
{
	struct item *it, *tmp;

	list_for_each_entry_safe(it, tmp, &shopping, node) {
		list_del(&it->node);
		kfree(it);
	}
}

static int __init seq_list_init(void)
{
	char name[24];
	int i, err;

	for (i = 0; i < items; i++) {
		snprintf(name, sizeof(name), "thing-%d", i);
		/* Every seventh is crossed off already. */
		err = add_item(name, i % 7 == 6 ? 0 : i + 1);
		if (err)
			goto fail;
	}
	entry = proc_create(PROCFS_NAME, 0644, NULL, &shopping_fops);
	if (!entry) {
		err = -ENOMEM;
		goto fail;
	}
	pr_info("/proc/%s created with %d items\n", PROCFS_NAME, items);
	return 0;
fail:
	free_items();
	return err;
}

static void __exit seq_list_exit(void)
{
	proc_remove(entry);
	free_items();
	pr_info("/proc/%s removed\n", PROCFS_NAME);
}

module_init(seq_list_init);
module_exit(seq_list_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A list printed through a seq_file iterator");
