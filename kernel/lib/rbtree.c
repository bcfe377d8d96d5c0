/*
 * Red-black trees (linux/rbtree.h).
 *
 * A binary search tree whose nodes are red or black, kept so that
 *  (1) the root is black,
 *  (2) a red node has no red child,
 *  (3) every path from a node down to a missing child passes the same
 *      number of black nodes.
 * (2) and (3) make the longest path at most twice the shortest, so the
 * height is at most 2 log2(n + 1). Insertion and erasure break at most one
 * rule at one place and repair it with recolourings that move up the tree
 * and at most three rotations; the cases are those of Cormen et al.,
 * "Introduction to Algorithms", ch. 13, with NULL for the black leaves.
 *
 * No locking here: the caller serialises every change and walk.
 */
#include <linux/rbtree.h>
#include <linux/export.h>

static inline bool rb_is_black(const struct rb_node *n)
{
	return !n || (n->__rb_parent_color & RB_BLACK);	/* NULL leaves are black */
}

static inline bool rb_is_red(const struct rb_node *n)
{
	return !rb_is_black(n);
}

static inline void rb_set_black(struct rb_node *n)
{
	n->__rb_parent_color |= RB_BLACK;
}

static inline void rb_set_red(struct rb_node *n)
{
	n->__rb_parent_color &= ~(unsigned long)RB_BLACK;
}

static inline void rb_set_parent(struct rb_node *n, struct rb_node *p)
{
	n->__rb_parent_color = (n->__rb_parent_color & 3) | (unsigned long)p;
}

/* Make new (possibly NULL) stand where old stood under parent. */
static inline void rb_change_child(struct rb_node *old, struct rb_node *new,
				   struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 *      x                 y
 *     / \               / \
 *    a   y     ->      x   c
 *       / \           / \
 *      b   c         a   b
 */
static void rb_rotate_left(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_right;

	x->rb_right = y->rb_left;
	if (y->rb_left)
		rb_set_parent(y->rb_left, x);
	rb_set_parent(y, rb_parent(x));
	rb_change_child(x, y, rb_parent(x), root);
	y->rb_left = x;
	rb_set_parent(x, y);
}

/* The mirror image of rb_rotate_left. */
static void rb_rotate_right(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_left;

	x->rb_left = y->rb_right;
	if (y->rb_right)
		rb_set_parent(y->rb_right, x);
	rb_set_parent(y, rb_parent(x));
	rb_change_child(x, y, rb_parent(x), root);
	y->rb_right = x;
	rb_set_parent(x, y);
}

/* node was just linked, red: only rule (2) (node and its parent both red)
 * or rule (1) (node is the root) can be broken, and only at node. */
void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	for (;;) {
		parent = rb_parent(node);
		if (!parent) {
			rb_set_black(node);
			return;
		}
		if (rb_is_black(parent))
			return;
		/* A red parent is not the root, so gparent exists (and is black). */
		gparent = rb_parent(parent);
		uncle = parent == gparent->rb_left ? gparent->rb_right : gparent->rb_left;
		if (rb_is_red(uncle)) {
			/* Push the grandparent's black down a level; the
			 * grandparent, now red, may break rule (2) above. */
			rb_set_black(parent);
			rb_set_black(uncle);
			rb_set_red(gparent);
			node = gparent;
			continue;
		}
		/* Black uncle: one or two rotations end it. */
		if (parent == gparent->rb_left) {
			if (node == parent->rb_right) {
				rb_rotate_left(parent, root);
				parent = node;
			}
			rb_rotate_right(gparent, root);
		} else {
			if (node == parent->rb_left) {
				rb_rotate_right(parent, root);
				parent = node;
			}
			rb_rotate_left(gparent, root);
		}
		rb_set_black(parent);
		rb_set_red(gparent);
		return;
	}
}
EXPORT_SYMBOL(rb_insert_color);

/* A black node was removed above node (possibly NULL) under parent: the
 * paths through node are one black short. Restore rule (3). */
static void rb_erase_color(struct rb_node *node, struct rb_node *parent, struct rb_root *root)
{
	struct rb_node *sib;

	while (node != root->rb_node && rb_is_black(node)) {
		if (node == parent->rb_left) {
			sib = parent->rb_right;
			if (rb_is_red(sib)) {
				rb_set_black(sib);
				rb_set_red(parent);
				rb_rotate_left(parent, root);
				sib = parent->rb_right;
			}
			if (rb_is_black(sib->rb_left) && rb_is_black(sib->rb_right)) {
				/* Take a black off the sibling's side too, and
				 * pass the shortage up to the parent. */
				rb_set_red(sib);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (rb_is_black(sib->rb_right)) {
				rb_set_black(sib->rb_left);
				rb_set_red(sib);
				rb_rotate_right(sib, root);
				sib = parent->rb_right;
			}
			sib->__rb_parent_color = (sib->__rb_parent_color & ~3UL) |
						 (parent->__rb_parent_color & RB_BLACK);
			rb_set_black(parent);
			rb_set_black(sib->rb_right);
			rb_rotate_left(parent, root);
		} else {
			sib = parent->rb_left;
			if (rb_is_red(sib)) {
				rb_set_black(sib);
				rb_set_red(parent);
				rb_rotate_right(parent, root);
				sib = parent->rb_left;
			}
			if (rb_is_black(sib->rb_left) && rb_is_black(sib->rb_right)) {
				rb_set_red(sib);
				node = parent;
				parent = rb_parent(node);
				continue;
			}
			if (rb_is_black(sib->rb_left)) {
				rb_set_black(sib->rb_right);
				rb_set_red(sib);
				rb_rotate_left(sib, root);
				sib = parent->rb_left;
			}
			sib->__rb_parent_color = (sib->__rb_parent_color & ~3UL) |
						 (parent->__rb_parent_color & RB_BLACK);
			rb_set_black(parent);
			rb_set_black(sib->rb_left);
			rb_rotate_right(parent, root);
		}
		node = root->rb_node;
		break;
	}
	if (node)
		rb_set_black(node);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent;
	bool black;

	if (node->rb_left && node->rb_right) {
		/* Two children: the successor (leftmost of the right subtree,
		 * which has no left child) takes node's place and colour; the
		 * successor's old place loses a node of its colour. */
		struct rb_node *succ = node->rb_right;

		while (succ->rb_left)
			succ = succ->rb_left;
		child = succ->rb_right;
		black = rb_is_black(succ);
		if (rb_parent(succ) == node) {
			parent = succ;
		} else {
			parent = rb_parent(succ);
			parent->rb_left = child;
			if (child)
				rb_set_parent(child, parent);
			succ->rb_right = node->rb_right;
			rb_set_parent(node->rb_right, succ);
		}
		rb_change_child(node, succ, rb_parent(node), root);
		succ->__rb_parent_color = node->__rb_parent_color;
		succ->rb_left = node->rb_left;
		rb_set_parent(node->rb_left, succ);
	} else {
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = rb_parent(node);
		black = rb_is_black(node);
		if (child)
			rb_set_parent(child, parent);
		rb_change_child(node, child, parent, root);
	}
	if (black)
		rb_erase_color(child, parent, root);
}
EXPORT_SYMBOL(rb_erase);

void rb_replace_node(struct rb_node *victim, struct rb_node *new, struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		rb_set_parent(victim->rb_left, new);
	if (victim->rb_right)
		rb_set_parent(victim->rb_right, new);
	rb_change_child(victim, new, parent, root);
}
EXPORT_SYMBOL(rb_replace_node);

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}
EXPORT_SYMBOL(rb_first);

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}
EXPORT_SYMBOL(rb_last);

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	/* A right subtree: its leftmost node comes next. */
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	/* Otherwise the first ancestor we reach from its left side. */
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}
EXPORT_SYMBOL(rb_next);

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}
EXPORT_SYMBOL(rb_prev);

/* The first node a post-order walk visits below (and including) node. */
static struct rb_node *rb_left_deepest_node(const struct rb_node *node)
{
	for (;;) {
		if (node->rb_left)
			node = node->rb_left;
		else if (node->rb_right)
			node = node->rb_right;
		else
			return (struct rb_node *)node;
	}
}

struct rb_node *rb_first_postorder(const struct rb_root *root)
{
	if (!root->rb_node)
		return NULL;
	return rb_left_deepest_node(root->rb_node);
}
EXPORT_SYMBOL(rb_first_postorder);

/* Reads only node's parent link and the parent's children, so the caller
 * may free node once this has returned. */
struct rb_node *rb_next_postorder(const struct rb_node *node)
{
	const struct rb_node *parent;

	if (!node)
		return NULL;
	parent = rb_parent(node);
	if (parent && node == parent->rb_left && parent->rb_right)
		return rb_left_deepest_node(parent->rb_right);
	return (struct rb_node *)parent;
}
EXPORT_SYMBOL(rb_next_postorder);
