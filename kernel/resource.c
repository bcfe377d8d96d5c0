/*
 * I/O port and memory regions (request_region, request_mem_region):
 * who drives which addresses, as Linux's kernel/resource.c keeps it.
 *
 * Each root (ioport_resource, iomem_resource) has a list of claims in
 * address order (child, then sibling links). A claim that overlaps any
 * other is refused, so two drivers cannot both own a register; the second
 * driver's init fails with -EBUSY, as it would on Linux.
 *
 * Locking: resource_lock protects both roots' lists. It is a spin lock
 * (nothing sleeps under it); the struct resource of a new claim is
 * allocated before it is taken.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/seq_file.h>
#include <linux/ioport.h>

struct resource ioport_resource = {
	.name = "PCI IO",
	.start = 0,
	.end = 0xffff,
	.flags = IORESOURCE_IO,
};

struct resource iomem_resource = {
	.name = "PCI mem",
	.start = 0,
	.end = ~(resource_size_t)0,
	.flags = IORESOURCE_MEM,
};

static DEFINE_SPINLOCK(resource_lock);

/* Link new under root in address order; -EBUSY if it overlaps a claim.
 * Under resource_lock. */
static int insert_claim(struct resource *root, struct resource *new)
{
	struct resource **p = &root->child, *r;

	for (; (r = *p) != NULL; p = &r->sibling) {
		if (r->end < new->start)
			continue;
		if (r->start <= new->end)
			return -EBUSY;
		break;
	}
	new->parent = root;
	new->sibling = r;
	*p = new;
	return 0;
}

struct resource *__request_region(struct resource *parent, resource_size_t start,
				  resource_size_t n, const char *name, int flags)
{
	struct resource *res;
	int err;

	/* An empty range, one that wraps, or one outside the root. */
	if (!n || start + n - 1 < start || start < parent->start || start + n - 1 > parent->end)
		return NULL;
	res = kzalloc(sizeof(*res), GFP_KERNEL);
	if (!res)
		return NULL;
	res->name = name;
	res->start = start;
	res->end = start + n - 1;
	res->flags = (parent->flags & (IORESOURCE_IO | IORESOURCE_MEM)) | IORESOURCE_BUSY | flags;
	spin_lock(&resource_lock);
	err = insert_claim(parent, res);
	spin_unlock(&resource_lock);
	if (err) {
		kfree(res);
		return NULL;
	}
	return res;
}

void __release_region(struct resource *parent, resource_size_t start, resource_size_t n)
{
	resource_size_t end = start + n - 1;
	struct resource **p, *r;

	spin_lock(&resource_lock);
	for (p = &parent->child; (r = *p) != NULL; p = &r->sibling) {
		if (r->start == start && r->end == end) {
			*p = r->sibling;
			spin_unlock(&resource_lock);
			kfree(r);
			return;
		}
	}
	spin_unlock(&resource_lock);
	pr_warn("resource: release of <%0*x-%0*x> ignored: no claim has exactly that start and end; "
		"release with the start and length that were requested\n",
		parent == &ioport_resource ? 4 : 8, start, parent == &ioport_resource ? 4 : 8, end);
}

/* One line per claim, as Linux's /proc/ioports: "0378-037a : short". */
static void show_tree(struct seq_file *m, struct resource *root, int width)
{
	struct resource *r;

	spin_lock(&resource_lock);
	for (r = root->child; r; r = r->sibling)
		seq_printf(m, "%0*x-%0*x : %s\n", width, r->start, width, r->end,
			   r->name ? r->name : "<BAD>");
	spin_unlock(&resource_lock);
}

int ioports_show(struct seq_file *m, void *v)
{
	show_tree(m, &ioport_resource, 4);
	return 0;
}

int iomem_show(struct seq_file *m, void *v)
{
	show_tree(m, &iomem_resource, 8);
	return 0;
}

EXPORT_SYMBOL(ioport_resource);
EXPORT_SYMBOL(iomem_resource);
EXPORT_SYMBOL(__request_region);
EXPORT_SYMBOL(__release_region);
