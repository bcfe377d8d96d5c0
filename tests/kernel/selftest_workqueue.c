/*
 * Self tests of the workqueue extras: delayed work (not early, once,
 * cancel and mod), cancel_delayed_work_sync against an item that requeues
 * itself and runs on another CPU, ordered workqueues (one item at a time,
 * in order), and destroy_workqueue (runs what is queued, then stops).
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <asm/processor.h>
#include "selftest.h"

#define WAIT_MS		3000

struct dw_check {
	struct delayed_work dw;
	atomic_t runs;
	int inside;
	unsigned long ran_at;
	unsigned int spin_us;
	bool requeue;
};

static void dw_check_fn(struct work_struct *work)
{
	struct dw_check *c = container_of(to_delayed_work(work), struct dw_check, dw);

	WRITE_ONCE(c->inside, 1);
	c->ran_at = jiffies;
	atomic_inc(&c->runs);
	if (c->spin_us)
		udelay(c->spin_us);
	if (READ_ONCE(c->requeue))
		schedule_delayed_work(&c->dw, 1);
	smp_mb();
	WRITE_ONCE(c->inside, 0);
}

int selftest_delayed_work(int argc, char **argv)
{
	struct dw_check *c = kzalloc(sizeof(*c), GFP_KERNEL);
	unsigned long at;
	bool ret;

	if (!c)
		return selftest_fail("kzalloc of the test state failed");
	INIT_DELAYED_WORK(&c->dw, dw_check_fn);

	/* Not before its delay; once, however often it is queued meanwhile. */
	at = jiffies;
	if (!schedule_delayed_work(&c->dw, 5))
		selftest_fail("schedule_delayed_work of an idle item to return true");
	if (schedule_delayed_work(&c->dw, 1))
		selftest_fail("schedule_delayed_work of a pending item to return false");
	if (!delayed_work_pending(&c->dw))
		selftest_fail("delayed_work_pending while its timer waits");
	if (!selftest_wait_until(atomic_read(&c->runs) == 1, WAIT_MS))
		return selftest_fail("the item to run within %u ms", WAIT_MS);
	printf("delayed-work: queued at jiffy %lu with delay 5, ran at %lu\n", at, c->ran_at);
	if (time_before(c->ran_at, at + 5))
		selftest_fail("no run before jiffy %lu, saw one at %lu", at + 5, c->ran_at);
	schedule_timeout_uninterruptible(7);
	if (atomic_read(&c->runs) != 1)
		selftest_fail("one run, saw %d", atomic_read(&c->runs));

	/* Cancelled while its timer waits: never runs. */
	atomic_set(&c->runs, 0);
	schedule_delayed_work(&c->dw, 3);
	ret = cancel_delayed_work(&c->dw);
	if (!ret)
		selftest_fail("cancel_delayed_work of a waiting item to return true");
	if (cancel_delayed_work(&c->dw))
		selftest_fail("a second cancel_delayed_work to return false");
	schedule_timeout_uninterruptible(6);
	if (atomic_read(&c->runs) != 0)
		selftest_fail("no run after cancel_delayed_work, saw %d", atomic_read(&c->runs));

	/* mod_delayed_work moves it later; it runs once, then. */
	at = jiffies;
	schedule_delayed_work(&c->dw, 2);
	if (!mod_delayed_work(system_wq, &c->dw, 12))
		selftest_fail("mod_delayed_work of a pending item to return true");
	if (!selftest_wait_until(atomic_read(&c->runs) == 1, WAIT_MS))
		return selftest_fail("the moved item to run within %u ms", WAIT_MS);
	if (time_before(c->ran_at, at + 12))
		selftest_fail("the moved item not before jiffy %lu, saw it at %lu", at + 12,
			      c->ran_at);
	/* flush_delayed_work runs a waiting item now and waits for it. */
	schedule_delayed_work(&c->dw, 10 * HZ);
	flush_delayed_work(&c->dw);
	if (atomic_read(&c->runs) != 2)
		selftest_fail("flush_delayed_work to run the item at once: 2 runs, saw %d",
			      atomic_read(&c->runs));
	cancel_delayed_work_sync(&c->dw);
	if (!selftest_failed())
		kfree(c);
	return 0;
}

/* ---- cancel-delayed-work-sync [ROUNDS] ------------------------------------------- */

static int dw_start_fn(void *data)
{
	struct dw_check *c = data;

	schedule_delayed_work(&c->dw, 1);
	return 0;
}

int selftest_cancel_delayed_work_sync(int argc, char **argv)
{
	unsigned int cpus[NR_CPUS], n = selftest_online_cpus(cpus), other;
	unsigned int rounds = 30, r, caught = 0;
	struct task_struct *t;
	struct dw_check *c;
	int runs;

	if (argc > 1 && selftest_parse_uint(argv[1], &rounds, 100000))
		return 1;
	if (n < 2)
		return selftest_fail("at least 2 CPUs, saw %u", n);
	/* Its timer fires on the CPU that armed it, which wakes that CPU's
	 * worker first: start it on another CPU than ours, and it stays there. */
	other = cpus[0] == smp_processor_id() ? cpus[1] : cpus[0];
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return selftest_fail("kzalloc of the test state failed");
	for (r = 0; r < rounds; r++) {
		u64 end;

		INIT_DELAYED_WORK(&c->dw, dw_check_fn);
		atomic_set(&c->runs, 0);
		c->spin_us = 3000;
		c->requeue = true;
		t = selftest_thread_on(dw_start_fn, c, other, "dwstart/%u", other);
		if (IS_ERR(t))
			return selftest_fail("no thread on CPU %u", other);
		selftest_stop_threads(&t, 1, NULL, WAIT_MS);
		/* Spin until we catch it running on the other CPU. */
		end = ktime_get_ns() + selftest_ms_to_ns(WAIT_MS);
		while (!(READ_ONCE(c->inside) && atomic_read(&c->runs) >= 2) &&
		       ktime_get_ns() < end)
			cpu_relax();
		if (READ_ONCE(c->inside))
			caught++;
		cancel_delayed_work_sync(&c->dw);
		if (READ_ONCE(c->inside))
			return selftest_fail("round %u: the item finished when "
					     "cancel_delayed_work_sync returned; it ran", r);
		if (delayed_work_pending(&c->dw) || timer_pending(&c->dw.timer))
			return selftest_fail("round %u: nothing pending after "
					     "cancel_delayed_work_sync; saw it pending", r);
		runs = atomic_read(&c->runs);
		schedule_timeout_uninterruptible(3);
		if (atomic_read(&c->runs) != runs)
			return selftest_fail("round %u: no run after cancel_delayed_work_sync, "
					     "saw %d more", r, atomic_read(&c->runs) - runs);
	}
	printf("cancel-delayed-work-sync: %u rounds, item caught running in %u\n", rounds, caught);
	if (caught * 2 < rounds)
		selftest_fail("to meet the item running in most rounds; did in %u of %u", caught,
			      rounds);
	kfree(c);
	return 0;
}

/* ---- ordered-workqueue ----------------------------------------------------------- */

#define ORDERED_ITEMS	64

struct ordered_check {
	struct work_struct work[ORDERED_ITEMS];
	unsigned int order[ORDERED_ITEMS];
	atomic_t next;
	atomic_t inside;
	int overlap;
};

static struct ordered_check *ordered;

static void ordered_fn(struct work_struct *work)
{
	struct ordered_check *o = ordered;
	unsigned int i = work - o->work;

	if (atomic_inc_return(&o->inside) != 1)
		WRITE_ONCE(o->overlap, 1);
	udelay(100);
	o->order[atomic_fetch_add(1, &o->next)] = i;
	atomic_dec(&o->inside);
}

int selftest_ordered_workqueue(int argc, char **argv)
{
	struct workqueue_struct *wq;
	unsigned int i;

	ordered = kzalloc(sizeof(*ordered), GFP_KERNEL);
	if (!ordered)
		return selftest_fail("kzalloc of the test state failed");
	wq = alloc_ordered_workqueue("selftest_ord", 0);
	if (!wq)
		return selftest_fail("alloc_ordered_workqueue to succeed");
	for (i = 0; i < ORDERED_ITEMS; i++) {
		INIT_WORK(&ordered->work[i], ordered_fn);
		queue_work(wq, &ordered->work[i]);
	}
	flush_workqueue(wq);
	if (atomic_read(&ordered->next) != ORDERED_ITEMS)
		selftest_fail("%u items run after flush_workqueue, saw %d", ORDERED_ITEMS,
			      atomic_read(&ordered->next));
	for (i = 0; i < ORDERED_ITEMS; i++)
		if (ordered->order[i] != i) {
			selftest_fail("item %u to run %uth, saw item %u", i, i, ordered->order[i]);
			break;
		}
	if (ordered->overlap)
		selftest_fail("one item at a time on an ordered queue; saw two at once");
	destroy_workqueue(wq);
	if (selftest_count_tasks("selftest_ord"))
		selftest_fail("no worker left after destroy_workqueue, saw %u",
			      selftest_count_tasks("selftest_ord"));

	/* destroy_workqueue runs what is still queued before it stops. */
	memset(ordered, 0, sizeof(*ordered));
	wq = alloc_workqueue("selftest_wq", WQ_UNBOUND | WQ_HIGHPRI | WQ_MEM_RECLAIM, 0);
	if (!wq)
		return selftest_fail("alloc_workqueue to succeed");
	printf("ordered-workqueue: alloc_workqueue made %u workers\n",
	       selftest_count_tasks("selftest_wq/"));
	if (selftest_count_tasks("selftest_wq/") != num_online_cpus())
		selftest_fail("a worker per online CPU (%u), saw %u", num_online_cpus(),
			      selftest_count_tasks("selftest_wq/"));
	for (i = 0; i < ORDERED_ITEMS; i++) {
		INIT_WORK(&ordered->work[i], ordered_fn);
		queue_work(wq, &ordered->work[i]);
	}
	destroy_workqueue(wq);
	if (atomic_read(&ordered->next) != ORDERED_ITEMS)
		selftest_fail("destroy_workqueue to run all %u queued items, saw %d", ORDERED_ITEMS,
			      atomic_read(&ordered->next));
	if (selftest_count_tasks("selftest_wq"))
		selftest_fail("no worker left after destroy_workqueue, saw %u",
			      selftest_count_tasks("selftest_wq"));
	if (!selftest_failed())
		kfree(ordered);
	return 0;
}
