/*
 * 64-bit division on a 32-bit CPU, with Linux's names. The kernel links no
 * libgcc, so a plain '/' or '%' on a u64 does not link: use these.
 *
 * (modlab's own div_u64_rem(&n, base), linux/kernel.h, divides in place and
 * returns the remainder; it is not Linux's div_u64_rem(n, base, &rem).
 * do_div (asm/div64.h) is Linux's in-place form.)
 */
#ifndef _LINUX_MATH64_H
#define _LINUX_MATH64_H

#include <linux/types.h>
#include <linux/kernel.h>

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	div_u64_rem(&dividend, divisor);
	return dividend;
}

/* Signed by unsigned-magnitude: rounds towards zero, as C's '/'. */
static inline s64 div_s64(s64 dividend, s32 divisor)
{
	bool neg = (dividend < 0) != (divisor < 0);
	u64 n = dividend < 0 ? -(u64)dividend : (u64)dividend;

	div_u64_rem(&n, divisor < 0 ? -(u32)divisor : (u32)divisor);
	return neg ? -(s64)n : (s64)n;
}

static inline s64 div_s64_rem(s64 dividend, s32 divisor, s32 *remainder)
{
	s64 q = div_s64(dividend, divisor);

	*remainder = (s32)(dividend - q * divisor);
	return q;
}

/* A 64-bit divisor: exported from kernel/lib/div64.c. */
u64 div64_u64(u64 dividend, u64 divisor);
u64 div64_u64_rem(u64 dividend, u64 divisor, u64 *remainder);
s64 div64_s64(s64 dividend, s64 divisor);

#define div64_ul(x, y)	div_u64((x), (y))
#define div64_long(x, y)	div_s64((x), (y))

#define DIV64_U64_ROUND_UP(ll, d)	div64_u64((ll) + (d) - 1, (d))
#define DIV_ROUND_DOWN_ULL(ll, d)	div_u64((ll), (d))
#define DIV_ROUND_UP_ULL(ll, d)		div_u64((u64)(ll) + (d) - 1, (d))

#endif
