/*
 * Reports of spin lock misuse (CONFIG_DEBUG_LOCKS).
 *
 * Taking a lock this CPU already holds would spin for ever: that is
 * reported and the kernel panics, with both places named. Unlocking a lock
 * this CPU does not hold is reported and the unlock is skipped, so the real
 * holder keeps its lock.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <modlab/kallsyms.h>
#include <linux/sched.h>
#include <modlab/panic.h>

void spin_bug(spinlock_t *lock, const char *what, unsigned long ip)
{
	char here[KSYM_SYMBOL_LEN], taken[KSYM_SYMBOL_LEN];

	sprint_symbol(here, ip);
	pr_emerg("BUG: spinlock %s on CPU %u\n", what, smp_processor_id());
	pr_emerg(" lock: '%s' at %p, held by CPU %d, taken at %s\n", lock->name, lock,
		 lock->owner_cpu, lock->owner_ip ? (sprint_symbol(taken, lock->owner_ip), taken) :
						   "(nowhere)");
	pr_emerg(" here: %s\n", here);
	dump_stack();
	if (lock->owner_cpu == (int)smp_processor_id())
		panic("spinlock recursion on '%s' would deadlock", lock->name);
}

/*
 * Sleeping (calling schedule) with a spin lock held, with preemption off
 * or in an interrupt handler: the CPU would switch away from a section
 * that promised not to be switched away from. Reported, not fatal.
 */
void sleeping_while_atomic(const char *where)
{
	pr_err("BUG: %s while atomic: preempt_count %#x on CPU %u in thread %s\n", where,
	       preempt_count(), smp_processor_id(), current->comm);
	pr_err(" (a spin lock is held, preemption is disabled or this is an interrupt handler)\n");
	dump_stack();
}

/* For modules. */
EXPORT_SYMBOL(spin_bug);
EXPORT_SYMBOL(sleeping_while_atomic);
