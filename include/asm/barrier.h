/*
 * Memory barriers on x86, with Linux's names.
 *
 * x86 keeps stores in order with stores and loads in order with loads
 * (TSO): the one reordering it does is a later load passing an earlier
 * store to another address. So smp_rmb() and smp_wmb() need only stop the
 * compiler; smp_mb() needs a real fence. A 'lock'-prefixed instruction is
 * one (i686 may lack mfence), which is also why every atomic read-modify-
 * write (linux/atomic.h, linux/bitops.h) already orders everything around
 * it, and smp_mb__before_atomic()/smp_mb__after_atomic() cost nothing here.
 */
#ifndef _ASM_BARRIER_H
#define _ASM_BARRIER_H

#include <linux/compiler.h>

#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()	barrier()
#define smp_wmb()	barrier()
#define mb()		smp_mb()
#define rmb()		smp_rmb()
#define wmb()		smp_wmb()

#define smp_mb__before_atomic()	barrier()
#define smp_mb__after_atomic()	barrier()

/* A load that later loads cannot pass; a store that earlier accesses
 * cannot pass (the pair hands data from one CPU to another). */
#define smp_load_acquire(p)		__atomic_load_n(p, __ATOMIC_ACQUIRE)
#define smp_store_release(p, v)		__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif
