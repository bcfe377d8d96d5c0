/*
 * Notifier chains (linux/notifier.h): singly linked lists of callbacks in
 * priority order, and the system chains modules join (reboot, panic).
 *
 * The list operations are the same for every kind; the kinds differ only
 * in what protects them:
 * - atomic: changes under nh->lock (a spin lock, interrupts off); a walk is
 *   an RCU read section. An insertion publishes the new block with one
 *   release store of the link that leads to it (its own next set first),
 *   so a walker sees the list with or without it, never half of it; an
 *   unregistration unlinks, then waits a grace period, after which no
 *   walker can still be on the block.
 * - blocking: the walk holds nh->rwsem for reading, changes for writing.
 * - raw: the caller serialises.
 */
#include <linux/notifier.h>
#include <linux/reboot.h>
#include <linux/panic_notifier.h>
#include <linux/rcupdate.h>
#include <linux/export.h>
#include <linux/bug.h>

static int notifier_chain_register(struct notifier_block **nl, struct notifier_block *n,
				   bool unique_priority)
{
	while (*nl) {
		if (unlikely(*nl == n)) {
			WARN(1, "notifier callback %ps already registered", n->notifier_call);
			return -EEXIST;
		}
		if (n->priority > (*nl)->priority)
			break;
		if (n->priority == (*nl)->priority && unique_priority)
			return -EBUSY;
		nl = &(*nl)->next;
	}
	n->next = *nl;
	rcu_assign_pointer(*nl, n);
	return 0;
}

static int notifier_chain_unregister(struct notifier_block **nl, struct notifier_block *n)
{
	while (*nl) {
		if (*nl == n) {
			rcu_assign_pointer(*nl, n->next);
			return 0;
		}
		nl = &(*nl)->next;
	}
	return -ENOENT;
}

/* Call up to nr_to_call callbacks (-1: all); *nr_calls counts those run. */
static int notifier_call_chain(struct notifier_block **nl, unsigned long val, void *v,
			       int nr_to_call, int *nr_calls)
{
	struct notifier_block *nb, *next_nb;
	int ret = NOTIFY_DONE;

	nb = rcu_dereference_raw(*nl);
	while (nb && nr_to_call) {
		/* The callback may unregister its own block (not on an
		 * atomic chain, where that would wait on itself). */
		next_nb = rcu_dereference_raw(nb->next);
		ret = nb->notifier_call(nb, val, v);
		if (nr_calls)
			(*nr_calls)++;
		if (ret & NOTIFY_STOP_MASK)
			break;
		nb = next_nb;
		nr_to_call--;
	}
	return ret;
}

/* val_up to all; if one stops, val_down to those before it. */
static int notifier_call_chain_robust(struct notifier_block **nl, unsigned long val_up,
				      unsigned long val_down, void *v)
{
	int ret, nr = 0;

	ret = notifier_call_chain(nl, val_up, v, -1, &nr);
	if (ret & NOTIFY_STOP_MASK)
		notifier_call_chain(nl, val_down, v, nr - 1, NULL);
	return ret;
}

/* --- atomic --- */

static int atomic_register(struct atomic_notifier_head *nh, struct notifier_block *n,
			   bool unique)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&nh->lock, flags);
	ret = notifier_chain_register(&nh->head, n, unique);
	spin_unlock_irqrestore(&nh->lock, flags);
	return ret;
}

int atomic_notifier_chain_register(struct atomic_notifier_head *nh, struct notifier_block *n)
{
	return atomic_register(nh, n, false);
}
EXPORT_SYMBOL_GPL(atomic_notifier_chain_register);

int atomic_notifier_chain_register_unique_prio(struct atomic_notifier_head *nh,
					       struct notifier_block *n)
{
	return atomic_register(nh, n, true);
}
EXPORT_SYMBOL_GPL(atomic_notifier_chain_register_unique_prio);

int atomic_notifier_chain_unregister(struct atomic_notifier_head *nh, struct notifier_block *n)
{
	unsigned long flags;
	int ret;

	spin_lock_irqsave(&nh->lock, flags);
	ret = notifier_chain_unregister(&nh->head, n);
	spin_unlock_irqrestore(&nh->lock, flags);
	synchronize_rcu();
	return ret;
}
EXPORT_SYMBOL_GPL(atomic_notifier_chain_unregister);

int atomic_notifier_call_chain(struct atomic_notifier_head *nh, unsigned long val, void *v)
{
	int ret;

	rcu_read_lock();
	ret = notifier_call_chain(&nh->head, val, v, -1, NULL);
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(atomic_notifier_call_chain);

bool atomic_notifier_call_chain_is_empty(struct atomic_notifier_head *nh)
{
	return !rcu_access_pointer(nh->head);
}
EXPORT_SYMBOL_GPL(atomic_notifier_call_chain_is_empty);

/* --- blocking --- */

static int blocking_register(struct blocking_notifier_head *nh, struct notifier_block *n,
			     bool unique)
{
	int ret;

	down_write(&nh->rwsem);
	ret = notifier_chain_register(&nh->head, n, unique);
	up_write(&nh->rwsem);
	return ret;
}

int blocking_notifier_chain_register(struct blocking_notifier_head *nh,
				     struct notifier_block *n)
{
	return blocking_register(nh, n, false);
}
EXPORT_SYMBOL_GPL(blocking_notifier_chain_register);

int blocking_notifier_chain_register_unique_prio(struct blocking_notifier_head *nh,
						 struct notifier_block *n)
{
	return blocking_register(nh, n, true);
}
EXPORT_SYMBOL_GPL(blocking_notifier_chain_register_unique_prio);

int blocking_notifier_chain_unregister(struct blocking_notifier_head *nh,
				       struct notifier_block *n)
{
	int ret;

	down_write(&nh->rwsem);
	ret = notifier_chain_unregister(&nh->head, n);
	up_write(&nh->rwsem);
	return ret;
}
EXPORT_SYMBOL_GPL(blocking_notifier_chain_unregister);

int blocking_notifier_call_chain(struct blocking_notifier_head *nh, unsigned long val, void *v)
{
	int ret = NOTIFY_DONE;

	/* An empty chain needs no lock: its head is read once. */
	if (rcu_access_pointer(nh->head)) {
		down_read(&nh->rwsem);
		ret = notifier_call_chain(&nh->head, val, v, -1, NULL);
		up_read(&nh->rwsem);
	}
	return ret;
}
EXPORT_SYMBOL_GPL(blocking_notifier_call_chain);

int blocking_notifier_call_chain_robust(struct blocking_notifier_head *nh,
					unsigned long val_up, unsigned long val_down, void *v)
{
	int ret = NOTIFY_DONE;

	if (rcu_access_pointer(nh->head)) {
		down_read(&nh->rwsem);
		ret = notifier_call_chain_robust(&nh->head, val_up, val_down, v);
		up_read(&nh->rwsem);
	}
	return ret;
}
EXPORT_SYMBOL_GPL(blocking_notifier_call_chain_robust);

/* --- raw --- */

int raw_notifier_chain_register(struct raw_notifier_head *nh, struct notifier_block *n)
{
	return notifier_chain_register(&nh->head, n, false);
}
EXPORT_SYMBOL_GPL(raw_notifier_chain_register);

int raw_notifier_chain_unregister(struct raw_notifier_head *nh, struct notifier_block *n)
{
	return notifier_chain_unregister(&nh->head, n);
}
EXPORT_SYMBOL_GPL(raw_notifier_chain_unregister);

int raw_notifier_call_chain(struct raw_notifier_head *nh, unsigned long val, void *v)
{
	return notifier_call_chain(&nh->head, val, v, -1, NULL);
}
EXPORT_SYMBOL_GPL(raw_notifier_call_chain);

int raw_notifier_call_chain_robust(struct raw_notifier_head *nh, unsigned long val_up,
				   unsigned long val_down, void *v)
{
	return notifier_call_chain_robust(&nh->head, val_up, val_down, v);
}
EXPORT_SYMBOL_GPL(raw_notifier_call_chain_robust);

/* --- the system's chains --- */

BLOCKING_NOTIFIER_HEAD(reboot_notifier_list);
EXPORT_SYMBOL(reboot_notifier_list);

ATOMIC_NOTIFIER_HEAD(panic_notifier_list);
EXPORT_SYMBOL(panic_notifier_list);

int register_reboot_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&reboot_notifier_list, nb);
}
EXPORT_SYMBOL(register_reboot_notifier);

int unregister_reboot_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_unregister(&reboot_notifier_list, nb);
}
EXPORT_SYMBOL(unregister_reboot_notifier);
