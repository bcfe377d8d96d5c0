/*
 * unit.h: a small header-only unit-test framework for host tests.
 *
 *     #define UNIT_MAIN
 *     #include "unit.h"
 *
 *     TEST(strlen_counts_bytes)
 *     {
 *             EXPECT_EQ_UINT(strlen("abc"), 3);
 *     }
 *
 * Each TEST registers itself before main() runs; tests run in the order
 * they appear in the file. The EXPECT_* macros stop the test at the first
 * failed expectation (they return from the test function, so use them only
 * in TEST bodies or in void helpers).
 *
 * Output, one line per test, read by tools/check:
 *
 *     PASS name
 *     FAIL name: file.c:42: expected <X>, saw <Y>
 *
 * The binary exits 1 if any test failed, 0 otherwise.
 *
 *     ./test_x               run every test
 *     ./test_x SUBSTRING...  run the tests whose names contain one of them
 *     ./test_x --list        print the test names, one per line
 *
 * The tests compile kernel code whose string and printf functions are
 * renamed over libc's (tests/unit/host.h), so this header does its own
 * comparing and formatting and uses only stdio's printing from libc.
 */
#ifndef MODLAB_UNIT_H
#define MODLAB_UNIT_H

#include <stdio.h>

struct unit_test {
	const char *name;
	void (*fn)(void);
	struct unit_test *next;
};

/* Registration list and the state of the test being run. One test binary
 * is one translation unit, so static storage is enough. */
static struct unit_test *unit_first;
static struct unit_test **unit_last = &unit_first;
static int unit_failed_now;		/* the running test has failed */
static char unit_msg[1024];		/* its failure message */
static unsigned int unit_msg_len;

static inline __attribute__((unused)) void unit_register(struct unit_test *t)
{
	*unit_last = t;
	unit_last = &t->next;
}

#define TEST(name)							\
	static void unit_body_##name(void);				\
	static struct unit_test unit_test_##name = {			\
		#name, unit_body_##name, NULL				\
	};								\
	__attribute__((constructor)) static void unit_ctor_##name(void) \
	{								\
		unit_register(&unit_test_##name);			\
	}								\
	static void unit_body_##name(void)

/* ---- message building, without the C library's string functions ---- */

static inline __attribute__((unused)) void unit_putc(char c)
{
	if (unit_msg_len + 1 < sizeof(unit_msg))
		unit_msg[unit_msg_len++] = c;
	unit_msg[unit_msg_len] = '\0';
}

static inline __attribute__((unused)) void unit_puts(const char *s)
{
	while (*s)
		unit_putc(*s++);
}

static inline __attribute__((unused)) void unit_put_hex(unsigned long long v, int min_digits)
{
	char tmp[32];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v || n < min_digits);
	while (n)
		unit_putc(tmp[--n]);
}

static inline __attribute__((unused)) void unit_put_udec(unsigned long long v)
{
	char tmp[32];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		unit_putc(tmp[--n]);
}

static inline __attribute__((unused)) void unit_put_sdec(long long v)
{
	if (v < 0) {
		unit_putc('-');
		unit_put_udec(0ULL - (unsigned long long)v);
	} else {
		unit_put_udec((unsigned long long)v);
	}
}

/* A string as a C literal: quoted, with escapes, so the message stays on
 * one line and invisible characters show. */
static inline __attribute__((unused)) void unit_put_quoted(const char *s)
{
	if (!s) {
		unit_puts("NULL");
		return;
	}
	unit_putc('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			unit_putc('\\');
			unit_putc((char)c);
		} else if (c == '\n') {
			unit_puts("\\n");
		} else if (c == '\t') {
			unit_puts("\\t");
		} else if (c < 0x20 || c >= 0x7f) {
			unit_puts("\\x");
			unit_put_hex(c, 2);
		} else {
			unit_putc((char)c);
		}
	}
	unit_putc('"');
}

static inline __attribute__((unused)) void unit_put_bytes(const void *p, unsigned long n)
{
	const unsigned char *b = p;
	unsigned long i;

	unit_putc('{');
	for (i = 0; i < n; i++) {
		if (i)
			unit_putc(' ');
		if (i == 64) {
			unit_puts("...");
			break;
		}
		unit_put_hex(b[i], 2);
	}
	unit_putc('}');
}

/* Starts a failure message: "file.c:42: expected ". */
static inline __attribute__((unused)) void unit_fail_start(const char *file, int line)
{
	unit_failed_now = 1;
	unit_msg_len = 0;
	unit_msg[0] = '\0';
	unit_puts(file);
	unit_putc(':');
	unit_put_udec((unsigned long long)line);
	unit_puts(": expected ");
}

static inline __attribute__((unused)) int unit_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static inline __attribute__((unused)) int unit_memeq(const void *a, const void *b, unsigned long n)
{
	const unsigned char *x = a, *y = b;

	while (n--)
		if (*x++ != *y++)
			return 0;
	return 1;
}

/* ---- expectations: each stops the test at its first failure ---- */

#define EXPECT_EQ_INT(seen, expected)					\
	do {								\
		long long unit_s = (long long)(seen);			\
		long long unit_e = (long long)(expected);		\
		if (unit_s != unit_e) {					\
			unit_fail_start(__FILE__, __LINE__);		\
			unit_put_sdec(unit_e);				\
			unit_puts(", saw ");				\
			unit_put_sdec(unit_s);				\
			unit_puts(" (" #seen ")");			\
			return;						\
		}							\
	} while (0)

#define EXPECT_EQ_UINT(seen, expected)					\
	do {								\
		unsigned long long unit_s = (unsigned long long)(seen);	\
		unsigned long long unit_e = (unsigned long long)(expected); \
		if (unit_s != unit_e) {					\
			unit_fail_start(__FILE__, __LINE__);		\
			unit_put_udec(unit_e);				\
			unit_puts(" (0x");				\
			unit_put_hex(unit_e, 1);			\
			unit_puts("), saw ");				\
			unit_put_udec(unit_s);				\
			unit_puts(" (0x");				\
			unit_put_hex(unit_s, 1);			\
			unit_puts(") (" #seen ")");			\
			return;						\
		}							\
	} while (0)

#define EXPECT_STREQ(seen, expected)					\
	do {								\
		const char *unit_s = (seen);				\
		const char *unit_e = (expected);			\
		if (!unit_streq(unit_s, unit_e)) {			\
			unit_fail_start(__FILE__, __LINE__);		\
			unit_put_quoted(unit_e);			\
			unit_puts(", saw ");				\
			unit_put_quoted(unit_s);			\
			unit_puts(" (" #seen ")");			\
			return;						\
		}							\
	} while (0)

#define EXPECT_TRUE(cond)						\
	do {								\
		if (!(cond)) {						\
			unit_fail_start(__FILE__, __LINE__);		\
			unit_puts("true, saw false (" #cond ")");	\
			return;						\
		}							\
	} while (0)

#define EXPECT_PTR_EQ(seen, expected)					\
	do {								\
		const void *unit_s = (const void *)(seen);		\
		const void *unit_e = (const void *)(expected);		\
		if (unit_s != unit_e) {					\
			unit_fail_start(__FILE__, __LINE__);		\
			unit_puts("0x");				\
			unit_put_hex((unsigned long long)(unsigned long)unit_e, 1); \
			unit_puts(", saw 0x");				\
			unit_put_hex((unsigned long long)(unsigned long)unit_s, 1); \
			unit_puts(" (" #seen ")");			\
			return;						\
		}							\
	} while (0)

/* n bytes at seen equal n bytes at expected; a failure shows both in hex. */
#define EXPECT_MEM_EQ(seen, expected, n)				\
	do {								\
		const void *unit_s = (seen);				\
		const void *unit_e = (expected);			\
		unsigned long unit_n = (unsigned long)(n);		\
		if (!unit_memeq(unit_s, unit_e, unit_n)) {		\
			unit_fail_start(__FILE__, __LINE__);		\
			unit_put_bytes(unit_e, unit_n);			\
			unit_puts(", saw ");				\
			unit_put_bytes(unit_s, unit_n);			\
			unit_puts(" (" #seen ")");			\
			return;						\
		}							\
	} while (0)

/* ---- running ---- */

static inline __attribute__((unused)) int unit_selected(const char *name, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++) {
		const char *n, *want = argv[i];

		for (n = name; *n; n++) {
			const char *a = n, *b = want;

			while (*a && *b && *a == *b) {
				a++;
				b++;
			}
			if (!*b)
				return 1;
		}
		if (!*want)
			return 1;
	}
	return 0;
}

static inline __attribute__((unused)) int unit_main(int argc, char **argv)
{
	struct unit_test *t;
	int failed = 0;

	/* Lines reach tools/check even if a later test crashes the binary. */
	setvbuf(stdout, NULL, _IONBF, 0);

	if (argc == 2 && unit_streq(argv[1], "--list")) {
		for (t = unit_first; t; t = t->next)
			printf("%s\n", t->name);
		return 0;
	}

	for (t = unit_first; t; t = t->next) {
		if (!unit_selected(t->name, argc, argv))
			continue;
		unit_failed_now = 0;
		unit_msg_len = 0;
		unit_msg[0] = '\0';
		t->fn();
		if (unit_failed_now) {
			failed++;
			printf("FAIL %s: %s\n", t->name, unit_msg);
		} else {
			printf("PASS %s\n", t->name);
		}
	}
	return failed ? 1 : 0;
}

#ifdef UNIT_MAIN
int main(int argc, char **argv)
{
	return unit_main(argc, argv);
}
#endif

#endif /* MODLAB_UNIT_H */
