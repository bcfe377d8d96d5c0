/*
 * spinner: a thread that keeps one CPU busy with preemption off, the one
 * thing that stops stop_machine from stopping that CPU.
 *
 * What it teaches: stop_machine stops a CPU only at a preemptible point
 * (kernel/stop_machine.c). A thread that spins with preemption disabled
 * never reaches one, so stop_machine (and with it every rmmod) cannot stop
 * that CPU; after stop_machine_timeout_ms it gives up with nothing done and
 * names the CPU and this thread. Writing "stop" to /proc/spinner_ctl ends
 * the spin; after that everything works again. The spin also ends by itself
 * after max_ms, so a forgotten spinner does not hold a CPU for ever.
 *
 * /proc/spinner says "spinning on CPU N" or "stopped after M ms".
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/string.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/jiffies.h>
#include <linux/completion.h>

static int cpu = -1;
module_param(cpu, int, 0444);
MODULE_PARM_DESC(cpu, "CPU to spin on (default: the last online CPU; not insmod's own)");

static unsigned int max_ms = 20000;
module_param(max_ms, uint, 0444);
MODULE_PARM_DESC(max_ms, "stop spinning by itself after this long (default 20000)");

static struct task_struct *spin_task;
static struct proc_dir_entry *proc_state, *proc_ctl;
static int stop_spinning;		/* set by "stop"; read by the spinning thread */
static int spinning;			/* 1 while the thread spins */
static unsigned int spun_ms;		/* how long it spun, once it stopped */
static DECLARE_COMPLETION(started);	/* the thread spins: init may say so */

static int spinner_fn(void *arg)
{
	unsigned long start = jiffies, limit = msecs_to_jiffies(max_ms);

	preempt_disable();
	WRITE_ONCE(spinning, 1);
	complete(&started);
	/* Interrupts stay on (the tick still counts jiffies on CPU 0, and this
	 * CPU answers IPIs), but nothing can switch this thread away. */
	while (!READ_ONCE(stop_spinning) && jiffies - start < limit)
		cpu_relax();
	WRITE_ONCE(spun_ms, jiffies_to_msecs(jiffies - start));
	WRITE_ONCE(spinning, 0);
	preempt_enable();
	while (!kthread_should_stop())
		msleep(10);
	return 0;
}

static int spinner_show(struct seq_file *m, void *v)
{
	if (READ_ONCE(spinning))
		seq_printf(m, "spinning on CPU %d\n", cpu);
	else
		seq_printf(m, "stopped after %u ms\n", READ_ONCE(spun_ms));
	return 0;
}

static ssize_t spinner_write(struct file *file, const char *buf, size_t count, loff_t *pos)
{
	if (count < 4 || strncmp(buf, "stop", 4))
		return -EINVAL;
	WRITE_ONCE(stop_spinning, 1);
	return count;
}

static const struct proc_ops spinner_ops = {
	.proc_write = spinner_write,
};

static int __init spinner_init(void)
{
	unsigned int c, me = get_cpu();

	put_cpu();
	if (cpu < 0) {
		for_each_online_cpu(c)
			cpu = c;
	}
	if (cpu >= (int)nr_cpu_ids || !cpu_online(cpu) || cpu == (int)me) {
		pr_err("spinner: cpu=%d: need an online CPU other than insmod's (CPU %u)\n", cpu,
		       me);
		return -EINVAL;
	}
	spin_task = kthread_create(spinner_fn, NULL, "spinner/%d", cpu);
	if (IS_ERR(spin_task))
		return PTR_ERR(spin_task);
	kthread_bind(spin_task, cpu);
	proc_state = proc_create_single("spinner", 0444, NULL, spinner_show);
	proc_ctl = proc_create("spinner_ctl", 0200, NULL, &spinner_ops);
	if (!proc_state || !proc_ctl) {
		proc_remove(proc_ctl);
		proc_remove(proc_state);
		WRITE_ONCE(stop_spinning, 1);
		wake_up_process(spin_task);	/* it returns at once; kthread_stop reaps it */
		kthread_stop(spin_task);
		return -ENOMEM;
	}
	wake_up_process(spin_task);
	/* Say it spins once it does: its CPU may take a while to run it. */
	wait_for_completion(&started);
	pr_info("spinner: spinning with preemption off on CPU %d for at most %u ms\n", cpu,
		max_ms);
	return 0;
}

static void __exit spinner_exit(void)
{
	WRITE_ONCE(stop_spinning, 1);
	proc_remove(proc_ctl);
	proc_remove(proc_state);
	kthread_stop(spin_task);
}

module_init(spinner_init);
module_exit(spinner_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("modlab");
MODULE_DESCRIPTION("spin with preemption off on one CPU until told to stop");
