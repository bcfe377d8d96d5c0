/*
 * Reader-writer semaphores (linux/rwsem.h).
 *
 * sem->wait_lock (interrupts off) protects count, owner and the queue.
 * count > 0: that many readers hold it; -1: one writer; 0: free.
 *
 * Hand-off: a thread that must wait queues itself and sleeps until the
 * releaser grants it the lock (waiter->granted), counting it in 'count'
 * itself; so a newcomer can never slip in between the release and the
 * waiter's wake-up, and the queue order is the grant order. A newcomer
 * reader gets in at once only if no writer holds it and nobody waits:
 * readers behind a waiting writer wait, which is what keeps writers from
 * starving. A waiter that gives up (a signal) leaves the queue under the
 * lock; if it had just been granted the lock it keeps it and succeeds.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <modlab/panic.h>
#include <modlab/sched.h>

struct rwsem_waiter {
	struct list_head list;
	struct task_struct *task;
	bool writer;
	bool granted;
};

void __init_rwsem(struct rw_semaphore *sem, const char *name, struct lock_class_key *key)
{
	spin_lock_init(&sem->wait_lock);
	sem->count = 0;
	sem->owner = NULL;
	INIT_LIST_HEAD(&sem->wait_list);
}

/* Grant the lock to the waiters at the head of the queue that can have it
 * now: one writer if count is 0, or every reader up to the first writer
 * if no writer holds it. wait_lock held. */
static void rwsem_wake(struct rw_semaphore *sem)
{
	struct rwsem_waiter *w, *n;

	list_for_each_entry_safe(w, n, &sem->wait_list, list) {
		if (w->writer) {
			if (sem->count != 0)
				return;
			sem->count = -1;
			sem->owner = w->task;
		} else {
			if (sem->count < 0)
				return;
			sem->count++;
		}
		list_del(&w->list);
		WRITE_ONCE(w->granted, true);
		wake_up_process(w->task);
		if (w->writer)
			return;
	}
}

/* Queue and sleep until granted, or a signal (interruptible). wait_lock
 * held on entry and exit. */
static int rwsem_wait(struct rw_semaphore *sem, bool writer, int state, unsigned long *flags)
{
	struct rwsem_waiter waiter = { .task = current, .writer = writer, .granted = false };

	list_add_tail(&waiter.list, &sem->wait_list);
	for (;;) {
		set_current_state(state);
		if (waiter.granted)
			break;
		if (state == TASK_INTERRUPTIBLE && signal_pending(current)) {
			list_del(&waiter.list);
			/* Our place may have held others back: let them on. */
			rwsem_wake(sem);
			__set_current_state(TASK_RUNNING);
			return -EINTR;
		}
		spin_unlock_irqrestore(&sem->wait_lock, *flags);
		schedule();
		spin_lock_irqsave(&sem->wait_lock, *flags);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

static int __down_read(struct rw_semaphore *sem, int state)
{
	unsigned long flags;
	int ret = 0;

	if (in_atomic())
		sleeping_while_atomic("down_read");
	spin_lock_irqsave(&sem->wait_lock, flags);
	if (sem->count >= 0 && list_empty(&sem->wait_list))
		sem->count++;
	else
		ret = rwsem_wait(sem, false, state, &flags);
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	return ret;
}

void down_read(struct rw_semaphore *sem)
{
	__down_read(sem, TASK_UNINTERRUPTIBLE);
}

int down_read_interruptible(struct rw_semaphore *sem)
{
	return __down_read(sem, TASK_INTERRUPTIBLE);
}

int down_read_killable(struct rw_semaphore *sem)
{
	return __down_read(sem, TASK_INTERRUPTIBLE);
}

int down_read_trylock(struct rw_semaphore *sem)
{
	unsigned long flags;
	int got = 0;

	spin_lock_irqsave(&sem->wait_lock, flags);
	if (sem->count >= 0 && list_empty(&sem->wait_list)) {
		sem->count++;
		got = 1;
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	return got;
}

void up_read(struct rw_semaphore *sem)
{
	unsigned long flags;

	spin_lock_irqsave(&sem->wait_lock, flags);
	if (sem->count <= 0) {
		spin_unlock_irqrestore(&sem->wait_lock, flags);
		pr_err("BUG: up_read of an rw_semaphore not held for reading (count %ld)\n",
		       sem->count);
		dump_stack();
		return;
	}
	if (--sem->count == 0)
		rwsem_wake(sem);
	spin_unlock_irqrestore(&sem->wait_lock, flags);
}

static int __down_write(struct rw_semaphore *sem, int state)
{
	unsigned long flags;
	int ret = 0;

	if (in_atomic())
		sleeping_while_atomic("down_write");
	spin_lock_irqsave(&sem->wait_lock, flags);
	if (sem->count == 0 && list_empty(&sem->wait_list)) {
		sem->count = -1;
		sem->owner = current;
	} else {
		ret = rwsem_wait(sem, true, state, &flags);
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	return ret;
}

void down_write(struct rw_semaphore *sem)
{
	__down_write(sem, TASK_UNINTERRUPTIBLE);
}

int down_write_killable(struct rw_semaphore *sem)
{
	return __down_write(sem, TASK_INTERRUPTIBLE);
}

int down_write_trylock(struct rw_semaphore *sem)
{
	unsigned long flags;
	int got = 0;

	spin_lock_irqsave(&sem->wait_lock, flags);
	if (sem->count == 0 && list_empty(&sem->wait_list)) {
		sem->count = -1;
		sem->owner = current;
		got = 1;
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	return got;
}

/* The write lock held by current, else a report (and false). */
static bool writer_check(struct rw_semaphore *sem, const char *what)
{
	if (sem->count == -1 && sem->owner == current)
		return true;
	pr_err("BUG: %s of an rw_semaphore this thread does not hold for writing\n", what);
	dump_stack();
	return false;
}

void up_write(struct rw_semaphore *sem)
{
	unsigned long flags;

	spin_lock_irqsave(&sem->wait_lock, flags);
	if (writer_check(sem, "up_write")) {
		sem->count = 0;
		sem->owner = NULL;
		rwsem_wake(sem);
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
}

void downgrade_write(struct rw_semaphore *sem)
{
	unsigned long flags;

	spin_lock_irqsave(&sem->wait_lock, flags);
	if (writer_check(sem, "downgrade_write")) {
		sem->count = 1;
		sem->owner = NULL;
		rwsem_wake(sem);	/* readers at the head join us */
	}
	spin_unlock_irqrestore(&sem->wait_lock, flags);
}

EXPORT_SYMBOL(__init_rwsem);
EXPORT_SYMBOL(down_read);
EXPORT_SYMBOL(down_read_interruptible);
EXPORT_SYMBOL(down_read_killable);
EXPORT_SYMBOL(down_read_trylock);
EXPORT_SYMBOL(up_read);
EXPORT_SYMBOL(down_write);
EXPORT_SYMBOL(down_write_killable);
EXPORT_SYMBOL(down_write_trylock);
EXPORT_SYMBOL(up_write);
EXPORT_SYMBOL(downgrade_write);
