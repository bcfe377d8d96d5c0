/*
 * hammer: threads on every CPU taking and dropping references on another
 * module as fast as they can.
 *
 * What it teaches: how a subsystem hands out a module's code safely. The
 * threads find the filesystem type named by target= (default "reffs", from
 * refmod) with get_fs_type, which takes a reference on the type's module
 * (try_module_get) under the lock that unregistering takes; they hold it a
 * moment and drop it (put_filesystem -> module_put). While refmod is being
 * removed, every get fails; once it is gone, the type is not found.
 *
 * /proc/hammer shows, per CPU and in total, how many gets succeeded and
 * failed. Writing to /proc/hammer_ctl steers them: "hold N" makes each
 * thread keep N references until "release"; "pause" stops the taking and
 * dropping (held references stay) until "resume". The total line ends in
 * "paused" once every thread has stopped; from then on the module's
 * reference count is exactly what the threads hold, so a test can check it.
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/smp.h>

static char *target = "reffs";
module_param(target, charp, 0444);
MODULE_PARM_DESC(target, "filesystem type whose module to hammer (default reffs)");

static unsigned int per_cpu = 1;
module_param(per_cpu, uint, 0444);
MODULE_PARM_DESC(per_cpu, "threads per online CPU (default 1)");

struct hammer_thread {
	struct task_struct *task;
	unsigned long got, missed;	/* written by the thread only */
	unsigned int held;		/* references kept for "hold" */
	struct file_system_type *held_fs;
	int parked;			/* saw "pause", holds only what "hold" keeps */
};

static struct hammer_thread *threads;
static unsigned int nthreads;
static unsigned int hold_each;		/* "hold N": keep N references each */
static int paused;			/* "pause": stop taking and dropping */
static struct proc_dir_entry *proc_entry, *proc_ctl;

static int hammer_fn(void *arg)
{
	struct hammer_thread *t = arg;
	unsigned int spin = 0;

	while (!kthread_should_stop()) {
		struct file_system_type *fs;

		if (READ_ONCE(hold_each) != t->held) {
			/* Keep or give back references as asked. */
			while (t->held < READ_ONCE(hold_each) && (fs = get_fs_type(target))) {
				t->held_fs = fs;
				t->held++;
				t->got++;
			}
			while (t->held > READ_ONCE(hold_each)) {
				put_filesystem(t->held_fs);
				t->held--;
			}
		}
		/* Parked is said only here, between rounds: never while this
		 * thread holds a reference it is about to drop. */
		if (READ_ONCE(paused)) {
			WRITE_ONCE(t->parked, 1);
			schedule_timeout_interruptible(1);
			continue;
		}
		WRITE_ONCE(t->parked, 0);
		fs = get_fs_type(target);
		if (fs) {
			t->got++;
			put_filesystem(fs);
		} else if (++t->missed % 16 == 0) {
			/* The module is going (or not there): no hurry. Four
			 * CPUs failing gets back to back only fight over the
			 * filesystems' lock, which on an overloaded host (a
			 * ticket lock whose next holder's virtual CPU is not
			 * running) starves everyone else for seconds. */
			schedule_timeout_interruptible(1);
			continue;
		}
		if (++spin % 256 == 0)
			schedule_timeout_interruptible(1);	/* let others run */
	}
	while (t->held) {
		put_filesystem(t->held_fs);
		t->held--;
	}
	return 0;
}

static int hammer_show(struct seq_file *m, void *v)
{
	unsigned long got = 0, missed = 0;
	unsigned int i, held = 0;
	bool all_parked = READ_ONCE(paused);

	for (i = 0; i < nthreads; i++) {
		seq_printf(m, "thread %u cpu %u: got %lu missed %lu held %u\n", i,
			   threads[i].task->cpu, READ_ONCE(threads[i].got),
			   READ_ONCE(threads[i].missed), READ_ONCE(threads[i].held));
		got += READ_ONCE(threads[i].got);
		missed += READ_ONCE(threads[i].missed);
		held += READ_ONCE(threads[i].held);
		all_parked &= READ_ONCE(threads[i].parked);
	}
	seq_printf(m, "total: got %lu missed %lu held %u threads %u%s\n", got, missed, held,
		   nthreads, all_parked ? " paused" : "");
	return 0;
}

static ssize_t hammer_write(struct file *file, const char *buf, size_t count, loff_t *pos)
{
	char cmd[32];
	unsigned int n;

	if (count >= sizeof(cmd))
		return -EINVAL;
	memcpy(cmd, buf, count);
	cmd[count] = '\0';
	if (!strncmp(cmd, "hold ", 5) && !kstrtouint(cmd + 5, 10, &n))
		WRITE_ONCE(hold_each, n);
	else if (!strncmp(cmd, "release", 7))
		WRITE_ONCE(hold_each, 0);
	else if (!strncmp(cmd, "pause", 5))
		WRITE_ONCE(paused, 1);
	else if (!strncmp(cmd, "resume", 6))
		WRITE_ONCE(paused, 0);
	else
		return -EINVAL;
	return count;
}

static const struct proc_ops hammer_ops = {
	.proc_write = hammer_write,
};


static int __init hammer_init(void)
{
	unsigned int cpu, i = 0;

	nthreads = num_online_cpus() * per_cpu;
	threads = kcalloc(nthreads, sizeof(*threads), GFP_KERNEL);
	if (!threads)
		return -ENOMEM;
	for_each_online_cpu(cpu) {
		unsigned int k;

		for (k = 0; k < per_cpu; k++, i++) {
			threads[i].task = kthread_create(hammer_fn, &threads[i], "hammer/%u", cpu);
			if (IS_ERR(threads[i].task)) {
				int err = PTR_ERR(threads[i].task);

				while (i--)
					kthread_stop(threads[i].task);
				kfree(threads);
				return err;
			}
			kthread_bind(threads[i].task, cpu);
			wake_up_process(threads[i].task);
		}
	}
	proc_entry = proc_create_single("hammer", 0444, NULL, hammer_show);
	proc_ctl = proc_create("hammer_ctl", 0200, NULL, &hammer_ops);
	pr_info("hammer: %u threads on %u CPUs hammering '%s'\n", nthreads, num_online_cpus(),
		target);
	return 0;
}

static void __exit hammer_exit(void)
{
	unsigned int i;

	proc_remove(proc_ctl);
	proc_remove(proc_entry);
	for (i = 0; i < nthreads; i++)
		kthread_stop(threads[i].task);
	kfree(threads);
	pr_info("hammer: stopped\n");
}

module_init(hammer_init);
module_exit(hammer_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("threads on every CPU taking and dropping references on a module");
