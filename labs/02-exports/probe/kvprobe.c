/*
 * kvprobe: the exports lab's grader calling kvstore's API directly.
 *
 *	insmod /lab/probe/kvprobe.ko seed=S threads=T span=K ops=N [fill=1]
 *
 * Starts T threads, thread t bound to CPU t mod the online CPUs. Thread t
 * owns the keys j*T + t for j < K, so no two threads touch one key: with
 * fill=1 it first puts each of its keys in order, then does N random puts
 * and deletes, keeping its own copy of what the table should hold. Then it
 * reads each of its keys back with kv_get. Every return value is checked
 * against the copy. init waits for the threads and prints one line:
 *
 *	kvprobe: seed=S threads=T present=P mismatches=M
 *
 * The grader recomputes the same random sequence on the host (the
 * xorshift32 below, from seed), so it knows P and the final table; M
 * counts every call whose result differed from the thread's copy.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/atomic.h>
#include "kvstore.h"

static unsigned int seed = 1;
module_param(seed, uint, 0444);
static unsigned int threads = 1;
module_param(threads, uint, 0444);
static unsigned int span = 16;
module_param(span, uint, 0444);
static unsigned int ops = 100;
module_param(ops, uint, 0444);
static bool fill;
module_param(fill, bool, 0444);

#define KVPROBE_MAX_THREADS 8

struct kvprobe_thread {
	unsigned int t;
	u32 x;			/* xorshift32 state */
	unsigned int present;
	unsigned int mismatches;
};

static struct kvprobe_thread work[KVPROBE_MAX_THREADS];

static u32 next_rand(struct kvprobe_thread *w)
{
	u32 x = w->x;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	w->x = x;
	return x;
}

static long value_of(u32 r)
{
	return (long)(r >> 2) - 0x20000000L;
}

static int kvprobe_fn(void *arg)
{
	struct kvprobe_thread *w = arg;
	bool *have = kcalloc(span, sizeof(*have), GFP_KERNEL);
	long *val = kcalloc(span, sizeof(*val), GFP_KERNEL);
	unsigned int i, j;
	long got;

	if (!have || !val) {
		w->mismatches = ~0u;
		goto out;
	}
	for (j = 0; fill && j < span; j++) {
		val[j] = value_of(next_rand(w));
		have[j] = true;
		if (kv_put(j * threads + w->t, val[j]))
			w->mismatches++;
	}
	for (i = 0; i < ops; i++) {
		u32 r = next_rand(w), r2 = next_rand(w);
		u32 key;

		j = r % span;
		key = j * threads + w->t;
		if (r2 % 4 == 0) {
			if (kv_del(key) != (have[j] ? 0 : -ENOENT))
				w->mismatches++;
			have[j] = false;
		} else {
			val[j] = value_of(r2);
			have[j] = true;
			if (kv_put(key, val[j]))
				w->mismatches++;
		}
	}
	for (j = 0; j < span; j++) {
		int ret = kv_get(j * threads + w->t, &got);

		if (have[j])
			w->present++;
		if (ret != (have[j] ? 0 : -ENOENT) || (have[j] && got != val[j]))
			w->mismatches++;
	}
out:
	kfree(have);
	kfree(val);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static int __init kvprobe_init(void)
{
	struct task_struct *task[KVPROBE_MAX_THREADS];
	unsigned int t, present = 0, mismatches = 0;

	if (threads < 1 || threads > KVPROBE_MAX_THREADS || span < 1)
		return -EINVAL;
	for (t = 0; t < threads; t++) {
		work[t].t = t;
		work[t].x = (seed ^ (0x9e3779b9u * (t + 1))) ? : 1;
		task[t] = kthread_create(kvprobe_fn, &work[t], "kvprobe/%u", t);
		if (IS_ERR(task[t])) {
			while (t--)
				kthread_stop(task[t]);
			return -ENOMEM;
		}
		kthread_bind(task[t], t % num_online_cpus());
		wake_up_process(task[t]);
	}
	/* kthread_stop returns once the thread has done its work and seen
	 * the request: after this loop no thread runs this module's code. */
	for (t = 0; t < threads; t++) {
		kthread_stop(task[t]);
		present += work[t].present;
		mismatches += work[t].mismatches;
	}
	pr_info("kvprobe: seed=%u threads=%u present=%u mismatches=%u\n", seed, threads,
		present, mismatches);
	return 0;
}

static void __exit kvprobe_exit(void)
{
}

module_init(kvprobe_init);
module_exit(kvprobe_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("The exports lab's grader: kvstore's API from threads on every CPU");
