/*
 * fifoprobe: the chardev lab's grader driving the fifo from threads on
 * every CPU, through the VFS, as programs would.
 *
 *	insmod /lab/probe/fifoprobe.ko path=/dev/fifo seed=S writers=W readers=R records=N \
 *		idle=SECONDS
 *
 * Each of W writer threads opens path for writing and writes N records of
 * 8 bytes, one write() each: the record's number (writer * N + i) and a
 * check word made from it and the seed. Each of R reader threads opens
 * path for reading and reads one record per read() of 8 bytes, until all
 * W * N records are taken (a reader claims a record before it reads, so
 * exactly W * N reads are made). Threads are bound to CPUs in turn. init
 * waits for all of them and prints one line:
 *
 *	fifoprobe: seed=S records=T distinct=D dup=X torn=Y short=Z sum=H
 *
 * distinct counts the records seen once; dup those seen again; torn reads
 * whose check word is wrong or whose number is out of range; short reads
 * that returned fewer than 8 bytes (0, then read again, or an error); sum
 * is the 32-bit sum of the check words of the distinct records. The grader
 * computes T and H on the host from the seed; a right fifo gives D = T and
 * X = Y = Z = 0. If no record moves for idle seconds while a thread still
 * waits (a lost record or wake-up), the line says "stuck" instead, and the
 * module stays pinned, since its threads still run its code. (Progress,
 * not a total time, is watched: a loaded host may slow the run down.)
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/fcntl.h>
#include <linux/err.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/completion.h>
#include <linux/preempt.h>

static char *path = "/dev/fifo";
module_param(path, charp, 0444);
static unsigned int seed = 1;
module_param(seed, uint, 0444);
static unsigned int writers = 4;
module_param(writers, uint, 0444);
static unsigned int readers = 4;
module_param(readers, uint, 0444);
static unsigned int records = 1000;
module_param(records, uint, 0444);
static unsigned int idle = 10;
module_param(idle, uint, 0444);

#define FIFOPROBE_MAX_THREADS 16

static unsigned long *seen;		/* one bit per record, set with test_and_set_bit */
static atomic_t claimed = ATOMIC_INIT(0);
static atomic_t distinct = ATOMIC_INIT(0), dup = ATOMIC_INIT(0);
static atomic_t torn = ATOMIC_INIT(0), shorts = ATOMIC_INIT(0), opens_failed = ATOMIC_INIT(0);
static atomic_t sum = ATOMIC_INIT(0);
static unsigned int total, nthreads;
static atomic_t finished = ATOMIC_INIT(0);	/* threads done with their work */
static atomic_t moved = ATOMIC_INIT(0);		/* records written or read so far */
static DECLARE_COMPLETION(all_finished);

/* The check word of record r: a mix of r and the seed (murmur3's finaliser). */
static u32 check_of(u32 r)
{
	u32 x = r * 0x9e3779b1u ^ seed;

	x ^= x >> 16;
	x *= 0x85ebca6bu;
	x ^= x >> 13;
	x *= 0xc2b2ae35u;
	x ^= x >> 16;
	return x;
}

static void idle_until_stopped(void)
{
	if (atomic_inc_return(&finished) == nthreads)
		complete(&all_finished);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
}

static int writer_fn(void *arg)
{
	unsigned int w = (unsigned long)arg, i;
	struct file *f = filp_open(path, O_WRONLY, 0);

	if (IS_ERR(f)) {
		atomic_inc(&opens_failed);
		goto out;
	}
	for (i = 0; i < records; i++) {
		u32 rec[2] = { w * records + i, check_of(w * records + i) };
		loff_t pos = 0;

		if (kernel_write(f, rec, sizeof(rec), &pos) != sizeof(rec))
			atomic_inc(&shorts);
		atomic_inc(&moved);
	}
	filp_close(f);
out:
	idle_until_stopped();
	return 0;
}

static int reader_fn(void *arg)
{
	struct file *f;

	/*
	 * On the debug kernel, linger at each preempt_enable inside the
	 * kernel's wait and lock code (kernel/sched/preempt_window.c): a
	 * reader that tests for bytes outside the fifo's lock then keeps its
	 * stale answer for tens of microseconds, long enough for the other
	 * readers woken with it to take the bytes it saw. A fifo that tests
	 * again under its lock is not affected. Elsewhere this does nothing.
	 */
	preempt_window_set(true);
	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f)) {
		atomic_inc(&opens_failed);
		goto out;
	}
	while (atomic_inc_return(&claimed) <= total) {
		u32 rec[2];
		loff_t pos = 0;
		ssize_t n = kernel_read(f, rec, sizeof(rec), &pos);

		atomic_inc(&moved);
		/* A read of a blocking fifo may not return 0 bytes: count it and
		 * read again for the same claim, so the run still ends. */
		while (n == 0) {
			atomic_inc(&shorts);
			n = kernel_read(f, rec, sizeof(rec), &pos);
		}
		if (n != sizeof(rec)) {
			atomic_inc(&shorts);
			if (n < 0)
				break;		/* an error: this reader stops */
			continue;
		}
		if (rec[0] >= total || rec[1] != check_of(rec[0])) {
			atomic_inc(&torn);
		} else if (test_and_set_bit(rec[0], seen)) {
			atomic_inc(&dup);
		} else {
			atomic_inc(&distinct);
			atomic_add(rec[1], &sum);
		}
	}
	filp_close(f);
out:
	preempt_window_set(false);
	idle_until_stopped();
	return 0;
}

static int __init fifoprobe_init(void)
{
	struct task_struct *task[FIFOPROBE_MAX_THREADS];
	unsigned int n = 0, i, still = 0;
	int last = 0;

	if (!writers || !readers || writers + readers > FIFOPROBE_MAX_THREADS || !records ||
	    records > 100000)
		return -EINVAL;
	total = writers * records;
	seen = kcalloc(BITS_TO_LONGS(total), sizeof(long), GFP_KERNEL);
	if (!seen)
		return -ENOMEM;
	nthreads = readers + writers;
	/* Readers first: they sleep on the empty fifo until writers come. */
	for (i = 0; i < readers + writers; i++) {
		struct task_struct *t;

		if (i < readers)
			t = kthread_create(reader_fn, NULL, "fifoprobe-r/%u", i);
		else
			t = kthread_create(writer_fn, (void *)(unsigned long)(i - readers),
					   "fifoprobe-w/%u", i - readers);
		if (IS_ERR(t))
			break;
		kthread_bind(t, i % num_online_cpus());
		task[n++] = t;
		wake_up_process(t);
	}
	/* Threads never made count as finished. */
	if (n < nthreads && atomic_add_return(nthreads - n, &finished) == nthreads)
		complete(&all_finished);
	/*
	 * A fifo that loses a record or a wake-up leaves a thread asleep in
	 * its read or write for good. Then say so, and stay: the threads are
	 * still in this module's code, so it keeps a reference that makes
	 * rmmod refuse it.
	 */
	while (!wait_for_completion_timeout(&all_finished, HZ)) {
		int now = atomic_read(&moved);

		if (now != last) {
			last = now;
			still = 0;
		} else if (++still >= idle) {
			pr_info("fifoprobe: seed=%u records=%u stuck: %d of %u threads asleep, no"
				" record moved for %u s; distinct=%d so far\n", seed, total,
				nthreads - atomic_read(&finished), nthreads, idle,
				atomic_read(&distinct));
			__module_get(THIS_MODULE);
			return 0;
		}
	}
	/* Every thread has done its work: kthread_stop only ends its idling. */
	for (i = 0; i < n; i++)
		kthread_stop(task[i]);
	kfree(seen);
	pr_info("fifoprobe: seed=%u records=%u distinct=%d dup=%d torn=%d short=%d sum=%08x%s\n",
		seed, total, atomic_read(&distinct), atomic_read(&dup), atomic_read(&torn),
		atomic_read(&shorts), (u32)atomic_read(&sum),
		atomic_read(&opens_failed) || n < nthreads ? " (a thread failed)" : "");
	return 0;
}

static void __exit fifoprobe_exit(void)
{
}

module_init(fifoprobe_init);
module_exit(fifoprobe_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("The chardev lab's grader: readers and writers on every CPU");
