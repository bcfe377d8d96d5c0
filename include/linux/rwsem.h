/*
 * Reader-writer semaphores, with Linux's names: many readers or one
 * writer, sleeping while they wait.
 *
 *	static DECLARE_RWSEM(table_sem);
 *	down_read(&table_sem);  ... look ...  up_read(&table_sem);
 *	down_write(&table_sem); ... change ... up_write(&table_sem);
 *
 * Fair: once a writer waits, new readers queue behind it, so writers are
 * not starved; waiters are served in arrival order, a run of readers at
 * the head of the queue together. downgrade_write turns a held write lock
 * into a read lock without letting a writer in between. All but the
 * trylocks and ups may sleep.
 */
#ifndef _LINUX_RWSEM_H
#define _LINUX_RWSEM_H

#include <linux/list.h>
#include <linux/spinlock.h>

struct task_struct;

struct rw_semaphore {
	spinlock_t wait_lock;		/* protects count, owner and wait_list */
	long count;			/* readers holding it; -1: a writer */
	struct task_struct *owner;	/* the writer, for checks */
	struct list_head wait_list;	/* sleepers, oldest first */
};

#define __RWSEM_INITIALIZER(name)						\
	{ .wait_lock = __SPIN_LOCK_UNLOCKED((name).wait_lock), .count = 0,	\
	  .owner = NULL, .wait_list = LIST_HEAD_INIT((name).wait_list) }

#define DECLARE_RWSEM(name)	struct rw_semaphore name = __RWSEM_INITIALIZER(name)

#define init_rwsem(sem)		__init_rwsem(sem, #sem, NULL)
struct lock_class_key;
void __init_rwsem(struct rw_semaphore *sem, const char *name, struct lock_class_key *key);

static inline int rwsem_is_locked(struct rw_semaphore *sem)
{
	return READ_ONCE(sem->count) != 0;
}

void down_read(struct rw_semaphore *sem);
int __must_check down_read_interruptible(struct rw_semaphore *sem);
int __must_check down_read_killable(struct rw_semaphore *sem);
/* 1 if it took it, 0 if not (as mutex_trylock). */
int down_read_trylock(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);

void down_write(struct rw_semaphore *sem);
int __must_check down_write_killable(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
/* Held for writing -> held for reading; waiting readers come in too. */
void downgrade_write(struct rw_semaphore *sem);

#define down_read_nested(sem, subclass)		down_read(sem)
#define down_write_nested(sem, subclass)	down_write(sem)

#endif
