/*
 * Counting semaphores (linux/semaphore.h).
 *
 * sem->lock (interrupts off, as up() may come from an interrupt handler)
 * protects the count and the waiters. A down that finds the count at 0
 * queues itself and sleeps; up() with waiters does not raise the count but
 * hands it to the oldest waiter (waiter->up = true) and wakes it, so a
 * newcomer cannot take it first and the order is first come, first
 * served. A waiter that gives up (signal, timeout) leaves the queue under
 * the lock; if up() had already handed it the count, it keeps it and
 * reports success, so no count is lost.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/semaphore.h>
#include <modlab/sched.h>

struct semaphore_waiter {
	struct list_head list;
	struct task_struct *task;
	bool up;
};

/* Sleep in state until up() hands us the count or timeout ticks pass or
 * (interruptible) a signal comes. sem->lock held on entry and exit. */
static int __down_common(struct semaphore *sem, long state, long timeout,
			 unsigned long *flags)
{
	struct semaphore_waiter waiter = { .task = current, .up = false };

	list_add_tail(&waiter.list, &sem->wait_list);
	for (;;) {
		if (state == TASK_INTERRUPTIBLE && signal_pending(current))
			break;
		if (timeout <= 0)
			break;
		set_current_state(state);
		spin_unlock_irqrestore(&sem->lock, *flags);
		timeout = schedule_timeout(timeout);
		spin_lock_irqsave(&sem->lock, *flags);
		if (waiter.up)
			return 0;
	}
	__set_current_state(TASK_RUNNING);
	list_del(&waiter.list);
	return timeout <= 0 ? -ETIME : -EINTR;
}

static int __down(struct semaphore *sem, long state, long timeout)
{
	unsigned long flags;
	int ret = 0;

	if (in_atomic())
		sleeping_while_atomic("down");
	spin_lock_irqsave(&sem->lock, flags);
	if (likely(sem->count > 0))
		sem->count--;
	else
		ret = __down_common(sem, state, timeout, &flags);
	spin_unlock_irqrestore(&sem->lock, flags);
	return ret;
}

void down(struct semaphore *sem)
{
	__down(sem, TASK_UNINTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT);
}

int down_interruptible(struct semaphore *sem)
{
	return __down(sem, TASK_INTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT);
}

int down_killable(struct semaphore *sem)
{
	return __down(sem, TASK_INTERRUPTIBLE, MAX_SCHEDULE_TIMEOUT);
}

int down_timeout(struct semaphore *sem, long timeout)
{
	return __down(sem, TASK_UNINTERRUPTIBLE, timeout);
}

int down_trylock(struct semaphore *sem)
{
	unsigned long flags;
	int busy;

	spin_lock_irqsave(&sem->lock, flags);
	busy = sem->count == 0;
	if (!busy)
		sem->count--;
	spin_unlock_irqrestore(&sem->lock, flags);
	return busy;
}

void up(struct semaphore *sem)
{
	struct semaphore_waiter *w;
	unsigned long flags;

	spin_lock_irqsave(&sem->lock, flags);
	if (list_empty(&sem->wait_list)) {
		sem->count++;
	} else {
		w = list_first_entry(&sem->wait_list, struct semaphore_waiter, list);
		list_del(&w->list);
		w->up = true;
		wake_up_process(w->task);
	}
	spin_unlock_irqrestore(&sem->lock, flags);
}

EXPORT_SYMBOL(down);
EXPORT_SYMBOL(down_interruptible);
EXPORT_SYMBOL(down_killable);
EXPORT_SYMBOL(down_timeout);
EXPORT_SYMBOL(down_trylock);
EXPORT_SYMBOL(up);
