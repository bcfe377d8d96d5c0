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
 *                  "two-stage init" of the 2002 design): mounts then work;
 *   fail=1         init fails at its end, after starting what it starts: it
 *                  tries to unregister reffs (-EBUSY if it was mounted during
 *                  a two-stage init) and returns -ENODEV; a holder thread
 *                  keeps its reference. The loader must not free the module
 *                  while it has users, nor with reffs still registered.
 *   exit_sleep_ms=N  exit sleeps N ms first: a removal that takes its time.
 *   self_hammer=N  N threads per CPU take and drop references on this very
 *                  module in a loop, in preemptible code and with no lock,
 *                  until the module goes: a reference that succeeds after
 *                  the unload began is a bug, and is reported as one (the
 *                  unload race test, tests/kernel/selftest_modrace.c).
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
#include <linux/smp.h>
#include <modlab/fs.h>

static unsigned int hold_ms;
module_param(hold_ms, uint, 0444);
MODULE_PARM_DESC(hold_ms, "a thread holds a reference this long after init (ms)");

static unsigned int init_sleep_ms;
module_param(init_sleep_ms, uint, 0444);
MODULE_PARM_DESC(init_sleep_ms, "init sleeps this long with reffs registered (ms)");

static bool two_stage;
module_param(two_stage, bool, 0444);
MODULE_PARM_DESC(two_stage, "make the module live during its own init");

static bool fail;
module_param(fail, bool, 0444);
MODULE_PARM_DESC(fail, "init fails at its end (-ENODEV), after a two-stage init's users came");

static unsigned int exit_sleep_ms;
module_param(exit_sleep_ms, uint, 0444);
MODULE_PARM_DESC(exit_sleep_ms, "exit sleeps this long first (ms)");

static unsigned int self_hammer;
module_param(self_hammer, uint, 0444);
MODULE_PARM_DESC(self_hammer, "threads per CPU taking references on this module");

static struct task_struct *holder;
static struct task_struct *hammers[NR_CPUS * 4];
static unsigned int nhammers;
static int exiting;		/* set by exit: no reference may succeed after */

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
	module_put_and_kthread_exit(0);
}

static int self_hammer_fn(void *unused)
{
	unsigned long n = 0;

	while (!kthread_should_stop()) {
		if (try_module_get(THIS_MODULE)) {
			if (READ_ONCE(exiting))
				pr_err("refmod: BUG: a reference was taken after the unload began\n");
			udelay(50);	/* hold it a moment, as a real user would */
			module_put(THIS_MODULE);
		}
		if (++n % 64 == 0)
			schedule_timeout_interruptible(1);
	}
	return 0;
}

static void stop_hammers(void)
{
	while (nhammers)
		kthread_stop(hammers[--nhammers]);
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
	if (self_hammer) {
		unsigned int cpu, k;

		for_each_online_cpu(cpu) {
			for (k = 0; k < self_hammer && nhammers < ARRAY_SIZE(hammers); k++) {
				struct task_struct *t = kthread_create(self_hammer_fn, NULL,
								       "refmod-h/%u", cpu);

				if (IS_ERR(t))
					break;
				kthread_bind(t, cpu);
				hammers[nhammers++] = t;
				wake_up_process(t);
			}
		}
	}
	if (hold_ms) {
		__module_get(THIS_MODULE);	/* the thread's; taken before it runs */
		holder = kthread_run(hold_thread, NULL, "refmod-hold");
		if (IS_ERR(holder)) {
			module_put(THIS_MODULE);
			stop_hammers();
			unregister_filesystem(&reffs);
			return PTR_ERR(holder);
		}
	}
	if (fail) {
		stop_hammers();
		err = unregister_filesystem(&reffs);
		pr_info("refmod: init fails; unregister_filesystem(reffs): %d\n", err);
		return -ENODEV;
	}
	pr_debug("refmod: loaded\n");	/* in dmesg, not on the console */
	return 0;
}

static void __exit refmod_exit(void)
{
	/* Unless forced, exit runs only once every reference is back and no
	 * new one can be taken: anything else means a get slipped past the
	 * unload's count. */
	long refs = module_refcount(THIS_MODULE);

	if (exit_sleep_ms) {
		pr_info("refmod: exit sleeps %u ms\n", exit_sleep_ms);
		msleep(exit_sleep_ms);
	}
	if (refs && !(THIS_MODULE->taints & (1u << TAINT_FORCED_RMMOD)))
		pr_err("refmod: BUG: exit runs with %ld references held\n", refs);
	WRITE_ONCE(exiting, 1);
	stop_hammers();
	/* Only reached with no references, or forced (rmmod -f): then the
	 * holding thread may still run here, and must be stopped first. */
	if (holder && module_refcount(THIS_MODULE) > 0)
		kthread_stop(holder);
	unregister_filesystem(&reffs);	/* already done by the unload's VFS step */
	pr_debug("refmod: unloaded\n");
}

module_init(refmod_init);
module_exit(refmod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("reference counts and the unload protocol, to watch");
