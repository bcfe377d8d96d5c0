/*
 * kvstore: a table of (key, value) pairs that other modules use through
 * three exported functions, and a /proc file that lists it.
 *
 *	insmod /lab/kvstore.ko
 *	insmod /lab/kvclient.ko keys=5,17,3 base=100
 *	cat /proc/kvstore		(one "KEY VALUE" line per pair, by key)
 *	lsmod				(kvstore is used by kvclient)
 *	rmmod kvclient; rmmod kvstore
 *
 * kv_put and kv_get are EXPORT_SYMBOL: any module may call them. kv_del is
 * EXPORT_SYMBOL_GPL: only modules with a GPL-compatible licence may; the
 * loader refuses a proprietary module that calls it. A module that calls
 * any of them depends on kvstore: it cannot be loaded before kvstore, and
 * kvstore cannot be removed while it is loaded.
 *
 * /proc/kvstore is a seq_file walked one pair at a time (seq_operations),
 * so the listing may be far longer than one page: each read() fills a
 * page, and the next read() starts the walk again at the position where
 * the last one stopped.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "kvstore.h"

struct kv_pair {
	struct list_head node;	/* in kv_list, by increasing key */
	u32 key;
	long value;
};

static LIST_HEAD(kv_list);
static DEFINE_MUTEX(kv_lock);	/* protects kv_list and kv_count */
static unsigned int kv_count;
static struct proc_dir_entry *kv_proc;

/* The pair of key, or the pair before which it would go (the list's head
 * if it would go last). Under kv_lock. */
static struct kv_pair *kv_find(u32 key, struct list_head **before)
{
	struct kv_pair *p;

	list_for_each_entry(p, &kv_list, node) {
		if (p->key == key)
			return p;
		if (p->key > key) {
			*before = &p->node;
			return NULL;
		}
	}
	*before = &kv_list;
	return NULL;
}

int kv_put(u32 key, long value)
{
	struct kv_pair *p, *fresh;
	struct list_head *before;

	/* Allocated before the lock, so the lock is never held across a
	 * sleeping allocation; freed unused if the key is already there. */
	fresh = kmalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;
	mutex_lock(&kv_lock);
	p = kv_find(key, &before);
	if (p) {
		p->value = value;
	} else {
		fresh->key = key;
		fresh->value = value;
		list_add_tail(&fresh->node, before);
		kv_count++;
		fresh = NULL;
	}
	mutex_unlock(&kv_lock);
	kfree(fresh);
	return 0;
}
/* LAB(exports) BEGIN: export kv_put to every module */
EXPORT_SYMBOL(kv_put);
/* LAB(exports) END */

int kv_get(u32 key, long *value)
{
	struct list_head *before;
	struct kv_pair *p;
	int ret = -ENOENT;

	mutex_lock(&kv_lock);
	p = kv_find(key, &before);
	if (p) {
		*value = p->value;
		ret = 0;
	}
	mutex_unlock(&kv_lock);
	return ret;
}
/* LAB(exports) BEGIN: export kv_get to every module */
EXPORT_SYMBOL(kv_get);
/* LAB(exports) END */

int kv_del(u32 key)
{
	struct list_head *before;
	struct kv_pair *p;

	mutex_lock(&kv_lock);
	p = kv_find(key, &before);
	if (p) {
		list_del(&p->node);
		kv_count--;
	}
	mutex_unlock(&kv_lock);
	if (!p)
		return -ENOENT;
	kfree(p);
	return 0;
}
/* LAB(exports) BEGIN: export kv_del to GPL-compatible modules only */
EXPORT_SYMBOL_GPL(kv_del);
/* LAB(exports) END */

/*
 * The walk of /proc/kvstore. start takes kv_lock and returns the pair at
 * *pos; next moves to the following pair and counts *pos on; stop drops the
 * lock. Between two reads the lock is free and the list may change: a
 * read then goes on from position *pos of the list as it is now.
 */
static void *kv_seq_start(struct seq_file *m, loff_t *pos)
{
	/* LAB(exports) BEGIN: take kv_lock, then return the pair at position *pos (NULL past the end) */
	struct kv_pair *p;
	loff_t i = 0;

	mutex_lock(&kv_lock);
	list_for_each_entry(p, &kv_list, node)
		if (i++ == *pos)
			return p;
	return NULL;
	/* LAB(exports) SKEL
	mutex_lock(&kv_lock);
	return NULL;
	*/
	/* LAB(exports) END */
}

static void *kv_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	/* LAB(exports) BEGIN: count *pos on, then return the pair after v (NULL after the last) */
	struct kv_pair *p = v;

	++*pos;
	if (list_is_last(&p->node, &kv_list))
		return NULL;
	return list_next_entry(p, node);
	/* LAB(exports) SKEL
	++*pos;
	return NULL;
	*/
	/* LAB(exports) END */
}

static void kv_seq_stop(struct seq_file *m, void *v)
{
	mutex_unlock(&kv_lock);
}

static int kv_seq_show(struct seq_file *m, void *v)
{
	/* LAB(exports) BEGIN: print the pair as "KEY VALUE" and a newline */
	struct kv_pair *p = v;

	seq_printf(m, "%u %ld\n", p->key, p->value);
	/* LAB(exports) END */
	return 0;
}

static const struct seq_operations kv_seq_ops = {
	.start = kv_seq_start,
	.next = kv_seq_next,
	.stop = kv_seq_stop,
	.show = kv_seq_show,
};

static int kv_proc_open(struct inode *inode, struct file *file)
{
	return seq_open(file, &kv_seq_ops);
}

static const struct proc_ops kv_proc_ops = {
	.proc_open = kv_proc_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = seq_release,
};

static int __init kvstore_init(void)
{
	/* LAB(exports) BEGIN: create /proc/kvstore (mode 0444) with kv_proc_ops; -ENOMEM if that fails */
	kv_proc = proc_create("kvstore", 0444, NULL, &kv_proc_ops);
	if (!kv_proc)
		return -ENOMEM;
	/* LAB(exports) SKEL
	(void)kv_proc_ops, (void)kv_proc;
	*/
	/* LAB(exports) END */
	pr_info("kvstore: ready\n");
	return 0;
}

static void __exit kvstore_exit(void)
{
	struct kv_pair *p, *n;

	/* LAB(exports) BEGIN: remove /proc/kvstore before the code its reads run goes away */
	proc_remove(kv_proc);
	/* LAB(exports) END */
	/* No user is left (kvstore is unloaded only when no module uses it)
	 * and the proc file is gone: the list is ours alone. */
	list_for_each_entry_safe(p, n, &kv_list, node)
		kfree(p);
	pr_info("kvstore: unloaded with %u pair(s)\n", kv_count);
}

module_init(kvstore_init);
module_exit(kvstore_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A key-value table that other modules use through exported functions");
