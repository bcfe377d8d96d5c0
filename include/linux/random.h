/*
 * Random numbers, with Linux's names. modlab's generator is xoshiro128**
 * (fast, good statistics) per CPU, seeded at boot and stirred on each call
 * from the TSC: fine for hashing, backoff, test data and shuffles; it is
 * not a cryptographic generator as Linux's is.
 */
#ifndef _LINUX_RANDOM_H
#define _LINUX_RANDOM_H

#include <linux/types.h>

void get_random_bytes(void *buf, size_t len);
u32 get_random_u32(void);
u64 get_random_u64(void);
#define get_random_int()	get_random_u32()
#define get_random_long()	((unsigned long)get_random_u32())
#define prandom_u32()		get_random_u32()

static inline u16 get_random_u16(void)
{
	return get_random_u32();
}

static inline u8 get_random_u8(void)
{
	return get_random_u32();
}

/* Uniform in [0, ceil) (ceil > 0), by multiply-shift. */
static inline u32 get_random_u32_below(u32 ceil)
{
	return ((u64)get_random_u32() * ceil) >> 32;
}

#define prandom_u32_max(ceil)	get_random_u32_below(ceil)

#endif
