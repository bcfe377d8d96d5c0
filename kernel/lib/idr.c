/*
 * ID allocation (linux/idr.h): IDR maps ids to pointers, IDA hands out
 * bare ids.
 *
 * Both keep one node per id in use in a red-black tree ordered by id. The
 * lowest free id at or after start is found by descending to the first
 * node >= start and walking forward while the ids are consecutive: the
 * first gap is the answer. Nodes are allocated before the search, so the
 * search and the insertion never fail half-way.
 *
 * An IDR has no lock: its users serialise (as in Linux). An IDA holds its
 * IDR under ida->lock, a spin lock taken with interrupts off, so ids can
 * be allocated and freed from any context; the node is allocated before
 * the lock is taken and freed after it is dropped.
 */
#include <linux/idr.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/preempt.h>

struct idr_node {
	struct rb_node	rb;
	unsigned long	id;
	void		*ptr;
};

/* Marks an IDA's ids, which have no pointer; any non-NULL value would do. */
#define IDA_PRESENT	((void *)1)

static struct idr_node *idr_node_at_or_after(const struct idr *idr, unsigned long id)
{
	struct rb_node *n = idr->idr_rt.rb_node;
	struct idr_node *best = NULL;

	while (n) {
		struct idr_node *in = rb_entry(n, struct idr_node, rb);

		if (in->id >= id) {
			best = in;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

static struct idr_node *idr_node_find(const struct idr *idr, unsigned long id)
{
	struct idr_node *in = idr_node_at_or_after(idr, id);

	return in && in->id == id ? in : NULL;
}

/* Give new the lowest free id in [start, max] and insert it: 0, or
 * -ENOSPC with nothing changed. */
static int idr_insert_lowest(struct idr *idr, struct idr_node *new, unsigned long start,
			     unsigned long max)
{
	struct idr_node *in = idr_node_at_or_after(idr, start);
	struct rb_node **link = &idr->idr_rt.rb_node, *parent = NULL;
	u64 id = start;

	while (in && in->id == id && id <= max) {
		struct rb_node *next = rb_next(&in->rb);

		id++;
		in = next ? rb_entry(next, struct idr_node, rb) : NULL;
	}
	if (id > max)
		return -ENOSPC;
	new->id = id;
	while (*link) {
		parent = *link;
		if (id < rb_entry(parent, struct idr_node, rb)->id)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&new->rb, parent, link);
	rb_insert_color(&new->rb, &idr->idr_rt);
	return 0;
}

int idr_alloc_u32(struct idr *idr, void *ptr, u32 *nextid, unsigned long max, gfp_t gfp)
{
	struct idr_node *new;
	unsigned long start = max_t(unsigned long, *nextid, idr->idr_base);
	int err;

	if (start > max)
		return -ENOSPC;
	new = kmalloc(sizeof(*new), gfp);
	if (!new)
		return -ENOMEM;
	new->ptr = ptr;
	err = idr_insert_lowest(idr, new, start, max);
	if (err) {
		kfree(new);
		return err;
	}
	*nextid = new->id;
	return 0;
}
EXPORT_SYMBOL_GPL(idr_alloc_u32);

int idr_alloc(struct idr *idr, void *ptr, int start, int end, gfp_t gfp)
{
	u32 id = start;
	int err;

	if (WARN_ON_ONCE(start < 0))
		return -EINVAL;
	err = idr_alloc_u32(idr, ptr, &id, end > 0 ? end - 1 : INT_MAX, gfp);
	return err ? err : (int)id;
}
EXPORT_SYMBOL_GPL(idr_alloc);

int idr_alloc_cyclic(struct idr *idr, void *ptr, int start, int end, gfp_t gfp)
{
	unsigned long max = end > 0 ? end - 1 : INT_MAX;
	u32 id = idr->idr_next;
	int err;

	if (WARN_ON_ONCE(start < 0))
		return -EINVAL;
	if ((int)id < start || id > max)
		id = start;
	err = idr_alloc_u32(idr, ptr, &id, max, gfp);
	if (err == -ENOSPC && id > (u32)start) {
		id = start;
		err = idr_alloc_u32(idr, ptr, &id, max, gfp);
	}
	if (err)
		return err;
	idr->idr_next = id + 1;
	return id;
}
EXPORT_SYMBOL(idr_alloc_cyclic);

void *idr_find(const struct idr *idr, unsigned long id)
{
	struct idr_node *in = idr_node_find(idr, id);

	return in ? in->ptr : NULL;
}
EXPORT_SYMBOL_GPL(idr_find);

void *idr_remove(struct idr *idr, unsigned long id)
{
	struct idr_node *in = idr_node_find(idr, id);
	void *ptr;

	if (!in)
		return NULL;
	ptr = in->ptr;
	rb_erase(&in->rb, &idr->idr_rt);
	kfree(in);
	return ptr;
}
EXPORT_SYMBOL_GPL(idr_remove);

void *idr_replace(struct idr *idr, void *ptr, unsigned long id)
{
	struct idr_node *in = idr_node_find(idr, id);
	void *old;

	if (!in)
		return ERR_PTR(-ENOENT);
	old = in->ptr;
	in->ptr = ptr;
	return old;
}
EXPORT_SYMBOL(idr_replace);

/* The first node at or after id whose pointer is set (reserved ids, whose
 * pointer is NULL, are skipped by every walk, as in Linux). */
static struct idr_node *idr_next_entry(const struct idr *idr, unsigned long id)
{
	struct idr_node *in = idr_node_at_or_after(idr, id);

	while (in && !in->ptr) {
		struct rb_node *next = rb_next(&in->rb);

		in = next ? rb_entry(next, struct idr_node, rb) : NULL;
	}
	return in;
}

int idr_for_each(const struct idr *idr, int (*fn)(int id, void *p, void *data), void *data)
{
	struct idr_node *in;
	unsigned long id = 0;
	int ret;

	/* Look each next entry up again by id: fn may remove the one it got. */
	while ((in = idr_next_entry(idr, id))) {
		id = in->id + 1;
		ret = fn(in->id, in->ptr, data);
		if (ret)
			return ret;
	}
	return 0;
}
EXPORT_SYMBOL(idr_for_each);

void *idr_get_next_ul(struct idr *idr, unsigned long *nextid)
{
	struct idr_node *in = idr_next_entry(idr, *nextid);

	if (!in)
		return NULL;
	*nextid = in->id;
	return in->ptr;
}
EXPORT_SYMBOL(idr_get_next_ul);

void *idr_get_next(struct idr *idr, int *nextid)
{
	unsigned long id = *nextid;
	void *entry;

	if (*nextid < 0)
		return NULL;
	entry = idr_get_next_ul(idr, &id);
	if (!entry || id > INT_MAX)
		return NULL;
	*nextid = id;
	return entry;
}
EXPORT_SYMBOL(idr_get_next);

void idr_destroy(struct idr *idr)
{
	struct idr_node *in, *n;

	rbtree_postorder_for_each_entry_safe(in, n, &idr->idr_rt, rb)
		kfree(in);
	idr->idr_rt = RB_ROOT;
}
EXPORT_SYMBOL(idr_destroy);

void idr_preload(gfp_t gfp_mask)
{
	preempt_disable();
}
EXPORT_SYMBOL(idr_preload);

void idr_preload_end(void)
{
	preempt_enable();
}
EXPORT_SYMBOL(idr_preload_end);

/* --- IDA --- */

int ida_alloc_range(struct ida *ida, unsigned int min, unsigned int max, gfp_t gfp)
{
	struct idr_node *new;
	unsigned long flags;
	int err;

	if ((int)min < 0)
		return -ENOSPC;
	if (WARN_ON_ONCE(max < min))
		return -EINVAL;
	if (max > INT_MAX)
		max = INT_MAX;
	new = kmalloc(sizeof(*new), gfp);
	if (!new)
		return -ENOMEM;
	new->ptr = IDA_PRESENT;
	spin_lock_irqsave(&ida->lock, flags);
	err = idr_insert_lowest(&ida->idr, new, min, max);
	spin_unlock_irqrestore(&ida->lock, flags);
	if (err) {
		kfree(new);
		return err;
	}
	return new->id;
}
EXPORT_SYMBOL(ida_alloc_range);

void ida_free(struct ida *ida, unsigned int id)
{
	struct idr_node *in;
	unsigned long flags;

	spin_lock_irqsave(&ida->lock, flags);
	in = idr_node_find(&ida->idr, id);
	if (in)
		rb_erase(&in->rb, &ida->idr.idr_rt);
	spin_unlock_irqrestore(&ida->lock, flags);
	if (!in) {
		WARN(1, "ida_free called for id=%u which is not allocated.\n", id);
		return;
	}
	kfree(in);
}
EXPORT_SYMBOL(ida_free);

void ida_destroy(struct ida *ida)
{
	struct rb_root old;
	struct idr_node *in, *n;
	unsigned long flags;

	spin_lock_irqsave(&ida->lock, flags);
	old = ida->idr.idr_rt;
	ida->idr.idr_rt = RB_ROOT;
	spin_unlock_irqrestore(&ida->lock, flags);
	rbtree_postorder_for_each_entry_safe(in, n, &old, rb)
		kfree(in);
}
EXPORT_SYMBOL(ida_destroy);
