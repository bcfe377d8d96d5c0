/*
 * Self tests of lock debugging (CONFIG_DEBUG_LOCKS): misuse of a lock is
 * reported naming the lock, and, where going on is safe, the kernel goes on
 * with the lock as it was. The reports themselves go to the console; the
 * QEMU tests check their text, these check what happens to the lock.
 *
 *	lock-recursion		spin_lock twice on one CPU: report, then panic
 *	lock-unheld-unlock	spin_unlock of a lock not held here: report, skipped
 *	sleep-in-atomic		msleep with a spin lock held: report, goes on
 *	mutex-foreign-unlock	unlock of another thread's mutex: report, refused
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <modlab/config.h>
#include <modlab/percpu.h>
#include "selftest.h"

#define HOLD_MAX_MS	2000	/* a thread holds a lock for the test at most this long */

/* Another online CPU than the one we run on, or ours if there is no other. */
static unsigned int other_cpu(void)
{
	unsigned int cpu, me = current->cpu;

	for_each_online_cpu(cpu)
		if (cpu != me)
			return cpu;
	return me;
}

static int need_debug_locks(void)
{
	if (!CONFIG_DEBUG_LOCKS)
		return selftest_fail("a kernel built with CONFIG_DEBUG_LOCKS, saw it off");
	return 0;
}

/* ---- lock-recursion ---------------------------------------------------------------------- */

static DEFINE_SPINLOCK(selftest_recursion_lock);

static int recursion_fn(void *data)
{
	spin_lock(&selftest_recursion_lock);
	spin_lock(&selftest_recursion_lock);	/* the report panics here */
	/* Only with broken recursion checking (and a broken lock) do we get here. */
	complete(data);
	for (;;)
		cpu_relax();
	return 0;
}

int selftest_lock_recursion(int argc, char **argv)
{
	static DECLARE_COMPLETION(survived);
	struct task_struct *t;

	if (need_debug_locks())
		return 1;
	printf("lock-recursion: taking '%s' twice on one CPU; expect a BUG report and a panic\n",
	       selftest_recursion_lock.name);
	if (num_online_cpus() == 1) {
		/* No other CPU to do it on: do it here. If the check is
		 * broken this CPU spins for ever, and the QEMU test's timeout
		 * is what notices. */
		recursion_fn(&survived);
	}
	/* On another CPU, so that if the check is broken and that CPU spins
	 * for ever, we can still say so. */
	t = selftest_thread_on(recursion_fn, &survived, other_cpu(), "st-recursion");
	if (IS_ERR(t))
		return selftest_fail("a thread, saw error %ld", PTR_ERR(t));
	if (wait_for_completion_timeout(&survived, 2 * HZ))
		return selftest_fail("a panic when a spin lock is taken twice, saw the thread "
				     "go on");
	return selftest_fail("a panic when a spin lock is taken twice, saw none within 2 s");
}

/* ---- lock-unheld-unlock ------------------------------------------------------------------- */

static DEFINE_SPINLOCK(selftest_unheld_lock);
static DEFINE_SPINLOCK(selftest_other_cpus_lock);

struct holder {
	spinlock_t *lock;
	struct completion holding;
	int release;
	struct completion released;
	bool timed_out;
};

/* Take the lock, say so, hold it (spinning: no sleeping with a spin lock)
 * until told to let go, or until HOLD_MAX_MS have passed. */
static int holder_fn(void *data)
{
	struct holder *h = data;
	u64 end;

	spin_lock(h->lock);
	complete(&h->holding);
	end = ktime_get_ns() + selftest_ms_to_ns(HOLD_MAX_MS);
	while (!__atomic_load_n(&h->release, __ATOMIC_ACQUIRE) && ktime_get_ns() < end)
		cpu_relax();
	h->timed_out = !__atomic_load_n(&h->release, __ATOMIC_ACQUIRE);
	spin_unlock(h->lock);
	complete(&h->released);
	return 0;
}

static int unlock_never_taken(void)
{
	int count = preempt_count();

	printf("lock-unheld-unlock: unlocking '%s', never taken; expect a BUG report\n",
	       selftest_unheld_lock.name);
	spin_unlock(&selftest_unheld_lock);
	if (preempt_count() != count)
		return selftest_fail("preempt_count %#x after a refused unlock, saw %#x", count,
				     preempt_count());
	if (spin_is_locked(&selftest_unheld_lock))
		return selftest_fail("'%s' still free after a refused unlock, saw it look held "
				     "(its ticket moved)", selftest_unheld_lock.name);
	/* Still usable: take and release it the normal way. */
	spin_lock(&selftest_unheld_lock);
	spin_unlock(&selftest_unheld_lock);
	if (spin_is_locked(&selftest_unheld_lock) || preempt_count() != count)
		return selftest_fail("'%s' to work after a refused unlock, it did not",
				     selftest_unheld_lock.name);
	printf("lock-unheld-unlock: refused; the lock is free and still works\n");
	return 0;
}

static int unlock_held_elsewhere(void)
{
	struct holder *h = kzalloc(sizeof(*h), GFP_KERNEL);
	unsigned int cpu = other_cpu();
	struct task_struct *t;
	bool still_held;

	if (!h)
		return selftest_fail("memory for the test, saw none");
	h->lock = &selftest_other_cpus_lock;
	init_completion(&h->holding);
	init_completion(&h->released);
	t = selftest_thread_on(holder_fn, h, cpu, "st-holder");
	if (IS_ERR(t))
		return selftest_fail("a thread, saw error %ld", PTR_ERR(t));
	if (!wait_for_completion_timeout(&h->holding, HZ))
		return selftest_fail("a thread on CPU %u to take '%s', it did not", cpu,
				     h->lock->name);
	printf("lock-unheld-unlock: unlocking '%s', held by CPU %u; expect a BUG report\n",
	       h->lock->name, cpu);
	spin_unlock(h->lock);
	still_held = spin_is_locked(h->lock);
	__atomic_store_n(&h->release, 1, __ATOMIC_RELEASE);
	if (!wait_for_completion_timeout(&h->released, 3 * HZ))
		return selftest_fail("the holder to let go, it did not");
	if (selftest_stop_threads(&t, 1, NULL, 1000))
		return selftest_fail("the holder thread to end, it did not");
	if (!still_held)
		return selftest_fail("'%s' still held by CPU %u after another's unlock, saw it "
				     "released", h->lock->name, cpu);
	if (h->timed_out)
		return selftest_fail("the holder to be told to let go, it gave up waiting");
	if (spin_is_locked(h->lock))
		return selftest_fail("'%s' free after its holder's unlock, saw it held",
				     h->lock->name);
	printf("lock-unheld-unlock: refused; CPU %u kept the lock and released it itself\n", cpu);
	kfree(h);
	return 0;
}

int selftest_lock_unheld_unlock(int argc, char **argv)
{
	if (need_debug_locks() || unlock_never_taken())
		return 1;
	if (num_online_cpus() < 2) {
		printf("lock-unheld-unlock: one CPU: no lock held by another CPU to try\n");
		return 0;
	}
	return unlock_held_elsewhere();
}

/* ---- sleep-in-atomic --------------------------------------------------------------------- */

#define ATOMIC_SLEEP_MS	20

static DEFINE_SPINLOCK(selftest_atomic_lock);

struct atomic_sleep {
	unsigned int cpu_before, cpu_after;
	int count_held, count_after_sleep, count_after_unlock;
	bool held_after_sleep;
	u32 slept_us;
	struct completion done;
};

static int atomic_sleeper_fn(void *data)
{
	struct atomic_sleep *s = data;
	u64 t0;

	spin_lock(&selftest_atomic_lock);
	s->cpu_before = smp_processor_id();
	s->count_held = preempt_count();
	t0 = ktime_get_ns();
	msleep(ATOMIC_SLEEP_MS);	/* wrong on purpose: reported */
	s->slept_us = selftest_ns_to_us(ktime_get_ns() - t0);
	s->cpu_after = smp_processor_id();
	s->count_after_sleep = preempt_count();
	s->held_after_sleep = spin_is_locked(&selftest_atomic_lock);
	spin_unlock(&selftest_atomic_lock);
	s->count_after_unlock = preempt_count();
	complete(&s->done);
	return 0;
}

int selftest_sleep_in_atomic(int argc, char **argv)
{
	struct atomic_sleep *s;
	struct task_struct *t;

	if (need_debug_locks())
		return 1;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return selftest_fail("memory for the test, saw none");
	init_completion(&s->done);
	printf("sleep-in-atomic: msleep(%u) holding '%s' in thread st-atomic; expect a BUG "
	       "report\n", ATOMIC_SLEEP_MS, selftest_atomic_lock.name);
	t = selftest_thread_on(atomic_sleeper_fn, s, other_cpu(), "st-atomic");
	if (IS_ERR(t))
		return selftest_fail("a thread, saw error %ld", PTR_ERR(t));
	if (!wait_for_completion_timeout(&s->done, 2 * HZ))
		return selftest_fail("the thread that slept holding a spin lock to go on, it "
				     "did not");
	if (selftest_stop_threads(&t, 1, NULL, 1000))
		return selftest_fail("the thread to end, it did not");
	printf("sleep-in-atomic: slept %u.%03u ms on CPU %u; preempt_count %#x before, %#x after, "
	       "%#x after unlock\n", US_MS(s->slept_us), s->cpu_after, s->count_held,
	       s->count_after_sleep, s->count_after_unlock);
	if (s->slept_us < ATOMIC_SLEEP_MS * 1000)
		return selftest_fail("msleep(%u) to sleep at least %u ms even so, saw %u.%03u ms",
				     ATOMIC_SLEEP_MS, ATOMIC_SLEEP_MS, US_MS(s->slept_us));
	if (s->cpu_after != s->cpu_before)
		return selftest_fail("the thread back on CPU %u, saw CPU %u", s->cpu_before,
				     s->cpu_after);
	if (s->count_held < 1 || s->count_after_sleep != s->count_held)
		return selftest_fail("preempt_count %#x (the lock's) after the sleep, saw %#x",
				     s->count_held, s->count_after_sleep);
	if (!s->held_after_sleep)
		return selftest_fail("'%s' still held after the sleep, saw it free",
				     selftest_atomic_lock.name);
	if (s->count_after_unlock != s->count_held - 1 || spin_is_locked(&selftest_atomic_lock))
		return selftest_fail("the lock free and preempt_count %#x after unlock, saw %#x",
				     s->count_held - 1, s->count_after_unlock);
	kfree(s);
	return 0;
}

/* ---- mutex-foreign-unlock ----------------------------------------------------------------- */

static DEFINE_MUTEX(selftest_foreign_mutex);

struct foreign {
	struct task_struct *a;
	struct completion a_holds, b_done, a_done;
	int release;
	bool a_timed_out;
	/* what B found after its wrong unlock */
	struct task_struct *owner_after;
	int b_trylock;
};

/* A: take the mutex and keep it (sleeping) until told to unlock. */
static int foreign_a_fn(void *data)
{
	struct foreign *f = data;

	mutex_lock(&selftest_foreign_mutex);
	complete(&f->a_holds);
	f->a_timed_out = !selftest_wait_until(__atomic_load_n(&f->release, __ATOMIC_ACQUIRE),
					      HOLD_MAX_MS);
	mutex_unlock(&selftest_foreign_mutex);
	complete(&f->a_done);
	return 0;
}

/* B: unlock A's mutex (wrong: reported), then see that A still has it. */
static int foreign_b_fn(void *data)
{
	struct foreign *f = data;

	mutex_unlock(&selftest_foreign_mutex);
	f->owner_after = READ_ONCE(selftest_foreign_mutex.owner);
	f->b_trylock = mutex_trylock(&selftest_foreign_mutex);
	if (f->b_trylock)
		mutex_unlock(&selftest_foreign_mutex);
	complete(&f->b_done);
	return 0;
}

int selftest_mutex_foreign_unlock(int argc, char **argv)
{
	struct foreign *f = kzalloc(sizeof(*f), GFP_KERNEL);
	struct task_struct *t[2];
	int got;

	if (!f)
		return selftest_fail("memory for the test, saw none");
	init_completion(&f->a_holds);
	init_completion(&f->b_done);
	init_completion(&f->a_done);
	t[0] = f->a = selftest_thread_on(foreign_a_fn, f, current->cpu, "st-mutex-a");
	if (IS_ERR(t[0]))
		return selftest_fail("a thread, saw error %ld", PTR_ERR(t[0]));
	if (!wait_for_completion_timeout(&f->a_holds, HZ))
		return selftest_fail("thread A to take '%s', it did not",
				     selftest_foreign_mutex.name);
	printf("mutex-foreign-unlock: st-mutex-b unlocks '%s', held by st-mutex-a; expect a BUG "
	       "report\n", selftest_foreign_mutex.name);
	t[1] = selftest_thread_on(foreign_b_fn, f, other_cpu(), "st-mutex-b");
	if (IS_ERR(t[1]))
		return selftest_fail("a thread, saw error %ld", PTR_ERR(t[1]));
	got = wait_for_completion_timeout(&f->b_done, HZ) != 0;
	__atomic_store_n(&f->release, 1, __ATOMIC_RELEASE);
	if (!got)
		return selftest_fail("thread B to finish, it did not");
	if (!wait_for_completion_timeout(&f->a_done, 3 * HZ))
		return selftest_fail("thread A to unlock and finish, it did not");
	if (selftest_stop_threads(t, 2, NULL, 1000))
		return selftest_fail("the threads to end, they did not");
	if (f->owner_after != f->a)
		return selftest_fail("'%s' still owned by st-mutex-a after B's unlock, saw %s",
				     selftest_foreign_mutex.name,
				     f->owner_after ? "another owner" : "it free");
	if (f->b_trylock)
		return selftest_fail("B's mutex_trylock to fail while A holds it, it succeeded");
	if (f->a_timed_out)
		return selftest_fail("A to be told to unlock, it gave up waiting");
	if (mutex_is_locked(&selftest_foreign_mutex))
		return selftest_fail("'%s' free after A's unlock, saw it held",
				     selftest_foreign_mutex.name);
	printf("mutex-foreign-unlock: refused; st-mutex-a kept '%s' and unlocked it itself\n",
	       selftest_foreign_mutex.name);
	kfree(f);
	return 0;
}
