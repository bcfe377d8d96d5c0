/*
 * Small-object allocation: kmalloc and object caches, with Linux's names.
 * None of these sleep, so they may be called with interrupts off.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>

#define KMALLOC_MAX_CACHE_SIZE	2048	/* larger requests get whole pages */

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
/* Free what kmalloc returned; NULL is ignored; a double free or a pointer
 * kmalloc never returned is reported with a backtrace and otherwise ignored. */
void kfree(const void *p);
/* How many bytes the allocation at p can really hold. */
size_t ksize(const void *p);
char *kstrdup(const char *s, gfp_t gfp);

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     unsigned long flags, void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *cache, void *obj);

/* Totals over every cache, for 'free' and /proc/meminfo. */
struct slab_stats {
	unsigned long pages;		/* pages held by all caches */
	unsigned long objects;		/* objects in use */
	unsigned long bytes;		/* bytes in use (object sizes) */
	unsigned long large_pages;	/* pages of kmalloc requests above the largest cache */
};
void slab_get_stats(struct slab_stats *st);

#endif
