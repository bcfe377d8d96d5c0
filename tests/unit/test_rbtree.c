/*
 * Host tests of kernel/lib/rbtree.c: after every insertion and erasure in
 * long random sequences the tree must still be a search tree with the
 * three red-black rules, consistent parent links, and in-order, reverse
 * and post-order walks that visit exactly the keys a plain array holds.
 */
#define UNIT_MAIN
#include "unit.h"

#include <linux/rbtree.h>

#define N 600

struct item {
	struct rb_node node;
	int key;
	int in_tree;
};

static struct item items[N];
static struct rb_root root;
static int count;
static unsigned int seed = 12345;

static unsigned int rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return seed >> 8;
}

static bool less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct item, node)->key < rb_entry(b, struct item, node)->key;
}

static int cmp_key(const void *key, const struct rb_node *n)
{
	int k = *(const int *)key, nk = rb_entry(n, struct item, node)->key;

	return k < nk ? -1 : k > nk;
}

/* Black height of the subtree at n, or -1 if a rule is broken below. */
static int check(const struct rb_node *n, const struct rb_node *parent, int lo, int hi)
{
	int key, l, r;

	if (!n)
		return 1;
	key = rb_entry(n, struct item, node)->key;
	if (rb_parent(n) != parent || key < lo || key > hi)
		return -1;
	if (!(n->__rb_parent_color & RB_BLACK)) {
		if ((n->rb_left && !(n->rb_left->__rb_parent_color & RB_BLACK)) ||
		    (n->rb_right && !(n->rb_right->__rb_parent_color & RB_BLACK)))
			return -1;
	}
	l = check(n->rb_left, n, lo, key);
	r = check(n->rb_right, n, key, hi);
	if (l < 0 || r < 0 || l != r)
		return -1;
	return l + ((n->__rb_parent_color & RB_BLACK) ? 1 : 0);
}

static int tree_ok(void)
{
	struct rb_node *n;
	int seen = 0, prev = -1;

	if (root.rb_node && !(root.rb_node->__rb_parent_color & RB_BLACK))
		return 0;
	if (check(root.rb_node, NULL, -1, 1 << 30) < 0)
		return 0;
	for (n = rb_first(&root); n; n = rb_next(n), seen++) {
		if (rb_entry(n, struct item, node)->key < prev)
			return 0;
		prev = rb_entry(n, struct item, node)->key;
	}
	if (seen != count)
		return 0;
	seen = 0;
	for (n = rb_last(&root); n; n = rb_prev(n))
		seen++;
	if (seen != count)
		return 0;
	seen = 0;
	for (n = rb_first_postorder(&root); n; n = rb_next_postorder(n))
		seen++;
	return seen == count;
}

static void reset(void)
{
	int i;

	root = RB_ROOT;
	count = 0;
	for (i = 0; i < N; i++) {
		items[i].key = rnd() % (N / 2);	/* duplicates on purpose */
		items[i].in_tree = 0;
		RB_CLEAR_NODE(&items[i].node);
	}
}

TEST(random_inserts_and_erases_keep_every_red_black_rule)
{
	int step;

	reset();
	for (step = 0; step < 20000; step++) {
		struct item *it = &items[rnd() % N];

		if (it->in_tree) {
			rb_erase(&it->node, &root);
			RB_CLEAR_NODE(&it->node);
			it->in_tree = 0;
			count--;
		} else {
			rb_add(&it->node, &root, less);
			it->in_tree = 1;
			count++;
		}
		if (step % 97 == 0 || step < 200)
			EXPECT_TRUE(tree_ok());
	}
	EXPECT_TRUE(tree_ok());
}

TEST(ascending_inserts_stay_balanced)
{
	struct rb_node *n;
	int i, depth, maxdepth = 0;

	reset();
	for (i = 0; i < N; i++) {
		items[i].key = i;
		rb_add(&items[i].node, &root, less);
		count++;
	}
	EXPECT_TRUE(tree_ok());
	/* Height at most 2 log2(n + 1): under 20 for 600 nodes. */
	for (i = 0; i < N; i++) {
		depth = 0;
		for (n = &items[i].node; n; n = rb_parent(n))
			depth++;
		if (depth > maxdepth)
			maxdepth = depth;
	}
	EXPECT_TRUE(maxdepth <= 19);
}

TEST(find_returns_the_node_with_the_key_or_null)
{
	int i, key;

	reset();
	for (i = 0; i < 100; i++) {
		items[i].key = 2 * i;
		rb_add(&items[i].node, &root, less);
		count++;
	}
	key = 42;
	EXPECT_PTR_EQ(rb_find(&key, &root, cmp_key), &items[21].node);
	key = 43;
	EXPECT_PTR_EQ(rb_find(&key, &root, cmp_key), NULL);
}

TEST(erasing_everything_in_postorder_leaves_an_empty_root)
{
	struct item *pos, *n;
	int i, visited = 0;

	reset();
	for (i = 0; i < N; i++) {
		rb_add(&items[i].node, &root, less);
		count++;
	}
	rbtree_postorder_for_each_entry_safe(pos, n, &root, node) {
		pos->key = -1;	/* the walk must not need a node it has left */
		visited++;
	}
	EXPECT_EQ_INT(visited, N);
	for (i = 0; i < N; i++)
		rb_erase(&items[i].node, &root);
	EXPECT_TRUE(RB_EMPTY_ROOT(&root));
}

TEST(replace_node_keeps_the_shape)
{
	struct item spare;
	int i;

	reset();
	for (i = 0; i < 50; i++) {
		items[i].key = i;
		rb_add(&items[i].node, &root, less);
		count++;
	}
	spare.key = 25;
	rb_replace_node(&items[25].node, &spare.node, &root);
	EXPECT_TRUE(tree_ok());
	EXPECT_PTR_EQ(rb_next(&items[24].node), &spare.node);
	EXPECT_PTR_EQ(rb_next(&spare.node), &items[26].node);
}
