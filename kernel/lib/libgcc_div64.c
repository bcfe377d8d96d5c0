/*
 * The 64-bit division helpers gcc calls for '/' and '%' on 64-bit
 * integers on a 32-bit CPU (the __divmod forms when both are wanted;
 * libgcc's names, which the kernel does not link). Linux i386 leaves
 * them out on purpose, so a driver must use do_div or div64_*; modlab
 * gives them to modules because it runs only on i686 while the modules
 * it loads were mostly written on 64-bit Linux, where such a '%' is one
 * instruction (LDD3's short, for one, formats the time with
 * "tv_sec % 100000000"). Built on div64_u64_rem.
 */
#include <linux/export.h>
#include <linux/math64.h>
#include <linux/kernel.h>

u64 __udivdi3(u64 a, u64 b);
u64 __umoddi3(u64 a, u64 b);
s64 __divdi3(s64 a, s64 b);
s64 __moddi3(s64 a, s64 b);
u64 __udivmoddi4(u64 a, u64 b, u64 *rem);
s64 __divmoddi4(s64 a, s64 b, s64 *rem);

u64 __udivdi3(u64 a, u64 b)
{
	return div64_u64(a, b);
}

u64 __umoddi3(u64 a, u64 b)
{
	u64 rem;

	div64_u64_rem(a, b, &rem);
	return rem;
}

s64 __divdi3(s64 a, s64 b)
{
	return div64_s64(a, b);
}

/* The remainder has the dividend's sign, as C's '%'. */
s64 __moddi3(s64 a, s64 b)
{
	u64 rem;

	div64_u64_rem(a < 0 ? -(u64)a : (u64)a, b < 0 ? -(u64)b : (u64)b, &rem);
	return a < 0 ? -(s64)rem : (s64)rem;
}

u64 __udivmoddi4(u64 a, u64 b, u64 *rem)
{
	return div64_u64_rem(a, b, rem);
}

/* Quotient rounded toward zero, remainder with the dividend's sign. */
s64 __divmoddi4(s64 a, s64 b, s64 *rem)
{
	u64 r, q = div64_u64_rem(a < 0 ? -(u64)a : (u64)a, b < 0 ? -(u64)b : (u64)b, &r);

	*rem = a < 0 ? -(s64)r : (s64)r;
	return (a < 0) != (b < 0) ? -(s64)q : (s64)q;
}

EXPORT_SYMBOL(__udivdi3);
EXPORT_SYMBOL(__umoddi3);
EXPORT_SYMBOL(__divdi3);
EXPORT_SYMBOL(__moddi3);
EXPORT_SYMBOL(__udivmoddi4);
EXPORT_SYMBOL(__divmoddi4);
