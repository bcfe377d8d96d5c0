/* 64-bit division by a 32-bit divisor, with Linux's names (no libgcc here). */
#ifndef _LINUX_MATH64_H
#define _LINUX_MATH64_H

#include <linux/types.h>

u32 __div64_32(u64 *n, u32 base);

/* dividend / divisor, and the remainder in *remainder. */
static inline u64 div_u64_rem(u64 dividend, u32 divisor, u32 *remainder)
{
	*remainder = __div64_32(&dividend, divisor);
	return dividend;
}

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	__div64_32(&dividend, divisor);
	return dividend;
}

/* Rounds toward zero, as C's '/' does. */
static inline s64 div_s64(s64 dividend, s32 divisor)
{
	bool neg = (dividend < 0) != (divisor < 0);
	u64 q = div_u64(dividend < 0 ? -(u64)dividend : (u64)dividend,
			divisor < 0 ? -(u32)divisor : (u32)divisor);

	return neg ? -(s64)q : (s64)q;
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
