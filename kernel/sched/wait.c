/*
 * Wait queues (see linux/wait.h for how to use them).
 *
 * Why no wake-up is lost: a waiter adds itself to the queue and sets its
 * state under wq->lock, and only then tests its condition. A waker makes
 * the condition true first, then takes wq->lock to walk the queue. Either
 * the waiter's test sees the condition, or the waker finds the waiter on
 * the queue and wake_up_process() sets it TASK_RUNNING, so its schedule()
 * does not sleep (or returns at once).
 */
#include <linux/export.h>
#include <linux/wait.h>

void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait, int state)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&wait->entry))
		list_add_tail(&wait->entry, &wq->head);
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	spin_lock_irqsave(&wq->lock, flags);
	if (!list_empty(&wait->entry))
		list_del_init(&wait->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void add_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *wait)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_add_tail(&wait->entry, &wq->head);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void remove_wait_queue(struct wait_queue_head *wq, struct wait_queue_entry *wait)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_del_init(&wait->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* Wake every waiter; the caller holds wq->lock. */
void wake_up_locked(struct wait_queue_head *wq)
{
	struct wait_queue_entry *w;

	list_for_each_entry(w, &wq->head, entry)
		wake_up_process(w->task);
}

void wake_up(struct wait_queue_head *wq)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	wake_up_locked(wq);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/* For modules. */
EXPORT_SYMBOL(init_waitqueue_head);
EXPORT_SYMBOL(prepare_to_wait);
EXPORT_SYMBOL(finish_wait);
EXPORT_SYMBOL(wake_up);
EXPORT_SYMBOL(wake_up_locked);
EXPORT_SYMBOL(add_wait_queue);
EXPORT_SYMBOL(remove_wait_queue);
