// SPDX-License-Identifier: GPL-2.0
/*
 * mem_example.c - the ways a driver gets memory, as LDD3's scull variants
 * do: a slab cache (scullc), whole pages (scullp), vmalloc (scullv), and
 * the kmalloc helpers. Each check prints "ok" or "FAILED"; the last line
 * says how many passed.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/string.h>

static int bad_vfree;
module_param(bad_vfree, int, 0444);
MODULE_PARM_DESC(bad_vfree, "vfree a kmalloc pointer on purpose (the kernel must refuse)");

static int passed, failed;

#define CHECK(cond, what)							\
	do {									\
		if (cond) {							\
			passed++;						\
		} else {							\
			failed++;						\
			pr_err("mem_example: FAILED: %s\n", what);		\
		}								\
	} while (0)

struct quantum {
	char data[100];
	int magic;
};

static void quantum_ctor(void *p)
{
	((struct quantum *)p)->magic = 0x5ca1ab1e;
}

static void check_vmalloc(void)
{
	const unsigned long size = 1 << 20;
	unsigned char *v = vmalloc(size), *z;
	unsigned long i, sum = 0;

	CHECK(v != NULL, "vmalloc of 1 MiB");
	if (!v)
		return;
	CHECK(PAGE_ALIGNED(v), "vmalloc is page aligned");
	for (i = 0; i < size; i++)
		v[i] = i & 0xff;
	for (i = 0; i < size; i++)
		sum += v[i];
	CHECK(sum == (size / 256) * (255 * 256 / 2), "the vmalloc buffer holds what was written");
	CHECK(vmalloc_to_page(v + 5000) != NULL, "vmalloc_to_page inside the buffer");
	CHECK(is_vmalloc_addr(v), "is_vmalloc_addr of a vmalloc buffer");
	vfree(v);
	z = vzalloc(3 * PAGE_SIZE + 1);
	CHECK(z != NULL, "vzalloc");
	if (z) {
		for (i = 0; i < 3 * PAGE_SIZE + 1; i++)
			if (z[i])
				break;
		CHECK(i == 3 * PAGE_SIZE + 1, "vzalloc memory is zeroed");
		vfree(z);
	}
	vfree(NULL);
	pr_info("mem_example: vmalloc ok\n");
}

static void check_pages(void)
{
	struct page *page = alloc_pages(GFP_KERNEL, 2);
	unsigned long addr;
	void *va;

	CHECK(page != NULL, "alloc_pages of order 2");
	if (page) {
		va = page_address(page);
		CHECK(va != NULL && PAGE_ALIGNED(va), "page_address of the first page");
		CHECK(virt_to_page(va) == page, "virt_to_page(page_address(page)) is page");
		CHECK(pfn_to_page(page_to_pfn(page)) == page, "pfn_to_page(page_to_pfn(page))");
		CHECK(page_to_pfn(page) == virt_to_pfn(va), "page_to_pfn agrees with the address");
		memset(va, 0xa5, 4 * PAGE_SIZE);
		__free_pages(page, 2);
	}
	addr = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 3);
	CHECK(addr && !((unsigned char *)addr)[8 * PAGE_SIZE - 1], "__get_free_pages zeroed, order 3");
	free_pages(addr, 3);
	addr = get_zeroed_page(GFP_KERNEL);
	CHECK(addr && !((unsigned char *)addr)[100], "get_zeroed_page");
	free_page(addr);
	addr = __get_free_page(GFP_ATOMIC);
	CHECK(addr != 0, "__get_free_page");
	free_page(addr);
	CHECK(get_order(PAGE_SIZE) == 0 && get_order(PAGE_SIZE + 1) == 1 &&
	      get_order(5 * PAGE_SIZE) == 3, "get_order");
	pr_info("mem_example: pages ok\n");
}

static void check_cache(void)
{
	struct kmem_cache *cache;
	struct quantum *q[50];
	int i, aligned = 1, constructed = 1;

	cache = kmem_cache_create("mem_example_q", sizeof(struct quantum), 0,
				  SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT | SLAB_RECLAIM_ACCOUNT,
				  quantum_ctor);
	CHECK(cache != NULL, "kmem_cache_create");
	if (!cache)
		return;
	for (i = 0; i < 50; i++) {
		q[i] = kmem_cache_alloc(cache, GFP_KERNEL);
		if (!q[i])
			break;
		if ((unsigned long)q[i] % 64)
			aligned = 0;
		if (q[i]->magic != 0x5ca1ab1e)
			constructed = 0;
	}
	CHECK(i == 50, "50 objects from the cache");
	CHECK(aligned, "SLAB_HWCACHE_ALIGN objects on 64-byte lines");
	CHECK(constructed, "the constructor ran for every object");
	while (i--)
		kmem_cache_free(cache, q[i]);
	kmem_cache_destroy(cache);
	pr_info("mem_example: slab cache ok\n");
}

static void check_helpers(void)
{
	static const char text[] = "scull quantum set";
	char *s, *t;
	int *a;
	const char *c;

	a = kmalloc_array(8, sizeof(*a), GFP_KERNEL);
	CHECK(a != NULL, "kmalloc_array");
	if (a) {
		a[7] = 77;
		a = krealloc(a, 4096 * sizeof(*a), GFP_KERNEL);
		CHECK(a && a[7] == 77, "krealloc keeps the contents");
		CHECK(a && ksize(a) >= 4096 * sizeof(*a), "ksize after krealloc");
		kfree(a);
	}
	CHECK(kmalloc_array((size_t)-1 / 2, 4, GFP_KERNEL) == NULL, "kmalloc_array overflow");
	CHECK(kcalloc((size_t)-1 / 2, 4, GFP_KERNEL) == NULL, "kcalloc overflow");
	s = kstrndup(text, 5, GFP_KERNEL);
	CHECK(s && !strcmp(s, "scull"), "kstrndup");
	t = kmemdup(text, sizeof(text), GFP_KERNEL);
	CHECK(t && !memcmp(t, text, sizeof(text)), "kmemdup");
	kfree(s);
	kfree(t);
	c = kstrdup_const("a literal", GFP_KERNEL);
	CHECK(c != NULL, "kstrdup_const");
	kfree_const(c);
	s = kzalloc(40, GFP_KERNEL);
	CHECK(s && !s[39] && ksize(s) >= 40, "kzalloc and ksize");
	kfree(s);
	a = kvmalloc(300 * 1024, GFP_KERNEL);
	CHECK(a != NULL, "kvmalloc of 300 KiB");
	kvfree(a);
	pr_info("mem_example: helpers ok\n");
}

static int __init mem_example_init(void)
{
	check_vmalloc();
	check_pages();
	check_cache();
	check_helpers();
	if (bad_vfree) {
		void *p = kmalloc(64, GFP_KERNEL);

		pr_info("mem_example: vfree of a kmalloc pointer, on purpose\n");
		vfree(p);
		kfree(p);
	}
	pr_info("mem_example: %d checks passed, %d failed\n", passed, failed);
	return failed ? -EINVAL : 0;
}

static void __exit mem_example_exit(void)
{
	pr_info("mem_example: unloaded\n");
}

module_init(mem_example_init);
module_exit(mem_example_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Pages, vmalloc, slab caches and kmalloc helpers");
