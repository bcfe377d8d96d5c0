/*
 * Spin locks: mutual exclusion between CPUs for short critical sections.
 *
 * A ticket lock, so CPUs get the lock in the order they asked for it: each
 * taker draws the next ticket with one atomic add and waits until 'owner'
 * reaches it; unlock advances 'owner'. The acquire/release orderings on those
 * two accesses keep the critical section's loads and stores inside the lock.
 *
 * Holding a spin lock disables preemption: the holder must not be switched
 * out while others spin, and must not sleep. Use the _irqsave variants for
 * data also touched by interrupt handlers, or a handler on this CPU could
 * spin forever on a lock its own CPU holds.
 *
 * With CONFIG_DEBUG_LOCKS each lock remembers which CPU holds it and where
 * it was taken, so taking it twice on one CPU or unlocking it from a CPU
 * that does not hold it is reported, naming the lock and both places.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>
#include <asm/barrier.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <modlab/config.h>

typedef struct spinlock {
	u16 next;		/* next ticket to hand out */
	u16 owner;		/* ticket now allowed in */
	const char *name;
#if CONFIG_DEBUG_LOCKS
	int owner_cpu;		/* -1 when free */
	unsigned long owner_ip;	/* where it was taken */
#endif
} spinlock_t;

#if CONFIG_DEBUG_LOCKS
#define __SPIN_LOCK_DEBUG	.owner_cpu = -1, .owner_ip = 0,
#else
#define __SPIN_LOCK_DEBUG
#endif

#define __SPIN_LOCK_UNLOCKED(n)	{ .next = 0, .owner = 0, .name = #n, __SPIN_LOCK_DEBUG }
#define DEFINE_SPINLOCK(n)	spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

/* The address of the code using this macro. */
#define _THIS_IP_	({ __label__ __here; __here: (unsigned long)&&__here; })

#define spin_lock_init(lock)	__spin_lock_init(lock, #lock)

static inline void __spin_lock_init(spinlock_t *lock, const char *name)
{
	lock->next = 0;
	lock->owner = 0;
	lock->name = name;
#if CONFIG_DEBUG_LOCKS
	lock->owner_cpu = -1;
	lock->owner_ip = 0;
#endif
}

/* Report misuse (kernel/locking/spinlock_debug.c). */
void spin_bug(spinlock_t *lock, const char *what, unsigned long ip);

static __always_inline void arch_spin_lock(spinlock_t *lock)
{
	u16 ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
}

static __always_inline void arch_spin_unlock(spinlock_t *lock)
{
	/* Only the holder writes 'owner', so a plain increment is enough;
	 * the release store publishes the critical section's writes. */
	__atomic_store_n(&lock->owner, lock->owner + 1, __ATOMIC_RELEASE);
}

static __always_inline void __spin_lock(spinlock_t *lock, unsigned long ip)
{
	preempt_disable();
#if CONFIG_DEBUG_LOCKS
	if (unlikely(READ_ONCE(lock->owner_cpu) == (int)smp_processor_id()))
		spin_bug(lock, "recursion: this CPU already holds it", ip);
#endif
	arch_spin_lock(lock);
#if CONFIG_DEBUG_LOCKS
	lock->owner_cpu = smp_processor_id();
	lock->owner_ip = ip;
#endif
}

static __always_inline bool __spin_unlock(spinlock_t *lock, unsigned long ip)
{
#if CONFIG_DEBUG_LOCKS
	if (unlikely(lock->owner_cpu != (int)smp_processor_id())) {
		spin_bug(lock, "unlock of a lock this CPU does not hold", ip);
		return false;	/* leave the lock as it is */
	}
	lock->owner_cpu = -1;
#endif
	arch_spin_unlock(lock);
	return true;
}

#define spin_lock(lock)		__spin_lock(lock, _THIS_IP_)
#define spin_unlock(lock)						\
	do {								\
		if (__spin_unlock(lock, _THIS_IP_))			\
			preempt_enable();				\
	} while (0)

/* Take the lock only if nobody holds it or waits for it; true on success. */
#define spin_trylock(lock)	__spin_trylock(lock, _THIS_IP_)

static __always_inline bool __spin_trylock(spinlock_t *lock, unsigned long ip)
{
	u16 owner = __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);
	u16 expected = owner;

	preempt_disable();
	if (__atomic_compare_exchange_n(&lock->next, &expected, (u16)(owner + 1), false,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
#if CONFIG_DEBUG_LOCKS
		lock->owner_cpu = smp_processor_id();
		lock->owner_ip = ip;
#endif
		return true;
	}
	preempt_enable();
	return false;
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->next, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);
}

#define spin_lock_irqsave(lock, flags)				\
	do {							\
		local_irq_save(flags);				\
		__spin_lock(lock, _THIS_IP_);			\
	} while (0)

/* Interrupts come back on only after preemption is enabled again, and a
 * pending reschedule then happens at the next preemption point. */
#define spin_unlock_irqrestore(lock, flags)			\
	do {							\
		if (__spin_unlock(lock, _THIS_IP_))		\
			preempt_enable_no_resched();		\
		local_irq_restore(flags);			\
	} while (0)

#define spin_lock_irq(lock)					\
	do {							\
		local_irq_disable();				\
		__spin_lock(lock, _THIS_IP_);			\
	} while (0)

#define spin_unlock_irq(lock)					\
	do {							\
		if (__spin_unlock(lock, _THIS_IP_))		\
			preempt_enable_no_resched();		\
		local_irq_enable();				\
	} while (0)

/* For data shared with softirqs (timer callbacks, tasklets): hold them
 * off on this CPU too, or one could spin for ever on the lock this CPU
 * holds. */
#define spin_lock_bh(lock)					\
	do {							\
		local_bh_disable();				\
		__spin_lock(lock, _THIS_IP_);			\
	} while (0)

#define spin_unlock_bh(lock)					\
	do {							\
		if (__spin_unlock(lock, _THIS_IP_))		\
			preempt_enable_no_resched();		\
		local_bh_enable();				\
	} while (0)

#define spin_trylock_bh(lock)					\
	({							\
		bool __got;					\
		local_bh_disable();				\
		__got = spin_trylock(lock);			\
		if (!__got)					\
			local_bh_enable();			\
		__got;						\
	})

#define spin_trylock_irqsave(lock, flags)			\
	({							\
		bool __got;					\
		local_irq_save(flags);				\
		__got = spin_trylock(lock);			\
		if (!__got)					\
			local_irq_restore(flags);		\
		__got;						\
	})

/* Linux's spinlock.h brings the reader-writer locks along. */
#include <linux/rwlock.h>

#endif
