// SPDX-License-Identifier: GPL-2.0
/*
 * rcu_readers - readers on every CPU walk an RCU list while one updater
 * keeps replacing its entries.
 *
 * The list holds `entries` entries. One reader thread per online CPU walks
 * it under rcu_read_lock() and checks each entry's magic; the updater
 * replaces a random entry `updates` times (list_replace_rcu), and frees
 * the old one three ways in turn: synchronize_rcu() then kfree, call_rcu
 * with a callback, and kfree_rcu. Before an entry is freed its magic is
 * overwritten, so a reader that could still see a freed entry would count
 * a stale one. Readers also leave a note of their walk count on an llist
 * that the updater collects at the end. /proc/rcu_readers shows the
 * totals; the module's exit stops the threads and waits for pending
 * callbacks (rcu_barrier) before its code goes away.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/kthread.h>
#include <linux/rculist.h>
#include <linux/llist.h>
#include <linux/random.h>
#include <linux/delay.h>
#include <linux/completion.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#define LIVE_MAGIC	0x11feu
#define DEAD_MAGIC	0xdeadu

static unsigned int entries = 16;
module_param(entries, uint, 0444);
static unsigned int updates = 3000;
module_param(updates, uint, 0444);

struct entry {
	struct list_head link;
	struct rcu_head rcu;
	unsigned int magic;
	unsigned int value;
};

struct note {
	struct llist_node node;
	unsigned int cpu;
	unsigned long walks;
};

static LIST_HEAD(items);
static DEFINE_SPINLOCK(items_lock);	/* serialises updaters of items */
static LLIST_HEAD(notes);
static struct task_struct *readers[NR_CPUS], *updater;
static atomic_t stale = ATOMIC_INIT(0), walks = ATOMIC_INIT(0), callbacks = ATOMIC_INIT(0);
static unsigned int done_updates, nr_readers;
static DECLARE_COMPLETION(updates_done);

static void entry_free_cb(struct rcu_head *head)
{
	struct entry *e = container_of(head, struct entry, rcu);

	e->magic = DEAD_MAGIC;
	atomic_inc(&callbacks);
	kfree(e);
}

static int reader_fn(void *arg)
{
	unsigned long n = 0;
	struct entry *e;
	struct note *note;

	while (!kthread_should_stop()) {
		rcu_read_lock();
		list_for_each_entry_rcu(e, &items, link) {
			if (READ_ONCE(e->magic) != LIVE_MAGIC)
				atomic_inc(&stale);
		}
		rcu_read_unlock();
		n++;
		atomic_inc(&walks);
		if (!(n & 63))
			cond_resched();
	}
	note = kmalloc(sizeof(*note), GFP_KERNEL);
	if (note) {
		note->cpu = (unsigned long)arg;
		note->walks = n;
		llist_add(&note->node, &notes);
	}
	return 0;
}

static int updater_fn(void *arg)
{
	unsigned int i;

	for (i = 0; i < updates && !kthread_should_stop(); i++) {
		struct entry *new = kmalloc(sizeof(*new), GFP_KERNEL), *old = NULL, *e;
		unsigned int victim = get_random_u32() % entries, k = 0;

		if (!new)
			break;
		new->magic = LIVE_MAGIC;
		new->value = i;
		spin_lock(&items_lock);
		list_for_each_entry(e, &items, link) {
			if (k++ == victim) {
				old = e;
				break;
			}
		}
		list_replace_rcu(&old->link, &new->link);
		spin_unlock(&items_lock);
		switch (i % 3) {
		case 0:
			synchronize_rcu();
			old->magic = DEAD_MAGIC;
			kfree(old);
			break;
		case 1:
			call_rcu(&old->rcu, entry_free_cb);
			break;
		default:
			kfree_rcu(old, rcu);
			break;
		}
		done_updates = i + 1;
	}
	complete(&updates_done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static int rcu_readers_show(struct seq_file *m, void *v)
{
	seq_printf(m, "readers %u updates %u/%u stale %d callbacks %d walks %s\n", nr_readers,
		   done_updates, updates, atomic_read(&stale), atomic_read(&callbacks),
		   atomic_read(&walks) > 0 ? "yes" : "no");
	return 0;
}

static void free_items(void)
{
	struct entry *e, *n;

	list_for_each_entry_safe(e, n, &items, link) {
		list_del(&e->link);
		kfree(e);
	}
}

static void stop_threads(void)
{
	unsigned int cpu;

	if (updater)
		kthread_stop(updater);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (readers[cpu])
			kthread_stop(readers[cpu]);
}

static int __init rcu_readers_init(void)
{
	unsigned int i, cpu;
	int ret = -ENOMEM;

	if (!entries || !updates)
		return -EINVAL;
	for (i = 0; i < entries; i++) {
		struct entry *e = kmalloc(sizeof(*e), GFP_KERNEL);

		if (!e)
			goto fail;
		e->magic = LIVE_MAGIC;
		e->value = i;
		list_add_tail_rcu(&e->link, &items);
	}
	for_each_online_cpu(cpu) {
		struct task_struct *t = kthread_create(reader_fn, (void *)(unsigned long)cpu,
						       "rcu_reader/%u", cpu);

		if (IS_ERR(t)) {
			ret = PTR_ERR(t);
			goto fail;
		}
		kthread_bind(t, cpu);
		readers[cpu] = t;
		nr_readers++;
		wake_up_process(t);
	}
	updater = kthread_run(updater_fn, NULL, "rcu_updater");
	if (IS_ERR(updater)) {
		ret = PTR_ERR(updater);
		updater = NULL;
		goto fail;
	}
	if (!proc_create_single("rcu_readers", 0444, NULL, rcu_readers_show))
		goto fail;
	pr_info("rcu_readers: %u readers, %u entries, %u updates\n", nr_readers, entries,
		updates);
	return 0;
fail:
	stop_threads();
	rcu_barrier();
	free_items();
	return ret;
}

static void __exit rcu_readers_exit(void)
{
	struct llist_node *batch;
	struct note *note, *tmp;
	unsigned int notes_seen = 0;

	remove_proc_entry("rcu_readers", NULL);
	stop_threads();
	batch = llist_reverse_order(llist_del_all(&notes));
	llist_for_each_entry_safe(note, tmp, batch, node) {
		if (note->walks)
			notes_seen++;
		kfree(note);
	}
	rcu_barrier();	/* entry_free_cb is in this module */
	free_items();
	pr_info("rcu_readers: %u updates, %d stale, %u readers walked, callbacks %d\n",
		done_updates, atomic_read(&stale), notes_seen, atomic_read(&callbacks));
}

module_init(rcu_readers_init);
module_exit(rcu_readers_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("RCU list readers on every CPU against a replacing updater");
