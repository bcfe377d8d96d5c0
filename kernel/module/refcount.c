/*
 * Module reference counts: one counter per CPU, each on its own cache
 * line, and a 'live' flag. The module's count is the sum of the counters;
 * a single counter means nothing (a get on one CPU and a put on another
 * leave +1 and -1). The sum is read exactly only by the unload, inside
 * stop_machine (kernel/module/unload.c).
 *
 * Why a get and a put need no lock and no atomic instruction: each touches
 * only this CPU's counter, which no other CPU writes, with one 'incl' or
 * 'decl' that an interrupt cannot split; preemption is off so the thread
 * stays on this CPU between choosing the counter and changing it.
 *
 * Why the unload can trust its sum: stop_machine stops a CPU only where
 * preemption is enabled (a stopper is a thread, and threads only get the
 * CPU where the scheduler may switch). So each try_module_get below either
 * finished before the CPUs stopped (its increment is in the sum, and the
 * unload fails or waits for the matching put) or starts after (it sees
 * live == 0 and fails). No CPU is ever stopped between the test of 'live'
 * and the increment.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/delay.h>
#include <modlab/config.h>

#if CONFIG_DEBUG_MODULE_REF_WINDOW || CONFIG_DEBUG_MODULE_REF_BROKEN
/* Test builds: a busy wait between the test and the increment, so a stop
 * in there would be likely if it could happen. */
static void ref_window(void)
{
	udelay(20);
}
#endif

bool try_module_get(struct module *m)
{
	/* LAB(refcount) BEGIN: while m is live, count one reference on this CPU's counter */
	bool ok = true;

	if (!m)
		return true;
	preempt_disable();
	if (likely(READ_ONCE(m->live))) {
#if CONFIG_DEBUG_MODULE_REF_WINDOW
		ref_window();
#endif
#if CONFIG_DEBUG_MODULE_REF_BROKEN
		preempt_enable();	/* WRONG on purpose: the CPU may stop here */
		ref_window();
		preempt_disable();
#endif
		local_inc(&m->refs[smp_processor_id()].count);
	} else {
		ok = false;
	}
	preempt_enable();
	return ok;
	/* LAB(refcount) SKEL
#if CONFIG_DEBUG_MODULE_REF_WINDOW
	ref_window();
#endif
	return true;
	*/
	/* LAB(refcount) END */
}

void __module_get(struct module *m)
{
	/* LAB(refcount) BEGIN: count one more reference on this CPU's counter, live or not */
	if (m) {
		preempt_disable();
		local_inc(&m->refs[smp_processor_id()].count);
		preempt_enable();
	}
	/* LAB(refcount) END */
}

/*
 * Once the module is not live, an unload may be sleeping until the count
 * reaches zero: wake it. The fence pairs with set_current_state's on the
 * waiting side (it stores 'waiter', fences, reads the counters; we
 * decremented, fence, read 'waiter'), so one of us sees the other.
 */
void module_put(struct module *m)
{
	/* LAB(refcount) BEGIN: drop one reference; once m is not live, wake its waiting remover */
	struct task_struct *waiter;

	if (!m)
		return;
	preempt_disable();
	local_dec(&m->refs[smp_processor_id()].count);
	if (unlikely(!READ_ONCE(m->live))) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		waiter = READ_ONCE(m->waiter);
		if (waiter)
			wake_up_process(waiter);
	}
	preempt_enable();
	/* LAB(refcount) END */
}

EXPORT_SYMBOL(try_module_get);
EXPORT_SYMBOL(__module_get);
EXPORT_SYMBOL(module_put);
