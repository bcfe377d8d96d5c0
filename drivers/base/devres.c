/*
 * Managed device resources: each one is a node on its device's
 * devres_head with a release function and the caller's data after it. The
 * core releases them all, newest first, when the device is unbound (after
 * the driver's remove, or after a failed probe) and when its last
 * reference goes.
 *
 * dev->devres_lock (a spin lock, interrupts off) protects devres_head.
 * Releasing takes the whole list off under the lock, then calls the
 * releases without it (they may sleep).
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/device.h>
#include "devres.h"

struct devres {
	struct list_head entry;		/* in dev->devres_head, oldest first */
	dr_release_t release;
	const char *name;		/* the release's name, for the leak report */
	size_t size;
	/* The caller's data, aligned for anything it may hold. */
	unsigned long long data[] __aligned(8);
};

static struct devres *to_devres(void *res)
{
	return container_of(res, struct devres, data);
}

void *__devres_alloc_node(dr_release_t release, size_t size, gfp_t gfp, int nid,
			  const char *name)
{
	struct devres *dr;

	if (size > (size_t)-1 - sizeof(*dr))
		return NULL;
	dr = kmalloc(sizeof(*dr) + size, gfp | __GFP_ZERO);
	if (!dr)
		return NULL;
	INIT_LIST_HEAD(&dr->entry);
	dr->release = release;
	dr->name = name;
	dr->size = size;
	return dr->data;
}
EXPORT_SYMBOL_GPL(__devres_alloc_node);

void devres_free(void *res)
{
	if (res) {
		WARN_ON(!list_empty(&to_devres(res)->entry));
		kfree(to_devres(res));
	}
}
EXPORT_SYMBOL_GPL(devres_free);

void devres_add(struct device *dev, void *res)
{
	struct devres *dr = to_devres(res);
	unsigned long flags;

	spin_lock_irqsave(&dev->devres_lock, flags);
	list_add_tail(&dr->entry, &dev->devres_head);
	spin_unlock_irqrestore(&dev->devres_lock, flags);
}
EXPORT_SYMBOL_GPL(devres_add);

/* Under devres_lock: the newest matching node. */
static struct devres *find_dr(struct device *dev, dr_release_t release, dr_match_t match,
			      void *match_data)
{
	struct devres *dr;

	list_for_each_entry_reverse(dr, &dev->devres_head, entry) {
		if (dr->release != release)
			continue;
		if (match && !match(dev, dr->data, match_data))
			continue;
		return dr;
	}
	return NULL;
}

void *devres_find(struct device *dev, dr_release_t release, dr_match_t match,
		  void *match_data)
{
	struct devres *dr;
	unsigned long flags;

	spin_lock_irqsave(&dev->devres_lock, flags);
	dr = find_dr(dev, release, match, match_data);
	spin_unlock_irqrestore(&dev->devres_lock, flags);
	return dr ? dr->data : NULL;
}
EXPORT_SYMBOL_GPL(devres_find);

void *devres_remove(struct device *dev, dr_release_t release, dr_match_t match,
		    void *match_data)
{
	struct devres *dr;
	unsigned long flags;

	spin_lock_irqsave(&dev->devres_lock, flags);
	dr = find_dr(dev, release, match, match_data);
	if (dr)
		list_del_init(&dr->entry);
	spin_unlock_irqrestore(&dev->devres_lock, flags);
	return dr ? dr->data : NULL;
}
EXPORT_SYMBOL_GPL(devres_remove);

int devres_destroy(struct device *dev, dr_release_t release, dr_match_t match,
		   void *match_data)
{
	void *res = devres_remove(dev, release, match, match_data);

	if (!res)
		return -ENOENT;
	devres_free(res);
	return 0;
}
EXPORT_SYMBOL_GPL(devres_destroy);

int devres_release(struct device *dev, dr_release_t release, dr_match_t match,
		   void *match_data)
{
	void *res = devres_remove(dev, release, match, match_data);

	if (!res)
		return -ENOENT;
	release(dev, res);
	devres_free(res);
	return 0;
}
EXPORT_SYMBOL_GPL(devres_release);

int devres_release_all(struct device *dev)
{
	struct devres *dr;
	unsigned long flags;
	LIST_HEAD(todo);
	int n = 0;

	/* A device never initialised has no list to walk. */
	if (WARN_ON(!dev->devres_head.next))
		return -ENODEV;
	spin_lock_irqsave(&dev->devres_lock, flags);
	list_splice_init(&dev->devres_head, &todo);
	spin_unlock_irqrestore(&dev->devres_lock, flags);
	while (!list_empty(&todo)) {
		dr = list_last_entry(&todo, struct devres, entry);	/* newest first */
		list_del_init(&dr->entry);
		dr->release(dev, dr->data);
		kfree(dr);
		n++;
	}
	return n;
}

/* ---- memory ---- */

static void devm_kmalloc_release(struct device *dev, void *res)
{
	/* the node is the memory: freeing it is all */
}

static int devm_kmalloc_match(struct device *dev, void *res, void *data)
{
	return res == data;
}

void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp)
{
	void *p;

	if (!dev)
		return NULL;
	p = __devres_alloc_node(devm_kmalloc_release, size, gfp, -1, "devm_kzalloc");
	if (!p)
		return NULL;
	devres_add(dev, p);
	return p;
}
EXPORT_SYMBOL_GPL(devm_kmalloc);

void devm_kfree(struct device *dev, const void *p)
{
	if (!p)
		return;
	WARN(devres_destroy(dev, devm_kmalloc_release, devm_kmalloc_match, (void *)p),
	     "devm_kfree: %p is not a devm_kmalloc block of %s\n", p, dev_name(dev));
}
EXPORT_SYMBOL_GPL(devm_kfree);

char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	p = devm_kmalloc(dev, len, gfp);
	if (p)
		memcpy(p, s, len);
	return p;
}
EXPORT_SYMBOL_GPL(devm_kstrdup);

void *devm_kmemdup(struct device *dev, const void *src, size_t len, gfp_t gfp)
{
	void *p = devm_kmalloc(dev, len, gfp);

	if (p)
		memcpy(p, src, len);
	return p;
}
EXPORT_SYMBOL_GPL(devm_kmemdup);

/* ---- actions ---- */

struct action_devres {
	void (*action)(void *);
	void *data;
};

static void devm_action_release(struct device *dev, void *res)
{
	struct action_devres *a = res;

	a->action(a->data);
}

static int devm_action_match(struct device *dev, void *res, void *p)
{
	struct action_devres *a = res, *target = p;

	return a->action == target->action && a->data == target->data;
}

int __devm_add_action(struct device *dev, void (*action)(void *), void *data, const char *name)
{
	struct action_devres *a;

	a = __devres_alloc_node(devm_action_release, sizeof(*a), GFP_KERNEL, -1, name);
	if (!a)
		return -ENOMEM;
	a->action = action;
	a->data = data;
	devres_add(dev, a);
	return 0;
}
EXPORT_SYMBOL_GPL(__devm_add_action);

void devm_remove_action(struct device *dev, void (*action)(void *), void *data)
{
	struct action_devres a = { .action = action, .data = data };

	WARN_ON(devres_destroy(dev, devm_action_release, devm_action_match, &a));
}
EXPORT_SYMBOL_GPL(devm_remove_action);

void devm_release_action(struct device *dev, void (*action)(void *), void *data)
{
	struct action_devres a = { .action = action, .data = data };

	WARN_ON(devres_release(dev, devm_action_release, devm_action_match, &a));
}
EXPORT_SYMBOL_GPL(devm_release_action);
