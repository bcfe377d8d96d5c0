/*
 * Fixed-size hash tables of hlist buckets, with Linux's names.
 *
 *	static DEFINE_HASHTABLE(users, 4);		16 buckets
 *	hash_add(users, &u->node, u->id);
 *	hash_for_each_possible(users, u, node, id)	the bucket of id
 *		if (u->id == id) ...
 *
 * No locking: the user locks the table. The hash is the golden-ratio
 * multiplicative one Linux uses (hash_32/hash_long).
 */
#ifndef _LINUX_HASHTABLE_H
#define _LINUX_HASHTABLE_H

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/rculist.h>
#include <linux/types.h>

#define GOLDEN_RATIO_32	0x61C88647u

/* The top 'bits' bits of val times the golden ratio. */
static inline u32 hash_32(u32 val, unsigned int bits)
{
	return (val * GOLDEN_RATIO_32) >> (32 - bits);
}

#define hash_long(val, bits)	hash_32((u32)(val), bits)
#define hash_ptr(ptr, bits)	hash_32((u32)(unsigned long)(ptr), bits)

#define DEFINE_HASHTABLE(name, bits)						\
	struct hlist_head name[1 << (bits)] = { [0 ... ((1 << (bits)) - 1)] = HLIST_HEAD_INIT }
#define DECLARE_HASHTABLE(name, bits)	struct hlist_head name[1 << (bits)]

#define HASH_SIZE(name)	(ARRAY_SIZE(name))
#define HASH_BITS(name)	(31 - __builtin_clz(HASH_SIZE(name)))

static inline void __hash_init(struct hlist_head *ht, unsigned int sz)
{
	unsigned int i;

	for (i = 0; i < sz; i++)
		INIT_HLIST_HEAD(&ht[i]);
}

#define hash_init(table)	__hash_init(table, HASH_SIZE(table))
#define hash_min(val, bits)	hash_32((u32)(val), bits)

#define hash_add(table, node, key)						\
	hlist_add_head(node, &table[hash_min(key, HASH_BITS(table))])

static inline bool hash_hashed(struct hlist_node *node)
{
	return !hlist_unhashed(node);
}

static inline void hash_del(struct hlist_node *node)
{
	hlist_del_init(node);
}

static inline bool __hash_empty(struct hlist_head *ht, unsigned int sz)
{
	unsigned int i;

	for (i = 0; i < sz; i++)
		if (!hlist_empty(&ht[i]))
			return false;
	return true;
}

#define hash_empty(table)	__hash_empty(table, HASH_SIZE(table))

/* Every entry: bkt is the bucket index (an int the caller declares). */
#define hash_for_each(table, bkt, obj, member)					\
	for ((bkt) = 0; (bkt) < (int)HASH_SIZE(table); (bkt)++)			\
		hlist_for_each_entry(obj, &table[bkt], member)

#define hash_for_each_safe(table, bkt, tmp, obj, member)			\
	for ((bkt) = 0; (bkt) < (int)HASH_SIZE(table); (bkt)++)			\
		hlist_for_each_entry_safe(obj, tmp, &table[bkt], member)

/* The entries in key's bucket (other keys may share it: compare). */
#define hash_for_each_possible(table, obj, member, key)				\
	hlist_for_each_entry(obj, &table[hash_min(key, HASH_BITS(table))], member)

#define hash_for_each_possible_safe(table, obj, tmp, member, key)		\
	hlist_for_each_entry_safe(obj, tmp, &table[hash_min(key, HASH_BITS(table))], member)

/* The RCU forms: add and delete under the updaters' lock, walk inside
 * rcu_read_lock() (linux/rculist.h). */
#define hash_add_rcu(table, node, key)						\
	hlist_add_head_rcu(node, &table[hash_min(key, HASH_BITS(table))])

static inline void hash_del_rcu(struct hlist_node *node)
{
	hlist_del_init_rcu(node);
}

#define hash_for_each_rcu(table, bkt, obj, member)				\
	for ((bkt) = 0; (bkt) < (int)HASH_SIZE(table); (bkt)++)			\
		hlist_for_each_entry_rcu(obj, &table[bkt], member)

#define hash_for_each_possible_rcu(table, obj, member, key, cond...)		\
	hlist_for_each_entry_rcu(obj, &table[hash_min(key, HASH_BITS(table))], member)

#endif
