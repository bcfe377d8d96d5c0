/*
 * Division by a 64-bit number on a 32-bit CPU (linux/math64.h): the kernel
 * links no libgcc, whose __udivdi3 would do this. Long division, one bit at
 * a time after lining the divisor up with the dividend's top bit.
 */
#include <linux/export.h>
#include <linux/math64.h>
#include <linux/kernel.h>

u64 div64_u64_rem(u64 dividend, u64 divisor, u64 *remainder)
{
	u64 quot = 0, bit = 1;

	if (divisor >> 32 == 0) {
		u32 rem = do_div(dividend, (u32)divisor);

		*remainder = rem;
		return dividend;
	}
	/* divisor >= 2^32, so the quotient fits in 32 bits. */
	while (!(divisor >> 63) && divisor < dividend) {
		divisor <<= 1;
		bit <<= 1;
	}
	while (bit) {
		if (dividend >= divisor) {
			dividend -= divisor;
			quot |= bit;
		}
		divisor >>= 1;
		bit >>= 1;
	}
	*remainder = dividend;
	return quot;
}

u64 div64_u64(u64 dividend, u64 divisor)
{
	u64 rem;

	return div64_u64_rem(dividend, divisor, &rem);
}

s64 div64_s64(s64 dividend, s64 divisor)
{
	bool neg = (dividend < 0) != (divisor < 0);
	u64 q = div64_u64(dividend < 0 ? -(u64)dividend : (u64)dividend,
			  divisor < 0 ? -(u64)divisor : (u64)divisor);

	return neg ? -(s64)q : (s64)q;
}

EXPORT_SYMBOL(div64_u64_rem);
EXPORT_SYMBOL(div64_u64);
EXPORT_SYMBOL(div64_s64);
