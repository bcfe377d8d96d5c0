/*
 * buggy: a module that oopses where you ask it to, to see the kernel go on.
 *
 * What it teaches: an oops in a thread kills that thread, not the kernel
 * (docs/debugging.md, "When a module goes wrong"). fault= says where the
 * module writes through a NULL pointer:
 *	init	in its init function: insmod is killed, the module stays COMING
 *	thread	in a kernel thread of its own; exit's kthread_stop then
 *		returns -EFAULT at once
 *	exit	in its exit function: rmmod is killed, the module stays GOING
 *	work	in a work item on the system workqueue; the workqueue starts a
 *		new worker and later items still run
 *	proc	when /proc/buggy is read (cat /proc/buggy); the entry then
 *		stays in use, so rmmod would wait for ever in proc_remove
 *	atomic	in its thread with preemption off: that cannot be survived
 *		(a spin lock may be held), so the kernel panics, saying why
 *	timer	in a timer callback, which runs in softirq context: there is
 *		no thread of its own to kill (it borrowed whatever the CPU was
 *		running), so the kernel panics, saying why, as Linux does
 *	none	nowhere (the default)
 * With lock=1 the faulting code holds the module's mutex 'buggy_lock',
 * and the oops lists it among the locks that stay locked. With waiter=1
 * (and fault=thread lock=1) a second thread then waits for that mutex for
 * ever, in uninterruptible sleep: the hung-task check reports it. (rmmod
 * would then wait for that thread for ever: reboot instead.)
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/proc_fs.h>
#include <linux/string.h>
#include <linux/err.h>
#include <linux/delay.h>
#include <linux/timer.h>

static char *fault = "none";
module_param(fault, charp, 0444);
MODULE_PARM_DESC(fault, "where to oops: init, thread, exit, work, proc, atomic, timer or none");

static bool lock;
module_param(lock, bool, 0444);
MODULE_PARM_DESC(lock, "hold buggy_lock while faulting (default no)");

static bool waiter;
module_param(waiter, bool, 0444);
MODULE_PARM_DESC(waiter, "a second thread waits for buggy_lock (default no)");

static DEFINE_MUTEX(buggy_lock);
static struct task_struct *buggy_task, *waiter_task;
static struct proc_dir_entry *buggy_proc;

/* NULL; volatile, so the compiler must really do the store. */
static int *volatile target;

static bool fault_is(const char *where)
{
	return !strcmp(fault, where);
}

static noinline void buggy_oops(const char *where)
{
	pr_info("buggy: oopsing in %s\n", where);
	if (lock)
		mutex_lock(&buggy_lock);
	*target = 42;
	mutex_unlock(&buggy_lock);	/* never reached */
}

static int buggy_waiter(void *data)
{
	msleep(200);			/* buggy_thread takes the lock first */
	pr_info("buggy: waiter takes buggy_lock\n");
	mutex_lock(&buggy_lock);
	mutex_unlock(&buggy_lock);
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

static int buggy_thread(void *data)
{
	if (fault_is("atomic")) {
		preempt_disable();
		buggy_oops("buggy_thread, preemption off");
	}
	buggy_oops("buggy_thread");
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

static void buggy_work_fn(struct work_struct *work)
{
	buggy_oops("buggy_work_fn");
}
static DECLARE_WORK(buggy_work, buggy_work_fn);

static void buggy_timer_fn(struct timer_list *t)
{
	buggy_oops("buggy_timer_fn");
}
static DEFINE_TIMER(buggy_timer, buggy_timer_fn);

static int buggy_show(struct seq_file *m, void *v)
{
	if (fault_is("proc"))
		buggy_oops("buggy_show");
	seq_puts(m, "buggy: fine\n");
	return 0;
}

static int __init buggy_init(void)
{
	static const char *const known[] = {
		"none", "init", "thread", "exit", "work", "proc", "atomic", "timer",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(known) && !fault_is(known[i]); i++)
		;
	if (i == ARRAY_SIZE(known)) {
		pr_err("buggy: fault=%s: not one of init, thread, exit, work, proc, atomic, timer, none\n",
		       fault);
		return -EINVAL;
	}
	if (fault_is("init"))
		buggy_oops("buggy_init");
	buggy_proc = proc_create_single("buggy", 0444, NULL, buggy_show);
	if (!buggy_proc)
		return -ENOMEM;
	if (fault_is("thread") || fault_is("atomic")) {
		buggy_task = kthread_run(buggy_thread, NULL, "buggy");
		if (IS_ERR(buggy_task)) {
			proc_remove(buggy_proc);
			return PTR_ERR(buggy_task);
		}
	}
	if (waiter) {
		waiter_task = kthread_run(buggy_waiter, NULL, "buggy_waiter");
		if (IS_ERR(waiter_task))
			waiter_task = NULL;	/* not needed for the rest */
	}
	if (fault_is("work"))
		schedule_work(&buggy_work);
	if (fault_is("timer"))
		mod_timer(&buggy_timer, jiffies + msecs_to_jiffies(50));
	pr_info("buggy: loaded (fault=%s)\n", fault);
	return 0;
}

static void __exit buggy_exit(void)
{
	if (buggy_task)
		pr_info("buggy: thread ended with %d\n", kthread_stop(buggy_task));
	if (waiter_task)
		kthread_stop(waiter_task);
	cancel_work_sync(&buggy_work);
	del_timer_sync(&buggy_timer);
	if (fault_is("exit"))
		buggy_oops("buggy_exit");
	proc_remove(buggy_proc);
	pr_info("buggy: unloaded\n");
}

module_init(buggy_init);
module_exit(buggy_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test: oopses in init, a thread, exit, a work item or a /proc read");
