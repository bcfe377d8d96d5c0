/*
 * Kernel timers (linux/timer.h): call a function once when jiffies reaches
 * a given tick.
 *
 * Each CPU has a timer base: the list of timers armed on it. mod_timer puts
 * a timer on the base of the CPU it runs on. Each CPU's tick
 * (run_local_timers) looks whether its earliest timer is due and if so
 * raises TIMER_SOFTIRQ; the softirq (run_timer_softirq) takes every due
 * timer off the list and calls it, one at a time, with the base lock
 * dropped. So a callback runs in softirq context on the CPU that armed it.
 *
 * The list is not sorted: arming is O(1), and the base remembers the
 * earliest expiry (next_expiry) so the tick's look is O(1); only a tick
 * with something due walks the list. A teaching kernel has few timers;
 * Linux's timer wheel makes arming and expiry O(1) for millions.
 *
 * Which base a timer is on is in its flags (TIMER_CPUMASK), changed only
 * under that base's lock. lock_timer_base() reads the flags, locks that
 * base, and checks the flags did not change meanwhile. To move a pending
 * timer to another CPU's base, mod_timer sets TIMER_MIGRATING under the
 * old base's lock, drops it, and takes the new one: lock_timer_base waits
 * while TIMER_MIGRATING is set, so nobody acts on a half-moved timer. A
 * timer whose callback is running stays on its base (running_timer is how
 * del_timer_sync finds the running callback).
 *
 * Locking: a base's lock (interrupts off) protects its list, next_expiry,
 * running_timer, and the entry and flags of every timer on it. Timer
 * callbacks run with no lock held, so they may arm, delete or free timers.
 * A caller of timer_delete_sync must not hold a lock its callback takes.
 */
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <asm/processor.h>
#include <modlab/kallsyms.h>

struct timer_base {
	spinlock_t lock;
	struct hlist_head timers;	/* armed, not yet run */
	unsigned long next_expiry;	/* no later than the earliest (if any) */
	struct timer_list *running_timer;	/* whose callback runs now, or NULL */
} __aligned(64);

static struct timer_base timer_bases[NR_CPUS];

void init_timer_key(struct timer_list *timer, void (*func)(struct timer_list *),
		    unsigned int flags, const char *name, struct lock_class_key *key)
{
	timer->entry.next = NULL;
	timer->entry.pprev = NULL;
	timer->function = func;
	timer->expires = 0;
	timer->flags = (flags & TIMER_INIT_FLAGS) | smp_processor_id();
}

/* Lock the base timer is on (see the top of the file). */
static struct timer_base *lock_timer_base(struct timer_list *timer, unsigned long *flags)
{
	for (;;) {
		u32 tf = READ_ONCE(timer->flags);

		if (!(tf & TIMER_MIGRATING)) {
			struct timer_base *base = &timer_bases[tf & TIMER_CPUMASK];

			spin_lock_irqsave(&base->lock, *flags);
			if (READ_ONCE(timer->flags) == tf)
				return base;
			spin_unlock_irqrestore(&base->lock, *flags);
		}
		cpu_relax();
	}
}

/* Take timer off base's list if it is on it; 1 if it was. Base locked. */
static int detach_if_pending(struct timer_list *timer)
{
	if (!timer_pending(timer))
		return 0;
	hlist_del(&timer->entry);	/* pprev = NULL: no longer pending */
	return 1;
}

static void enqueue_timer(struct timer_base *base, struct timer_list *timer,
			  unsigned long expires)
{
	if (hlist_empty(&base->timers) || time_before(expires, base->next_expiry))
		base->next_expiry = expires;
	timer->expires = expires;
	hlist_add_head(&timer->entry, &base->timers);
}

/* Arm (or re-arm) timer for expires on CPU cpu. pending_only: do nothing
 * unless it is pending. reduce: only move expires earlier. Returns 1 if it
 * was pending. */
static int __mod_timer(struct timer_list *timer, unsigned long expires, int cpu,
		       bool pending_only, bool reduce)
{
	struct timer_base *base, *new_base;
	unsigned long flags;
	int was_pending;

	if (WARN_ON_ONCE(!timer->function))
		return 0;
	base = lock_timer_base(timer, &flags);
	if (reduce && timer_pending(timer) && !time_before(expires, timer->expires)) {
		spin_unlock_irqrestore(&base->lock, flags);
		return 1;
	}
	was_pending = detach_if_pending(timer);
	if (!was_pending && pending_only) {
		spin_unlock_irqrestore(&base->lock, flags);
		return 0;
	}
	if (cpu < 0)
		cpu = smp_processor_id();	/* stable: interrupts are off */
	new_base = &timer_bases[cpu];
	if (base != new_base && base->running_timer != timer) {
		WRITE_ONCE(timer->flags, timer->flags | TIMER_MIGRATING);
		spin_unlock(&base->lock);
		base = new_base;
		spin_lock(&base->lock);
		WRITE_ONCE(timer->flags, (timer->flags & ~TIMER_BASEMASK) | cpu);
	}
	enqueue_timer(base, timer, expires);
	spin_unlock_irqrestore(&base->lock, flags);
	return was_pending;
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires, -1, false, false);
}

int mod_timer_pending(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires, -1, true, false);
}

int timer_reduce(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires, -1, false, true);
}

void add_timer(struct timer_list *timer)
{
	if (WARN_ON_ONCE(timer_pending(timer)))
		return;
	__mod_timer(timer, timer->expires, -1, false, false);
}

void add_timer_on(struct timer_list *timer, int cpu)
{
	if (WARN_ON_ONCE(timer_pending(timer)) || WARN_ON_ONCE(cpu < 0 || cpu >= NR_CPUS ||
							       !cpu_online(cpu)))
		return;
	__mod_timer(timer, timer->expires, cpu, false, false);
}

int timer_delete(struct timer_list *timer)
{
	struct timer_base *base;
	unsigned long flags;
	int ret;

	base = lock_timer_base(timer, &flags);
	ret = detach_if_pending(timer);
	spin_unlock_irqrestore(&base->lock, flags);
	return ret;
}

int try_to_del_timer_sync(struct timer_list *timer)
{
	struct timer_base *base;
	unsigned long flags;
	int ret = -1;

	base = lock_timer_base(timer, &flags);
	if (base->running_timer != timer)
		ret = detach_if_pending(timer);
	spin_unlock_irqrestore(&base->lock, flags);
	return ret;
}

/* Is the caller the callback of timer itself (which would wait for ever)? */
static bool in_own_callback(struct timer_list *timer)
{
	bool self;

	if (!in_serving_softirq())
		return false;
	preempt_disable();
	self = READ_ONCE(timer_bases[smp_processor_id()].running_timer) == timer;
	preempt_enable();
	return self;
}

int timer_delete_sync(struct timer_list *timer)
{
	int ret;

	if (WARN(in_own_callback(timer), "timer: del_timer_sync from the timer's own callback\n"))
		return timer_delete(timer);
	WARN_ON(in_hardirq() && !(timer->flags & TIMER_IRQSAFE));
	/* The callback runs with interrupts on and no lock held, on another
	 * CPU (on ours it would have finished before we could run): it ends
	 * in bounded time unless it waits for us, which the rules forbid. */
	while ((ret = try_to_del_timer_sync(timer)) < 0)
		cpu_relax();
	return ret;
}

/* Every tick, on every CPU, in interrupt context. */
void run_local_timers(void)
{
	struct timer_base *base = &timer_bases[smp_processor_id()];
	bool due;

	spin_lock(&base->lock);
	due = !hlist_empty(&base->timers) && time_after_eq(jiffies, base->next_expiry);
	spin_unlock(&base->lock);
	if (due)
		raise_softirq_irqoff(TIMER_SOFTIRQ);
}

static void call_timer_fn(struct timer_list *timer, void (*fn)(struct timer_list *))
{
	int count = preempt_count();
	char name[KSYM_SYMBOL_LEN];

	fn(timer);
	if (unlikely(preempt_count() != count || irqs_disabled())) {
		sprint_symbol(name, (unsigned long)fn);
		WARN(1, "timer: %s returned with preemption count %#x (was %#x) or interrupts off\n",
		     name, preempt_count(), count);
		this_cpu_write(preempt_count, count);
		local_irq_enable();
	}
}

/* TIMER_SOFTIRQ: run this CPU's due timers. */
static void run_timer_softirq(struct softirq_action *h)
{
	struct timer_base *base = &timer_bases[smp_processor_id()];
	struct hlist_head expired = HLIST_HEAD_INIT;
	struct timer_list *timer;
	struct hlist_node *n;
	unsigned long now = jiffies;

	spin_lock_irq(&base->lock);
	/* Move the due timers to a private list; they stay "pending" there
	 * (pprev set), so timer_delete under the lock still takes them off. */
	hlist_for_each_entry_safe(timer, n, &base->timers, entry) {
		if (time_after_eq(now, timer->expires)) {
			hlist_del(&timer->entry);
			hlist_add_head(&timer->entry, &expired);
		}
	}
	base->next_expiry = now + MAX_JIFFY_OFFSET;
	hlist_for_each_entry(timer, &base->timers, entry)
		if (time_before(timer->expires, base->next_expiry))
			base->next_expiry = timer->expires;

	while (!hlist_empty(&expired)) {
		void (*fn)(struct timer_list *);

		timer = hlist_entry(expired.first, struct timer_list, entry);
		fn = timer->function;
		hlist_del(&timer->entry);
		base->running_timer = timer;
		spin_unlock_irq(&base->lock);
		call_timer_fn(timer, fn);
		/* timer may have been freed by fn: only its address is used. */
		spin_lock_irq(&base->lock);
		base->running_timer = NULL;
	}
	spin_unlock_irq(&base->lock);
}

void init_timers(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		spin_lock_init(&timer_bases[cpu].lock);
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
}

EXPORT_SYMBOL(init_timer_key);
EXPORT_SYMBOL(mod_timer);
EXPORT_SYMBOL(mod_timer_pending);
EXPORT_SYMBOL(timer_reduce);
EXPORT_SYMBOL(add_timer);
EXPORT_SYMBOL(add_timer_on);
EXPORT_SYMBOL(timer_delete);
EXPORT_SYMBOL(try_to_del_timer_sync);
EXPORT_SYMBOL(timer_delete_sync);
