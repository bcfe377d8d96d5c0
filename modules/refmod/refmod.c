/*
 * refmod: a module to watch reference counts and the unload protocol.
 *
 * What it teaches: who holds a module, and what rmmod, rmmod --wait and
 * rmmod -f do about it. It registers a filesystem type "reffs" (a ramfs
 * under its own name, owned by this module), so a mount holds the module
 * too, and:
 *   hold_ms=N      a thread holds a reference on the module for N ms after
 *                  init, then drops it with module_put_and_kthread_exit
 *                  (so it never returns into this module's code);
 *   init_sleep_ms=N  init sleeps N ms with reffs already registered: the
 *                  module is COMING all that time, so mounting reffs fails;
 *   two_stage=1    init makes the module live itself before sleeping (the
 *                  "two-stage init" of the 2002 design): mounts then work.
 *
 *	insmod /lib/modules/refmod.ko hold_ms=2000
 *	rmmod refmod              -> in use
 *	rmmod --wait refmod &     -> returns when the thread lets go
 */
#include <linux/module.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/sched.h>
#include <linux/fs.h>
#include <linux/err.h>

static unsigned int hold_ms;
module_param(hold_ms, uint, 0444);
MODULE_PARM_DESC(hold_ms, "a thread holds a reference this long after init (ms)");

static unsigned int init_sleep_ms;
module_param(init_sleep_ms, uint, 0444);
MODULE_PARM_DESC(init_sleep_ms, "init sleeps this long with reffs registered (ms)");

static bool two_stage;
module_param(two_stage, bool, 0444);
MODULE_PARM_DESC(two_stage, "make the module live during its own init");

static struct task_struct *holder;

static struct file_system_type reffs = {
	.name = "reffs",
	.mount = ramfs_mount,
	.kill_sb = ramfs_kill_sb,
	.owner = THIS_MODULE,
};

static int hold_thread(void *unused)
{
	pr_info("refmod: holding a reference for %u ms\n", hold_ms);
	/* kthread_stop (from a forced unload) wakes this sleep early. */
	schedule_timeout_interruptible(msecs_to_jiffies(hold_ms));
	pr_info("refmod: dropping the reference\n");
	/* module_put then exit, without coming back here: once the reference
	 * is gone this code may be freed at any moment. */
	module_put_and_kthread_exit(THIS_MODULE, 0);
}

static int __init refmod_init(void)
{
	int err = register_filesystem(&reffs);

	if (err)
		return err;
	if (two_stage)
		THIS_MODULE->live = 1;	/* users may come now, before init ends */
	if (init_sleep_ms) {
		pr_info("refmod: init sleeps %u ms with reffs registered\n", init_sleep_ms);
		msleep(init_sleep_ms);
	}
	if (hold_ms) {
		__module_get(THIS_MODULE);	/* the thread's; taken before it runs */
		holder = kthread_run(hold_thread, NULL, "refmod-hold");
		if (IS_ERR(holder)) {
			module_put(THIS_MODULE);
			unregister_filesystem(&reffs);
			return PTR_ERR(holder);
		}
	}
	pr_info("refmod: loaded\n");
	return 0;
}

static void __exit refmod_exit(void)
{
	/* Only reached with no references, or forced (rmmod -f): then the
	 * holding thread may still run here, and must be stopped first. */
	if (holder && module_refcount(THIS_MODULE) > 0)
		kthread_stop(holder);
	unregister_filesystem(&reffs);	/* already done by the unload's VFS step */
	pr_info("refmod: unloaded\n");
}

module_init(refmod_init);
module_exit(refmod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("reference counts and the unload protocol, to watch");
