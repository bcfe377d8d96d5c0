/*
 * Lock-free singly linked lists, with Linux's names.
 *
 *	static LLIST_HEAD(pending);
 *	llist_add(&item->node, &pending);		any context, any CPU
 *	batch = llist_del_all(&pending);		take everything at once
 *	llist_for_each_entry_safe(item, tmp, batch, node) ...
 *
 * Any number of CPUs may llist_add at once, and llist_del_all alongside
 * them, with no lock: each is one compare-and-swap loop or one exchange
 * on the head. llist_del_first (take one) is safe against concurrent adds
 * but not against another llist_del_first or llist_del_all (the ABA
 * problem: a node taken and added back between our read and our swap);
 * callers serialise those, as in Linux.
 *
 * The list is a stack: llist_del_all returns the newest entry first;
 * llist_reverse_order gives the order the entries were added in.
 */
#ifndef _LINUX_LLIST_H
#define _LINUX_LLIST_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/compiler.h>

struct llist_head {
	struct llist_node *first;
};

struct llist_node {
	struct llist_node *next;
};

#define LLIST_HEAD_INIT(name)	{ NULL }
#define LLIST_HEAD(name)	struct llist_head name = LLIST_HEAD_INIT(name)

static inline void init_llist_head(struct llist_head *list)
{
	list->first = NULL;
}

/* A node that is on no list points to itself (init_llist_node). */
static inline void init_llist_node(struct llist_node *node)
{
	node->next = node;
}

static inline bool llist_on_list(const struct llist_node *node)
{
	return node->next != node;
}

#define llist_entry(ptr, type, member)	container_of(ptr, type, member)

#define member_address_is_nonnull(ptr, member)				\
	((unsigned long)(ptr) + offsetof(typeof(*(ptr)), member) != 0)

#define llist_for_each(pos, node)	for ((pos) = (node); pos; (pos) = (pos)->next)

#define llist_for_each_safe(pos, n, node)					\
	for ((pos) = (node); (pos) && ((n) = (pos)->next, true); (pos) = (n))

#define llist_for_each_entry(pos, node, member)					\
	for ((pos) = llist_entry((node), typeof(*(pos)), member);		\
	     member_address_is_nonnull(pos, member);				\
	     (pos) = llist_entry((pos)->member.next, typeof(*(pos)), member))

#define llist_for_each_entry_safe(pos, n, node, member)				\
	for (pos = llist_entry((node), typeof(*pos), member);			\
	     member_address_is_nonnull(pos, member) &&				\
		(n = llist_entry(pos->member.next, typeof(*n), member), true);	\
	     pos = n)

static inline bool llist_empty(const struct llist_head *head)
{
	return READ_ONCE(head->first) == NULL;
}

static inline struct llist_node *llist_next(struct llist_node *node)
{
	return node->next;
}

/* Push the chain new_first..new_last (already linked); true if the list
 * was empty before. The release order of the swap publishes the nodes'
 * contents to whoever takes them. */
static inline bool llist_add_batch(struct llist_node *new_first, struct llist_node *new_last,
				   struct llist_head *head)
{
	struct llist_node *first = READ_ONCE(head->first);

	do {
		new_last->next = first;
	} while (!__atomic_compare_exchange_n(&head->first, &first, new_first, false,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
	return first == NULL;
}

static inline bool llist_add(struct llist_node *new, struct llist_head *head)
{
	return llist_add_batch(new, new, head);
}

/* Take the whole list: its first node (the newest), or NULL. */
static inline struct llist_node *llist_del_all(struct llist_head *head)
{
	return __atomic_exchange_n(&head->first, NULL, __ATOMIC_ACQUIRE);
}

/* Take the newest node, or NULL. See above for who may run it at once. */
static inline struct llist_node *llist_del_first(struct llist_head *head)
{
	struct llist_node *entry = READ_ONCE(head->first), *next;

	do {
		if (!entry)
			return NULL;
		next = READ_ONCE(entry->next);
	} while (!__atomic_compare_exchange_n(&head->first, &entry, next, false,
					      __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
	return entry;
}

/* Reverse a chain taken with llist_del_all: oldest first. */
static inline struct llist_node *llist_reverse_order(struct llist_node *head)
{
	struct llist_node *new_head = NULL;

	while (head) {
		struct llist_node *tmp = head;

		head = head->next;
		tmp->next = new_head;
		new_head = tmp;
	}
	return new_head;
}

#endif
