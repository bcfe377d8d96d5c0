/*
 * kfifo: a ring buffer of fixed-size elements, with Linux's names.
 *
 *	static DEFINE_KFIFO(bytes, char, 64);		a fifo with its buffer inside
 *	struct kfifo f;  kfifo_alloc(&f, 100, GFP_KERNEL);	a byte fifo; buffer kmalloc'd
 *							(100 rounds up to 128)
 *	DECLARE_KFIFO_PTR(ints, int);  kfifo_alloc(&ints, 16, GFP_KERNEL);
 *
 *	kfifo_in(fifo, buf, n)	 store up to n elements; how many it stored
 *	kfifo_out(fifo, buf, n)	 take up to n elements out; how many it took
 *	kfifo_out_peek(...)	 as kfifo_out, leaving them in
 *	kfifo_put(fifo, val)	 store one element; 0 if the fifo is full
 *	kfifo_get(fifo, &val)	 take one; 0 if the fifo is empty (kfifo_peek: leave it)
 *	kfifo_to_user(fifo, ubuf, bytes, &copied), kfifo_from_user(...):
 *				 0 or -EFAULT; *copied is the bytes moved
 *	kfifo_len, kfifo_avail, kfifo_size (in elements), kfifo_is_empty,
 *	kfifo_is_full, kfifo_reset, kfifo_skip, kfifo_esize, kfifo_free
 *
 * The size is a power of two, so the in and out counters run freely and
 * wrap: in - out is the number of elements stored, and counter & mask the
 * slot. kfifo_alloc rounds the size up, kfifo_init (a buffer the caller
 * gives) rounds it down; DECLARE_KFIFO's size must already be one.
 *
 * Locking: one reader and one writer may use a fifo at the same time with
 * no lock (the barriers in kernel/lib/kfifo.c make that safe); several
 * readers or several writers need a lock among themselves, for instance
 * kfifo_in_spinlocked/kfifo_out_spinlocked. kfifo_reset needs both sides
 * quiet.
 *
 * Not here: record fifos (a recsize other than 0: STRUCT_KFIFO_REC_1...)
 * and the DMA helpers.
 */
#ifndef _LINUX_KFIFO_H
#define _LINUX_KFIFO_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/slab.h>
#include <linux/log2.h>
#include <linux/gfp.h>

struct __kfifo {
	unsigned int	in;	/* elements ever stored (wraps) */
	unsigned int	out;	/* elements ever taken (wraps) */
	unsigned int	mask;	/* size - 1; 0 until the fifo has a buffer */
	unsigned int	esize;	/* bytes in one element */
	void		*data;
};

/* The handle: the counters, and pointers of the element type that exist
 * only for their types (the macros below check arguments against them). */
#define __STRUCT_KFIFO_COMMON(datatype, recsize, ptrtype)		\
	union {								\
		struct __kfifo	kfifo;					\
		datatype	*type;					\
		const datatype	*const_type;				\
		char		(*rectype)[recsize];			\
		ptrtype		*ptr;					\
		ptrtype const	*ptr_const;				\
	}

#define __STRUCT_KFIFO(type, size, recsize, ptrtype)			\
{									\
	__STRUCT_KFIFO_COMMON(type, recsize, ptrtype);			\
	type buf[((size < 2) || (size & (size - 1))) ? -1 : size];	\
}

#define STRUCT_KFIFO(type, size)	struct __STRUCT_KFIFO(type, size, 0, type)

#define __STRUCT_KFIFO_PTR(type, recsize, ptrtype)			\
{									\
	__STRUCT_KFIFO_COMMON(type, recsize, ptrtype);			\
	type buf[0];							\
}

#define STRUCT_KFIFO_PTR(type)		struct __STRUCT_KFIFO_PTR(type, 0, type)

/* A byte fifo whose buffer is allocated (kfifo_alloc) or given (kfifo_init). */
struct kfifo __STRUCT_KFIFO_PTR(unsigned char, 0, void);

#define DECLARE_KFIFO_PTR(fifo, type)	STRUCT_KFIFO_PTR(type) fifo
#define DECLARE_KFIFO(fifo, type, size)	STRUCT_KFIFO(type, size) fifo

/* True for a fifo whose buffer is not inside it (the _PTR kinds). */
#define __is_kfifo_ptr(fifo)						\
	(sizeof(*fifo) == sizeof(STRUCT_KFIFO_PTR(typeof(*(fifo)->type))))

/* Ready a DECLARE_KFIFO fifo (empty); for a _PTR one it only clears it. */
#define INIT_KFIFO(fifo)						\
(void)({								\
	typeof(&(fifo)) __tmp = &(fifo);				\
	struct __kfifo *__kfifo = &__tmp->kfifo;			\
	__kfifo->in = 0;						\
	__kfifo->out = 0;						\
	__kfifo->mask = __is_kfifo_ptr(__tmp) ? 0 : ARRAY_SIZE(__tmp->buf) - 1;	\
	__kfifo->esize = sizeof(*__tmp->buf);				\
	__kfifo->data = __is_kfifo_ptr(__tmp) ? NULL : __tmp->buf;	\
})

/* Declare and initialise a fifo with its buffer inside, at file scope too. */
#define DEFINE_KFIFO(fifo, type, size)					\
	DECLARE_KFIFO(fifo, type, size) =				\
	(typeof(fifo)) { {						\
		{							\
		.in	= 0,						\
		.out	= 0,						\
		.mask	= __is_kfifo_ptr(&(fifo)) ? 0 : ARRAY_SIZE((fifo).buf) - 1, \
		.esize	= sizeof(*(fifo).buf),				\
		.data	= __is_kfifo_ptr(&(fifo)) ? NULL : (fifo).buf,	\
		}							\
	} }

int __kfifo_alloc(struct __kfifo *fifo, unsigned int size, size_t esize, gfp_t gfp_mask);
void __kfifo_free(struct __kfifo *fifo);
int __kfifo_init(struct __kfifo *fifo, void *buffer, unsigned int size, size_t esize);
unsigned int __kfifo_in(struct __kfifo *fifo, const void *buf, unsigned int len);
unsigned int __kfifo_out(struct __kfifo *fifo, void *buf, unsigned int len);
unsigned int __kfifo_out_peek(struct __kfifo *fifo, void *buf, unsigned int len);
int __kfifo_from_user(struct __kfifo *fifo, const void __user *from, unsigned long len,
		      unsigned int *copied);
int __kfifo_to_user(struct __kfifo *fifo, void __user *to, unsigned long len,
		    unsigned int *copied);

/* The counters are read once each: a reader and a writer may be running. */
#define kfifo_initialized(fifo)	((fifo)->kfifo.mask)
#define kfifo_esize(fifo)	((fifo)->kfifo.esize)
#define kfifo_recsize(fifo)	(sizeof(*(fifo)->rectype))
#define kfifo_size(fifo)	((fifo)->kfifo.mask + 1)

#define kfifo_len(fifo)							\
({									\
	typeof((fifo) + 1) __tmpl = (fifo);				\
	READ_ONCE(__tmpl->kfifo.in) - READ_ONCE(__tmpl->kfifo.out);	\
})

#define kfifo_is_empty(fifo)						\
({									\
	typeof((fifo) + 1) __tmpq = (fifo);				\
	READ_ONCE(__tmpq->kfifo.in) == READ_ONCE(__tmpq->kfifo.out);	\
})

#define kfifo_is_full(fifo)						\
({									\
	typeof((fifo) + 1) __tmpq = (fifo);				\
	kfifo_len(__tmpq) > __tmpq->kfifo.mask;				\
})

#define kfifo_avail(fifo)						\
({									\
	typeof((fifo) + 1) __tmpq = (fifo);				\
	kfifo_size(__tmpq) - kfifo_len(__tmpq);				\
})

/* Empty the fifo. Neither a reader nor a writer may be running. */
#define kfifo_reset(fifo)						\
(void)({								\
	typeof((fifo) + 1) __tmp = (fifo);				\
	__tmp->kfifo.in = __tmp->kfifo.out = 0;				\
})

/* Empty the fifo from the reader's side: safe while a writer runs. */
#define kfifo_reset_out(fifo)						\
(void)({								\
	typeof((fifo) + 1) __tmp = (fifo);				\
	smp_store_release(&__tmp->kfifo.out, READ_ONCE(__tmp->kfifo.in)); \
})

/* Drop the oldest element, if there is one. */
#define kfifo_skip(fifo)						\
(void)({								\
	typeof((fifo) + 1) __tmp = (fifo);				\
	if (!kfifo_is_empty(__tmp))					\
		smp_store_release(&__tmp->kfifo.out, __tmp->kfifo.out + 1); \
})

/* A buffer of size elements for fifo, kmalloc'd: 0, -EINVAL (size < 2)
 * or -ENOMEM. Only for the _PTR kinds and struct kfifo. May sleep with
 * GFP_KERNEL. */
#define kfifo_alloc(fifo, size, gfp_mask)				\
({									\
	typeof((fifo) + 1) __tmp = (fifo);				\
	struct __kfifo *__kfifo = &__tmp->kfifo;			\
	__is_kfifo_ptr(__tmp) ?						\
	__kfifo_alloc(__kfifo, size, sizeof(*__tmp->type), gfp_mask) :	\
	-EINVAL;							\
})

#define kfifo_free(fifo)						\
({									\
	typeof((fifo) + 1) __tmp = (fifo);				\
	struct __kfifo *__kfifo = &__tmp->kfifo;			\
	if (__is_kfifo_ptr(__tmp))					\
		__kfifo_free(__kfifo);					\
})

/* Use buffer (size bytes, rounded down to a power of two elements). */
#define kfifo_init(fifo, buffer, size)					\
({									\
	typeof((fifo) + 1) __tmp = (fifo);				\
	struct __kfifo *__kfifo = &__tmp->kfifo;			\
	__is_kfifo_ptr(__tmp) ?						\
	__kfifo_init(__kfifo, buffer, size, sizeof(*__tmp->type)) :	\
	-EINVAL;							\
})

#define kfifo_in(fifo, buf, n)						\
({									\
	typeof((fifo) + 1) __tmp = (fifo);				\
	typeof(__tmp->ptr_const) __buf = (buf);				\
	__kfifo_in(&__tmp->kfifo, __buf, n);				\
})

#define kfifo_out(fifo, buf, n)						\
({									\
	typeof((fifo) + 1) __tmp = (fifo);				\
	typeof(__tmp->ptr) __buf = (buf);				\
	__kfifo_out(&__tmp->kfifo, __buf, n);				\
})

#define kfifo_out_peek(fifo, buf, n)					\
({									\
	typeof((fifo) + 1) __tmp = (fifo);				\
	typeof(__tmp->ptr) __buf = (buf);				\
	__kfifo_out_peek(&__tmp->kfifo, __buf, n);			\
})

#define kfifo_put(fifo, val)						\
({									\
	typeof((fifo) + 1) __tmp = (fifo);				\
	typeof(*__tmp->const_type) __val = (val);			\
	__kfifo_in(&__tmp->kfifo, &__val, 1);				\
})

#define kfifo_get(fifo, val)						\
({									\
	typeof((fifo) + 1) __tmp = (fifo);				\
	typeof(__tmp->ptr) __val = (val);				\
	__kfifo_out(&__tmp->kfifo, __val, 1);				\
})

#define kfifo_peek(fifo, val)						\
({									\
	typeof((fifo) + 1) __tmp = (fifo);				\
	typeof(__tmp->ptr) __val = (val);				\
	__kfifo_out_peek(&__tmp->kfifo, __val, 1);			\
})

#define kfifo_in_spinlocked(fifo, buf, n, lock)				\
({									\
	unsigned long __flags;						\
	unsigned int __ret;						\
	spin_lock_irqsave(lock, __flags);				\
	__ret = kfifo_in(fifo, buf, n);					\
	spin_unlock_irqrestore(lock, __flags);				\
	__ret;								\
})

#define kfifo_out_spinlocked(fifo, buf, n, lock)			\
({									\
	unsigned long __flags;						\
	unsigned int __ret;						\
	spin_lock_irqsave(lock, __flags);				\
	__ret = kfifo_out(fifo, buf, n);				\
	spin_unlock_irqrestore(lock, __flags);				\
	__ret;								\
})

/* Old names of the two above. */
#define kfifo_in_locked(fifo, buf, n, lock)	kfifo_in_spinlocked(fifo, buf, n, lock)
#define kfifo_out_locked(fifo, buf, n, lock)	kfifo_out_spinlocked(fifo, buf, n, lock)

/* len is in bytes; whole elements move. May sleep (a user page fault). */
#define kfifo_from_user(fifo, from, len, copied)			\
({									\
	typeof((fifo) + 1) __tmp = (fifo);				\
	__kfifo_from_user(&__tmp->kfifo, from, len, copied);		\
})

#define kfifo_to_user(fifo, to, len, copied)				\
({									\
	typeof((fifo) + 1) __tmp = (fifo);				\
	__kfifo_to_user(&__tmp->kfifo, to, len, copied);		\
})

#endif
