/*
 * Reader-writer spin locks, with Linux's names: any number of readers at
 * once, or one writer. The lock word counts readers; RW_WRITER marks a
 * writer. Like spin locks they disable preemption while held. Readers that
 * keep coming can starve a writer: use them where writes are rare.
 */
#ifndef _LINUX_RWLOCK_H
#define _LINUX_RWLOCK_H

#include <linux/types.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

#define RW_WRITER	0x80000000u

typedef struct {
	u32 lock;
} rwlock_t;

#define __RW_LOCK_UNLOCKED(n)	{ .lock = 0 }
#define DEFINE_RWLOCK(n)	rwlock_t n = __RW_LOCK_UNLOCKED(n)
#define rwlock_init(l)		((l)->lock = 0)

static inline void _raw_read_lock(rwlock_t *l)
{
	u32 v;

	preempt_disable();
	for (;;) {
		v = __atomic_load_n(&l->lock, __ATOMIC_RELAXED);
		if (!(v & RW_WRITER) &&
		    __atomic_compare_exchange_n(&l->lock, &v, v + 1, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return;
		cpu_relax();
	}
}

static inline void _raw_read_unlock(rwlock_t *l)
{
	__atomic_sub_fetch(&l->lock, 1, __ATOMIC_RELEASE);
	preempt_enable();
}

static inline void _raw_write_lock(rwlock_t *l)
{
	u32 v;

	preempt_disable();
	for (;;) {
		v = 0;
		if (__atomic_compare_exchange_n(&l->lock, &v, RW_WRITER, false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return;
		cpu_relax();
	}
}

static inline void _raw_write_unlock(rwlock_t *l)
{
	__atomic_store_n(&l->lock, 0, __ATOMIC_RELEASE);
	preempt_enable();
}

/* Function-like macros, as in Linux, so that read_lock and write_lock
 * stay free as plain identifiers (static DEFINE_MUTEX(read_lock) is common
 * in drivers and Linux's own samples). */
#define read_lock(l)		_raw_read_lock(l)
#define read_unlock(l)		_raw_read_unlock(l)
#define write_lock(l)		_raw_write_lock(l)
#define write_unlock(l)		_raw_write_unlock(l)

#define read_lock_irqsave(l, flags)	do { local_irq_save(flags); read_lock(l); } while (0)
#define write_lock_irqsave(l, flags)	do { local_irq_save(flags); write_lock(l); } while (0)
#define read_unlock_irqrestore(l, flags)					\
	do {									\
		__atomic_sub_fetch(&(l)->lock, 1, __ATOMIC_RELEASE);		\
		preempt_enable_no_resched();					\
		local_irq_restore(flags);					\
	} while (0)
#define write_unlock_irqrestore(l, flags)					\
	do {									\
		__atomic_store_n(&(l)->lock, 0, __ATOMIC_RELEASE);		\
		preempt_enable_no_resched();					\
		local_irq_restore(flags);					\
	} while (0)

/* The same for data shared with softirqs (linux/bottom_half.h). */
#define read_lock_bh(l)		do { local_bh_disable(); read_lock(l); } while (0)
#define write_lock_bh(l)	do { local_bh_disable(); write_lock(l); } while (0)
#define read_unlock_bh(l)	do { read_unlock(l); local_bh_enable(); } while (0)
#define write_unlock_bh(l)	do { write_unlock(l); local_bh_enable(); } while (0)

#endif
