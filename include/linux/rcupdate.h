/*
 * Read-copy update, with Linux's names (kernel/rcu.c).
 *
 * Readers walk shared data with no lock and no atomic instruction:
 *
 *	rcu_read_lock();
 *	p = rcu_dereference(global);
 *	if (p)
 *		use(p->field);
 *	rcu_read_unlock();
 *
 * An updater (serialised by a lock of its own) publishes a new version and
 * frees the old one only after a grace period, when no reader can still
 * hold it:
 *
 *	old = rcu_dereference_protected(global, lockdep_is_held(&lock));
 *	rcu_assign_pointer(global, new);
 *	synchronize_rcu();		sleeps; or call_rcu/kfree_rcu, which do not
 *	kfree(old);
 *
 * Readers here are sections with preemption off, as in Linux without
 * CONFIG_PREEMPT_RCU: a read-side section must not sleep. A grace period
 * ends when every CPU has been seen outside a read-side section since it
 * began (kernel/rcu.c says how). Callbacks of call_rcu run in a kernel
 * thread (Linux: softirq), in the order queued; a module that queues them
 * calls rcu_barrier() in its exit function before its code goes away.
 * Not here: SRCU, tasks RCU, and the _bh/_sched flavours are the same
 * flavour under their own names, as they are since Linux 5.0.
 */
#ifndef _LINUX_RCUPDATE_H
#define _LINUX_RCUPDATE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>
#include <linux/kernel.h>
#include <asm/barrier.h>
#include <asm/irqflags.h>

static inline void rcu_read_lock(void)
{
	preempt_disable();
}

static inline void rcu_read_unlock(void)
{
	preempt_enable();
}

/* The other flavours are the same grace period (Linux 5.0 merged them). */
static inline void rcu_read_lock_bh(void)
{
	local_bh_disable();
}

static inline void rcu_read_unlock_bh(void)
{
	local_bh_enable();
}

static inline void rcu_read_lock_sched(void)
{
	preempt_disable();
}

static inline void rcu_read_unlock_sched(void)
{
	preempt_enable();
}

#define rcu_read_lock_sched_notrace()	preempt_disable()
#define rcu_read_unlock_sched_notrace()	preempt_enable()

/* True inside a read-side section (or anywhere preemption is off). */
static inline int rcu_read_lock_held(void)
{
	return preempt_count() != 0 || irqs_disabled();
}

#define rcu_read_lock_bh_held()		rcu_read_lock_held()
#define rcu_read_lock_sched_held()	rcu_read_lock_held()
#define rcu_read_lock_any_held()	rcu_read_lock_held()

/*
 * Publishing and reading a pointer. rcu_assign_pointer is a release store:
 * whatever was written into *v before is visible to a reader that sees
 * the pointer. rcu_dereference reads the pointer once (the dependent loads
 * that follow are ordered by the address dependency on every CPU Linux
 * runs on but Alpha; x86 orders loads anyway).
 */
#define rcu_assign_pointer(p, v)					\
do {									\
	typeof(p) *__rcu_pp = &(p);					\
	smp_store_release(__rcu_pp, (typeof(p))(v));			\
} while (0)

#define RCU_INIT_POINTER(p, v)		WRITE_ONCE(p, (typeof(p))(v))
#define RCU_INITIALIZER(v)		(typeof(*(v)) __force __rcu *)(v)

#define rcu_access_pointer(p)		READ_ONCE(p)
#define rcu_dereference_raw(p)		READ_ONCE(p)
#define rcu_dereference(p)		READ_ONCE(p)
#define rcu_dereference_bh(p)		READ_ONCE(p)
#define rcu_dereference_sched(p)	READ_ONCE(p)
#define rcu_dereference_check(p, c)	READ_ONCE(p)
#define rcu_dereference_bh_check(p, c)	READ_ONCE(p)
#define rcu_dereference_sched_check(p, c) READ_ONCE(p)
#define rcu_dereference_protected(p, c)	(p)

/* Swap in v for the pointer p (whose updates c says are serialised);
 * the old value. */
#define rcu_replace_pointer(p, v, c)					\
({									\
	typeof(p) __rcu_old = rcu_dereference_protected(p, c);		\
	rcu_assign_pointer(p, v);					\
	__rcu_old;							\
})

#define rcu_pointer_handoff(p)		(p)

/* Wait until every read-side section that began before has ended. May
 * sleep: thread context, no spin lock held, not inside a read section. */
void synchronize_rcu(void);
#define synchronize_rcu_expedited()	synchronize_rcu()
#define synchronize_rcu_bh()		synchronize_rcu()
#define synchronize_sched()		synchronize_rcu()
#define synchronize_net()		synchronize_rcu()

/* Run func(head) after a grace period, in a kernel thread. Any context. */
void call_rcu(struct rcu_head *head, rcu_callback_t func);
#define call_rcu_bh(head, func)		call_rcu(head, func)
#define call_rcu_sched(head, func)	call_rcu(head, func)

/* Note that this CPU is outside any read section (cond_resched calls it). */
void rcu_all_qs(void);

/* Wait until every callback queued before has run. May sleep. */
void rcu_barrier(void);

/* kfree(p) after a grace period, where p->field is its rcu_head; the
 * one-argument form (no rcu_head) sleeps in synchronize_rcu first. */
void __kvfree_call_rcu(struct rcu_head *head, unsigned long offset);
void kvfree_rcu_headless(void *ptr);

#define __kfree_rcu_2(ptr, field)					\
do {									\
	typeof(ptr) ___p = (ptr);					\
	if (___p)							\
		__kvfree_call_rcu(&___p->field, offsetof(typeof(*___p), field)); \
} while (0)
#define __kfree_rcu_1(ptr)		kvfree_rcu_headless(ptr)
#define __kfree_rcu_pick(_1, _2, fn, ...)	fn
#define kfree_rcu(...)							\
	__kfree_rcu_pick(__VA_ARGS__, __kfree_rcu_2, __kfree_rcu_1, )(__VA_ARGS__)
#define kvfree_rcu(...)			kfree_rcu(__VA_ARGS__)
#define kfree_rcu_mightsleep(ptr)	kvfree_rcu_headless(ptr)

/* Debugging aids Linux offers; nothing to track here. */
static inline void init_rcu_head(struct rcu_head *head)
{
}

static inline void destroy_rcu_head(struct rcu_head *head)
{
}

#define rcu_head_init(head)		do { } while (0)
#define rcu_sleep_check()		do { } while (0)
#define RCU_LOCKDEP_WARN(c, s)		do { } while (0)

#endif
