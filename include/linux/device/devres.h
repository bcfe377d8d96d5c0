/*
 * Managed device resources (devres): memory and actions tied to a device's
 * binding. What a driver gets with devm_* while its device is bound (in
 * probe, typically) is released by the core, newest first, after the
 * driver's remove, or right after a probe that failed, so error paths need
 * no kfree:
 *
 *	priv = devm_kzalloc(&pdev->dev, sizeof(*priv), GFP_KERNEL);
 *	if (!priv)
 *		return -ENOMEM;		(nothing to undo)
 *
 * devm_kfree gives one allocation back early. Everything here may be
 * called from any context that may allocate with the given gfp; the list
 * is under dev->devres_lock (a spin lock taken with interrupts off).
 */
#ifndef _DEVICE_DEVRES_H_
#define _DEVICE_DEVRES_H_

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/compiler.h>

struct device;

typedef void (*dr_release_t)(struct device *dev, void *res);
typedef int (*dr_match_t)(struct device *dev, void *res, void *match_data);

/* A resource of size bytes whose release is called when it is released;
 * NULL if out of memory. Not on any device until devres_add. */
void *__devres_alloc_node(dr_release_t release, size_t size, gfp_t gfp, int nid,
			  const char *name);
#define devres_alloc(release, size, gfp) \
	__devres_alloc_node(release, size, gfp, -1, #release)
#define devres_alloc_node(release, size, gfp, nid) \
	__devres_alloc_node(release, size, gfp, nid, #release)
void devres_free(void *res);
void devres_add(struct device *dev, void *res);
/* The newest resource of dev with this release (and match, if given). */
void *devres_find(struct device *dev, dr_release_t release, dr_match_t match,
		  void *match_data);
/* Take it off dev without releasing it (the caller frees it). */
void *devres_remove(struct device *dev, dr_release_t release, dr_match_t match,
		    void *match_data);
/* Take it off and free it, without calling release. 0 or -ENOENT. */
int devres_destroy(struct device *dev, dr_release_t release, dr_match_t match,
		   void *match_data);
/* Take it off, call release, free it. 0 or -ENOENT. */
int devres_release(struct device *dev, dr_release_t release, dr_match_t match,
		   void *match_data);

/* Memory, freed on unbind. NULL if out of memory. */
void *devm_kmalloc(struct device *dev, size_t size, gfp_t gfp);
void devm_kfree(struct device *dev, const void *p);
char *devm_kstrdup(struct device *dev, const char *s, gfp_t gfp);
void *devm_kmemdup(struct device *dev, const void *src, size_t len, gfp_t gfp);

static inline void *devm_kzalloc(struct device *dev, size_t size, gfp_t gfp)
{
	return devm_kmalloc(dev, size, gfp | __GFP_ZERO);
}

static inline void *devm_kmalloc_array(struct device *dev, size_t n, size_t size, gfp_t flags)
{
	if (size != 0 && n > (size_t)-1 / size)
		return NULL;
	return devm_kmalloc(dev, n * size, flags);
}

static inline void *devm_kcalloc(struct device *dev, size_t n, size_t size, gfp_t flags)
{
	return devm_kmalloc_array(dev, n, size, flags | __GFP_ZERO);
}

/* action(data) on unbind. 0 or -ENOMEM; the _or_reset form calls
 * action(data) itself when it cannot register it. */
int __devm_add_action(struct device *dev, void (*action)(void *), void *data,
		      const char *name);
#define devm_add_action(dev, action, data) \
	__devm_add_action(dev, action, data, #action)

static inline int __devm_add_action_or_reset(struct device *dev, void (*action)(void *),
					     void *data, const char *name)
{
	int ret = __devm_add_action(dev, action, data, name);

	if (ret)
		action(data);
	return ret;
}
#define devm_add_action_or_reset(dev, action, data) \
	__devm_add_action_or_reset(dev, action, data, #action)

/* Forget a registered action without calling it / after calling it. */
void devm_remove_action(struct device *dev, void (*action)(void *), void *data);
void devm_release_action(struct device *dev, void (*action)(void *), void *data);

#endif
