/*
 * Wait queues: sleep until a condition becomes true, with Linux's names.
 *
 *	wait_event(wq, cond);		sleeps (uninterruptibly) until cond
 *	... elsewhere: make cond true, then wake_up(&wq);
 *
 * The condition is tested after the sleeper has put itself on the queue
 * and set its state, so a wake_up between the test and the sleep is not
 * lost: it finds the sleeper on the queue and makes it runnable again.
 */
#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/errno.h>

struct wait_queue_entry {
	struct task_struct *task;
	struct list_head entry;
};

/* lock (interrupts off) protects the list of waiters. */
struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};
typedef struct wait_queue_head wait_queue_head_t;

#define __WAIT_QUEUE_HEAD_INITIALIZER(name)					\
	{ .lock = __SPIN_LOCK_UNLOCKED(name.lock), .head = LIST_HEAD_INIT(name.head) }
#define DECLARE_WAIT_QUEUE_HEAD(name)						\
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(struct wait_queue_head *wq);

/* Join the queue (if not on it) and set the state; then test, then schedule. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait, int state);
/* Leave the queue and be TASK_RUNNING again. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait);

/* Wake every waiter (they re-test their conditions). Any context. */
void wake_up(struct wait_queue_head *wq);
/* The same, for a caller that already holds wq->lock. */
void wake_up_locked(struct wait_queue_head *wq);
/* modlab wakes every waiter on each wake-up (there is no "exclusive"
 * waiter that is woken alone); every waiter re-tests its condition, so
 * this is correct, only sometimes slower. */
#define wake_up_all(wq)			wake_up(wq)
#define wake_up_interruptible(wq)	wake_up(wq)
/* Linux's hint that the waker will sleep soon changes nothing here. */
#define wake_up_interruptible_sync(wq)	wake_up(wq)
#define wake_up_interruptible_all(wq)	wake_up(wq)
#define wake_up_nr(wq, nr)		wake_up(wq)
#define wake_up_interruptible_nr(wq, nr)	wake_up(wq)

/* An entry for the open-coded wait (add_wait_queue, set_current_state,
 * test, schedule, remove_wait_queue). */
#define __WAITQUEUE_INITIALIZER(name, tsk)					\
	{ .task = (tsk), .entry = LIST_HEAD_INIT((name).entry) }
#define DECLARE_WAITQUEUE(name, tsk)						\
	struct wait_queue_entry name = __WAITQUEUE_INITIALIZER(name, tsk)
typedef struct wait_queue_entry wait_queue_entry_t;

static inline void init_waitqueue_entry(struct wait_queue_entry *wait, struct task_struct *p)
{
	wait->task = p;
	INIT_LIST_HEAD(&wait->entry);
}

void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *wait);
#define add_wait_queue_exclusive(wq, wait)	add_wait_queue(wq, wait)
void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *wait);

/* Anyone waiting? (Unlocked: the caller orders it with its condition.) */
static inline int waitqueue_active(struct wait_queue_head *wq)
{
	return !list_empty(&wq->head);
}

#define DEFINE_WAIT(name)							\
	struct wait_queue_entry name = { .task = current,			\
					 .entry = LIST_HEAD_INIT(name.entry) }

#define wait_event(wq, condition)						\
	do {									\
		DEFINE_WAIT(__wait);						\
		for (;;) {							\
			prepare_to_wait(&(wq), &__wait, TASK_UNINTERRUPTIBLE);	\
			if (condition)						\
				break;						\
			schedule();						\
		}								\
		finish_wait(&(wq), &__wait);					\
	} while (0)

/* The same, for a thread whose normal state is waiting (TASK_IDLE): not
 * reported as a hung task however long it waits. */
#define wait_event_idle(wq, condition)						\
	do {									\
		DEFINE_WAIT(__wait);						\
		for (;;) {							\
			prepare_to_wait(&(wq), &__wait, TASK_IDLE);		\
			if (condition)						\
				break;						\
			schedule();						\
		}								\
		finish_wait(&(wq), &__wait);					\
	} while (0)

/* Returns 0 once condition holds, -ERESTARTSYS if a signal came first. */
#define wait_event_interruptible(wq, condition)				\
	({									\
		int __ret = 0;							\
		DEFINE_WAIT(__wait);						\
		for (;;) {							\
			prepare_to_wait(&(wq), &__wait, TASK_INTERRUPTIBLE);	\
			if (condition)						\
				break;						\
			if (signal_pending(current)) {				\
				__ret = -ERESTARTSYS;				\
				break;						\
			}							\
			schedule();						\
		}								\
		finish_wait(&(wq), &__wait);					\
		__ret;								\
	})

/* modlab's only signal is the shell's Ctrl-C, which is "fatal" too. */
#define wait_event_killable(wq, condition)	wait_event_interruptible(wq, condition)
#define wait_event_interruptible_exclusive(wq, condition)			\
	wait_event_interruptible(wq, condition)

/* Returns ticks left (at least 1) once condition holds, 0 on timeout,
 * -ERESTARTSYS if a signal came first. */
#define wait_event_interruptible_timeout(wq, condition, timeout)		\
	({									\
		long __left = (timeout);					\
		DEFINE_WAIT(__wait);						\
		for (;;) {							\
			prepare_to_wait(&(wq), &__wait, TASK_INTERRUPTIBLE);	\
			if (condition) {					\
				if (!__left)					\
					__left = 1;				\
				break;						\
			}							\
			if (!__left)						\
				break;						\
			if (signal_pending(current)) {				\
				__left = -ERESTARTSYS;				\
				break;						\
			}							\
			__left = schedule_timeout(__left);			\
		}								\
		finish_wait(&(wq), &__wait);					\
		__left;								\
	})

#define wait_event_killable_timeout(wq, condition, timeout)			\
	wait_event_interruptible_timeout(wq, condition, timeout)

/* Returns ticks left (at least 1) once condition holds, 0 on timeout. */
#define wait_event_timeout(wq, condition, timeout)				\
	({									\
		long __left = (timeout);					\
		DEFINE_WAIT(__wait);						\
		for (;;) {							\
			prepare_to_wait(&(wq), &__wait, TASK_UNINTERRUPTIBLE);	\
			if (condition) {					\
				if (!__left)					\
					__left = 1;				\
				break;						\
			}							\
			if (!__left)						\
				break;						\
			__left = schedule_timeout(__left);			\
		}								\
		finish_wait(&(wq), &__wait);					\
		__left;								\
	})

#endif
