/*
 * Atomic integers, with Linux's names: atomic_t (an int) and atomic_long_t.
 *
 *	static atomic_t users = ATOMIC_INIT(0);
 *	atomic_inc(&users);
 *	if (atomic_dec_and_test(&users))
 *		... the last user is gone ...
 *
 * Each read-modify-write is one indivisible instruction ('lock'-prefixed
 * on x86), so CPUs updating the same counter at once never lose an update.
 * Ordering is Linux's: the operations that return a value (the *_return,
 * *_and_test, fetch_*, xchg and cmpxchg ones) are full barriers; those that
 * return nothing (atomic_inc, atomic_add, ...) and atomic_read/atomic_set
 * promise no order with other memory accesses (use smp_mb__before_atomic()
 * and smp_mb__after_atomic() from asm/barrier.h when it matters).
 *
 * An atomic_t shared by all CPUs makes every update a cache-line transfer;
 * a counter that only needs a sum now and then is cheaper per CPU (see
 * local_t in asm/percpu.h and how module reference counts use it).
 */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <asm/barrier.h>

/* atomic_t and atomic_long_t are declared in linux/types.h. */
#define ATOMIC_INIT(i)		{ (i) }
#define ATOMIC_LONG_INIT(i)	{ (i) }

/*
 * The same operations for both types, made by one macro so they cannot
 * drift apart. For prefix atomic (type atomic_t, values int) and prefix
 * atomic_long (atomic_long_t, long) this defines:
 *
 *	atomic_read(v)			the value
 *	atomic_set(v, i)		store i
 *	atomic_add(i, v)		v += i
 *	atomic_sub(i, v)		v -= i
 *	atomic_inc(v)			v += 1
 *	atomic_dec(v)			v -= 1
 *	atomic_add_return(i, v)		v += i; the new value
 *	atomic_sub_return(i, v)		v -= i; the new value
 *	atomic_inc_return(v)		v += 1; the new value
 *	atomic_dec_return(v)		v -= 1; the new value
 *	atomic_fetch_add(i, v)		v += i; the old value
 *	atomic_fetch_sub(i, v)		v -= i; the old value
 *	atomic_inc_and_test(v)		v += 1; true if now 0
 *	atomic_dec_and_test(v)		v -= 1; true if now 0
 *	atomic_sub_and_test(i, v)	v -= i; true if now 0
 *	atomic_add_negative(i, v)	v += i; true if now negative
 *	atomic_xchg(v, new)		v = new; the old value
 *	atomic_cmpxchg(v, old, new)	if v == old then v = new; the old value either way
 *	atomic_try_cmpxchg(v, &old, new) the same; true if it stored, else old = v
 *	atomic_add_unless(v, i, u)	v += i unless v == u; true if it added
 *	atomic_inc_not_zero(v)		v += 1 unless v == 0; true if it added
 *
 * and the same with atomic_long_ for atomic_long_t.
 */
#define __ATOMIC_DEFINE(p, atype, T)						\
static __always_inline T p##_read(const atype *v)				\
{										\
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);			\
}										\
static __always_inline void p##_set(atype *v, T i)				\
{										\
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);			\
}										\
static __always_inline void p##_add(T i, atype *v)				\
{										\
	__atomic_fetch_add(&v->counter, i, __ATOMIC_RELAXED);		\
}										\
static __always_inline void p##_sub(T i, atype *v)				\
{										\
	__atomic_fetch_sub(&v->counter, i, __ATOMIC_RELAXED);		\
}										\
static __always_inline void p##_inc(atype *v)					\
{										\
	p##_add(1, v);								\
}										\
static __always_inline void p##_dec(atype *v)					\
{										\
	p##_sub(1, v);								\
}										\
static __always_inline T p##_add_return(T i, atype *v)				\
{										\
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);		\
}										\
static __always_inline T p##_sub_return(T i, atype *v)				\
{										\
	return __atomic_sub_fetch(&v->counter, i, __ATOMIC_SEQ_CST);		\
}										\
static __always_inline T p##_inc_return(atype *v)				\
{										\
	return p##_add_return(1, v);						\
}										\
static __always_inline T p##_dec_return(atype *v)				\
{										\
	return p##_sub_return(1, v);						\
}										\
static __always_inline T p##_fetch_add(T i, atype *v)				\
{										\
	return __atomic_fetch_add(&v->counter, i, __ATOMIC_SEQ_CST);		\
}										\
static __always_inline T p##_fetch_sub(T i, atype *v)				\
{										\
	return __atomic_fetch_sub(&v->counter, i, __ATOMIC_SEQ_CST);		\
}										\
static __always_inline bool p##_inc_and_test(atype *v)				\
{										\
	return p##_add_return(1, v) == 0;					\
}										\
static __always_inline bool p##_dec_and_test(atype *v)				\
{										\
	return p##_sub_return(1, v) == 0;					\
}										\
static __always_inline bool p##_sub_and_test(T i, atype *v)			\
{										\
	return p##_sub_return(i, v) == 0;					\
}										\
static __always_inline bool p##_add_negative(T i, atype *v)			\
{										\
	return p##_add_return(i, v) < 0;					\
}										\
static __always_inline T p##_xchg(atype *v, T new)				\
{										\
	return __atomic_exchange_n(&v->counter, new, __ATOMIC_SEQ_CST);		\
}										\
static __always_inline bool p##_try_cmpxchg(atype *v, T *old, T new)		\
{										\
	return __atomic_compare_exchange_n(&v->counter, old, new, false,	\
					   __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);		\
}										\
static __always_inline T p##_cmpxchg(atype *v, T old, T new)			\
{										\
	p##_try_cmpxchg(v, &old, new);	/* on failure, old becomes v */	\
	return old;								\
}										\
static __always_inline bool p##_add_unless(atype *v, T i, T u)			\
{										\
	T c = p##_read(v);							\
										\
	do {									\
		if (c == u)							\
			return false;						\
	} while (!p##_try_cmpxchg(v, &c, c + i));				\
	return true;								\
}										\
static __always_inline bool p##_inc_not_zero(atype *v)				\
{										\
	return p##_add_unless(v, 1, 0);						\
}

__ATOMIC_DEFINE(atomic, atomic_t, int)
__ATOMIC_DEFINE(atomic_long, atomic_long_t, long)

#undef __ATOMIC_DEFINE

#endif
