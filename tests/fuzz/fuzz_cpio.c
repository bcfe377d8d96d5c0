/*
 * libFuzzer harness for the newc cpio parser (fs/cpio.c).
 *
 * libFuzzer hands each input over in a heap block of exactly its size, so
 * AddressSanitizer sees any read past the archive. The callback reads every
 * byte of each entry's name and data, so an entry that points outside the
 * archive is caught too, and it checks what cpio_parse() promises about the
 * entries: a NUL-terminated name of at most CPIO_PATH_MAX bytes, relative,
 * with no ".." component, and data inside the archive. A broken promise is
 * a crash (abort), which libFuzzer reports with the input that did it.
 *
 *     make fuzz                 run for FUZZ_TIME seconds (300)
 *     build/fuzz/fuzz_cpio FILE  replay one input
 */
#include <stdint.h>
#include <stdlib.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <modlab/cpio.h>

struct walk {
	const uint8_t *start, *end;
	uint32_t sum;
	int entries;
	int stop_at;		/* return 1 at this entry (from 1); 0: never */
};

static volatile uint32_t sink;

static int has_dotdot(const char *name)
{
	const char *p = name;

	for (;;) {
		if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\0'))
			return 1;
		p = strchr(p, '/');
		if (!p)
			return 0;
		p++;
	}
}

static int touch_entry(const struct cpio_entry *e, void *arg)
{
	struct walk *w = arg;
	const uint8_t *data = e->data;
	size_t n, i;

	n = strnlen(e->name_buf, sizeof(e->name_buf));
	if (e->name != e->name_buf || n == sizeof(e->name_buf) || n == 0)
		abort();
	if (e->name[0] == '/' || has_dotdot(e->name))
		abort();
	for (i = 0; i < n; i++)
		w->sum += (uint8_t)e->name[i];
	if (data < w->start || data > w->end || e->size > (size_t)(w->end - data))
		abort();
	for (i = 0; i < e->size; i++)
		w->sum += data[i];
	w->entries++;
	return w->entries == w->stop_at;
}

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	struct walk w = { .start = buf, .end = buf + len };
	size_t err = SIZE_MAX;
	int ret;

	/* The whole walk: a count, or -EINVAL with the damage inside buf. */
	ret = cpio_parse(buf, len, touch_entry, &w, &err);
	if (ret >= 0 && (ret != w.entries || err != SIZE_MAX))
		abort();
	if (ret < 0 && (ret != -EINVAL || err > len))
		abort();

	/* Stopped by the callback after the first entry, if there is one. */
	if (w.entries) {
		w.entries = 0;
		w.stop_at = 1;
		ret = cpio_parse(buf, len, touch_entry, &w, NULL);
		if (ret != 1 || w.entries != 1)
			abort();
	}
	sink = w.sum;
	return 0;
}
