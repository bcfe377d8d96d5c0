/*
 * Mutexes: sleeping locks, with Linux's names. A thread that finds the
 * mutex taken sleeps until the holder unlocks it, so a mutex may be held
 * across sleeping calls, but never taken in an interrupt handler or with
 * a spin lock held. Only the holder may unlock it. Waiters get it in the
 * order they asked (the unlocker hands it to the first one).
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/list.h>
#include <linux/spinlock.h>

struct task_struct;

struct mutex {
	spinlock_t wait_lock;		/* protects owner and wait_list */
	struct task_struct *owner;	/* NULL when free */
	struct list_head wait_list;	/* sleeping takers, first come first */
	const char *name;
};

#define __MUTEX_INITIALIZER(n)							\
	{ .wait_lock = __SPIN_LOCK_UNLOCKED(n.wait_lock), .owner = NULL,	\
	  .wait_list = LIST_HEAD_INIT(n.wait_list), .name = #n }
#define DEFINE_MUTEX(n)	struct mutex n = __MUTEX_INITIALIZER(n)

/* Linux's lock-class key (for lockdep); modlab's debugging keys on names. */
struct lock_class_key {
	char unused;
};

#define mutex_init(m)							\
	do {								\
		static struct lock_class_key __key;			\
		__mutex_init((m), #m, &__key);				\
	} while (0)
void __mutex_init(struct mutex *m, const char *name, struct lock_class_key *key);
void mutex_lock(struct mutex *m);
/* Returns 0 with the mutex held, or -EINTR if a signal came first. */
int mutex_lock_interruptible(struct mutex *m);
/* Returns 1 if it took the mutex, 0 if it is held. */
int mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);
/* Ctrl-C is modlab's only signal, and fatal: the same as interruptible. */
#define mutex_lock_killable(m)		mutex_lock_interruptible(m)
#define mutex_lock_nested(m, subclass)	mutex_lock(m)
#define mutex_destroy(m)		do { } while (0)

#endif
