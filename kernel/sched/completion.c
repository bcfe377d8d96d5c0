/*
 * Completions, built on a wait queue whose lock also guards 'done'.
 * complete_all sets done so high that no waiter ever uses it up.
 *
 * complete() wakes the waiters before it lets go of the lock: a waiter
 * that sees 'done' (which it reads under the same lock) may return and
 * free the completion at once (it is often on its stack), so the completer
 * must not touch it after the unlock.
 */
#include <linux/export.h>
#include <linux/completion.h>

#define COMPLETE_ALL	(~0u / 2)

void init_completion(struct completion *x)
{
	x->done = 0;
	init_waitqueue_head(&x->wait);
}

void reinit_completion(struct completion *x)
{
	x->done = 0;
}

void complete(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done != COMPLETE_ALL)
		x->done++;
	wake_up_locked(&x->wait);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

void complete_all(struct completion *x)
{
	unsigned long flags;

	spin_lock_irqsave(&x->wait.lock, flags);
	x->done = COMPLETE_ALL;
	wake_up_locked(&x->wait);
	spin_unlock_irqrestore(&x->wait.lock, flags);
}

/* Use up one 'done' if there is one; true if we did. */
bool try_wait_for_completion(struct completion *x)
{
	unsigned long flags;
	bool got = false;

	spin_lock_irqsave(&x->wait.lock, flags);
	if (x->done) {
		if (x->done != COMPLETE_ALL)
			x->done--;
		got = true;
	}
	spin_unlock_irqrestore(&x->wait.lock, flags);
	return got;
}

void wait_for_completion(struct completion *x)
{
	wait_event(x->wait, try_wait_for_completion(x));
}

unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout)
{
	return wait_event_timeout(x->wait, try_wait_for_completion(x), (long)timeout);
}

bool completion_done(struct completion *x)
{
	return READ_ONCE(x->done) != 0;
}

/* For modules. */
EXPORT_SYMBOL(init_completion);
EXPORT_SYMBOL(reinit_completion);
EXPORT_SYMBOL(complete);
EXPORT_SYMBOL(complete_all);
EXPORT_SYMBOL(wait_for_completion);
EXPORT_SYMBOL(wait_for_completion_timeout);
EXPORT_SYMBOL(try_wait_for_completion);
EXPORT_SYMBOL(completion_done);
