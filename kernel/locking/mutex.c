/*
 * Mutexes (see linux/mutex.h).
 *
 * wait_lock guards owner and wait_list. A taker that finds the mutex held
 * queues itself and sleeps; mutex_unlock hands the mutex straight to the
 * first waiter (sets owner to it) before waking it, so nobody can slip in
 * between and waiters are served in order.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/errno.h>
#include <modlab/kallsyms.h>
#include <modlab/panic.h>
#include <modlab/sched.h>

struct mutex_waiter {
	struct list_head list;
	struct task_struct *task;
};

void __mutex_init(struct mutex *m, const char *name, struct lock_class_key *key)
{
	spin_lock_init(&m->wait_lock);
	m->owner = NULL;
	INIT_LIST_HEAD(&m->wait_list);
	m->name = name;
}

static void mutex_bug(struct mutex *m, const char *what)
{
	pr_emerg("BUG: mutex '%s' %s, thread %s on CPU %u\n", m->name, what, current->comm,
		 smp_processor_id());
	dump_stack();
}

#if CONFIG_DEBUG_LOCKS
/* Keep the thread's list of held mutexes (for an oops's report). Only the
 * thread itself changes its list, so no lock is needed. */
static void mutex_acquired(struct mutex *m, unsigned long ip)
{
	struct task_struct *self = current;

	if (self->lock_depth < MAX_HELD_LOCKS) {
		self->held_locks[self->lock_depth] = m;
		self->held_ips[self->lock_depth] = ip;
	}
	self->lock_depth++;
}

static void mutex_released(struct mutex *m)
{
	struct task_struct *self = current;
	int i, n = min(self->lock_depth, MAX_HELD_LOCKS);

	for (i = n - 1; i >= 0 && self->held_locks[i] != m; i--)
		;
	if (i >= 0) {
		for (; i + 1 < n; i++) {
			self->held_locks[i] = self->held_locks[i + 1];
			self->held_ips[i] = self->held_ips[i + 1];
		}
	}
	if (self->lock_depth > 0)
		self->lock_depth--;
}
#else
static inline void mutex_acquired(struct mutex *m, unsigned long ip) { }
static inline void mutex_released(struct mutex *m) { }
#endif

static int __mutex_lock(struct mutex *m, int state, unsigned long ip)
{
	struct mutex_waiter waiter = { .task = current };
	unsigned long flags;

	if (in_atomic())
		sleeping_while_atomic("mutex_lock");
	spin_lock_irqsave(&m->wait_lock, flags);
	if (!m->owner) {
		m->owner = current;
		spin_unlock_irqrestore(&m->wait_lock, flags);
		mutex_acquired(m, ip);
		return 0;
	}
	if (m->owner == current) {
		spin_unlock_irqrestore(&m->wait_lock, flags);
		mutex_bug(m, "locked again by its holder");
		panic("mutex recursion on '%s' would deadlock", m->name);
	}
	list_add_tail(&waiter.list, &m->wait_list);
	for (;;) {
		set_current_state(state);
		if (m->owner == current)	/* handed to us by mutex_unlock */
			break;
		if (state == TASK_INTERRUPTIBLE && signal_pending(current)) {
			list_del(&waiter.list);
			spin_unlock_irqrestore(&m->wait_lock, flags);
			__set_current_state(TASK_RUNNING);
			return -EINTR;
		}
		spin_unlock_irqrestore(&m->wait_lock, flags);
		schedule();
		spin_lock_irqsave(&m->wait_lock, flags);
	}
	list_del(&waiter.list);
	spin_unlock_irqrestore(&m->wait_lock, flags);
	__set_current_state(TASK_RUNNING);
	mutex_acquired(m, ip);
	return 0;
}

void mutex_lock(struct mutex *m)
{
	__mutex_lock(m, TASK_UNINTERRUPTIBLE, _RET_IP_);
}

int mutex_lock_interruptible(struct mutex *m)
{
	return __mutex_lock(m, TASK_INTERRUPTIBLE, _RET_IP_);
}

int mutex_trylock(struct mutex *m)
{
	unsigned long flags;
	int got = 0;

	spin_lock_irqsave(&m->wait_lock, flags);
	if (!m->owner) {
		m->owner = current;
		got = 1;
	}
	spin_unlock_irqrestore(&m->wait_lock, flags);
	if (got)
		mutex_acquired(m, _RET_IP_);
	return got;
}

void mutex_unlock(struct mutex *m)
{
	struct mutex_waiter *w;
	unsigned long flags;

	spin_lock_irqsave(&m->wait_lock, flags);
	if (m->owner != current) {
		spin_unlock_irqrestore(&m->wait_lock, flags);
		mutex_bug(m, "unlocked by a thread that does not hold it");
		return;		/* leave it with its holder */
	}
	mutex_released(m);
	if (list_empty(&m->wait_list)) {
		m->owner = NULL;
	} else {
		w = list_first_entry(&m->wait_list, struct mutex_waiter, list);
		m->owner = w->task;
		wake_up_process(w->task);
	}
	spin_unlock_irqrestore(&m->wait_lock, flags);
}

bool mutex_is_locked(struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}

/* For modules. */
EXPORT_SYMBOL(__mutex_init);
EXPORT_SYMBOL(mutex_lock);
EXPORT_SYMBOL(mutex_lock_interruptible);
EXPORT_SYMBOL(mutex_trylock);
EXPORT_SYMBOL(mutex_unlock);
EXPORT_SYMBOL(mutex_is_locked);
