/*
 * Host tests of kernel/lib/string.c: the memory and string functions with
 * the C library's meanings, and strscpy with Linux's.
 *
 * Buffers are filled with a guard byte first so that a function writing
 * past its limit shows up as a changed byte; arrays without a terminating
 * NUL check that a bounded function reads no further than its bound
 * (AddressSanitizer reports the overrun).
 */
#define UNIT_MAIN
#include "unit.h"

#include <linux/errno.h>
#include <linux/string.h>

#define GUARD 0x5a

static void fill(void *p, size_t n)
{
	unsigned char *b = p;

	while (n--)
		*b++ = GUARD;
}

/* ---- memcpy ---- */

TEST(memcpy_copies_n_bytes_and_returns_dst)
{
	char dst[8];

	fill(dst, sizeof(dst));
	EXPECT_PTR_EQ(memcpy(dst, "abcdef", 4), dst);
	EXPECT_MEM_EQ(dst, "abcd\x5a\x5a\x5a\x5a", 8);
}

TEST(memcpy_of_zero_bytes_writes_nothing)
{
	char dst[4];

	fill(dst, sizeof(dst));
	EXPECT_PTR_EQ(memcpy(dst, "xyz", 0), dst);
	EXPECT_MEM_EQ(dst, "\x5a\x5a\x5a\x5a", 4);
}

TEST(memcpy_copies_nul_and_high_bytes)
{
	const char src[5] = { 'a', '\0', (char)0xff, (char)0x80, 'z' };
	char dst[5];

	memcpy(dst, src, 5);
	EXPECT_MEM_EQ(dst, src, 5);
}

TEST(memcpy_copies_long_unaligned_ranges)
{
	char src[301], dst[301];
	size_t off, i;

	for (i = 0; i < sizeof(src); i++)
		src[i] = (char)(i * 7 + 3);
	for (off = 0; off < 8; off++) {
		fill(dst, sizeof(dst));
		memcpy(dst + off, src + (7 - off), 250);
		EXPECT_MEM_EQ(dst + off, src + (7 - off), 250);
		EXPECT_EQ_UINT((unsigned char)dst[off + 250], GUARD);
	}
}

/* ---- memmove ---- */

TEST(memmove_overlapping_forward_keeps_source_bytes)
{
	char buf[11] = "0123456789";

	/* dst above src: a naive forward copy would smear "0". */
	EXPECT_PTR_EQ(memmove(buf + 2, buf, 6), buf + 2);
	EXPECT_STREQ(buf, "0101234589");
}

TEST(memmove_overlapping_backward_keeps_source_bytes)
{
	char buf[11] = "0123456789";

	/* dst below src: a naive backward copy would smear "7". */
	EXPECT_PTR_EQ(memmove(buf, buf + 2, 6), buf);
	EXPECT_STREQ(buf, "2345676789");
}

TEST(memmove_overlapping_by_one_byte_both_ways)
{
	char up[7] = "abcdef", down[7] = "abcdef";

	memmove(up + 1, up, 5);
	memmove(down, down + 1, 5);
	EXPECT_STREQ(up, "aabcde");
	EXPECT_STREQ(down, "bcdeff");
}

TEST(memmove_long_overlap_both_ways)
{
	unsigned char buf[600], want[600];
	size_t i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = want[i] = (unsigned char)(i * 13);
	memmove(buf + 37, buf, 500);
	for (i = 0; i < 500; i++)
		want[37 + i] = (unsigned char)(i * 13);
	EXPECT_MEM_EQ(buf, want, sizeof(buf));

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = want[i] = (unsigned char)(i * 13);
	memmove(buf, buf + 37, 500);
	for (i = 0; i < 500; i++)
		want[i] = (unsigned char)((i + 37) * 13);
	EXPECT_MEM_EQ(buf, want, sizeof(buf));
}

TEST(memmove_onto_itself_and_zero_length)
{
	char buf[5] = "abcd";

	EXPECT_PTR_EQ(memmove(buf, buf, 4), buf);
	EXPECT_STREQ(buf, "abcd");
	EXPECT_PTR_EQ(memmove(buf + 1, buf, 0), buf + 1);
	EXPECT_STREQ(buf, "abcd");
}

/* ---- memset ---- */

TEST(memset_fills_n_bytes_and_returns_s)
{
	char buf[6];

	fill(buf, sizeof(buf));
	EXPECT_PTR_EQ(memset(buf + 1, 'x', 3), buf + 1);
	EXPECT_MEM_EQ(buf, "\x5axxx\x5a\x5a", 6);
}

TEST(memset_uses_value_as_unsigned_char)
{
	unsigned char buf[4];

	memset(buf, 0x141, sizeof(buf));
	EXPECT_MEM_EQ(buf, "AAAA", 4);
	memset(buf, -1, sizeof(buf));
	EXPECT_MEM_EQ(buf, "\xff\xff\xff\xff", 4);
}

TEST(memset_of_zero_bytes_writes_nothing)
{
	char buf[2];

	fill(buf, sizeof(buf));
	memset(buf, 0, 0);
	EXPECT_MEM_EQ(buf, "\x5a\x5a", 2);
}

/* ---- memcmp ---- */

TEST(memcmp_equal_ranges_compare_zero)
{
	EXPECT_EQ_INT(memcmp("abc", "abc", 3), 0);
	EXPECT_EQ_INT(memcmp("abX", "abY", 2), 0);
	EXPECT_EQ_INT(memcmp("a", "b", 0), 0);
}

TEST(memcmp_sign_follows_first_differing_byte)
{
	EXPECT_TRUE(memcmp("abc", "abd", 3) < 0);
	EXPECT_TRUE(memcmp("abd", "abc", 3) > 0);
}

TEST(memcmp_compares_bytes_as_unsigned)
{
	EXPECT_TRUE(memcmp("\x80", "\x01", 1) > 0);
	EXPECT_TRUE(memcmp("\x01", "\xff", 1) < 0);
}

TEST(memcmp_does_not_stop_at_nul)
{
	EXPECT_TRUE(memcmp("a\0b", "a\0c", 3) < 0);
}

/* ---- memchr ---- */

TEST(memchr_finds_first_occurrence)
{
	const char *s = "hello";

	EXPECT_PTR_EQ(memchr(s, 'l', 5), s + 2);
	EXPECT_PTR_EQ(memchr(s, 'h', 5), s);
}

TEST(memchr_stops_after_n_bytes)
{
	const char *s = "hello";

	EXPECT_PTR_EQ(memchr(s, 'o', 4), NULL);
	EXPECT_PTR_EQ(memchr(s, 'h', 0), NULL);
}

TEST(memchr_finds_nul_and_high_bytes)
{
	const char s[4] = { 'a', '\0', (char)0xe9, 'b' };

	EXPECT_PTR_EQ(memchr(s, 0, 4), s + 1);
	EXPECT_PTR_EQ(memchr(s, 0xe9, 4), s + 2);
	/* The value is converted to unsigned char first. */
	EXPECT_PTR_EQ(memchr(s, 0x100 + 'b', 4), s + 3);
}

/* ---- strlen, strnlen ---- */

TEST(strlen_counts_bytes_before_nul)
{
	EXPECT_EQ_UINT(strlen(""), 0);
	EXPECT_EQ_UINT(strlen("a"), 1);
	EXPECT_EQ_UINT(strlen("hello world"), 11);
	EXPECT_EQ_UINT(strlen("ab\0cd"), 2);
}

TEST(strnlen_stops_at_limit_or_nul)
{
	EXPECT_EQ_UINT(strnlen("hello", 3), 3);
	EXPECT_EQ_UINT(strnlen("hello", 5), 5);
	EXPECT_EQ_UINT(strnlen("hello", 100), 5);
	EXPECT_EQ_UINT(strnlen("hello", 0), 0);
	EXPECT_EQ_UINT(strnlen("", 4), 0);
}

TEST(strnlen_reads_no_further_than_limit)
{
	const char p[4] = { 'a', 'b', 'c', 'd' };	/* no NUL */

	EXPECT_EQ_UINT(strnlen(p, 4), 4);
	EXPECT_EQ_UINT(strnlen(p, 2), 2);
}

/* ---- strcmp, strncmp ---- */

TEST(strcmp_orders_strings)
{
	EXPECT_EQ_INT(strcmp("abc", "abc"), 0);
	EXPECT_EQ_INT(strcmp("", ""), 0);
	EXPECT_TRUE(strcmp("abc", "abd") < 0);
	EXPECT_TRUE(strcmp("abd", "abc") > 0);
	EXPECT_TRUE(strcmp("ab", "abc") < 0);
	EXPECT_TRUE(strcmp("abc", "ab") > 0);
	EXPECT_TRUE(strcmp("", "a") < 0);
}

TEST(strcmp_compares_bytes_as_unsigned)
{
	EXPECT_TRUE(strcmp("\xff", "a") > 0);
	EXPECT_TRUE(strcmp("a", "\x80") < 0);
}

TEST(strncmp_compares_at_most_n_bytes)
{
	EXPECT_EQ_INT(strncmp("abcX", "abcY", 3), 0);
	EXPECT_TRUE(strncmp("abcX", "abcY", 4) < 0);
	EXPECT_EQ_INT(strncmp("a", "b", 0), 0);
	EXPECT_TRUE(strncmp("ab", "abc", 5) < 0);
	EXPECT_EQ_INT(strncmp("ab\0x", "ab\0y", 4), 0);
	EXPECT_TRUE(strncmp("\xff", "a", 1) > 0);
}

/* ---- strchr, strrchr ---- */

TEST(strchr_finds_first_occurrence)
{
	const char *s = "a/b/c";

	EXPECT_PTR_EQ(strchr(s, '/'), s + 1);
	EXPECT_PTR_EQ(strchr(s, 'a'), s);
	EXPECT_PTR_EQ(strchr(s, 'x'), NULL);
}

TEST(strchr_of_nul_finds_the_terminator)
{
	const char *s = "abc";

	EXPECT_PTR_EQ(strchr(s, '\0'), s + 3);
}

TEST(strchr_converts_value_to_char)
{
	const char *s = "ab\xe9";

	EXPECT_PTR_EQ(strchr(s, 0xe9), s + 2);
}

TEST(strrchr_finds_last_occurrence)
{
	const char *s = "a/b/c";

	EXPECT_PTR_EQ(strrchr(s, '/'), s + 3);
	EXPECT_PTR_EQ(strrchr(s, 'c'), s + 4);
	EXPECT_PTR_EQ(strrchr(s, 'x'), NULL);
	EXPECT_PTR_EQ(strrchr("", 'x'), NULL);
}

TEST(strrchr_of_nul_finds_the_terminator)
{
	const char *s = "abc";

	EXPECT_PTR_EQ(strrchr(s, '\0'), s + 3);
}

/* ---- strcpy, strncpy ---- */

TEST(strcpy_copies_with_nul_and_returns_dst)
{
	char dst[8];

	fill(dst, sizeof(dst));
	EXPECT_PTR_EQ(strcpy(dst, "abc"), dst);
	EXPECT_MEM_EQ(dst, "abc\0\x5a\x5a\x5a\x5a", 8);
	strcpy(dst, "");
	EXPECT_STREQ(dst, "");
}

TEST(strncpy_pads_short_source_with_nuls)
{
	char dst[8];

	fill(dst, sizeof(dst));
	EXPECT_PTR_EQ(strncpy(dst, "ab", 6), dst);
	EXPECT_MEM_EQ(dst, "ab\0\0\0\0\x5a\x5a", 8);
}

TEST(strncpy_does_not_terminate_long_source)
{
	char dst[6];

	fill(dst, sizeof(dst));
	strncpy(dst, "abcdefgh", 4);
	EXPECT_MEM_EQ(dst, "abcd\x5a\x5a", 6);
}

/* ---- strscpy ---- */

TEST(strscpy_copies_and_returns_length)
{
	char dst[8];

	fill(dst, sizeof(dst));
	EXPECT_EQ_INT(strscpy(dst, "abc", sizeof(dst)), 3);
	EXPECT_STREQ(dst, "abc");
	EXPECT_EQ_INT(strscpy(dst, "", sizeof(dst)), 0);
	EXPECT_STREQ(dst, "");
}

TEST(strscpy_fits_exactly_with_room_for_nul)
{
	char dst[4];

	EXPECT_EQ_INT(strscpy(dst, "abc", sizeof(dst)), 3);
	EXPECT_STREQ(dst, "abc");
}

TEST(strscpy_truncates_with_e2big_and_terminates)
{
	char dst[8];

	fill(dst, sizeof(dst));
	EXPECT_EQ_INT(strscpy(dst, "abcd", 4), -E2BIG);
	EXPECT_MEM_EQ(dst, "abc\0\x5a\x5a\x5a\x5a", 8);
	EXPECT_EQ_INT(strscpy(dst, "hello world", sizeof(dst)), -E2BIG);
	EXPECT_STREQ(dst, "hello w");
}

TEST(strscpy_into_one_byte_gives_empty_string)
{
	char dst[2];

	fill(dst, sizeof(dst));
	EXPECT_EQ_INT(strscpy(dst, "x", 1), -E2BIG);
	EXPECT_MEM_EQ(dst, "\0\x5a", 2);
	EXPECT_EQ_INT(strscpy(dst, "", 1), 0);
	EXPECT_EQ_UINT(dst[0], 0);
}

TEST(strscpy_of_size_zero_writes_nothing)
{
	char dst[2];

	fill(dst, sizeof(dst));
	EXPECT_EQ_INT(strscpy(dst, "abc", 0), -E2BIG);
	EXPECT_MEM_EQ(dst, "\x5a\x5a", 2);
}

TEST(strscpy_reads_no_further_than_size)
{
	const char src[4] = { 'a', 'b', 'c', 'd' };	/* no NUL */
	char dst[4];

	EXPECT_EQ_INT(strscpy(dst, src, sizeof(dst)), -E2BIG);
	EXPECT_STREQ(dst, "abc");
}

/* ---- strcat, strncat ---- */

TEST(strcat_appends_and_returns_dst)
{
	char dst[12] = "foo";

	EXPECT_PTR_EQ(strcat(dst, "bar"), dst);
	EXPECT_STREQ(dst, "foobar");
	strcat(dst, "");
	EXPECT_STREQ(dst, "foobar");
}

TEST(strncat_appends_at_most_n_and_terminates)
{
	char dst[12];

	fill(dst, sizeof(dst));
	strcpy(dst, "ab");
	EXPECT_PTR_EQ(strncat(dst, "cdefg", 3), dst);
	EXPECT_MEM_EQ(dst, "abcde\0\x5a\x5a", 8);
	strncat(dst, "xy", 10);
	EXPECT_STREQ(dst, "abcdexy");
	strncat(dst, "zz", 0);
	EXPECT_STREQ(dst, "abcdexy");
}

/* ---- strstr ---- */

TEST(strstr_finds_first_match)
{
	const char *s = "abcabcd";

	EXPECT_PTR_EQ(strstr(s, "abc"), s);
	EXPECT_PTR_EQ(strstr(s, "abcd"), s + 3);
	EXPECT_PTR_EQ(strstr(s, "d"), s + 6);
}

TEST(strstr_returns_null_without_match)
{
	EXPECT_PTR_EQ(strstr("abc", "abd"), NULL);
	EXPECT_PTR_EQ(strstr("ab", "abc"), NULL);
	EXPECT_PTR_EQ(strstr("", "a"), NULL);
}

TEST(strstr_of_empty_needle_is_haystack)
{
	const char *s = "abc", *empty = "";

	EXPECT_PTR_EQ(strstr(s, ""), s);
	EXPECT_PTR_EQ(strstr(empty, ""), empty);
}

TEST(strstr_handles_partial_matches)
{
	const char *s = "aaab";

	EXPECT_PTR_EQ(strstr(s, "aab"), s + 1);
}

/* ---- strspn, strcspn ---- */

TEST(strspn_counts_leading_accepted_bytes)
{
	EXPECT_EQ_UINT(strspn("  \tx y", " \t"), 3);
	EXPECT_EQ_UINT(strspn("abc", "abc"), 3);
	EXPECT_EQ_UINT(strspn("abc", "x"), 0);
	EXPECT_EQ_UINT(strspn("abc", ""), 0);
	EXPECT_EQ_UINT(strspn("", "abc"), 0);
}

TEST(strcspn_counts_leading_rejected_bytes)
{
	EXPECT_EQ_UINT(strcspn("key=value", "=:"), 3);
	EXPECT_EQ_UINT(strcspn("abc", "x"), 3);
	EXPECT_EQ_UINT(strcspn("abc", ""), 3);
	EXPECT_EQ_UINT(strcspn("abc", "a"), 0);
	EXPECT_EQ_UINT(strcspn("", "a"), 0);
}

/* ---- strsep ---- */

TEST(strsep_splits_on_each_delimiter_keeping_empty_fields)
{
	char buf[] = "a,b,,c";
	char *p = buf;

	EXPECT_STREQ(strsep(&p, ","), "a");
	EXPECT_PTR_EQ(p, buf + 2);
	EXPECT_STREQ(strsep(&p, ","), "b");
	EXPECT_STREQ(strsep(&p, ","), "");
	EXPECT_STREQ(strsep(&p, ","), "c");
	EXPECT_PTR_EQ(p, NULL);
	EXPECT_PTR_EQ(strsep(&p, ","), NULL);
}

TEST(strsep_accepts_several_delimiters)
{
	char buf[] = "x y\tz";
	char *p = buf;

	EXPECT_STREQ(strsep(&p, " \t"), "x");
	EXPECT_STREQ(strsep(&p, " \t"), "y");
	EXPECT_STREQ(strsep(&p, " \t"), "z");
	EXPECT_PTR_EQ(p, NULL);
}

TEST(strsep_without_delimiter_returns_whole_string)
{
	char buf[] = "word";
	char *p = buf;

	EXPECT_PTR_EQ(strsep(&p, ","), buf);
	EXPECT_STREQ(buf, "word");
	EXPECT_PTR_EQ(p, NULL);
}

TEST(strsep_of_trailing_delimiter_gives_final_empty_field)
{
	char buf[] = "a,";
	char *p = buf;

	EXPECT_STREQ(strsep(&p, ","), "a");
	EXPECT_PTR_EQ(p, buf + 2);
	EXPECT_STREQ(strsep(&p, ","), "");
	EXPECT_PTR_EQ(p, NULL);
}
