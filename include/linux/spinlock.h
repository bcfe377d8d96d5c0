/*
 * Spin locks: mutual exclusion between CPUs for short critical sections.
 *
 * A ticket lock, so CPUs get the lock in the order they asked for it: each
 * taker draws the next ticket with one atomic add and waits until 'owner'
 * reaches it; unlock advances 'owner'. The acquire/release orderings on those
 * two accesses keep the critical section's loads and stores inside the lock.
 *
 * Use the _irqsave variants for data also touched by interrupt handlers,
 * or a handler on this CPU could spin forever on a lock its own CPU holds.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

typedef struct spinlock {
	u16 next;		/* next ticket to hand out */
	u16 owner;		/* ticket now allowed in */
	const char *name;	/* for debugging reports */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n)	{ .next = 0, .owner = 0, .name = #n }
#define DEFINE_SPINLOCK(n)	spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

static inline void spin_lock_init(spinlock_t *lock)
{
	lock->next = 0;
	lock->owner = 0;
	lock->name = "spinlock";
}

static inline void spin_lock(spinlock_t *lock)
{
	u16 ticket = __atomic_fetch_add(&lock->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&lock->owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
}

static inline void spin_unlock(spinlock_t *lock)
{
	/* Only the holder writes 'owner', so a plain increment is enough;
	 * the release store publishes the critical section's writes. */
	__atomic_store_n(&lock->owner, lock->owner + 1, __ATOMIC_RELEASE);
}

/* Take the lock only if nobody holds it or waits for it; true on success. */
static inline bool spin_trylock(spinlock_t *lock)
{
	u16 owner = __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);
	u16 expected = owner;

	return __atomic_compare_exchange_n(&lock->next, &expected, (u16)(owner + 1), false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline bool spin_is_locked(spinlock_t *lock)
{
	return __atomic_load_n(&lock->next, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&lock->owner, __ATOMIC_RELAXED);
}

#define spin_lock_irqsave(lock, flags)		\
	do {					\
		local_irq_save(flags);		\
		spin_lock(lock);		\
	} while (0)

#define spin_unlock_irqrestore(lock, flags)	\
	do {					\
		spin_unlock(lock);		\
		local_irq_restore(flags);	\
	} while (0)

static inline void spin_lock_irq(spinlock_t *lock)
{
	local_irq_disable();
	spin_lock(lock);
}

static inline void spin_unlock_irq(spinlock_t *lock)
{
	spin_unlock(lock);
	local_irq_enable();
}

#endif
