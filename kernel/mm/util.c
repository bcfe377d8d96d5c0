/*
 * Allocation helpers built on kmalloc and vmalloc (linux/slab.h): resizing,
 * copying strings and buffers, kvmalloc. None of them sleeps.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <modlab/mm.h>

extern char _sdata[];

void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	size_t old_size;
	void *q;

	if (ZERO_OR_NULL_PTR(p))
		return kmalloc(new_size, gfp);
	if (!new_size) {
		kfree(p);
		return NULL;
	}
	old_size = ksize(p);
	if (!old_size) {
		report_bad_free(__func__, "a pointer kmalloc never returned:", p);
		return NULL;
	}
	if (new_size <= old_size) {
		if (gfp & __GFP_ZERO)
			memset((char *)p + new_size, 0, old_size - new_size);
		return (void *)p;
	}
	q = kmalloc(new_size, gfp);
	if (!q)
		return NULL;	/* p is left as it was */
	memcpy(q, p, old_size);
	kfree(p);
	return q;
}

void *krealloc_array(void *p, size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return krealloc(p, n * size, gfp);
}

char *kstrndup(const char *s, size_t max, gfp_t gfp)
{
	size_t len;
	char *p;

	if (!s)
		return NULL;
	len = strnlen(s, max);
	p = kmalloc(len + 1, gfp);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = kmalloc(len, gfp);

	if (p)
		memcpy(p, src, len);
	return p;
}

char *kmemdup_nul(const char *s, size_t len, gfp_t gfp)
{
	char *p;

	if (!s)
		return NULL;
	p = kmalloc(len + 1, gfp);
	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/* In the kernel image's read-only part (text and rodata come first)? */
static bool is_kernel_rodata(const void *p)
{
	return (const char *)p >= _kernel_start && (const char *)p < _sdata;
}

const char *kstrdup_const(const char *s, gfp_t gfp)
{
	if (is_kernel_rodata(s))
		return s;
	return kstrdup(s, gfp);
}

void kfree_const(const void *p)
{
	if (!is_kernel_rodata(p))
		kfree(p);
}

void kfree_sensitive(const void *p)
{
	size_t n = ZERO_OR_NULL_PTR(p) ? 0 : ksize(p);

	if (n)
		memset((void *)p, 0, n);
	kfree(p);
}

void *kvmalloc(size_t size, gfp_t gfp)
{
	void *p = kmalloc(size, size > PAGE_SIZE ? gfp | __GFP_NOWARN : gfp);

	if (p || size <= PAGE_SIZE)
		return p;
	return (gfp & __GFP_ZERO) ? vzalloc(size) : vmalloc(size);
}

void kvfree(const void *p)
{
	if (is_vmalloc_addr(p))
		vfree(p);
	else
		kfree(p);
}

EXPORT_SYMBOL(krealloc);
EXPORT_SYMBOL(krealloc_array);
EXPORT_SYMBOL(kstrndup);
EXPORT_SYMBOL(kmemdup);
EXPORT_SYMBOL(kmemdup_nul);
EXPORT_SYMBOL(kstrdup_const);
EXPORT_SYMBOL(kfree_const);
EXPORT_SYMBOL(kfree_sensitive);
EXPORT_SYMBOL(kvmalloc);
EXPORT_SYMBOL(kvfree);
