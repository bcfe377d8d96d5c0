/*
 * kref: the reference count embedded in an object, with Linux's names.
 *
 *	struct my_obj { struct kref ref; ... };
 *	kref_init(&obj->ref);			count 1: the creator's
 *	kref_get(&obj->ref);			one more user
 *	kref_put(&obj->ref, my_release);	my_release(&obj->ref) at 0
 *
 * Built on refcount_t, so a get after the last put is reported, not obeyed.
 */
#ifndef _LINUX_KREF_H
#define _LINUX_KREF_H

#include <linux/kernel.h>
#include <linux/refcount.h>

struct kref {
	refcount_t refcount;
};

#define KREF_INIT(n)	{ .refcount = REFCOUNT_INIT(n) }

static inline void kref_init(struct kref *kref)
{
	refcount_set(&kref->refcount, 1);
}

static inline unsigned int kref_read(const struct kref *kref)
{
	return refcount_read(&kref->refcount);
}

static inline void kref_get(struct kref *kref)
{
	refcount_inc(&kref->refcount);
}

/* Drop a reference; release(kref) runs if it was the last, and then 1 is
 * returned. */
static inline int kref_put(struct kref *kref, void (*release)(struct kref *kref))
{
	if (refcount_dec_and_test(&kref->refcount)) {
		release(kref);
		return 1;
	}
	return 0;
}

/* Take a reference unless the count already went to 0 (the object is on
 * its way out); returns whether it did. */
static inline int __must_check kref_get_unless_zero(struct kref *kref)
{
	return refcount_inc_not_zero(&kref->refcount);
}

#endif
