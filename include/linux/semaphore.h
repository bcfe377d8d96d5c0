/*
 * Counting semaphores, with Linux's names.
 *
 *	static DEFINE_SEMAPHORE(sem);		count 1: a sleeping lock
 *	if (down_interruptible(&sem))
 *		return -ERESTARTSYS;
 *	... at most 'count' threads here at once ...
 *	up(&sem);
 *
 * Unlike a mutex, any thread (or an interrupt handler) may up() a
 * semaphore, and the count may start above 1. Waiters are served first
 * come, first served: up() hands the count straight to the oldest waiter.
 * down* may sleep; up and down_trylock may be called from any context.
 */
#ifndef _LINUX_SEMAPHORE_H
#define _LINUX_SEMAPHORE_H

#include <linux/list.h>
#include <linux/spinlock.h>

struct semaphore {
	spinlock_t lock;		/* protects count and wait_list */
	unsigned int count;		/* downs that would not sleep */
	struct list_head wait_list;	/* sleeping downs, oldest first */
};

#define __SEMAPHORE_INITIALIZER(name, n)					\
	{ .lock = __SPIN_LOCK_UNLOCKED((name).lock), .count = (n),		\
	  .wait_list = LIST_HEAD_INIT((name).wait_list) }

/* Linux 6.1's form: a binary semaphore, count 1. */
#define DEFINE_SEMAPHORE(name)							\
	struct semaphore name = __SEMAPHORE_INITIALIZER(name, 1)

static inline void sema_init(struct semaphore *sem, int val)
{
	spin_lock_init(&sem->lock);
	sem->count = val;
	INIT_LIST_HEAD(&sem->wait_list);
}

void down(struct semaphore *sem);
/* 0, or -EINTR if a signal came first (the count is then not taken). */
int __must_check down_interruptible(struct semaphore *sem);
int __must_check down_killable(struct semaphore *sem);
/* 0 if it took the count, 1 if it would have to wait (note: the opposite
 * of mutex_trylock). */
int __must_check down_trylock(struct semaphore *sem);
/* 0, or -ETIME after 'jiffies' ticks without the count. */
int __must_check down_timeout(struct semaphore *sem, long jiffies);
void up(struct semaphore *sem);

#endif
