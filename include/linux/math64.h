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

#endif
