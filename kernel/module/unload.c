/*
 * Removing a module: the unload protocol, and the end of a module whose
 * init failed.
 *
 * try_module_get/module_put (kernel/module/refcount.c) only touch this
 * CPU's counter with preemption off. The sum over CPUs is the module's
 * reference count, and it is read exactly only here, inside stop_machine,
 * when every CPU is stopped at a preemptible point and so outside every
 * get or put.
 *
 * delete_module(name, flags), as DESIGN.md lays it out:
 *  1. Under module_mutex: unknown name -ENOENT; used by other modules
 *     -EWOULDBLOCK; not LIVE -EBUSY; no exit function and not forced -EBUSY
 *     (forced: removed with a warning, and the kernel is tainted).
 *  2. stop_machine: sum the counters with every CPU quiet. Not zero and
 *     non-blocking (plain rmmod) and not forced: -EWOULDBLOCK, nothing
 *     changed. Otherwise clear 'live' (no new references) and go GOING.
 *  3. --wait: drop module_mutex and sleep until the last module_put wakes
 *     us with the count at zero. Linux 2.6 slept uninterruptibly; here a
 *     signal (Ctrl-C) ends the wait and the module is LIVE again, nothing
 *     changed; an rmmod -f meanwhile makes the sleeper go on as forced.
 *  4. The VFS has the last word: every filesystem the module registered is
 *     unregistered, which fails while one is mounted; then the module goes
 *     back to LIVE and nothing is freed (even when forced).
 *  5. exit runs and everything is freed.
 *
 * A module whose init fails goes through 3 to 5 as well (without exit):
 * if it made itself live in its init (seed 002's two-stage init), users
 * may hold references, even mounts, and it is freed only once they are
 * gone and its filesystems are unregistered.
 *
 * Stopping the machine, call by call. Each stop below is needed for one of
 * two reasons: to read the sum exactly, or to know that no CPU is inside a
 * get or put (they run with preemption off, and no CPU stops there).
 *
 *   path                       stops   before
 *   rmmod NAME                 1       2
 *   rmmod -f NAME              1       2
 *   rmmod --wait NAME          2       4   (1 if nothing is referenced)
 *   --wait ended by Ctrl-C     2
 *   failed two-stage init      2       2   (1 if nothing is referenced)
 *
 *  - try_stop_module (every path): the sum must be exact, and clearing
 *    'live' must not race with try_module_get (seed 002): at the stop,
 *    each get either finished (counted: the unload fails or waits) or has
 *    not yet tested 'live' (and will fail). Without it a get could test
 *    live == 1, we would count zero and free, and its increment would land
 *    in freed memory.
 *  - confirm_zero (--wait, failed init, after sleeping): the sleeper's read
 *    of the sum with the CPUs running is only a hint. A holder's
 *    __module_get on a CPU already summed and its module_put on one not yet
 *    summed read as zero while a reference is held. Stopped, the sum is
 *    exact. The same stop ends module_put's window: the last put may still
 *    be between its decrement and waking mod->waiter, and may not be once
 *    the CPUs have stopped; with the count zero and 'live' clear no get or
 *    put can begin again. So exit and the free need no further stop, and
 *    mod->waiter can be cleared.
 *  - restart_module (--wait interrupted, or vetoed after rmmod -f took
 *    over): making the module live again needs no stop, but clearing
 *    mod->waiter does: a put that saw live == 0 may be about to wake the
 *    waiter, whose thread (a background job) may end once rmmod returns.
 *  - set_waiter (a failed init handed over to a kernel thread): the same
 *    for the waiter that changes.
 *
 * Removed: the stop before exit on every path (a count of zero with 'live'
 * clear, read at a stop, means no put runs then or later; a forced unload
 * of a referenced module cannot be made safe by any stop, since its users
 * put their references whenever they like), and the stop that made
 * every CPU "see" live == 0 before sleeping (it was cleared at a stop).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/stop_machine.h>
#include <linux/delay.h>
#include "internal.h"
#include <modlab/fs.h>
#include <modlab/module.h>

int module_refcount(struct module *m)
{
	/* LAB(refcount) BEGIN: the module's count: the sum of every CPU's counter */
	unsigned int cpu;
	int sum = 0;

	for_each_possible_cpu(cpu)
		sum += local_read(&m->refs[cpu].count);
	return sum;
	/* LAB(refcount) SKEL
	return 0;
	*/
	/* LAB(refcount) END */
}

void __module_put_and_kthread_exit(struct module *m, long code)
{
	module_put(m);
	kthread_exit(code);	/* kernel code: nothing returns into the module */
}

/* One unload (or failed init), as the stop functions see it. */
struct unload {
	struct module *mod;
	unsigned int flags;		/* O_NONBLOCK: plain rmmod; O_TRUNC: -f */
	struct task_struct *waiter;	/* who sleeps until the count is zero */
	bool forced;			/* removed although referenced */
	long refs;			/* the count, read at a stop */
};

/* With every CPU stopped: no get or put is half done anywhere. */
static int try_stop_module(void *arg)
{
	struct unload *u = arg;
	struct module *mod = u->mod;

	u->refs = module_refcount(mod);
	if (u->refs) {
		if (CONFIG_MODULE_FORCE_UNLOAD && (u->flags & O_TRUNC))
			u->forced = true;
		else if (u->flags & O_NONBLOCK)
			return -EWOULDBLOCK;
		else
			mod->waiter = u->waiter;	/* the last module_put wakes it */
	}
	mod->live = 0;
	mod->state = MODULE_STATE_GOING;	/* module_mutex is held by our caller */
	return 0;
}

static int confirm_zero(void *arg)
{
	struct unload *u = arg;

	u->refs = module_refcount(u->mod);
	if (!u->refs)
		u->mod->waiter = NULL;
	return 0;
}

static int restart_module(void *arg)
{
	struct module *mod = arg;

	mod->waiter = NULL;
	mod->state = MODULE_STATE_LIVE;		/* module_mutex is held by our caller */
	mod->live = 1;
	return 0;
}

static int set_waiter(void *arg)
{
	struct unload *u = arg;

	u->mod->waiter = u->waiter;
	return 0;
}

/* A stop that cannot be skipped (its function returns 0): if stop_machine
 * could not stop every CPU, it did nothing; try again. */
static void stop_machine_must(int (*fn)(void *data), void *data)
{
	while (stop_machine(fn, data))
		msleep(10);
}

/*
 * Sleep until the count is zero, without module_mutex. 'live' is clear and
 * mod->waiter is us (set at a stop), so each module_put wakes us. Returns 0
 * once the count is exactly zero (mod->waiter is then cleared), -EINTR if
 * a signal (Ctrl-C) came first, -ECANCELED if rmmod -f took over; in both
 * cases mod->waiter is still us.
 */
static int wait_for_zero_refs(struct module *mod)
{
	struct unload u = { .mod = mod };
	int err;

	for (;;) {
		/* The state before the tests: a put, a signal or rmmod -f
		 * after them finds us sleeping and wakes us. */
		set_current_state(TASK_INTERRUPTIBLE);
		if (READ_ONCE(mod->unload_forced)) {
			err = -ECANCELED;
			break;
		}
		if (signal_pending(current)) {
			err = -EINTR;
			break;
		}
		if (module_refcount(mod) == 0) {	/* a hint; see confirm_zero above */
			__set_current_state(TASK_RUNNING);
			stop_machine_must(confirm_zero, &u);
			if (!u.refs)
				return 0;
			continue;
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return err;
}

/*
 * rmmod -f while an rmmod --wait sleeps on the module: the sleeper stops
 * waiting and goes on as a forced unload (the VFS may still veto it). We
 * wait for the outcome: 0 once the module is gone, -EBUSY if it is live
 * again, -EINPROGRESS if a signal ends our wait first (the removal goes
 * on). Under module_mutex, dropped while waiting.
 */
static int force_waiting_unload(struct module *mod, const char *name)
{
	struct task_struct *waiter = READ_ONCE(mod->waiter);

	mod->unload_forced = true;
	/* The sleeper needs module_mutex, which we hold, to finish: its thread
	 * is still there. NULL: its count reached zero and it is finishing. */
	if (waiter)
		wake_up_process(waiter);
	pr_warn("module %s: rmmod -f: the waiting rmmod --wait removes it now\n", name);
	for (;;) {
		mod = find_module(name);
		if (!mod)
			return 0;
		if (mod->state != MODULE_STATE_GOING)
			return -EBUSY;
		if (module_wait_change())
			return -EINPROGRESS;
	}
}

/* rmmod --wait: sleep without module_mutex. Returns 0 (count zero),
 * -ECANCELED (rmmod -f took over) or -EINTR (the module is live again). */
static int wait_for_unload(struct module *mod)
{
	int err;

	mod->unload_waiting = true;
	mutex_unlock(&module_mutex);
	pr_info("module %s: waiting for its references to go (Ctrl-C stops waiting)\n",
		mod->name);
	WRITE_ONCE(current->hung_watch, 1);
	err = wait_for_zero_refs(mod);
	WRITE_ONCE(current->hung_watch, 0);
	mutex_lock(&module_mutex);
	mod->unload_waiting = false;
	mod->unload_forced = false;
	if (err == -EINTR) {
		stop_machine_must(restart_module, mod);
		pr_info("module %s: rmmod --wait interrupted; the module is live again\n",
			mod->name);
		module_state_changed();
	}
	return err;
}

static void taint_forced(struct module *mod, struct unload *u, bool no_exit)
{
	if (no_exit)
		pr_warn("module %s: forced removal without an exit function: %s\n", mod->name,
			"what its init set up stays behind; kernel tainted");
	else
		pr_warn("module %s: forced unload with %ld references; kernel tainted\n",
			mod->name, u->refs);
	mod->taints |= 1u << TAINT_FORCED_RMMOD;
	add_taint(TAINT_FORCED_RMMOD);
}

int delete_module(const char *name, unsigned int flags)
{
	bool force = CONFIG_MODULE_FORCE_UNLOAD && (flags & O_TRUNC), no_exit = false;
	struct unload u = { .flags = flags, .waiter = current };
	struct module *mod;
	int err;

	mutex_lock(&module_mutex);
	mod = find_module(name);
	err = -ENOENT;
	if (!mod || mod->state == MODULE_STATE_UNFORMED)
		goto out;
	err = -EWOULDBLOCK;		/* others use its symbols */
	if (!list_empty(&mod->source_list))
		goto out;
	if (mod->unload_waiting && force) {
		err = force_waiting_unload(mod, name);
		goto out;
	}
	err = -EBUSY;			/* still in its init, or already going */
	if (mod->state != MODULE_STATE_LIVE)
		goto out;
	if (!mod->exit) {
		if (!force)
			goto out;	/* no way to stop it */
		no_exit = true;
	}

	u.mod = mod;
	err = stop_machine(try_stop_module, &u);
	if (err)
		goto out;		/* referenced: nothing changed */
	if (u.refs && !u.forced) {
		err = wait_for_unload(mod);
		if (err == -EINTR)
			goto out;
		if (err == -ECANCELED) {
			u.forced = true;
			u.refs = module_refcount(mod);	/* for the message only */
		}
	}

	/* The VFS's veto: a mounted filesystem keeps its module. */
	err = unregister_module_filesystems(mod);
	if (err) {
		if (READ_ONCE(mod->waiter))	/* an rmmod -f took over our wait */
			stop_machine_must(restart_module, mod);
		else
			restart_module(mod);	/* nobody can be waking a waiter */
		module_state_changed();
		goto out;
	}
	if (u.forced || no_exit)
		taint_forced(mod, &u, no_exit);
	mutex_unlock(&module_mutex);

	if (mod->exit)
		mod->exit();
	module_notify(mod, MODULE_STATE_GOING);

	mutex_lock(&module_mutex);
	module_report_leaks(mod);
	list_del(&mod->list);
	free_module(mod);
	module_state_changed();		/* a forcing rmmod -f waits for this */
	err = 0;
out:
	mutex_unlock(&module_mutex);
	return err;
}

/* ---- a module whose init failed ---- */

/* Free it, as step 4 and 5 of an unload (without exit): its count is zero
 * and 'live' clear. Under module_mutex. */
static void release_failed_module(struct module *mod)
{
	if (unregister_module_filesystems(mod)) {
		/* Cannot happen while mounts hold references; but a mounted
		 * type is never freed: the module stays, GOING, for good. */
		pr_err("module %s: init failed, and its filesystem is mounted: it stays\n",
		       mod->name);
		return;
	}
	list_del(&mod->list);
	free_module(mod);
	module_state_changed();
}

static int reap_module(void *arg)
{
	struct module *mod = arg;

	/* No signal reaches this thread, and rmmod -f does not apply (no
	 * rmmod --wait is waiting): only a count of zero ends the wait. */
	while (wait_for_zero_refs(mod))
		;
	mutex_lock(&module_mutex);
	pr_info("module %s: its last user is gone; freed\n", mod->name);
	release_failed_module(mod);
	mutex_unlock(&module_mutex);
	return 0;
}

/* The loader was interrupted waiting for the users of a failed module: a
 * kernel thread waits in its place and frees the module. Under module_mutex. */
static void hand_over_failed_module(struct module *mod)
{
	struct unload u = { .mod = mod };
	struct task_struct *t = kthread_create(reap_module, mod, "modreap");

	if (IS_ERR(t)) {
		u.waiter = NULL;
		stop_machine_must(set_waiter, &u);
		pr_err("module %s: init failed, still in use, no thread to free it: it stays\n",
		       mod->name);
		return;
	}
	u.waiter = t;
	stop_machine_must(set_waiter, &u);	/* no put still wakes the loader */
	pr_info("module %s: init failed and it is still in use; %s\n", mod->name,
		"it is freed when its last user goes");
	wake_up_process(t);
}

void module_release_failed_init(struct module *mod)
{
	struct unload u = { .mod = mod, .waiter = current };

	if (READ_ONCE(mod->live)) {	/* two-stage init: it may have users */
		stop_machine_must(try_stop_module, &u);
		if (u.refs) {
			mutex_unlock(&module_mutex);
			pr_info("module %s: init failed; waiting for its %ld users to go %s\n",
				mod->name, u.refs, "(Ctrl-C stops waiting)");
			if (wait_for_zero_refs(mod)) {
				mutex_lock(&module_mutex);
				hand_over_failed_module(mod);
				return;
			}
			mutex_lock(&module_mutex);
		}
	}
	release_failed_module(mod);
}

/* For modules. */
EXPORT_SYMBOL(module_refcount);
EXPORT_SYMBOL(__module_put_and_kthread_exit);
