/*
 * ID allocation, with Linux 6.1's names (kernel/lib/idr.c).
 *
 * An IDR maps small integer ids to pointers and hands out the lowest free
 * id in a range:
 *
 *	static DEFINE_IDR(things);
 *	id = idr_alloc(&things, thing, 1, 0, GFP_KERNEL);	1.. (0: no limit)
 *	thing = idr_find(&things, id);
 *	idr_for_each_entry(&things, thing, id) ...
 *	idr_remove(&things, id);
 *	idr_destroy(&things);			the IDR's own memory, not the things
 *
 * As in Linux the caller serialises changes and lookups of one IDR (a
 * mutex or spin lock of its own; idr_preload before taking a spin lock).
 * An IDA hands out bare ids and locks itself:
 *
 *	static DEFINE_IDA(minors);
 *	n = ida_alloc_max(&minors, 255, GFP_KERNEL);	0..255, or -ENOSPC
 *	ida_free(&minors, n);
 *
 * What differs from Linux: the ids live in a red-black tree (one node per
 * id in use) instead of a radix tree; a lookup costs O(log n) and an
 * allocation also a walk over the run of used ids that follows start.
 */
#ifndef _LINUX_IDR_H
#define _LINUX_IDR_H

#include <linux/types.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/gfp.h>
#include <linux/bug.h>

struct idr {
	struct rb_root	idr_rt;		/* struct idr_node by id */
	unsigned int	idr_base;	/* the lowest id this IDR gives */
	unsigned int	idr_next;	/* where idr_alloc_cyclic looks first */
};

#define IDR_INIT_BASE(name, base)	{ .idr_rt = RB_ROOT, .idr_base = (base), .idr_next = 0 }
#define IDR_INIT(name)			IDR_INIT_BASE(name, 0)
#define DEFINE_IDR(name)		struct idr name = IDR_INIT(name)

static inline void idr_init_base(struct idr *idr, int base)
{
	idr->idr_rt = RB_ROOT;
	idr->idr_base = base;
	idr->idr_next = 0;
}

static inline void idr_init(struct idr *idr)
{
	idr_init_base(idr, 0);
}

static inline bool idr_is_empty(const struct idr *idr)
{
	return RB_EMPTY_ROOT(&idr->idr_rt);
}

/* The lowest free id in [start, end) (end <= 0: no limit) for ptr (NULL
 * reserves the id): the id, -ENOSPC if none is free, -ENOMEM, or -EINVAL
 * for a negative start. */
int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp);
/* As idr_alloc, from where the last cyclic allocation left off, wrapping
 * round to start. */
int idr_alloc_cyclic(struct idr *idr, void *ptr, int start, int end, gfp_t gfp);
/* An id in [*nextid, max] (inclusive) into *nextid: 0 or an error. */
int idr_alloc_u32(struct idr *idr, void *ptr, u32 *nextid, unsigned long max, gfp_t gfp);

void *idr_find(const struct idr *idr, unsigned long id);
/* Take id out; what it pointed to, or NULL if it was not allocated. */
void *idr_remove(struct idr *idr, unsigned long id);
/* Point id at ptr: the old pointer, or ERR_PTR(-ENOENT). */
void *idr_replace(struct idr *idr, void *ptr, unsigned long id);
/* Call fn(id, ptr, data) for each id with a pointer, in order, until fn
 * returns non-zero (which is returned). */
int idr_for_each(const struct idr *idr, int (*fn)(int id, void *p, void *data), void *data);
/* The first entry with a pointer at or after *nextid (set to its id), or NULL. */
void *idr_get_next(struct idr *idr, int *nextid);
void *idr_get_next_ul(struct idr *idr, unsigned long *nextid);
/* Free the IDR's own memory; it is empty (and usable) afterwards. */
void idr_destroy(struct idr *idr);

/* Linux fills a per-CPU cache here so that an idr_alloc under a spin lock
 * cannot fail; modlab's allocator never sleeps, so only the
 * preemption-off section remains. */
void idr_preload(gfp_t gfp_mask);
void idr_preload_end(void);

#define idr_for_each_entry(idr, entry, id)				\
	for ((id) = 0; ((entry) = idr_get_next(idr, &(id))) != NULL; (id) += 1U)
#define idr_for_each_entry_ul(idr, entry, tmp, id)			\
	for ((tmp) = 0, (id) = 0;					\
	     (tmp) <= (id) && ((entry) = idr_get_next_ul(idr, &(id))) != NULL; \
	     (tmp) = (id), (id)++)
#define idr_for_each_entry_continue(idr, entry, id)			\
	for ((entry) = idr_get_next((idr), &(id)); entry;			\
	     ++(id), (entry) = idr_get_next((idr), &(id)))

/* --- IDA: ids without pointers; its own lock (any context) --- */

struct ida {
	struct idr	idr;
	spinlock_t	lock;		/* protects idr */
};

#define IDA_INIT(name)	{ .idr = IDR_INIT(name.idr), .lock = __SPIN_LOCK_UNLOCKED(name.lock) }
#define DEFINE_IDA(name)	struct ida name = IDA_INIT(name)

static inline void ida_init(struct ida *ida)
{
	idr_init(&ida->idr);
	spin_lock_init(&ida->lock);
}

/* An id in [min, max] (inclusive): the id, -ENOSPC, -ENOMEM or -EINVAL. */
int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp);
/* Give id back; freeing one that is not allocated is a WARN. */
void ida_free(struct ida *ida, unsigned int id);
void ida_destroy(struct ida *ida);

static inline int ida_alloc(struct ida *ida, gfp_t gfp)
{
	return ida_alloc_range(ida, 0, ~0U, gfp);
}

static inline int ida_alloc_min(struct ida *ida, unsigned int min, gfp_t gfp)
{
	return ida_alloc_range(ida, min, ~0U, gfp);
}

static inline int ida_alloc_max(struct ida *ida, unsigned int max, gfp_t gfp)
{
	return ida_alloc_range(ida, 0, max, gfp);
}

static inline bool ida_is_empty(const struct ida *ida)
{
	return idr_is_empty(&ida->idr);
}

/* The older interface: end is exclusive, 0 for no limit. */
static inline int ida_simple_get(struct ida *ida, unsigned int start, unsigned int end,
				 gfp_t gfp)
{
	return ida_alloc_range(ida, start, end ? end - 1 : ~0U, gfp);
}

static inline void ida_simple_remove(struct ida *ida, unsigned int id)
{
	ida_free(ida, id);
}

#endif
