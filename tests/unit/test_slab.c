/*
 * The slab allocator's bookkeeping (kernel/mm/slab.c), run on the host over
 * a stand-in page allocator (mm_host.c).
 */
#define UNIT_MAIN
#include "unit.h"
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/module.h>
#include <modlab/mm.h>
#include <modlab/module.h>
#include "mm_host.h"

static void setup(void)
{
	static int done;

	if (!done) {
		slab_init();
		done = 1;
	}
}

TEST(kmalloc_returns_distinct_aligned_blocks_of_at_least_the_size)
{
	static void *p[300];
	unsigned int sizes[] = { 1, 8, 16, 17, 100, 255, 512, 1000, 2048 };

	setup();
	for (unsigned int s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (int i = 0; i < 300; i++) {
			p[i] = kmalloc(sizes[s], GFP_KERNEL);
			EXPECT_TRUE(p[i] != NULL);
			EXPECT_TRUE(((unsigned long)p[i] & 7) == 0);
			EXPECT_TRUE(ksize(p[i]) >= sizes[s]);
			memset(p[i], 0xa5, sizes[s]);	/* ASan sees any overlap with a header */
		}
		/* No two blocks overlap: each keeps its own first byte. */
		for (int i = 0; i < 300; i++)
			*(unsigned char *)p[i] = (unsigned char)i;
		for (int i = 0; i < 300; i++)
			EXPECT_EQ_UINT(*(unsigned char *)p[i], (unsigned char)i);
		for (int i = 0; i < 300; i++)
			kfree(p[i]);
	}
	EXPECT_EQ_INT(host_bad_frees, 0);
}

TEST(freeing_everything_gives_pages_back)
{
	static void *p[2000];
	struct slab_stats st;
	int before;

	setup();
	before = host_pages_in_use;
	for (int i = 0; i < 2000; i++)
		p[i] = kmalloc(64, GFP_KERNEL);
	EXPECT_TRUE(host_pages_in_use > before + 20);
	for (int i = 0; i < 2000; i++)
		kfree(p[i]);
	/* Each cache may keep one empty slab for the next allocation. */
	EXPECT_TRUE(host_pages_in_use <= before + 1);
	slab_get_stats(&st);
	EXPECT_EQ_UINT(st.objects, 0);
}

TEST(kzalloc_and_kcalloc_return_zeroed_memory)
{
	unsigned char *a, *b;

	setup();
	a = kmalloc(200, GFP_KERNEL);
	memset(a, 0xff, 200);
	kfree(a);
	b = kzalloc(200, GFP_KERNEL);	/* likely the same block again */
	for (int i = 0; i < 200; i++)
		EXPECT_EQ_UINT(b[i], 0);
	kfree(b);
	b = kcalloc(10, 30, GFP_KERNEL);
	for (int i = 0; i < 300; i++)
		EXPECT_EQ_UINT(b[i], 0);
	kfree(b);
}

TEST(kcalloc_with_overflowing_size_returns_null)
{
	setup();
	EXPECT_PTR_EQ(kcalloc((size_t)-1 / 2, 4, GFP_KERNEL), NULL);
	EXPECT_PTR_EQ(kmalloc(0, GFP_KERNEL), NULL);
}

TEST(double_free_is_reported_and_does_not_hand_out_a_block_twice)
{
	void *a, *b, *c;
	int reports = host_bad_frees;

	setup();
	a = kmalloc(32, GFP_KERNEL);
	kfree(a);
	kfree(a);
	EXPECT_EQ_INT(host_bad_frees, reports + 1);
	b = kmalloc(32, GFP_KERNEL);
	c = kmalloc(32, GFP_KERNEL);
	EXPECT_TRUE(b != c);
	kfree(b);
	kfree(c);
	EXPECT_EQ_INT(host_bad_frees, reports + 1);
}

TEST(freeing_a_pointer_inside_a_block_is_reported_and_ignored)
{
	char *a, *b;
	int reports = host_bad_frees;

	setup();
	a = kmalloc(128, GFP_KERNEL);
	kfree(a + 8);
	EXPECT_EQ_INT(host_bad_frees, reports + 1);
	b = kmalloc(128, GFP_KERNEL);
	EXPECT_TRUE(b != a);	/* a is still allocated */
	kfree(a);
	kfree(b);
	EXPECT_EQ_INT(host_bad_frees, reports + 1);
}

TEST(freeing_memory_kmalloc_never_gave_is_reported)
{
	static char not_from_kmalloc[64];
	int reports = host_bad_frees;

	setup();
	kfree(not_from_kmalloc);
	EXPECT_EQ_INT(host_bad_frees, reports + 1);
	kfree(NULL);		/* allowed, as in C and Linux */
	EXPECT_EQ_INT(host_bad_frees, reports + 1);
}

TEST(large_kmalloc_uses_whole_pages_and_catches_double_free)
{
	int pages = host_pages_in_use, reports = host_bad_frees;
	char *p;

	setup();
	p = kmalloc(3 * PAGE_SIZE + 1, GFP_KERNEL);
	EXPECT_TRUE(p != NULL);
	EXPECT_EQ_INT(host_pages_in_use, pages + 4);
	EXPECT_EQ_UINT(ksize(p), 4 * PAGE_SIZE);
	memset(p, 1, 3 * PAGE_SIZE + 1);
	kfree(p + PAGE_SIZE);	/* inside the block */
	EXPECT_EQ_INT(host_bad_frees, reports + 1);
	kfree(p);
	EXPECT_EQ_INT(host_pages_in_use, pages);
	kfree(p);
	EXPECT_EQ_INT(host_bad_frees, reports + 2);
}

static int ctor_calls;

static void count_ctor(void *obj)
{
	ctor_calls++;
	memset(obj, 0x5a, 24);
}

TEST(kmem_cache_honours_size_alignment_and_constructor)
{
	struct kmem_cache *c;
	void *objs[50];

	setup();
	c = kmem_cache_create("test-24", 24, 64, 0, count_ctor);
	EXPECT_TRUE(c != NULL);
	for (int i = 0; i < 50; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		EXPECT_TRUE(objs[i] != NULL);
		EXPECT_TRUE(((unsigned long)objs[i] & 63) == 0);
		EXPECT_EQ_UINT(((unsigned char *)objs[i])[23], 0x5a);
	}
	EXPECT_EQ_INT(ctor_calls, 50);
	for (int i = 0; i < 50; i++)
		kmem_cache_free(c, objs[i]);
	kmem_cache_destroy(c);
}

TEST(kmem_cache_free_into_the_wrong_cache_is_reported)
{
	struct kmem_cache *a = kmem_cache_create("a", 40, 8, 0, NULL);
	struct kmem_cache *b = kmem_cache_create("b", 40, 8, 0, NULL);
	int reports = host_bad_frees;
	void *obj;

	setup();
	obj = kmem_cache_alloc(a, GFP_KERNEL);
	kmem_cache_free(b, obj);
	EXPECT_EQ_INT(host_bad_frees, reports + 1);
	kmem_cache_free(a, obj);
	EXPECT_EQ_INT(host_bad_frees, reports + 1);
	kmem_cache_destroy(a);
	kmem_cache_destroy(b);
}

TEST(destroying_a_cache_with_objects_in_use_is_refused)
{
	struct kmem_cache *c;
	void *obj;
	struct slab_stats before, after;

	setup();
	c = kmem_cache_create("busy", 100, 8, 0, NULL);
	obj = kmem_cache_alloc(c, GFP_KERNEL);
	slab_get_stats(&before);
	kmem_cache_destroy(c);		/* refused: obj is in use */
	slab_get_stats(&after);
	EXPECT_EQ_UINT(after.objects, before.objects);
	kmem_cache_free(c, obj);	/* the cache still works */
	kmem_cache_destroy(c);
}

TEST(out_of_pages_gives_null_not_a_crash)
{
	struct kmem_cache *c;

	setup();
	c = kmem_cache_create("starved", 512, 8, 0, NULL);
	host_fail_allocs = 1;
	EXPECT_PTR_EQ(kmem_cache_alloc(c, GFP_KERNEL), NULL);
	host_fail_allocs = 1;
	EXPECT_PTR_EQ(kmalloc(5 * PAGE_SIZE, GFP_KERNEL), NULL);
	host_fail_allocs = 0;
	kmem_cache_destroy(c);
}

/*
 * The leak report: objects whose allocator lies in the "module's" text.
 * Each allocating function is aligned to 64 bytes and shorter than that,
 * so [in_module, in_module + 64) holds the call in in_module only.
 */
extern char host_last_printk[];

static noinline __aligned(64) void *in_module(size_t size)
{
	return kmalloc(size, GFP_KERNEL);
}

static noinline __aligned(64) void *outside_module(size_t size)
{
	return kmalloc(size, GFP_KERNEL);
}

static struct module leaker = { .name = "leaker" };

TEST(unload_reports_the_objects_the_modules_code_allocated)
{
	void *mine[3], *big, *theirs;

	setup();
	leaker.core.base = (void *)in_module;
	leaker.core.text_size = 64;
	host_last_printk[0] = '\0';
	module_report_leaks(&leaker);
	EXPECT_STREQ(host_last_printk, "");	/* nothing allocated yet */
	for (int i = 0; i < 3; i++)
		mine[i] = in_module(64);
	big = in_module(2 * PAGE_SIZE + 1);
	theirs = outside_module(64);
	module_report_leaks(&leaker);
	EXPECT_TRUE(strstr(host_last_printk, "module leaker leaked 4 objects, 12480 bytes; "
			   "first allocated at 0x") != NULL);
	for (int i = 0; i < 3; i++)
		kfree(mine[i]);
	kfree(big);
	host_last_printk[0] = '\0';
	module_report_leaks(&leaker);
	EXPECT_STREQ(host_last_printk, "");	/* all freed: nothing to say */
	kfree(theirs);
}
