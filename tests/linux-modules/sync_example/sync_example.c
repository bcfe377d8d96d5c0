// SPDX-License-Identifier: GPL-2.0
/*
 * sync_example.c - a producer and consumers on kernel threads, in the
 * style of LDD3's scull: a semaphore counts free slots, an rw-semaphore
 * guards the statistics, a wait queue wakes the consumers, a completion
 * tells the exit that each thread is done, and each item is a kref'd
 * object freed by whoever drops the last reference.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/kthread.h>
#include <linux/semaphore.h>
#include <linux/rwsem.h>
#include <linux/wait.h>
#include <linux/completion.h>
#include <linux/kref.h>
#include <linux/refcount.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>

static int items = 200;
module_param(items, int, 0444);
MODULE_PARM_DESC(items, "how many items the producer makes");
#define SLOTS 4
#define CONSUMERS 3

struct item {
	struct kref ref;
	int seq;
	struct list_head list;
};

static DEFINE_SEMAPHORE(start_gate);		/* 6.1's form: count 1 */
static struct semaphore free_slots;
static DECLARE_RWSEM(stats_sem);
static DECLARE_WAIT_QUEUE_HEAD(items_wq);
static DEFINE_SPINLOCK(queue_lock);
static LIST_HEAD(queue);
static int queued, produced, consumed, freed;
static bool producer_done;
static refcount_t users = REFCOUNT_INIT(1);
static struct completion done[CONSUMERS + 1];

static void item_release(struct kref *ref)
{
	kfree(container_of(ref, struct item, ref));
	down_write(&stats_sem);
	freed++;
	up_write(&stats_sem);
}

static int producer(void *unused)
{
	int i;

	down(&start_gate);		/* wait for init to open the gate */
	up(&start_gate);
	for (i = 0; i < items; i++) {
		struct item *it = kzalloc(sizeof(*it), GFP_KERNEL);

		if (!it)
			break;
		kref_init(&it->ref);
		it->seq = i;
		if (down_interruptible(&free_slots)) {
			kfree(it);
			break;
		}
		spin_lock(&queue_lock);
		list_add_tail(&it->list, &queue);
		queued++;
		spin_unlock(&queue_lock);
		down_write(&stats_sem);
		produced++;
		up_write(&stats_sem);
		wake_up_interruptible(&items_wq);
	}
	spin_lock(&queue_lock);
	producer_done = true;
	spin_unlock(&queue_lock);
	wake_up_all(&items_wq);
	kthread_complete_and_exit(&done[CONSUMERS], 0);
}

static struct item *take(void)
{
	struct item *it = NULL;

	spin_lock(&queue_lock);
	if (!list_empty(&queue)) {
		it = list_first_entry(&queue, struct item, list);
		list_del(&it->list);
		queued--;
	}
	spin_unlock(&queue_lock);
	return it;
}

static int consumer(void *arg)
{
	long id = (long)arg;

	refcount_inc(&users);
	for (;;) {
		struct item *it;
		long left = wait_event_interruptible_timeout(items_wq,
				READ_ONCE(queued) > 0 || READ_ONCE(producer_done), 5 * HZ);

		if (left <= 0)
			break;
		it = take();
		if (!it) {
			if (READ_ONCE(producer_done))
				break;
			continue;
		}
		up(&free_slots);
		kref_get(&it->ref);	/* ours while we look at it */
		down_write(&stats_sem);
		consumed++;
		up_write(&stats_sem);
		kref_put(&it->ref, item_release);	/* the queue's reference */
		kref_put(&it->ref, item_release);	/* ours: the last, frees it */
	}
	if (refcount_dec_and_test(&users))
		pr_err("sync_example: the module's own reference went\n");
	kthread_complete_and_exit(&done[id], 0);
}

static int __init sync_example_init(void)
{
	struct task_struct *t;
	long i;
	int busy;

	sema_init(&free_slots, SLOTS);
	down(&start_gate);		/* close the gate until all are started */
	for (i = 0; i <= CONSUMERS; i++)
		init_completion(&done[i]);
	for (i = 0; i < CONSUMERS; i++) {
		t = kthread_run(consumer, (void *)i, "sync_cons/%ld", i);
		if (IS_ERR(t))
			pr_err("sync_example: no consumer %ld\n", i);
	}
	t = kthread_run(producer, NULL, "sync_prod");
	if (IS_ERR(t))
		pr_err("sync_example: no producer\n");
	/* The gate is still closed: a try fails (1) without sleeping. Tried
	 * after opening it, the answer would depend on whether the producer
	 * had passed through it yet. */
	busy = down_trylock(&start_gate);
	up(&start_gate);
	pr_info("sync_example: started %d consumers, down_trylock of the closed gate gives %d\n",
		CONSUMERS, busy);
	return 0;
}

static void __exit sync_example_exit(void)
{
	int i;

	for (i = 0; i <= CONSUMERS; i++)
		wait_for_completion(&done[i]);
	down_read(&stats_sem);
	pr_info("sync_example: produced %d, consumed %d, freed %d, users %u\n", produced,
		consumed, freed, refcount_read(&users));
	up_read(&stats_sem);
}

module_init(sync_example_init);
module_exit(sync_example_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Semaphores, rw-semaphores, wait queues, completions and krefs");
