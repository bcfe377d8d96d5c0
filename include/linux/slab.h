/*
 * Small-object allocation: kmalloc and object caches, with Linux's names.
 * None of these sleep, so they may be called with interrupts off.
 */
#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/types.h>
#include <linux/gfp.h>
/* What Linux's slab.h makes reachable through its own includes. */
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/jiffies.h>
#include <linux/ioctl.h>
#include <asm/page.h>

#define KMALLOC_MAX_CACHE_SIZE	2048	/* larger requests get whole pages */

#define ZERO_SIZE_PTR	((void *)16)	/* what kmalloc(0) gives in Linux; kfree ignores it */
#define ZERO_OR_NULL_PTR(x)	((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);

/* n elements of size bytes; NULL if n * size overflows. */
static inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kmalloc(n * size, gfp);
}

#define kmalloc_node(size, gfp, node)	kmalloc(size, gfp)
#define kzalloc_node(size, gfp, node)	kzalloc(size, gfp)

/* Resize p (contents kept up to the smaller size); p is freed on success.
 * krealloc(NULL, n) is kmalloc; krealloc(p, 0) frees p and returns NULL. */
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
void *krealloc_array(void *p, size_t n, size_t size, gfp_t gfp);
/* Copies: of at most max characters of s (NUL added), of len bytes at src. */
char *kstrndup(const char *s, size_t max, gfp_t gfp);
void *kmemdup(const void *src, size_t len, gfp_t gfp);
char *kmemdup_nul(const char *s, size_t len, gfp_t gfp);
/* kstrdup, except that a string in the kernel's read-only data is returned
 * as it is; free with kfree_const, which leaves such a string alone. */
const char *kstrdup_const(const char *s, gfp_t gfp);
void kfree_const(const void *p);
/* kfree, after clearing the memory. */
void kfree_sensitive(const void *p);

/* kmalloc, or vmalloc for sizes beyond a page when kmalloc fails; free
 * either with kvfree. */
void *kvmalloc(size_t size, gfp_t gfp);
void kvfree(const void *p);
#define kvzalloc(size, gfp)	kvmalloc(size, (gfp) | __GFP_ZERO)
static inline void *kvmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kvmalloc(n * size, gfp);
}
#define kvcalloc(n, size, gfp)	kvmalloc_array(n, size, (gfp) | __GFP_ZERO)
/* Linux 6.1's kvrealloc: a new block of newsize holding the first
 * min(oldsize, newsize) bytes of p, which is freed; NULL (p untouched) if
 * there is no memory. The caller says how big p is. */
static inline void *kvrealloc(const void *p, size_t oldsize, size_t newsize, gfp_t flags)
{
	void *newp;

	if (oldsize >= newsize)
		return (void *)p;
	newp = kvmalloc(newsize, flags);
	if (!newp)
		return NULL;
	if (p)
		memcpy(newp, p, oldsize);
	kvfree(p);
	return newp;
}
/* Free what kmalloc returned; NULL is ignored; a double free or a pointer
 * kmalloc never returned is reported with a backtrace and otherwise ignored. */
void kfree(const void *p);
/* How many bytes the allocation at p can really hold. */
size_t ksize(const void *p);
char *kstrdup(const char *s, gfp_t gfp);

struct kmem_cache;

typedef unsigned int slab_flags_t;

/* kmem_cache_create flags. Accepted: SLAB_HWCACHE_ALIGN aligns objects to
 * the cache line (64 bytes); SLAB_PANIC panics if the cache cannot be
 * made; the others (accounting, reclaim hints, debugging) change nothing
 * here. */
#define SLAB_CONSISTENCY_CHECKS	0x00000100u
#define SLAB_RED_ZONE		0x00000400u
#define SLAB_POISON		0x00000800u
#define SLAB_HWCACHE_ALIGN	0x00002000u
#define SLAB_CACHE_DMA		0x00004000u
#define SLAB_CACHE_DMA32	0x00008000u
#define SLAB_STORE_USER		0x00010000u
#define SLAB_PANIC		0x00040000u
#define SLAB_TYPESAFE_BY_RCU	0x00080000u
#define SLAB_MEM_SPREAD		0x00100000u
#define SLAB_TRACE		0x00200000u
#define SLAB_NOLEAKTRACE	0x00800000u
#define SLAB_ACCOUNT		0x04000000u
#define SLAB_RECLAIM_ACCOUNT	0x00020000u
#define SLAB_TEMPORARY		SLAB_RECLAIM_ACCOUNT

#define SLAB_CACHE_LINE		64

/* A cache of size-byte objects aligned to align (0: the natural alignment),
 * each passed to ctor (if not NULL) when its slab is made. NULL on error
 * (a reason is printed), unless SLAB_PANIC. */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *));
/* A cache for struct s, named after it. */
#define KMEM_CACHE(s, flags)							\
	kmem_cache_create(#s, sizeof(struct s), __alignof__(struct s), (flags), NULL)
void kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *cache, void *obj);

#endif
