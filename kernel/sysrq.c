/*
 * Magic SysRq: one-key requests for what the kernel knows about itself,
 * through /proc/sysrq-trigger (echo l > /proc/sysrq-trigger) or the shell's
 * `sysrq KEY`. Linux's keys:
 *	l  a backtrace of every CPU (by NMI, so a CPU with interrupts off
 *	   answers too)
 *	t  every thread's state and stack
 *	w  the threads in uninterruptible sleep, with their stacks
 *	m  memory: pages and kmalloc use
 *	c  crash: panic on purpose
 * Output goes to the kernel log (and the console), symbolised, with
 * [module] after a module's functions.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <modlab/console.h>
#include <modlab/mm.h>
#include <modlab/panic.h>
#include <modlab/shell.h>
#include <modlab/sysrq.h>
#include <modlab/watchdog.h>
#include <modlab/sched.h>

static void show_one_task(struct task_struct *p, void *only_blocked)
{
	if (only_blocked && p->state != TASK_UNINTERRUPTIBLE)
		return;
	pr_info("task:%-15s state:%-8s pid:%-4d cpu:%u switches:%lu%s\n", p->comm,
		task_state_name(p), p->pid, p->cpu, p->nr_switches,
		p->oopsed ? " (killed by an oops)" : "");
	if (p->state != TASK_DEAD)
		show_task_stack(p);
}

static void show_mem(void)
{
	struct page_stats ps;
	struct slab_stats ss;
	unsigned long kib = PAGE_SIZE / 1024;

	page_get_stats(&ps);
	slab_get_stats(&ss);
	pr_info("Mem-Info: %lu KiB total, %lu KiB free, %lu KiB reserved at boot\n",
		ps.total * kib, ps.free * kib, ps.reserved * kib);
	pr_info("kmalloc: %lu objects (%lu bytes) in %lu slab pages; %lu pages of large blocks\n",
		ss.objects, ss.bytes, ss.pages, ss.large_pages);
}

int handle_sysrq(char key)
{
	switch (key) {
	case 'l':
		pr_info("sysrq: Show backtrace of all active CPUs\n");
		trigger_all_cpu_backtrace();
		return 0;
	case 't':
		pr_info("sysrq: Show State\n");
		for_each_task(show_one_task, NULL);
		return 0;
	case 'w':
		pr_info("sysrq: Show Blocked State\n");
		for_each_task(show_one_task, (void *)1);
		return 0;
	case 'm':
		pr_info("sysrq: Show Memory\n");
		show_mem();
		return 0;
	case 'c':
		pr_info("sysrq: Trigger a crash\n");
		panic("sysrq triggered crash");
	}
	return -EINVAL;
}

static ssize_t sysrq_write(struct file *file, const char *buf, size_t count, loff_t *pos)
{
	if (!count)
		return 0;
	if (handle_sysrq(buf[0])) {
		pr_warn("sysrq: unknown key '%c'; keys: c l m t w\n", buf[0]);
		return -EINVAL;
	}
	return count;
}

static const struct proc_ops sysrq_ops = {
	.proc_write = sysrq_write,
};

void sysrq_init(void)
{
	if (!proc_create("sysrq-trigger", 0200, NULL, &sysrq_ops))
		pr_err("sysrq: cannot create /proc/sysrq-trigger\n");
}

static int cmd_sysrq(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '\0' || argv[1][1] != '\0') {
		printf("usage: sysrq l|t|w|m|c\n");
		return 1;
	}
	if (handle_sysrq(argv[1][0])) {
		printf("sysrq: unknown key '%s'; keys: l (CPUs), t (threads), w (blocked), "
		       "m (memory), c (crash)\n", argv[1]);
		return 1;
	}
	return 0;
}
SHELL_COMMAND("sysrq", cmd_sysrq, "l|t|w|m|c",
	      "backtrace every CPU, show threads, blocked threads, memory; or crash");
