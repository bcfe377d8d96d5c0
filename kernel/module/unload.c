/*
 * Removing a module: reference counts and the unload protocol.
 *
 * try_module_get/module_put (kernel/module/refcount.c) only touch this
 * CPU's counter with preemption off. The sum over CPUs is the module's reference count,
 * and it is read exactly only here, inside stop_machine, when every CPU is
 * stopped at a preemptible point and so outside every get or put.
 *
 * delete_module(name, flags), as DESIGN.md lays it out:
 *  1. Under module_mutex: unknown name -ENOENT; used by other modules
 *     -EWOULDBLOCK; not LIVE -EBUSY; no exit function and not forced -EBUSY.
 *  2. stop_machine: sum the counters with every CPU quiet. Not zero and
 *     non-blocking (plain rmmod) and not forced: -EWOULDBLOCK, nothing
 *     changed. Otherwise clear 'live' (no new references) and go GOING.
 *  3. --wait: drop module_mutex and sleep uninterruptibly until the last
 *     module_put wakes us with the count at zero.
 *  4. The VFS has the last word: every filesystem the module registered is
 *     unregistered, which fails while one is mounted; then the module goes
 *     back to LIVE and nothing is freed (even when forced).
 *  5. A last stop_machine lets any module_put still inside its
 *     preempt-disabled section finish touching the module; then exit runs
 *     and everything is freed.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/stop_machine.h>
#include <linux/delay.h>
#include "internal.h"

long module_refcount(struct module *m)
{
	unsigned int cpu;
	long sum = 0;

	for_each_possible_cpu(cpu)
		sum += local_read(&m->refs[cpu].count);
	return sum;
}

void module_put_and_kthread_exit(struct module *m, int code)
{
	module_put(m);
	kthread_exit(code);	/* kernel code: nothing returns into the module */
}

struct stop_args {
	struct module *mod;
	unsigned int flags;
	bool forced;
	long refs;
};

/* With every CPU stopped: no get or put is half done anywhere. */
static int try_stop_module(void *arg)
{
	struct stop_args *a = arg;

	a->refs = module_refcount(a->mod);
	if (a->refs) {
		if (CONFIG_MODULE_FORCE_UNLOAD && (a->flags & O_TRUNC))
			a->forced = true;
		else if (a->flags & O_NONBLOCK)
			return -EWOULDBLOCK;
	}
	a->mod->live = 0;
	a->mod->state = MODULE_STATE_GOING;	/* module_mutex is held by our caller */
	return 0;
}

static int do_nothing(void *arg)
{
	return 0;
}

/* Sleep until the count is zero (live is already 0). Under module_mutex,
 * which is dropped while sleeping so other module work can go on. */
void module_wait_for_references(struct module *mod)
{
	WRITE_ONCE(mod->live, 0);
	WRITE_ONCE(mod->waiter, current);
	mutex_unlock(&module_mutex);
	stop_machine(do_nothing, NULL);	/* every CPU has seen live == 0 */
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (module_refcount(mod) == 0)
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	/* A module_put that woke us may still be reading mod->waiter. */
	stop_machine(do_nothing, NULL);
	WRITE_ONCE(mod->waiter, NULL);
	mutex_lock(&module_mutex);
}

int delete_module(const char *name, unsigned int flags)
{
	struct stop_args a = { .flags = flags };
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
	err = -EBUSY;			/* still in its init, or already going */
	if (mod->state != MODULE_STATE_LIVE)
		goto out;
	if (!mod->exit && !(CONFIG_MODULE_FORCE_UNLOAD && (flags & O_TRUNC)))
		goto out;		/* no way to stop it */

	a.mod = mod;
	err = stop_machine(try_stop_module, &a);
	if (err)
		goto out;		/* referenced: nothing changed */
	if (a.refs && !a.forced)
		module_wait_for_references(mod);	/* rmmod --wait */

	/* The VFS's veto: a mounted filesystem keeps its module. */
	err = unregister_module_filesystems(mod);
	if (err) {
		mod->state = MODULE_STATE_LIVE;
		WRITE_ONCE(mod->live, 1);
		goto out;
	}
	if (a.forced) {
		pr_warn("module %s: forced unload with %ld references; kernel tainted\n",
			mod->name, a.refs);
		mod->taints |= 1u << TAINT_FORCED_RMMOD;
		add_taint(TAINT_FORCED_RMMOD);
	}
	module_state_changed();
	mutex_unlock(&module_mutex);

	/* Any module_put still in its preempt-off section finishes first. */
	stop_machine(do_nothing, NULL);
	if (mod->exit)
		mod->exit();

	mutex_lock(&module_mutex);
	module_report_leaks(mod);
	list_del(&mod->list);
	free_module(mod);
	err = 0;
out:
	mutex_unlock(&module_mutex);
	return err;
}

/* For modules. */
EXPORT_SYMBOL(module_refcount);
EXPORT_SYMBOL(module_put_and_kthread_exit);
