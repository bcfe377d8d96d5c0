/*
 * Byte order, with Linux's names. x86 is little-endian: le*_to_cpu do
 * nothing, be*_to_cpu swap bytes (one bswap/xchg instruction each).
 * On-disk formats say which order their numbers are in (romfs: big-endian).
 */
#ifndef _ASM_BYTEORDER_H
#define _ASM_BYTEORDER_H

#include <linux/types.h>

typedef u16 __be16;
typedef u32 __be32;
typedef u16 __le16;
typedef u32 __le32;

#define __LITTLE_ENDIAN	1234

static inline u16 be16_to_cpu(__be16 x)
{
	return __builtin_bswap16(x);
}

static inline u32 be32_to_cpu(__be32 x)
{
	return __builtin_bswap32(x);
}

static inline __be16 cpu_to_be16(u16 x)
{
	return __builtin_bswap16(x);
}

static inline __be32 cpu_to_be32(u32 x)
{
	return __builtin_bswap32(x);
}

static inline u16 le16_to_cpu(__le16 x)
{
	return x;
}

static inline u32 le32_to_cpu(__le32 x)
{
	return x;
}

#endif
