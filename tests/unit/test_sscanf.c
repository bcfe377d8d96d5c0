/*
 * Host tests of kernel/lib/sscanf.c: sscanf's conversions, widths, sizes
 * and where it stops; the small kstrto* forms and kstrtobool refusing
 * what does not fit; kasprintf.
 */
/* glibc's stdio.h binds sscanf to __isoc99_sscanf with an asm label;
 * declared after host.h's renames, that label would take k_sscanf along.
 * So stdio.h comes first here, under the real names. */
#undef sscanf
#undef vsscanf
#include <stdio.h>
#define sscanf		k_sscanf
#define vsscanf		k_vsscanf

#define UNIT_MAIN
#include "unit.h"

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <modlab/mm.h>

TEST(sscanf_reads_signed_unsigned_hex_and_words)
{
	int a = 0;
	unsigned int b = 0, x = 0;
	char word[8] = "";

	EXPECT_EQ_INT(sscanf("-42 17 ff name", "%d %u %x %7s", &a, &b, &x, word), 4);
	EXPECT_EQ_INT(a, -42);
	EXPECT_EQ_UINT(b, 17);
	EXPECT_EQ_UINT(x, 0xff);
	EXPECT_STREQ(word, "name");
}

TEST(sscanf_i_takes_the_base_from_the_prefix)
{
	int a = 0, b = 0, c = 0;

	EXPECT_EQ_INT(sscanf("0x1f 017 9", "%i %i %i", &a, &b, &c), 3);
	EXPECT_EQ_INT(a, 31);
	EXPECT_EQ_INT(b, 15);
	EXPECT_EQ_INT(c, 9);
}

TEST(sscanf_matches_literals_and_stops_at_a_mismatch)
{
	int a = 0, b = 7;

	EXPECT_EQ_INT(sscanf("x=5,y=6", "x=%d,y=%d", &a, &b), 2);
	EXPECT_EQ_INT(b, 6);
	b = 7;
	EXPECT_EQ_INT(sscanf("x=5;y=6", "x=%d,y=%d", &a, &b), 1);
	EXPECT_EQ_INT(b, 7);	/* not assigned */
}

TEST(sscanf_stops_at_a_non_number)
{
	int a = 3;

	EXPECT_EQ_INT(sscanf("abc", "%d", &a), 0);
	EXPECT_EQ_INT(a, 3);
	EXPECT_EQ_INT(sscanf("", "%d", &a), 0);
}

TEST(sscanf_honours_widths_sizes_skips_and_n)
{
	unsigned char hh = 0;
	short h = 0;
	long long ll = 0;
	int a = 0, n = 0;
	char s[4] = "", c[2] = "";

	EXPECT_EQ_INT(sscanf("12345", "%2d%*d%n", &a, &n), 1);
	EXPECT_EQ_INT(a, 12);
	EXPECT_EQ_INT(n, 5);
	EXPECT_EQ_INT(sscanf("300 -2 -9000000000", "%hhu %hd %lld", &hh, &h, &ll), 3);
	EXPECT_EQ_UINT(hh, 300 & 0xff);
	EXPECT_EQ_INT(h, -2);
	EXPECT_TRUE(ll == -9000000000LL);
	EXPECT_EQ_INT(sscanf("abcdef", "%3s%c", s, c), 2);
	EXPECT_STREQ(s, "abc");
	EXPECT_EQ_INT(c[0], 'd');
}

TEST(kstrto_small_sizes_refuse_what_does_not_fit)
{
	u8 u8v = 9;
	s8 s8v = 9;
	u16 u16v = 9;
	unsigned long long ull = 0;
	long long ll = 0;

	EXPECT_EQ_INT(kstrtou8("255", 10, &u8v), 0);
	EXPECT_EQ_UINT(u8v, 255);
	EXPECT_EQ_INT(kstrtou8("256", 10, &u8v), -ERANGE);
	EXPECT_EQ_UINT(u8v, 255);	/* unchanged */
	EXPECT_EQ_INT(kstrtos8("-129", 10, &s8v), -ERANGE);
	EXPECT_EQ_INT(kstrtos8("-128", 10, &s8v), 0);
	EXPECT_EQ_INT(s8v, -128);
	EXPECT_EQ_INT(kstrtou16("0x10000", 0, &u16v), -ERANGE);
	EXPECT_EQ_INT(kstrtou16("12a", 10, &u16v), -EINVAL);
	EXPECT_EQ_INT(kstrtoull("18446744073709551615", 10, &ull), 0);
	EXPECT_TRUE(ull == ~0ull);
	EXPECT_EQ_INT(kstrtoull("18446744073709551616", 10, &ull), -ERANGE);
	EXPECT_EQ_INT(kstrtoll("-9223372036854775808", 10, &ll), 0);
	EXPECT_TRUE(ll == (long long)(1ull << 63));
}

TEST(kstrtobool_knows_the_usual_words)
{
	bool b = false;

	EXPECT_EQ_INT(kstrtobool("on", &b), 0);
	EXPECT_TRUE(b);
	EXPECT_EQ_INT(kstrtobool("N", &b), 0);
	EXPECT_TRUE(!b);
	EXPECT_EQ_INT(kstrtobool("maybe", &b), -EINVAL);
}

TEST(simple_strtoul_stops_at_the_first_non_digit)
{
	char *end;

	EXPECT_EQ_UINT(simple_strtoul("123abc", &end, 10), 123);
	EXPECT_STREQ(end, "abc");
	EXPECT_EQ_UINT(simple_strtoul("0x20", NULL, 0), 32);
}

TEST(kasprintf_allocates_exactly_the_text)
{
	char *s;

	slab_init();
	s = kasprintf(GFP_KERNEL, "%s-%d", "node", 42);
	EXPECT_STREQ(s, "node-42");
	EXPECT_EQ_UINT(strlen(s), 7);
	kfree(s);
}
