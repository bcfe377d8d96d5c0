/*
 * Object caches (kmem_cache) and kmalloc.
 *
 * A cache hands out objects of one size from slabs: runs of pages that start
 * with a struct slab header followed by the objects. Free objects form a
 * list threaded through their first word; a bitmap in the header says which
 * objects are allocated, so kfree can tell a double free or a pointer that
 * was never handed out from a good free, report it, and leave the cache
 * intact. Each page of a slab points back at its header (struct page.slab),
 * so kfree finds the slab from any object pointer.
 *
 * kmalloc uses one cache per power of two from 16 to 2048 bytes; larger
 * requests get whole pages, marked PG_large.
 *
 * Each object remembers who allocated it: the slab header holds, after the
 * bitmap, one word per object with the caller's address (a large block
 * keeps it in its struct page). That costs one word per object and one
 * store per allocation, and lets a module's unload report the objects it
 * allocated and never freed (module_report_leaks).
 *
 * Locking: each cache's lock (interrupts off) protects its slab lists,
 * every slab's freelist, bitmap and count, and the cache's counters.
 * cache_list_lock protects the list of all caches; it is taken before a
 * cache's lock, never after.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <modlab/mm.h>
#include <modlab/panic.h>
#include <modlab/kallsyms.h>
#include <linux/module.h>

#define SLAB_MAGIC	0x51ab51ab
#define MIN_OBJECTS	8		/* a slab grows until this many fit */
#define MAX_SLAB_PAGES	16
#define KMALLOC_MIN	16

struct slab {
	u32 magic;
	struct kmem_cache *cache;
	struct list_head list;		/* in the cache's partial or full list */
	void *freelist;			/* first free object */
	char *objects;			/* first object */
	u16 inuse, total;
	u32 allocated[];		/* bit i: object i is handed out; then callers[] */
};

struct kmem_cache {
	char name[32];
	unsigned int size;		/* object stride, a multiple of align */
	unsigned int align;
	unsigned int slab_pages, objs_per_slab, objects_offset;
	void (*ctor)(void *);
	spinlock_t lock;
	struct list_head partial;	/* slabs with a free object */
	struct list_head full;
	unsigned long nr_slabs, nr_inuse;
	struct list_head caches;	/* in cache_list */
};

static LIST_HEAD(cache_list);
static DEFINE_SPINLOCK(cache_list_lock);
static struct kmem_cache kmalloc_caches[8];	/* 16, 32, ..., 2048 bytes */
static struct kmem_cache cache_cache;		/* where kmem_cache_create's caches come from */
static unsigned long large_pages;		/* pages held by large kmallocs */

static unsigned int bitmap_words(unsigned int n)
{
	return (n + 31) / 32;
}

/* Where the callers start in the header of a slab of n objects. */
static unsigned int callers_offset(unsigned int n)
{
	return ALIGN(sizeof(struct slab) + 4 * bitmap_words(n), sizeof(unsigned long));
}

/* The header's size for n objects: struct slab, the bitmap, the callers. */
static unsigned int header_size(unsigned int n)
{
	return callers_offset(n) + sizeof(unsigned long) * n;
}

/* Object i's allocator (its caller's address) is callers(s)[i]. */
static unsigned long *callers(struct slab *s)
{
	return (unsigned long *)((char *)s + callers_offset(s->total));
}

/* Work out how many objects fit in a slab of 'pages' pages. */
static unsigned int fit_objects(struct kmem_cache *c, unsigned int pages)
{
	unsigned int bytes = pages * PAGE_SIZE, n;

	if (bytes < header_size(1) + c->size)
		return 0;
	n = (bytes - sizeof(struct slab)) / c->size;
	/* The header grows with n; shrink n until all fits. */
	while (n && ALIGN(header_size(n), c->align) + n * c->size > bytes)
		n--;
	return n;
}

static int cache_setup(struct kmem_cache *c, const char *name, unsigned int size,
		       unsigned int align, void (*ctor)(void *))
{
	if (align < sizeof(void *))
		align = sizeof(void *);
	if (size < sizeof(void *))
		size = sizeof(void *);	/* room for the freelist link */
	if (align & (align - 1))
		return -1;
	memset(c, 0, sizeof(*c));
	strscpy(c->name, name, sizeof(c->name));
	c->align = align;
	c->size = ALIGN(size, align);
	c->ctor = ctor;
	for (c->slab_pages = 1; c->slab_pages < MAX_SLAB_PAGES; c->slab_pages *= 2)
		if (fit_objects(c, c->slab_pages) >= MIN_OBJECTS)
			break;
	c->objs_per_slab = fit_objects(c, c->slab_pages);
	if (c->objs_per_slab == 0)
		return -1;
	c->objects_offset = ALIGN(header_size(c->objs_per_slab), c->align);
	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->partial);
	INIT_LIST_HEAD(&c->full);
	return 0;
}

static void cache_register(struct kmem_cache *c)
{
	unsigned long flags;

	spin_lock_irqsave(&cache_list_lock, flags);
	list_add_tail(&c->caches, &cache_list);
	spin_unlock_irqrestore(&cache_list_lock, flags);
}

void slab_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kmalloc_caches); i++) {
		char name[32];

		snprintf(name, sizeof(name), "kmalloc-%u", KMALLOC_MIN << i);
		cache_setup(&kmalloc_caches[i], name, KMALLOC_MIN << i, 8, NULL);
		cache_register(&kmalloc_caches[i]);
	}
	cache_setup(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 8, NULL);
	cache_register(&cache_cache);
}

/* A new slab for c, with every object free. Called without c's lock. */
static struct slab *slab_create(struct kmem_cache *c)
{
	struct slab *s = alloc_pages_exact(c->slab_pages * PAGE_SIZE, GFP_KERNEL);
	struct page *page;
	unsigned int i;

	if (!s)
		return NULL;
	s->magic = SLAB_MAGIC;
	s->cache = c;
	s->inuse = 0;
	s->total = c->objs_per_slab;
	s->objects = (char *)s + c->objects_offset;
	memset(s->allocated, 0, 4 * bitmap_words(s->total));
	s->freelist = NULL;
	for (i = s->total; i-- > 0;) {
		void **obj = (void **)(s->objects + i * c->size);

		*obj = s->freelist;
		s->freelist = obj;
	}
	page = virt_to_page(s);
	for (i = 0; i < c->slab_pages; i++) {
		page[i].flags |= PG_slab;
		page[i].slab = s;
	}
	return s;
}

static void slab_destroy(struct kmem_cache *c, struct slab *s)
{
	struct page *page = virt_to_page(s);
	unsigned int i;

	for (i = 0; i < c->slab_pages; i++) {
		page[i].flags &= ~PG_slab;
		page[i].slab = NULL;
	}
	s->magic = 0;
	free_pages_exact(s, c->slab_pages * PAGE_SIZE);
}

static void *__kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp, unsigned long caller)
{
	unsigned long flags;
	struct slab *s, *fresh = NULL;
	void **obj;
	unsigned int idx;

	spin_lock_irqsave(&c->lock, flags);
	while (list_empty(&c->partial)) {
		if (fresh) {
			list_add(&fresh->list, &c->partial);
			c->nr_slabs++;
			fresh = NULL;
			break;
		}
		/* Grow without holding the lock: the page allocator has its own. */
		spin_unlock_irqrestore(&c->lock, flags);
		fresh = slab_create(c);
		if (!fresh)
			return NULL;
		spin_lock_irqsave(&c->lock, flags);
	}
	s = list_first_entry(&c->partial, struct slab, list);
	obj = s->freelist;
	s->freelist = *obj;
	idx = ((char *)obj - s->objects) / c->size;
	s->allocated[idx / 32] |= 1u << (idx % 32);
	callers(s)[idx] = caller;
	if (++s->inuse == s->total)
		list_move(&s->list, &c->full);
	c->nr_inuse++;
	spin_unlock_irqrestore(&c->lock, flags);

	if (fresh)	/* another CPU refilled the cache first */
		slab_destroy(c, fresh);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->size);
	if (c->ctor)
		c->ctor(obj);
	return obj;
}

void *kmem_cache_alloc(struct kmem_cache *c, gfp_t gfp)
{
	return __kmem_cache_alloc(c, gfp, _RET_IP_);
}

void *kmem_cache_zalloc(struct kmem_cache *c, gfp_t gfp)
{
	return __kmem_cache_alloc(c, gfp | __GFP_ZERO, _RET_IP_);
}

/* Give obj back to its slab s; false (and nothing changed) if that is wrong. */
static bool slab_free(struct kmem_cache *c, struct slab *s, const void *obj, const char *func)
{
	unsigned long flags, offset = (const char *)obj - s->objects;
	unsigned int idx = offset / c->size;
	struct slab *empty = NULL;

	if ((const char *)obj < s->objects || offset % c->size || idx >= s->total) {
		report_bad_free(func, "a pointer that is not an object of its slab", obj);
		return false;
	}
	spin_lock_irqsave(&c->lock, flags);
	if (!(s->allocated[idx / 32] & (1u << (idx % 32)))) {
		spin_unlock_irqrestore(&c->lock, flags);
		report_bad_free(func, "double free of", obj);
		return false;
	}
	s->allocated[idx / 32] &= ~(1u << (idx % 32));
	*(void **)obj = s->freelist;
	s->freelist = (void *)obj;
	if (s->inuse-- == s->total)
		list_move(&s->list, &c->partial);
	c->nr_inuse--;
	/* Keep one empty slab for the next allocation; give back the rest. */
	if (s->inuse == 0 && (s->list.next != &c->partial || s->list.prev != &c->partial)) {
		list_del(&s->list);
		c->nr_slabs--;
		empty = s;
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (empty)
		slab_destroy(c, empty);
	return true;
}

/* The slab holding p, or NULL if p is not in a slab. */
static struct slab *slab_of(const void *p)
{
	struct page *page = virt_to_page(p);

	if (!page || !(page->flags & PG_slab) || page->slab->magic != SLAB_MAGIC)
		return NULL;
	return page->slab;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct slab *s = slab_of(obj);

	if (!s || s->cache != c) {
		report_bad_free(__func__, "a pointer that is not an object of this cache", obj);
		return;
	}
	slab_free(c, s, obj, __func__);
}

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *c = kmem_cache_alloc(&cache_cache, GFP_KERNEL);

	if (!c) {
		if (flags & SLAB_PANIC)
			panic("kmem_cache_create: %s: out of memory", name);
		return NULL;
	}
	if ((flags & SLAB_HWCACHE_ALIGN) && align < SLAB_CACHE_LINE && size > SLAB_CACHE_LINE / 2)
		align = SLAB_CACHE_LINE;	/* as Linux: small objects share a line */
	if (cache_setup(c, name, size, align, ctor)) {
		pr_err("kmem_cache_create: %s: cannot make a cache of %u-byte objects aligned to %u\n",
		       name, size, align);
		kmem_cache_free(&cache_cache, c);
		if (flags & SLAB_PANIC)
			panic("kmem_cache_create: cannot make cache %s", name);
		return NULL;
	}
	cache_register(c);
	return c;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	unsigned long flags;
	struct slab *s, *n;

	if (!c)
		return;
	if (c->nr_inuse) {
		pr_err("kmem_cache_destroy: %s: %lu objects still in use; cache leaked\n",
		       c->name, c->nr_inuse);
		dump_stack();
		return;
	}
	spin_lock_irqsave(&cache_list_lock, flags);
	list_del(&c->caches);
	spin_unlock_irqrestore(&cache_list_lock, flags);
	list_for_each_entry_safe(s, n, &c->partial, list)
		slab_destroy(c, s);
	kmem_cache_free(&cache_cache, c);
}

static struct kmem_cache *kmalloc_cache(size_t size)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kmalloc_caches); i++)
		if (size <= (size_t)KMALLOC_MIN << i)
			return &kmalloc_caches[i];
	return NULL;
}

static void *__kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	struct kmem_cache *c = kmalloc_cache(size);
	void *p;

	if (size == 0)
		return NULL;
	if (c)
		return __kmem_cache_alloc(c, gfp, caller);
	p = alloc_pages_exact(size, gfp);
	if (p) {
		virt_to_page(p)->flags |= PG_large;
		virt_to_page(p)->caller = caller;
		__atomic_add_fetch(&large_pages, PFN_UP(size), __ATOMIC_RELAXED);
	}
	return p;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	return __kmalloc(size, gfp, _RET_IP_);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return __kmalloc(size, gfp | __GFP_ZERO, _RET_IP_);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return __kmalloc(n * size, gfp | __GFP_ZERO, _RET_IP_);
}

char *kstrdup(const char *s, gfp_t gfp)
{
	size_t len = strlen(s) + 1;
	char *p = __kmalloc(len, gfp, _RET_IP_);

	if (p)
		memcpy(p, s, len);
	return p;
}

void kfree(const void *p)
{
	struct page *page;
	struct slab *s;

	if (ZERO_OR_NULL_PTR(p))
		return;
	s = slab_of(p);
	if (s) {
		slab_free(s->cache, s, p, __func__);
		return;
	}
	page = virt_to_page(p);
	if (page && (page->flags & PG_large) && ((unsigned long)p & (PAGE_SIZE - 1)) == 0) {
		unsigned long n = page->nr_pages;

		page->flags &= ~PG_large;
		page->caller = 0;
		__atomic_sub_fetch(&large_pages, n, __ATOMIC_RELAXED);
		free_pages_exact((void *)p, n * PAGE_SIZE);
		return;
	}
	report_bad_free(__func__, page && (page->flags & PG_free) ? "double free of" :
			"a pointer kmalloc never returned:", p);
}

size_t ksize(const void *p)
{
	struct slab *s = slab_of(p);
	struct page *page;

	if (s)
		return s->cache->size;
	page = virt_to_page(p);
	if (page && (page->flags & PG_large))
		return page->nr_pages * PAGE_SIZE;
	return 0;
}

void slab_get_stats(struct slab_stats *st)
{
	struct kmem_cache *c;
	unsigned long flags;

	memset(st, 0, sizeof(*st));
	spin_lock_irqsave(&cache_list_lock, flags);
	list_for_each_entry(c, &cache_list, caches) {
		spin_lock(&c->lock);
		st->pages += c->nr_slabs * c->slab_pages;
		st->objects += c->nr_inuse;
		st->bytes += c->nr_inuse * c->size;
		spin_unlock(&c->lock);
	}
	spin_unlock_irqrestore(&cache_list_lock, flags);
	st->large_pages = READ_ONCE(large_pages);
}

/* ---- leaks ---- */

struct leak_scan {
	unsigned long lo, hi;		/* the code whose allocations we look for */
	unsigned long objects, bytes;
	unsigned long first_caller;	/* of the first one found */
};

static void leak_found(struct leak_scan *l, unsigned long caller, unsigned long bytes)
{
	if (!l->objects)
		l->first_caller = caller;
	l->objects++;
	l->bytes += bytes;
}

/* The objects of c's slabs on list whose caller lies in [lo, hi). Called
 * with c's lock held. */
static void scan_slabs(struct kmem_cache *c, struct list_head *list, struct leak_scan *l)
{
	struct slab *s;
	unsigned int i;

	list_for_each_entry(s, list, list)
		for (i = 0; i < s->total; i++)
			if ((s->allocated[i / 32] & (1u << (i % 32))) &&
			    callers(s)[i] >= l->lo && callers(s)[i] < l->hi)
				leak_found(l, callers(s)[i], c->size);
}

static void large_leak(struct page *page, void *arg)
{
	struct leak_scan *l = arg;

	if (page->caller >= l->lo && page->caller < l->hi)
		leak_found(l, page->caller, page->nr_pages * PAGE_SIZE);
}

/*
 * Called as a module's memory is about to be freed, while it is still
 * listed, so its function names can be found (kernel/module/unload.c): report
 * the kmalloc and cache objects still allocated whose allocator's address
 * lies in the module's code. Only allocations made from its core code
 * count: those made by init code (freed after init) cannot be told apart
 * from a later module's code loaded at the same address. Walks every
 * slab and every page, so it costs a little at each unload, nothing at
 * allocation beyond recording the caller.
 */
void module_report_leaks(struct module *mod)
{
	struct leak_scan l = { .lo = (unsigned long)mod->core.base };
	char sym[KSYM_SYMBOL_LEN];
	struct kmem_cache *c;
	unsigned long flags;

	l.hi = l.lo + mod->core.text_size;
	spin_lock_irqsave(&cache_list_lock, flags);
	list_for_each_entry(c, &cache_list, caches) {
		spin_lock(&c->lock);
		scan_slabs(c, &c->partial, &l);
		scan_slabs(c, &c->full, &l);
		spin_unlock(&c->lock);
	}
	spin_unlock_irqrestore(&cache_list_lock, flags);
	page_for_each_large(large_leak, &l);
	if (!l.objects)
		return;
	/* The module's symbols are still there: name the function. */
	sprint_symbol(sym, l.first_caller);
	pr_warn("module %s leaked %lu objects, %lu bytes; first allocated at %s\n", mod->name,
		l.objects, l.bytes, sym);
}

/* For modules. */
EXPORT_SYMBOL(kmalloc);
EXPORT_SYMBOL(kzalloc);
EXPORT_SYMBOL(kcalloc);
EXPORT_SYMBOL(kfree);
EXPORT_SYMBOL(ksize);
EXPORT_SYMBOL(kstrdup);
EXPORT_SYMBOL(kmem_cache_create);
EXPORT_SYMBOL(kmem_cache_destroy);
EXPORT_SYMBOL(kmem_cache_alloc);
EXPORT_SYMBOL(kmem_cache_zalloc);
EXPORT_SYMBOL(kmem_cache_free);
