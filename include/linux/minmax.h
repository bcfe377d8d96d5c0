/* min, max, clamp and swap, with Linux's names. min and max evaluate an
 * argument twice (unlike Linux's, which also refuse mixed signedness at
 * compile time); the _t forms convert both sides to one type first. */
#ifndef _LINUX_MINMAX_H
#define _LINUX_MINMAX_H

#define min(a, b)	((a) < (b) ? (a) : (b))
#define max(a, b)	((a) > (b) ? (a) : (b))
#define min3(a, b, c)		min(min(a, b), c)
#define max3(a, b, c)		max(max(a, b), c)
#define min_t(type, a, b)	min((type)(a), (type)(b))
#define max_t(type, a, b)	max((type)(a), (type)(b))
#define clamp(v, lo, hi)	min(max(v, lo), hi)
#define clamp_t(type, v, lo, hi)	min_t(type, max_t(type, v, lo), hi)
#define clamp_val(v, lo, hi)	clamp_t(__typeof__(v), v, lo, hi)
#define min_not_zero(a, b)							\
	({ __typeof__(a) __a = (a); __typeof__(b) __b = (b);			\
	   __a == 0 ? __b : (__b == 0 ? __a : min(__a, __b)); })

#define swap(a, b)								\
	do { __typeof__(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)

#endif
