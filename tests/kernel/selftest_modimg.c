/*
 * selftest module-bad-images [DIR] [ROUNDS]: the module loader against
 * damaged images.
 *
 * DIR (default /lib/modules/bad) holds the images tests/modimg/gen_bad.py
 * makes from a good module, each named after what is wrong with it. Every
 * one goes to load_module() as insmod would hand it over, and must be
 * refused with -ENOEXEC (the loader prints the reason with pr_err), except
 *	good-*.ko	must load; it is removed again with delete_module()
 *	enoent-*.ko	must be refused with -ENOENT (an unknown symbol)
 * The whole set is loaded ROUNDS times (by default enough rounds for 1000
 * loads, at least two). The first round prints one line per image and
 * warms up the allocators; after the last, the pages and slab objects in
 * use must be what they were after the first: a refused load leaves
 * nothing behind.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <modlab/mm.h>
#include <modlab/module.h>
#include "selftest.h"
#include <modlab/fs.h>
#include <modlab/errno.h>

#define MODIMG_DIR	"/lib/modules/bad"
#define MODIMG_LOADS	1000		/* loads across the set, by default */
#define MODIMG_MAX	4096		/* images in DIR */

struct modimg_list {
	struct dir_context ctx;
	char **names;
	unsigned int n, max;
	int err;
};

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int modimg_fill(struct dir_context *ctx, const char *name, int len, loff_t pos,
		       unsigned long ino, unsigned int type)
{
	struct modimg_list *l = container_of(ctx, struct modimg_list, ctx);
	char *copy;

	if (type != DT_REG || len < 4 || strncmp(name + len - 3, ".ko", 3))
		return 0;
	if (l->n == l->max) {
		l->err = -E2BIG;
		return -E2BIG;
	}
	copy = kmalloc(len + 1, GFP_KERNEL);
	if (!copy) {
		l->err = -ENOMEM;
		return -ENOMEM;
	}
	memcpy(copy, name, len);
	copy[len] = '\0';
	l->names[l->n++] = copy;
	return 0;
}

static void modimg_free_list(struct modimg_list *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		kfree(l->names[i]);
	kfree(l->names);
}

/* The names of the .ko files in dir, sorted. */
static int modimg_list_dir(const char *dir, struct modimg_list *l)
{
	struct file *f = filp_open(dir, O_RDONLY, 0);
	unsigned int i, j;
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	l->max = MODIMG_MAX;
	l->names = kcalloc(l->max, sizeof(*l->names), GFP_KERNEL);
	l->ctx.actor = modimg_fill;
	err = l->names ? iterate_dir(f, &l->ctx) : -ENOMEM;
	filp_close(f);
	if (!err)
		err = l->err;
	for (i = 1; i < l->n; i++) {
		char *tmp = l->names[i];

		for (j = i; j > 0 && strcmp(l->names[j - 1], tmp) > 0; j--)
			l->names[j] = l->names[j - 1];
		l->names[j] = tmp;
	}
	return err;
}

/* The module name an image that loaded carries ("name=" in .modinfo). */
static int modimg_module_name(const void *image, unsigned long len, char *name, size_t size)
{
	char *info;
	size_t info_len, off = 0;
	int err = module_file_modinfo(image, len, &info, &info_len);

	if (err)
		return err;
	err = -ENOENT;
	while (off < info_len) {
		const char *s = info + off;
		size_t n = strnlen(s, info_len - off);

		if (n > 5 && !strncmp(s, "name=", 5) && n - 5 < size) {
			memcpy(name, s + 5, n - 5);
			name[n - 5] = '\0';
			err = 0;
			break;
		}
		off += n + 1;
	}
	kfree(info);
	return err;
}

static int modimg_expected(const char *file)
{
	if (has_prefix(file, "good-"))
		return 0;
	if (has_prefix(file, "enoent-"))
		return -ENOENT;
	return -ENOEXEC;
}

static const char *modimg_errname(int err)
{
	switch (err) {
	case 0:
		return "loaded";
	case -ENOEXEC:
		return "-ENOEXEC";
	case -ENOENT:
		return "-ENOENT";
	case -ENOMEM:
		return "-ENOMEM";
	case -EEXIST:
		return "-EEXIST";
	case -EFBIG:
		return "-EFBIG";
	default:
		return "error";
	}
}

/* Load one image and check the answer; verbose: print it. Returns 0 if the
 * loader did what the image's name asks. */
static int modimg_one(const char *dir, const char *file, bool verbose)
{
	char path[PATH_MAX], modname[MODULE_NAME_LEN];
	int expected = modimg_expected(file), err, ret;
	unsigned long len;
	void *image;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	image = kernel_read_whole_file(path, &len, &err);
	if (!image)
		return selftest_fail("%s: cannot read it (%d)", path, err);
	ret = load_module(image, len, "");
	if (ret == 0) {
		/* Loaded (as it should, or not): take it out again. */
		err = modimg_module_name(image, len, modname, sizeof(modname));
		if (!err)
			err = delete_module(modname, 0);
		if (err)
			selftest_fail("%s: loaded, and cannot be removed (%d)", file, err);
	}
	kfree(image);
	if (verbose)
		printf("  %-34s %s (%d)%s\n", file, modimg_errname(ret), ret,
		       ret == expected ? "" : "  <- WRONG");
	if (ret != expected)
		return selftest_fail("%s: expected %d (%s), saw %d (%s)", file, expected,
				     modimg_errname(expected), ret, modimg_errname(ret));
	return 0;
}

struct modimg_mem {
	unsigned long pages, objects;
};

static void modimg_mem(struct modimg_mem *m)
{
	struct page_stats ps;
	struct slab_stats ss;

	page_get_stats(&ps);
	slab_get_stats(&ss);
	m->pages = ps.total - ps.free;
	m->objects = ss.objects;
}

int selftest_module_bad_images(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : MODIMG_DIR;
	struct modimg_list l = { 0 };
	struct modimg_mem before = { 0 }, after;
	unsigned int rounds = 0, r, i, refused = 0, loaded = 0, wrong = 0;
	int err;

	if (argc > 2 && selftest_parse_uint(argv[2], &rounds, 100000))
		return selftest_fail("usage: selftest module-bad-images [DIR] [ROUNDS]");
	err = modimg_list_dir(dir, &l);
	if (err || !l.n) {
		modimg_free_list(&l);
		return selftest_fail("%s: %s", dir, err ? strerror(err) : "no .ko files there");
	}
	if (!rounds)
		rounds = max(2u, DIV_ROUND_UP(MODIMG_LOADS, l.n));
	printf("module-bad-images: %u images in %s, %u rounds (%u loads)\n", l.n, dir, rounds,
	       rounds * l.n);

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < l.n; i++) {
			int expected = modimg_expected(l.names[i]);

			if (modimg_one(dir, l.names[i], r == 0)) {
				wrong++;
			} else if (r == 0) {
				if (expected)
					refused++;
				else
					loaded++;
			}
		}
		if (r == 0)
			modimg_mem(&before);	/* after the warm-up round */
	}
	modimg_mem(&after);
	printf("module-bad-images: round 1: %u refused as they should be, %u good ones loaded and removed; %u wrong answers in all\n",
	       refused, loaded, wrong);
	if (rounds > 1) {
		printf("module-bad-images: in use after round 1: %lu pages, %lu slab objects; after round %u: %lu pages, %lu slab objects\n",
		       before.pages, before.objects, rounds, after.pages, after.objects);
		if (after.pages != before.pages)
			selftest_fail("pages in use after round 1: %lu, after round %u: %lu",
				      before.pages, rounds, after.pages);
		if (after.objects != before.objects)
			selftest_fail("slab objects in use after round 1: %lu, after round %u: %lu",
				      before.objects, rounds, after.objects);
	}
	modimg_free_list(&l);
	return selftest_failed();
}
