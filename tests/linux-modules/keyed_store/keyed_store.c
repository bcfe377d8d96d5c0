// SPDX-License-Identifier: GPL-2.0
/*
 * keyed_store - records kept by key in a red-black tree, each with a
 * handle from an IDR, and a small pool of slot numbers from an IDA.
 *
 * /proc/keyed_store lists the records in key order ("key K id I").
 * Writing "add K" stores a record with key K (-EEXIST if there is one),
 * "del K" removes it (-ENOENT if there is none); anything else is -EINVAL.
 * At load time `preload` records with keys 1..preload are stored, and the
 * IDA pool of `slots` numbers is filled and partly emptied to show that
 * freed numbers come back lowest first.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/rbtree.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

static unsigned int preload = 8;
module_param(preload, uint, 0444);
static unsigned int slots = 4;
module_param(slots, uint, 0444);

struct record {
	struct rb_node node;
	int key;
	int id;
};

static struct rb_root records = RB_ROOT;
static DEFINE_IDR(handles);
static DEFINE_IDA(pool);
static DEFINE_MUTEX(store_lock);	/* protects records and handles */

static int record_cmp(const void *key, const struct rb_node *n)
{
	int k = *(const int *)key, nk = rb_entry(n, struct record, node)->key;

	return k < nk ? -1 : k > nk;
}

static int record_node_cmp(struct rb_node *a, const struct rb_node *b)
{
	return record_cmp(&rb_entry(a, struct record, node)->key, b);
}

/* Called with store_lock held. */
static int record_add(int key)
{
	struct record *r = kzalloc(sizeof(*r), GFP_KERNEL);
	int id;

	if (!r)
		return -ENOMEM;
	r->key = key;
	if (rb_find_add(&r->node, &records, record_node_cmp)) {
		kfree(r);
		return -EEXIST;
	}
	id = idr_alloc(&handles, r, 1, 0, GFP_KERNEL);
	if (id < 0) {
		rb_erase(&r->node, &records);
		kfree(r);
		return id;
	}
	r->id = id;
	return 0;
}

/* Called with store_lock held. */
static int record_del(int key)
{
	struct rb_node *n = rb_find(&key, &records, record_cmp);
	struct record *r;

	if (!n)
		return -ENOENT;
	r = rb_entry(n, struct record, node);
	rb_erase(n, &records);
	if (idr_remove(&handles, r->id) != r)
		pr_err("keyed_store: handle %d did not point at key %d\n", r->id, key);
	kfree(r);
	return 0;
}

static int keyed_store_show(struct seq_file *m, void *v)
{
	struct rb_node *n;

	mutex_lock(&store_lock);
	for (n = rb_first(&records); n; n = rb_next(n)) {
		struct record *r = rb_entry(n, struct record, node);

		seq_printf(m, "key %d id %d\n", r->key, r->id);
	}
	mutex_unlock(&store_lock);
	return 0;
}

static int keyed_store_open(struct inode *inode, struct file *file)
{
	return single_open(file, keyed_store_show, NULL);
}

static ssize_t keyed_store_write(struct file *file, const char __user *ubuf, size_t count,
				 loff_t *ppos)
{
	char buf[32], op[4];
	int key, ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%3s %d", op, &key) != 2)
		return -EINVAL;
	mutex_lock(&store_lock);
	if (!strcmp(op, "add"))
		ret = record_add(key);
	else if (!strcmp(op, "del"))
		ret = record_del(key);
	else
		ret = -EINVAL;
	mutex_unlock(&store_lock);
	return ret ? ret : count;
}

static const struct proc_ops keyed_store_ops = {
	.proc_open	= keyed_store_open,
	.proc_read	= seq_read,
	.proc_write	= keyed_store_write,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
};

/* Fill the pool, free two numbers, and take two again: the same two. */
static void pool_demo(void)
{
	int got[8], i, n = 0, again1, again2, extra;

	for (i = 0; i < ARRAY_SIZE(got); i++) {
		got[i] = ida_alloc_max(&pool, slots - 1, GFP_KERNEL);
		if (got[i] < 0)
			break;
		n++;
	}
	extra = n < ARRAY_SIZE(got) ? got[n] : 0;
	if (n >= 3) {
		ida_free(&pool, got[2]);
		ida_free(&pool, got[0]);
		again1 = ida_alloc_max(&pool, slots - 1, GFP_KERNEL);
		again2 = ida_alloc_max(&pool, slots - 1, GFP_KERNEL);
		pr_info("keyed_store: pool gave %d numbers, then %d; after freeing 0 and 2: %d %d\n",
			n, extra, again1, again2);
	}
	ida_destroy(&pool);
	pr_info("keyed_store: pool empty after destroy: %d\n", ida_is_empty(&pool));
}

static int __init keyed_store_init(void)
{
	unsigned int i;
	int ret = 0;

	if (!slots || slots > 8) {
		pr_err("keyed_store: slots must be 1..8\n");
		return -EINVAL;
	}
	mutex_lock(&store_lock);
	/* Keys inserted out of order: the tree keeps them sorted. */
	for (i = 0; i < preload && !ret; i++)
		ret = record_add(i % 2 ? preload - i / 2 : i / 2 + 1);
	mutex_unlock(&store_lock);
	if (ret)
		goto fail;
	pool_demo();
	if (!proc_create("keyed_store", 0666, NULL, &keyed_store_ops)) {
		ret = -ENOMEM;
		goto fail;
	}
	pr_info("keyed_store: %u records\n", preload);
	return 0;
fail:
	while (!RB_EMPTY_ROOT(&records))
		record_del(rb_entry(records.rb_node, struct record, node)->key);
	idr_destroy(&handles);
	return ret;
}

static void __exit keyed_store_exit(void)
{
	struct record *r, *n;
	unsigned int left = 0;
	int id;

	remove_proc_entry("keyed_store", NULL);
	idr_for_each_entry(&handles, r, id)
		left++;
	rbtree_postorder_for_each_entry_safe(r, n, &records, node)
		kfree(r);
	idr_destroy(&handles);
	pr_info("keyed_store: freed %u records, idr empty %d\n", left, idr_is_empty(&handles));
}

module_init(keyed_store_init);
module_exit(keyed_store_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Records in an rbtree with IDR handles, and an IDA pool");
