/*
 * refcount_t's slow paths (linux/refcount.h): the misuse report, and the
 * operations that need a compare-and-swap loop or a lock.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/refcount.h>

void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t)
{
	static const char *const what[] = {
		[REFCOUNT_ADD_NOT_ZERO_OVF] = "saturated; leaking memory",
		[REFCOUNT_ADD_OVF] = "saturated; leaking memory",
		[REFCOUNT_ADD_UAF] = "addition on 0; use-after-free",
		[REFCOUNT_SUB_UAF] = "underflow; use-after-free",
		[REFCOUNT_DEC_LEAK] = "decrement hit 0; leaking memory",
	};

	atomic_set(&r->refs, REFCOUNT_SATURATED);
	WARN_ONCE(1, "refcount_t: %s\n", what[t]);
}

bool refcount_dec_if_one(refcount_t *r)
{
	int one = 1;

	return atomic_try_cmpxchg(&r->refs, &one, 0);
}

bool refcount_dec_not_one(refcount_t *r)
{
	int old = refcount_read(r);

	do {
		if (old == REFCOUNT_SATURATED)
			return true;
		if (old == 1)
			return false;
	} while (!atomic_try_cmpxchg(&r->refs, &old, old - 1));
	if (unlikely(old <= 0))
		refcount_warn_saturate(r, REFCOUNT_SUB_UAF);
	return true;
}

bool refcount_dec_and_lock(refcount_t *r, spinlock_t *lock)
{
	if (refcount_dec_not_one(r))
		return false;
	spin_lock(lock);
	if (!refcount_dec_and_test(r)) {
		spin_unlock(lock);
		return false;
	}
	return true;
}

EXPORT_SYMBOL(refcount_warn_saturate);
EXPORT_SYMBOL(refcount_dec_if_one);
EXPORT_SYMBOL(refcount_dec_not_one);
EXPORT_SYMBOL(refcount_dec_and_lock);
