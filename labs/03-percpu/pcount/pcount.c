/*
 * pcount: threads on every CPU counting together, three ways.
 *
 *	insmod /lab/pcount.ko mode=percpu per_cpu=2 iters=50000
 *	cat /proc/pcount
 *	rmmod pcount
 *
 * init starts per_cpu threads bound to each online CPU. Each adds 1 to the
 * count iters times, then waits to be stopped. How it adds is the mode:
 *   atomic: one atomic_t shared by all (a locked instruction per add);
 *   spin:   a plain long under one spinlock;
 *   percpu: its CPU's own slot, alone on its cache line, with preemption
 *           off so the thread cannot move between reading and writing it.
 * A folding thread adds the per-CPU slots into 'folded' every 100 ms (the
 * approximate counter of OSTEP's chapter 29). /proc/pcount shows each
 * CPU's slot, the exact total of the mode, the folded total, and how many
 * threads have finished. exit stops every thread before the module's code
 * and data go away.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/smp.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/jiffies.h>
#include <linux/delay.h>

static char *mode = "percpu";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "atomic, spin or percpu (default percpu)");

static unsigned int per_cpu = 1;
module_param(per_cpu, uint, 0444);
MODULE_PARM_DESC(per_cpu, "threads per online CPU, 1..4 (default 1)");

static unsigned int iters = 100000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "adds per thread, 1..10000000 (default 100000)");

enum pcount_mode { PC_ATOMIC, PC_SPIN, PC_PERCPU };
static enum pcount_mode how;

/* LAB(percpu) BEGIN: one slot per CPU, each alone on its cache line (64 bytes) */
struct pcount_slot {
	long n;
} __aligned(64);
/* LAB(percpu) SKEL
struct pcount_slot {
	long n;
};
*/
/* LAB(percpu) END */

static struct pcount_slot slots[NR_CPUS];	/* PC_PERCPU: written by its CPU only */
static atomic_t total_atomic = ATOMIC_INIT(0);	/* PC_ATOMIC */
static DEFINE_SPINLOCK(total_lock);		/* protects total_spin */
static long total_spin;				/* PC_SPIN */
static long folded;				/* written by the folding thread only */
static atomic_t finished = ATOMIC_INIT(0);	/* counting threads done */

static struct task_struct **threads;
static unsigned int nthreads;
static struct task_struct *folder;
static struct proc_dir_entry *proc_entry;

/* Add one to the count, as the mode says. */
static void count_one(void)
{
	/* LAB(percpu) BEGIN: add 1 to the count: atomic_t, spinlocked long, or this CPU's slot with preemption off */
	switch (how) {
	case PC_ATOMIC:
		atomic_inc(&total_atomic);
		break;
	case PC_SPIN:
		spin_lock(&total_lock);
		total_spin++;
		spin_unlock(&total_lock);
		break;
	case PC_PERCPU:
		preempt_disable();
		slots[smp_processor_id()].n++;
		preempt_enable();
		break;
	}
	/* LAB(percpu) END */
}

/* The exact total of the mode. */
static long count_total(void)
{
	long sum = 0;
	unsigned int cpu;

	switch (how) {
	case PC_ATOMIC:
		return atomic_read(&total_atomic);
	case PC_SPIN:
		spin_lock(&total_lock);
		sum = total_spin;
		spin_unlock(&total_lock);
		return sum;
	case PC_PERCPU:
		for (cpu = 0; cpu < NR_CPUS; cpu++)
			sum += READ_ONCE(slots[cpu].n);
		return sum;
	}
	return 0;
}

static int counter_fn(void *unused)
{
	unsigned int i;

	for (i = 0; i < iters && !kthread_should_stop(); i++)
		count_one();
	atomic_inc(&finished);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 10);
	return 0;
}

static int folder_fn(void *unused)
{
	/* LAB(percpu) BEGIN: every 100 ms until stopped, set folded to the sum of the slots */
	while (!kthread_should_stop()) {
		long sum = 0;
		unsigned int cpu;

		for (cpu = 0; cpu < NR_CPUS; cpu++)
			sum += READ_ONCE(slots[cpu].n);
		WRITE_ONCE(folded, sum);
		schedule_timeout_interruptible(msecs_to_jiffies(100));
	}
	/* LAB(percpu) SKEL
	while (!kthread_should_stop())
		schedule_timeout_interruptible(msecs_to_jiffies(100));
	*/
	/* LAB(percpu) END */
	return 0;
}

static int pcount_show(struct seq_file *m, void *v)
{
	unsigned int cpu;

	seq_printf(m, "mode %s\n", mode);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			seq_printf(m, "cpu%u %ld\n", cpu, READ_ONCE(slots[cpu].n));
	seq_printf(m, "total %ld\n", count_total());
	seq_printf(m, "folded %ld\n", READ_ONCE(folded));
	seq_printf(m, "finished %d/%u\n", atomic_read(&finished), nthreads);
	return 0;
}

static void stop_threads(void)
{
	/* LAB(percpu) BEGIN: stop every thread started (counters and the folder) and free the array */
	unsigned int i;

	for (i = 0; i < nthreads; i++)
		if (threads[i])
			kthread_stop(threads[i]);
	if (folder)
		kthread_stop(folder);
	kfree(threads);
	/* LAB(percpu) SKEL
	kfree(threads);
	*/
	/* LAB(percpu) END */
}

static int __init pcount_init(void)
{
	unsigned int cpu, i = 0, k;

	if (!strcmp(mode, "atomic"))
		how = PC_ATOMIC;
	else if (!strcmp(mode, "spin"))
		how = PC_SPIN;
	else if (!strcmp(mode, "percpu"))
		how = PC_PERCPU;
	else {
		pr_err("pcount: mode=%s: should be atomic, spin or percpu\n", mode);
		return -EINVAL;
	}
	if (per_cpu < 1 || per_cpu > 4 || iters < 1 || iters > 10000000) {
		pr_err("pcount: per_cpu=%u iters=%u: out of range\n", per_cpu, iters);
		return -EINVAL;
	}
	nthreads = per_cpu * num_online_cpus();
	threads = kcalloc(nthreads, sizeof(*threads), GFP_KERNEL);
	if (!threads)
		return -ENOMEM;

	/* LAB(percpu) BEGIN: start the folder, then per_cpu counting threads bound to each online CPU (kthread_create, kthread_bind, wake_up_process); on failure stop what was started */
	folder = kthread_run(folder_fn, NULL, "pcount-fold");
	if (IS_ERR(folder)) {
		folder = NULL;
		goto fail;
	}
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		if (!cpu_online(cpu))
			continue;
		for (k = 0; k < per_cpu; k++) {
			struct task_struct *t = kthread_create(counter_fn, NULL, "pcount/%u", cpu);

			if (IS_ERR(t))
				goto fail;
			kthread_bind(t, cpu);
			threads[i++] = t;
			wake_up_process(t);
		}
	}
	/* LAB(percpu) SKEL
	(void)cpu, (void)k, (void)i;
	(void)counter_fn, (void)folder_fn, (void)folder;
	*/
	/* LAB(percpu) END */

	proc_entry = proc_create_single("pcount", 0444, NULL, pcount_show);
	if (!proc_entry)
		goto fail;
	pr_info("pcount: %u thread(s) counting %u each, mode %s\n", nthreads, iters, mode);
	return 0;
fail:
	stop_threads();
	return -ENOMEM;
}

static void __exit pcount_exit(void)
{
	proc_remove(proc_entry);
	stop_threads();
	pr_info("pcount: stopped; total %ld\n", count_total());
}

module_init(pcount_init);
module_exit(pcount_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Threads on every CPU counting with atomics, a spinlock or per-CPU slots");
