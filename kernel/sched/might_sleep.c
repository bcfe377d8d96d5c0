/*
 * might_sleep(): catching a call that may sleep made where sleeping is
 * forbidden (preemption or interrupts off), at the call rather than only
 * on the rare run where it really sleeps. And cond_resched(), which a
 * long loop calls where it could sleep.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include <asm/irqflags.h>

void __might_sleep(const char *file, int line)
{
	static DEFINE_RATELIMIT_STATE(rs, HZ, 1);

	if (preempt_count() == 0 && !irqs_disabled())
		return;
	if (!__ratelimit(&rs))
		return;
	pr_err("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_err("in_atomic(): %d, irqs_disabled(): %d, pid: %d, name: %s\n",
	       preempt_count() != 0, irqs_disabled(), current->pid, current->comm);
	dump_stack();
}
EXPORT_SYMBOL(__might_sleep);

int _cond_resched(void)
{
	might_sleep();
	rcu_all_qs();
	if (!need_resched() || preempt_count() != 0)
		return 0;
	schedule();
	return 1;
}
EXPORT_SYMBOL(_cond_resched);
