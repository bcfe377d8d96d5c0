/*
 * Notifier chains, with Linux's names (kernel/notifier.c): a list of
 * callbacks, sorted by priority, that a subsystem calls when something
 * happens ("this module is coming", "the machine is going down").
 *
 *	static int my_event(struct notifier_block *nb, unsigned long action, void *data)
 *	{
 *		...
 *		return NOTIFY_OK;		or NOTIFY_STOP to end the walk
 *	}
 *	static struct notifier_block my_nb = { .notifier_call = my_event };
 *	blocking_notifier_chain_register(&chain, &my_nb);
 *
 * Four kinds, by who may call and what protects the list:
 *	atomic		callbacks run in any context, must not sleep; the walk
 *			is an RCU read section, changes take a spin lock
 *	blocking	callbacks may sleep; the walk holds an rw_semaphore
 *			for reading, changes hold it for writing
 *	raw		no protection: the caller serialises everything
 *	srcu		here a blocking chain under another name
 * A callback may not register or unregister on the chain it is called from.
 */
#ifndef _LINUX_NOTIFIER_H
#define _LINUX_NOTIFIER_H

#include <linux/errno.h>
#include <linux/spinlock.h>
#include <linux/rwsem.h>
#include <linux/mutex.h>

struct notifier_block;

typedef int (*notifier_fn_t)(struct notifier_block *nb, unsigned long action, void *data);

struct notifier_block {
	notifier_fn_t notifier_call;
	struct notifier_block __rcu *next;
	int priority;			/* higher runs first; equal: in registration order */
};

struct atomic_notifier_head {
	spinlock_t lock;		/* serialises changes; the walk is RCU */
	struct notifier_block __rcu *head;
};

struct blocking_notifier_head {
	struct rw_semaphore rwsem;	/* read: a walk; write: a change */
	struct notifier_block __rcu *head;
};

struct raw_notifier_head {
	struct notifier_block __rcu *head;
};

#define srcu_notifier_head blocking_notifier_head

#define ATOMIC_INIT_NOTIFIER_HEAD(name) do {	\
		spin_lock_init(&(name)->lock);	\
		(name)->head = NULL;		\
	} while (0)
#define BLOCKING_INIT_NOTIFIER_HEAD(name) do {	\
		init_rwsem(&(name)->rwsem);	\
		(name)->head = NULL;		\
	} while (0)
#define RAW_INIT_NOTIFIER_HEAD(name) do {	\
		(name)->head = NULL;		\
	} while (0)
#define srcu_init_notifier_head(name)	BLOCKING_INIT_NOTIFIER_HEAD(name)
#define srcu_cleanup_notifier_head(name)	do { } while (0)

#define ATOMIC_NOTIFIER_INIT(name) {				\
		.lock = __SPIN_LOCK_UNLOCKED(name.lock),	\
		.head = NULL }
#define BLOCKING_NOTIFIER_INIT(name) {				\
		.rwsem = __RWSEM_INITIALIZER((name).rwsem),	\
		.head = NULL }
#define RAW_NOTIFIER_INIT(name)	{ .head = NULL }

#define ATOMIC_NOTIFIER_HEAD(name)				\
	struct atomic_notifier_head name = ATOMIC_NOTIFIER_INIT(name)
#define BLOCKING_NOTIFIER_HEAD(name)				\
	struct blocking_notifier_head name = BLOCKING_NOTIFIER_INIT(name)
#define RAW_NOTIFIER_HEAD(name)					\
	struct raw_notifier_head name = RAW_NOTIFIER_INIT(name)
#define SRCU_NOTIFIER_HEAD(name)	BLOCKING_NOTIFIER_HEAD(name)
#define SRCU_NOTIFIER_HEAD_STATIC(name)	static BLOCKING_NOTIFIER_HEAD(name)

/* Registering the same block twice is refused with a WARN and -EEXIST;
 * unregistering one that is not there gives -ENOENT. */
int atomic_notifier_chain_register(struct atomic_notifier_head *nh, struct notifier_block *nb);
int blocking_notifier_chain_register(struct blocking_notifier_head *nh,
				     struct notifier_block *nb);
int raw_notifier_chain_register(struct raw_notifier_head *nh, struct notifier_block *nb);
/* As register, but the block goes before others of its priority. */
int atomic_notifier_chain_register_unique_prio(struct atomic_notifier_head *nh,
					       struct notifier_block *nb);
int blocking_notifier_chain_register_unique_prio(struct blocking_notifier_head *nh,
						 struct notifier_block *nb);

/* The atomic form waits for a grace period, so that no walk still runs
 * the block's callback when it returns: it may sleep. */
int atomic_notifier_chain_unregister(struct atomic_notifier_head *nh, struct notifier_block *nb);
int blocking_notifier_chain_unregister(struct blocking_notifier_head *nh,
				       struct notifier_block *nb);
int raw_notifier_chain_unregister(struct raw_notifier_head *nh, struct notifier_block *nb);

/* Call each callback with (action, data) in order until one returns a
 * value with NOTIFY_STOP_MASK; the last value returned (NOTIFY_DONE if
 * none ran). */
int atomic_notifier_call_chain(struct atomic_notifier_head *nh, unsigned long val, void *v);
int blocking_notifier_call_chain(struct blocking_notifier_head *nh, unsigned long val, void *v);
int raw_notifier_call_chain(struct raw_notifier_head *nh, unsigned long val, void *v);
/* Call with val_up; if a callback stops the walk, call the ones before it
 * again with val_down, and return that stop value. */
int blocking_notifier_call_chain_robust(struct blocking_notifier_head *nh,
					unsigned long val_up, unsigned long val_down, void *v);
int raw_notifier_call_chain_robust(struct raw_notifier_head *nh,
				   unsigned long val_up, unsigned long val_down, void *v);

bool atomic_notifier_call_chain_is_empty(struct atomic_notifier_head *nh);

#define srcu_notifier_chain_register(nh, nb)	blocking_notifier_chain_register(nh, nb)
#define srcu_notifier_chain_unregister(nh, nb)	blocking_notifier_chain_unregister(nh, nb)
#define srcu_notifier_call_chain(nh, val, v)	blocking_notifier_call_chain(nh, val, v)

#define NOTIFY_DONE		0x0000		/* don't care */
#define NOTIFY_OK		0x0001		/* suits me */
#define NOTIFY_STOP_MASK	0x8000		/* don't call further */
#define NOTIFY_BAD		(NOTIFY_STOP_MASK | 0x0002)	/* bad/veto action */
/* Stop the walk, successfully. */
#define NOTIFY_STOP		(NOTIFY_OK | NOTIFY_STOP_MASK)

/* An errno carried in a notifier's return value, and back. */
static inline int notifier_from_errno(int err)
{
	if (err)
		return NOTIFY_STOP_MASK | (NOTIFY_OK - err);
	return NOTIFY_OK;
}

static inline int notifier_to_errno(int ret)
{
	ret &= ~NOTIFY_STOP_MASK;
	return ret > NOTIFY_OK ? NOTIFY_OK - ret : 0;
}

/* The system's chains that modules commonly join. */
extern struct blocking_notifier_head reboot_notifier_list;
extern struct atomic_notifier_head panic_notifier_list;

/* Actions on the reboot chain. */
#define SYS_DOWN	0x0001
#define SYS_RESTART	SYS_DOWN
#define SYS_HALT	0x0002
#define SYS_POWER_OFF	0x0003

#endif
