/*
 * Host tests of kernel/lib/vsprintf.c: snprintf and friends with C99
 * meanings (return value = length the full output would have), and the
 * kstrto* number parsers with Linux's.
 *
 * The host is 64-bit where the kernel is 32-bit, so the tests use types
 * whose width is the same on both (int, long long) wherever the width
 * shows in the result, and ask sizeof(long) where it cannot be avoided.
 */
#define UNIT_MAIN
#include "unit.h"

#include <stdarg.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#define T_INT_MAX	__INT_MAX__
#define T_INT_MIN	(-__INT_MAX__ - 1)
#define T_UINT_MAX	(2U * __INT_MAX__ + 1U)
#define T_LLONG_MAX	__LONG_LONG_MAX__
#define T_LLONG_MIN	(-__LONG_LONG_MAX__ - 1LL)
#define T_ULLONG_MAX	(~0ULL)

#define LONG_IS_64	(sizeof(long) == 8)

static char out[256];

/*
 * snprintf into a roomy buffer must give exactly `expected`, and return
 * its length. Stops the test on a mismatch; the line number says which.
 */
#define EXPECT_FMT(expected, ...)					\
	do {								\
		int unit_len;						\
		memset(out, 0x5a, sizeof(out));				\
		unit_len = snprintf(out, sizeof(out), __VA_ARGS__);	\
		EXPECT_STREQ(out, expected);				\
		EXPECT_EQ_INT(unit_len, sizeof(expected) - 1);		\
	} while (0)

/* ---- conversions ---- */

TEST(d_and_i_print_signed_decimal)
{
	EXPECT_FMT("42", "%d", 42);
	EXPECT_FMT("-42", "%d", -42);
	EXPECT_FMT("0", "%d", 0);
	EXPECT_FMT("-7", "%i", -7);
	EXPECT_FMT("a1b-2c", "a%db%ic", 1, -2);
}

TEST(d_prints_int_extremes)
{
	EXPECT_FMT("2147483647", "%d", T_INT_MAX);
	EXPECT_FMT("-2147483648", "%d", T_INT_MIN);
	EXPECT_FMT("-2147483648", "%i", T_INT_MIN);
}

TEST(u_prints_unsigned_decimal)
{
	EXPECT_FMT("0", "%u", 0U);
	EXPECT_FMT("4294967295", "%u", T_UINT_MAX);
	EXPECT_FMT("3000000000", "%u", 3000000000U);
}

TEST(x_and_X_print_hex_in_either_case)
{
	EXPECT_FMT("deadbeef", "%x", 0xdeadbeefU);
	EXPECT_FMT("DEADBEEF", "%X", 0xdeadbeefU);
	EXPECT_FMT("0", "%x", 0U);
	EXPECT_FMT("ffffffff", "%x", T_UINT_MAX);
	EXPECT_FMT("ffffffff", "%x", -1);
}

TEST(o_prints_octal)
{
	EXPECT_FMT("10", "%o", 8U);
	EXPECT_FMT("0", "%o", 0U);
	EXPECT_FMT("37777777777", "%o", T_UINT_MAX);
}

TEST(c_prints_one_character)
{
	EXPECT_FMT("A", "%c", 'A');
	EXPECT_FMT("[x]", "[%c]", 'x');
	EXPECT_FMT("\xe9", "%c", 0xe9);
}

TEST(s_prints_strings)
{
	EXPECT_FMT("hello", "%s", "hello");
	EXPECT_FMT("", "%s", "");
	EXPECT_FMT("a-b", "%s-%s", "a", "b");
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
TEST(s_prints_null_as_placeholder)
{
	const char *none = NULL;

	EXPECT_FMT("(null)", "%s", none);
	EXPECT_FMT("[(null)]", "[%s]", none);
}
#pragma GCC diagnostic pop

TEST(percent_percent_prints_percent)
{
	EXPECT_FMT("%", "%%");
	EXPECT_FMT("100%", "%d%%", 100);
	EXPECT_FMT("%d", "%%d");
}

/* Zero-padded to the width of a pointer: 8 digits in the kernel, 16 on a
 * 64-bit host. */
TEST(p_prints_0x_and_pointer_width_hex_digits)
{
	if (sizeof(void *) == 8) {
		EXPECT_FMT("0x0000000000001234", "%p", (void *)0x1234);
		EXPECT_FMT("0x00000000c0101234", "%p", (void *)0xc0101234UL);
	} else {
		EXPECT_FMT("0x00001234", "%p", (void *)0x1234);
		EXPECT_FMT("0xc0101234", "%p", (void *)0xc0101234UL);
	}
}

/* %pad and %pap print the 32-bit address pointed to, not the pointer. */
TEST(pad_and_pap_print_the_address_they_point_to)
{
	uint32_t dma = 0x4f0000, phys = 0xfed40000;

	EXPECT_FMT("coherent=0x004f0000/4096", "coherent=%pad/%d", &dma, 4096);
	EXPECT_FMT("at 0xfed40000.", "at %pap.", &phys);
}

TEST(plain_text_passes_through)
{
	EXPECT_FMT("hello, world\n", "hello, world\n");
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-zero-length"
TEST(empty_format_gives_empty_string)
{
	EXPECT_FMT("", "");
}
#pragma GCC diagnostic pop

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
TEST(unknown_conversion_is_printed_literally)
{
	EXPECT_FMT("%q", "%q");
	EXPECT_FMT("a%qb", "a%qb");
	EXPECT_FMT("%q 5", "%q %d", 5);
}

TEST(trailing_percent_stays_within_the_format)
{
	int n;

	memset(out, 0x5a, sizeof(out));
	n = snprintf(out, sizeof(out), "100%");
	/* Either dropping or keeping the lone '%' is fine; running past the
	 * format's NUL (an AddressSanitizer report) is not. */
	EXPECT_TRUE(out[0] == '1' && out[1] == '0' && out[2] == '0');
	EXPECT_TRUE((n == 3 && out[3] == '\0') || (n == 4 && out[3] == '%' && out[4] == '\0'));
}
#pragma GCC diagnostic pop

/* ---- width and flags ---- */

TEST(width_pads_on_the_left_with_spaces)
{
	EXPECT_FMT("   42", "%5d", 42);
	EXPECT_FMT("  -42", "%5d", -42);
	EXPECT_FMT("   ab", "%5s", "ab");
	EXPECT_FMT("    x", "%5c", 'x');
	EXPECT_FMT("   ff", "%5x", 0xffU);
}

TEST(width_smaller_than_value_does_not_truncate)
{
	EXPECT_FMT("12345", "%2d", 12345);
	EXPECT_FMT("hello", "%3s", "hello");
}

TEST(minus_flag_pads_on_the_right)
{
	EXPECT_FMT("42   |", "%-5d|", 42);
	EXPECT_FMT("-42  |", "%-5d|", -42);
	EXPECT_FMT("ab   |", "%-5s|", "ab");
	EXPECT_FMT("x  |", "%-3c|", 'x');
}

TEST(zero_flag_pads_numbers_with_zeros_after_the_sign)
{
	EXPECT_FMT("00042", "%05d", 42);
	EXPECT_FMT("-0042", "%05d", -42);
	EXPECT_FMT("000ff", "%05x", 0xffU);
	EXPECT_FMT("00000000", "%08x", 0U);
}

TEST(plus_flag_always_prints_a_sign)
{
	EXPECT_FMT("+42", "%+d", 42);
	EXPECT_FMT("-42", "%+d", -42);
	EXPECT_FMT("+0", "%+d", 0);
	EXPECT_FMT("  +42", "%+5d", 42);
	EXPECT_FMT("+0042", "%+05d", 42);
	EXPECT_FMT("+42  |", "%-+5d|", 42);
}

TEST(space_flag_puts_a_space_where_plus_would_go)
{
	EXPECT_FMT(" 42", "% d", 42);
	EXPECT_FMT("-42", "% d", -42);
	EXPECT_FMT(" 0042", "% 05d", 42);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
TEST(plus_flag_wins_over_space_flag)
{
	EXPECT_FMT("+42", "%+ d", 42);
	EXPECT_FMT("+42", "% +d", 42);
}

TEST(minus_flag_wins_over_zero_flag)
{
	EXPECT_FMT("42   |", "%-05d|", 42);
	EXPECT_FMT("42   |", "%0-5d|", 42);
}
#pragma GCC diagnostic pop

TEST(hash_flag_adds_base_prefix)
{
	EXPECT_FMT("0xff", "%#x", 0xffU);
	EXPECT_FMT("0XFF", "%#X", 0xffU);
	EXPECT_FMT("010", "%#o", 8U);
	EXPECT_FMT("      0xff", "%#10x", 0xffU);
	EXPECT_FMT("0xff      |", "%-#10x|", 0xffU);
}

TEST(hash_flag_with_zero_pads_after_the_prefix)
{
	EXPECT_FMT("0x000000ff", "%#010x", 0xffU);
	EXPECT_FMT("0X000000FF", "%#010X", 0xffU);
}

TEST(hash_flag_adds_no_prefix_to_zero)
{
	EXPECT_FMT("0", "%#x", 0U);
	EXPECT_FMT("0", "%#o", 0U);
	EXPECT_FMT("    0", "%#5x", 0U);
}

TEST(star_takes_width_from_arguments)
{
	EXPECT_FMT("   42", "%*d", 5, 42);
	EXPECT_FMT("00042", "%0*d", 5, 42);
	EXPECT_FMT("42   |", "%-*d|", 5, 42);
	EXPECT_FMT("   ab|7", "%*s|%d", 5, "ab", 7);
}

TEST(negative_star_width_means_left_justify)
{
	EXPECT_FMT("42   |", "%*d|", -5, 42);
	EXPECT_FMT("ab   |", "%*s|", -5, "ab");
}

/* ---- precision ---- */

TEST(precision_limits_string_length)
{
	EXPECT_FMT("abc", "%.3s", "abcdef");
	EXPECT_FMT("", "%.0s", "abc");
	EXPECT_FMT("abc", "%.10s", "abc");
	EXPECT_FMT("   ab", "%5.2s", "abc");
	EXPECT_FMT("ab   |", "%-5.2s|", "abc");
}

TEST(star_takes_precision_from_arguments)
{
	EXPECT_FMT("ab", "%.*s", 2, "abc");
	EXPECT_FMT("  ab", "%*.*s", 4, 2, "abc");
	EXPECT_FMT("007", "%.*d", 3, 7);
}

TEST(negative_star_precision_is_ignored)
{
	EXPECT_FMT("abc", "%.*s", -1, "abc");
	EXPECT_FMT("7", "%.*d", -2, 7);
}

TEST(string_precision_reads_no_further_than_precision)
{
	const char unterminated[3] = { 'a', 'b', 'c' };

	EXPECT_FMT("abc", "%.3s", unterminated);
	EXPECT_FMT("ab", "%.2s", unterminated);
}

TEST(precision_gives_minimum_digits)
{
	EXPECT_FMT("007", "%.3d", 7);
	EXPECT_FMT("-007", "%.3d", -7);
	EXPECT_FMT("  007", "%5.3d", 7);
	EXPECT_FMT("007  |", "%-5.3d|", 7);
	EXPECT_FMT("12345", "%.3d", 12345);
	EXPECT_FMT("000ab", "%.5x", 0xabU);
	EXPECT_FMT("0x000ab", "%#.5x", 0xabU);
	EXPECT_FMT("+007", "%+.3d", 7);
}

TEST(precision_zero_prints_no_digits_for_zero)
{
	EXPECT_FMT("", "%.0d", 0);
	EXPECT_FMT("", "%.d", 0);
	EXPECT_FMT("     ", "%5.0d", 0);
	EXPECT_FMT("", "%.0x", 0U);
	EXPECT_FMT("", "%.0u", 0U);
	EXPECT_FMT("1", "%.0d", 1);
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
TEST(zero_flag_is_ignored_when_precision_is_given)
{
	EXPECT_FMT("     007", "%08.3d", 7);
	EXPECT_FMT("    -007", "%08.3d", -7);
}
#pragma GCC diagnostic pop

/* ---- length modifiers ---- */

TEST(hh_converts_to_char_width)
{
	EXPECT_FMT("-1", "%hhd", 255);
	EXPECT_FMT("5", "%hhu", 256 + 5);
	EXPECT_FMT("ff", "%hhx", -1);
	EXPECT_FMT("-128", "%hhd", 128);
}

TEST(h_converts_to_short_width)
{
	EXPECT_FMT("-1", "%hd", 65535);
	EXPECT_FMT("7", "%hu", 65536 + 7);
	EXPECT_FMT("2345", "%hx", 0x12345);
	EXPECT_FMT("-32768", "%hd", 32768);
}

TEST(l_prints_long)
{
	EXPECT_FMT("-123456789", "%ld", -123456789L);
	EXPECT_FMT("4000000000", "%lu", 4000000000UL);
	EXPECT_FMT("abcdef01", "%lx", 0xabcdef01UL);
	if (LONG_IS_64)
		EXPECT_FMT("ffffffffffffffff", "%lx", ~0UL);
	else
		EXPECT_FMT("ffffffff", "%lx", ~0UL);
}

TEST(ll_prints_long_long_extremes)
{
	EXPECT_FMT("9223372036854775807", "%lld", T_LLONG_MAX);
	EXPECT_FMT("-9223372036854775808", "%lld", T_LLONG_MIN);
	EXPECT_FMT("18446744073709551615", "%llu", T_ULLONG_MAX);
	EXPECT_FMT("ffffffffffffffff", "%llx", T_ULLONG_MAX);
	EXPECT_FMT("FFFFFFFFFFFFFFFF", "%llX", T_ULLONG_MAX);
	EXPECT_FMT("1777777777777777777777", "%llo", T_ULLONG_MAX);
	EXPECT_FMT("123456789abcdef", "%llx", 0x123456789abcdefULL);
	EXPECT_FMT("0", "%lld", 0LL);
}

TEST(ll_consumes_the_whole_argument)
{
	EXPECT_FMT("1099511627776 7", "%lld %d", 1LL << 40, 7);
	EXPECT_FMT("-1 x", "%lld %c", -1LL, 'x');
	EXPECT_FMT("4294967296 ab", "%llu %s", 1ULL << 32, "ab");
}

TEST(ll_with_width_and_flags)
{
	EXPECT_FMT("-00000000001", "%012lld", -1LL);
	EXPECT_FMT("0x00000001ffffffff", "%#018llx", 0x1ffffffffULL);
	EXPECT_FMT("+9223372036854775807", "%+lld", T_LLONG_MAX);
}

TEST(z_and_t_print_size_and_ptrdiff)
{
	size_t sz = 123;
	ptrdiff_t d = -5;

	EXPECT_FMT("123", "%zu", sz);
	EXPECT_FMT("7b", "%zx", sz);
	EXPECT_FMT("-5", "%td", d);
	EXPECT_FMT("-5", "%zd", (ssize_t)-5);
	EXPECT_FMT("4000000000", "%zu", (size_t)4000000000U);
}

/* ---- truncation and return value ---- */

TEST(truncation_keeps_size_minus_one_chars_and_returns_full_length)
{
	char buf[16];

	memset(buf, 0x5a, sizeof(buf));
	EXPECT_EQ_INT(snprintf(buf, 5, "hello world"), 11);
	EXPECT_MEM_EQ(buf, "hell\0\x5a\x5a\x5a", 8);
}

TEST(exact_fit_is_not_truncated)
{
	char buf[6];

	EXPECT_EQ_INT(snprintf(buf, sizeof(buf), "hello"), 5);
	EXPECT_STREQ(buf, "hello");
	EXPECT_EQ_INT(snprintf(buf, sizeof(buf), "hello!"), 6);
	EXPECT_STREQ(buf, "hello");
}

TEST(size_one_gives_empty_string)
{
	char buf[4];

	memset(buf, 0x5a, sizeof(buf));
	EXPECT_EQ_INT(snprintf(buf, 1, "abc%d", 42), 5);
	EXPECT_MEM_EQ(buf, "\0\x5a\x5a\x5a", 4);
}

TEST(size_zero_writes_nothing_and_returns_length)
{
	char buf[4];

	memset(buf, 0x5a, sizeof(buf));
	EXPECT_EQ_INT(snprintf(buf, 0, "abc%d", 42), 5);
	EXPECT_MEM_EQ(buf, "\x5a\x5a\x5a\x5a", 4);
	EXPECT_EQ_INT(snprintf(NULL, 0, "%s=%d", "key", 12345), 9);
}

TEST(truncation_inside_a_number_or_padding)
{
	char buf[8];

	EXPECT_EQ_INT(snprintf(buf, 4, "%d", 123456), 6);
	EXPECT_STREQ(buf, "123");
	EXPECT_EQ_INT(snprintf(buf, 4, "%10s", "x"), 10);
	EXPECT_STREQ(buf, "   ");
	EXPECT_EQ_INT(snprintf(buf, 4, "%-10s|", "xy"), 11);
	EXPECT_STREQ(buf, "xy ");
	EXPECT_EQ_INT(snprintf(buf, 3, "%lld", T_LLONG_MIN), 20);
	EXPECT_STREQ(buf, "-9");
}

TEST(long_output_is_counted_in_full)
{
	char buf[8];

	EXPECT_EQ_INT(snprintf(buf, sizeof(buf), "%300d", 1), 300);
	EXPECT_STREQ(buf, "       ");
	EXPECT_EQ_INT(snprintf(buf, sizeof(buf), "%-300s|", "ab"), 301);
	EXPECT_STREQ(buf, "ab     ");
}

TEST(sprintf_writes_and_returns_length)
{
	char buf[32];

	EXPECT_EQ_INT(sprintf(buf, "%s %d %x", "n", -3, 255U), 7);
	EXPECT_STREQ(buf, "n -3 ff");
}

static int call_vsnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

TEST(vsnprintf_takes_a_va_list)
{
	char buf[8];

	EXPECT_EQ_INT(call_vsnprintf(buf, sizeof(buf), "%d-%s", 12, "ab"), 5);
	EXPECT_STREQ(buf, "12-ab");
	EXPECT_EQ_INT(call_vsnprintf(buf, 3, "%lld", 1LL << 40), 13);
	EXPECT_STREQ(buf, "10");
}

/* ---- kstrtoul ---- */

TEST(kstrtoul_parses_decimal_hex_octal_and_binary)
{
	unsigned long v = 99;

	EXPECT_EQ_INT(kstrtoul("0", 10, &v), 0);
	EXPECT_EQ_UINT(v, 0);
	EXPECT_EQ_INT(kstrtoul("123", 10, &v), 0);
	EXPECT_EQ_UINT(v, 123);
	EXPECT_EQ_INT(kstrtoul("ff", 16, &v), 0);
	EXPECT_EQ_UINT(v, 255);
	EXPECT_EQ_INT(kstrtoul("FF", 16, &v), 0);
	EXPECT_EQ_UINT(v, 255);
	EXPECT_EQ_INT(kstrtoul("0x1f", 16, &v), 0);
	EXPECT_EQ_UINT(v, 31);
	EXPECT_EQ_INT(kstrtoul("17", 8, &v), 0);
	EXPECT_EQ_UINT(v, 15);
	EXPECT_EQ_INT(kstrtoul("101", 2, &v), 0);
	EXPECT_EQ_UINT(v, 5);
}

TEST(kstrtoul_base_zero_detects_prefix)
{
	unsigned long v = 99;

	EXPECT_EQ_INT(kstrtoul("0x1f", 0, &v), 0);
	EXPECT_EQ_UINT(v, 31);
	EXPECT_EQ_INT(kstrtoul("0X1F", 0, &v), 0);
	EXPECT_EQ_UINT(v, 31);
	EXPECT_EQ_INT(kstrtoul("017", 0, &v), 0);
	EXPECT_EQ_UINT(v, 15);
	EXPECT_EQ_INT(kstrtoul("17", 0, &v), 0);
	EXPECT_EQ_UINT(v, 17);
	EXPECT_EQ_INT(kstrtoul("0", 0, &v), 0);
	EXPECT_EQ_UINT(v, 0);
}

TEST(kstrtoul_accepts_one_trailing_newline)
{
	unsigned long v = 99;

	EXPECT_EQ_INT(kstrtoul("42\n", 10, &v), 0);
	EXPECT_EQ_UINT(v, 42);
	v = 99;
	EXPECT_EQ_INT(kstrtoul("42\n\n", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("\n", 10, &v), -EINVAL);
	EXPECT_EQ_UINT(v, 99);
}

TEST(kstrtoul_accepts_leading_plus)
{
	unsigned long v = 99;

	EXPECT_EQ_INT(kstrtoul("+5", 10, &v), 0);
	EXPECT_EQ_UINT(v, 5);
}

TEST(kstrtoul_rejects_junk_and_leaves_result_alone)
{
	unsigned long v = 99;

	EXPECT_EQ_INT(kstrtoul("", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("12a", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("a12", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul(" 12", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("12 ", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("-1", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("0x", 16, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("0x", 0, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("8", 8, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("09", 0, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("2", 2, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtoul("g", 16, &v), -EINVAL);
	EXPECT_EQ_UINT(v, 99);
}

TEST(kstrtoul_parses_ulong_max)
{
	unsigned long v = 0;

	if (LONG_IS_64)
		EXPECT_EQ_INT(kstrtoul("18446744073709551615", 10, &v), 0);
	else
		EXPECT_EQ_INT(kstrtoul("4294967295", 10, &v), 0);
	EXPECT_EQ_UINT(v, ~0UL);
	v = 0;
	if (LONG_IS_64)
		EXPECT_EQ_INT(kstrtoul("0xffffffffffffffff", 0, &v), 0);
	else
		EXPECT_EQ_INT(kstrtoul("0xffffffff", 0, &v), 0);
	EXPECT_EQ_UINT(v, ~0UL);
}

TEST(kstrtoul_reports_overflow_with_erange)
{
	unsigned long v = 99;

	if (LONG_IS_64) {
		EXPECT_EQ_INT(kstrtoul("18446744073709551616", 10, &v), -ERANGE);
		EXPECT_EQ_INT(kstrtoul("0x10000000000000000", 0, &v), -ERANGE);
	} else {
		EXPECT_EQ_INT(kstrtoul("4294967296", 10, &v), -ERANGE);
		EXPECT_EQ_INT(kstrtoul("0x100000000", 0, &v), -ERANGE);
	}
	/* Far past 64 bits too: overflow must not wrap round to a small value. */
	EXPECT_EQ_INT(kstrtoul("99999999999999999999999999", 10, &v), -ERANGE);
	EXPECT_EQ_INT(kstrtoul("36893488147419103232", 10, &v), -ERANGE);	/* 2^65 */
	EXPECT_EQ_UINT(v, 99);
}

/* ---- kstrtol ---- */

TEST(kstrtol_parses_signed_values)
{
	long v = 99;

	EXPECT_EQ_INT(kstrtol("-123", 10, &v), 0);
	EXPECT_EQ_INT(v, -123);
	EXPECT_EQ_INT(kstrtol("123", 10, &v), 0);
	EXPECT_EQ_INT(v, 123);
	EXPECT_EQ_INT(kstrtol("+7", 10, &v), 0);
	EXPECT_EQ_INT(v, 7);
	EXPECT_EQ_INT(kstrtol("-ff", 16, &v), 0);
	EXPECT_EQ_INT(v, -255);
	EXPECT_EQ_INT(kstrtol("-0x10", 0, &v), 0);
	EXPECT_EQ_INT(v, -16);
	EXPECT_EQ_INT(kstrtol("-0", 10, &v), 0);
	EXPECT_EQ_INT(v, 0);
	EXPECT_EQ_INT(kstrtol("-5\n", 10, &v), 0);
	EXPECT_EQ_INT(v, -5);
}

TEST(kstrtol_parses_long_extremes)
{
	long v = 0;

	if (LONG_IS_64) {
		EXPECT_EQ_INT(kstrtol("9223372036854775807", 10, &v), 0);
		EXPECT_EQ_INT(v, T_LLONG_MAX);
		EXPECT_EQ_INT(kstrtol("-9223372036854775808", 10, &v), 0);
		EXPECT_EQ_INT(v, T_LLONG_MIN);
	} else {
		EXPECT_EQ_INT(kstrtol("2147483647", 10, &v), 0);
		EXPECT_EQ_INT(v, T_INT_MAX);
		EXPECT_EQ_INT(kstrtol("-2147483648", 10, &v), 0);
		EXPECT_EQ_INT(v, T_INT_MIN);
	}
}

TEST(kstrtol_reports_overflow_with_erange)
{
	long v = 99;

	if (LONG_IS_64) {
		EXPECT_EQ_INT(kstrtol("9223372036854775808", 10, &v), -ERANGE);
		EXPECT_EQ_INT(kstrtol("-9223372036854775809", 10, &v), -ERANGE);
	} else {
		EXPECT_EQ_INT(kstrtol("2147483648", 10, &v), -ERANGE);
		EXPECT_EQ_INT(kstrtol("-2147483649", 10, &v), -ERANGE);
	}
	EXPECT_EQ_INT(kstrtol("-99999999999999999999999", 10, &v), -ERANGE);
	EXPECT_EQ_INT(v, 99);
}

TEST(kstrtol_rejects_junk)
{
	long v = 99;

	EXPECT_EQ_INT(kstrtol("", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtol("-", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtol("--1", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtol("-+1", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtol("1-", 10, &v), -EINVAL);
	EXPECT_EQ_INT(kstrtol("- 1", 10, &v), -EINVAL);
	EXPECT_EQ_INT(v, 99);
}

TEST(capital_L_and_q_mean_long_long_as_in_linux)
{
	char buf[32];

	EXPECT_EQ_INT(snprintf(buf, sizeof(buf), "%Ld|%Lu", -5000000000LL, 5000000000ULL), 22);
	EXPECT_STREQ(buf, "-5000000000|5000000000");
	EXPECT_EQ_INT(snprintf(buf, sizeof(buf), "%qx", 0x123456789ULL), 9);
	EXPECT_STREQ(buf, "123456789");
}
