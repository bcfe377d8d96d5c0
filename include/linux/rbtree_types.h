/* The red-black tree's node and root types (linux/rbtree.h has the rest). */
#ifndef _LINUX_RBTREE_TYPES_H
#define _LINUX_RBTREE_TYPES_H

/* A node, embedded in the caller's structure. The parent pointer and the
 * colour share one word: nodes are word-aligned, so bit 0 is free. */
struct rb_node {
	unsigned long	__rb_parent_color;
	struct rb_node	*rb_right;
	struct rb_node	*rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node	*rb_node;
};

/* A root that also remembers its leftmost (smallest) node. */
struct rb_root_cached {
	struct rb_root	rb_root;
	struct rb_node	*rb_leftmost;
};

#define RB_ROOT		(struct rb_root) { NULL, }
#define RB_ROOT_CACHED	(struct rb_root_cached) { {NULL, }, NULL }

#endif
