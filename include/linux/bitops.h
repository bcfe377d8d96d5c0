/*
 * Bit operations on arrays of unsigned long (bitmaps), with Linux's names.
 *
 *	static DECLARE_BITMAP(busy, 64);
 *	if (!test_and_set_bit(n, busy))
 *		... slot n was free and is now ours ...
 *	clear_bit(n, busy);
 *
 * Bit nr lives in word nr / BITS_PER_LONG, at position nr % BITS_PER_LONG.
 * set_bit, clear_bit, change_bit and the test_and_* ones are atomic: CPUs
 * changing different bits of one word at once lose nothing. The test_and_*
 * ones are also full barriers; the others order nothing else. The __ forms
 * (__set_bit, __clear_bit, ...) are plain read-modify-writes, for bitmaps
 * nobody else can touch at the time (under a lock, or not yet shared).
 *
 * Also: BIT(n), ffs/fls (1-based, 0 for no bit), __ffs/__fls (0-based,
 * undefined for 0), hweight (bits set), and find_first_bit/find_next_bit
 * and their _zero_ forms, which return size when nothing is found.
 */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <asm/barrier.h>

#define BITS_PER_BYTE		8
#define BITS_PER_LONG		(__SIZEOF_LONG__ * BITS_PER_BYTE)
#define BIT(nr)			(1UL << (nr))
#define BIT_MASK(nr)		(1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr)		((nr) / BITS_PER_LONG)
#define BITS_TO_LONGS(nr)	DIV_ROUND_UP(nr, BITS_PER_LONG)
#define GENMASK(h, l)		((~0UL << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define DECLARE_BITMAP(name, bits)	unsigned long name[BITS_TO_LONGS(bits)]

/* --- atomic ------------------------------------------------------------- */

static __always_inline void set_bit(unsigned long nr, volatile unsigned long *addr)
{
	__atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_RELAXED);
}

static __always_inline void clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_RELAXED);
}

static __always_inline void change_bit(unsigned long nr, volatile unsigned long *addr)
{
	__atomic_fetch_xor(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_RELAXED);
}

static __always_inline bool test_and_set_bit(unsigned long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST) &
	       BIT_MASK(nr);
}

static __always_inline bool test_and_clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_SEQ_CST) &
	       BIT_MASK(nr);
}

static __always_inline bool test_and_change_bit(unsigned long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_xor(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_SEQ_CST) &
	       BIT_MASK(nr);
}

/* A bit used as a lock: taking it orders what follows after it (acquire),
 * releasing it orders what came before before it (release). */
static __always_inline bool test_and_set_bit_lock(unsigned long nr, volatile unsigned long *addr)
{
	return __atomic_fetch_or(&addr[BIT_WORD(nr)], BIT_MASK(nr), __ATOMIC_ACQUIRE) &
	       BIT_MASK(nr);
}

static __always_inline void clear_bit_unlock(unsigned long nr, volatile unsigned long *addr)
{
	__atomic_fetch_and(&addr[BIT_WORD(nr)], ~BIT_MASK(nr), __ATOMIC_RELEASE);
}

static __always_inline bool test_bit(unsigned long nr, const volatile unsigned long *addr)
{
	return (READ_ONCE(addr[BIT_WORD(nr)]) & BIT_MASK(nr)) != 0;
}

/* --- not atomic ----------------------------------------------------------- */

static __always_inline void __set_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

static __always_inline void __clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

static __always_inline void __change_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[BIT_WORD(nr)] ^= BIT_MASK(nr);
}

static __always_inline bool __test_and_set_bit(unsigned long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	__set_bit(nr, addr);
	return old;
}

static __always_inline bool __test_and_clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	__clear_bit(nr, addr);
	return old;
}

/* --- finding bits in a word ------------------------------------------------ */

/* The lowest set bit, 1-based; 0 if x is 0 (as the C library's ffs). */
static __always_inline int ffs(int x)
{
	return __builtin_ffs(x);
}

/* The highest set bit, 1-based; 0 if x is 0. */
static __always_inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

/* The lowest set bit, 0-based; x must not be 0. */
static __always_inline unsigned long __ffs(unsigned long x)
{
	return __builtin_ctzl(x);
}

/* The highest set bit, 0-based; x must not be 0. */
static __always_inline unsigned long __fls(unsigned long x)
{
	return BITS_PER_LONG - 1 - __builtin_clzl(x);
}

/* The lowest clear bit, 0-based; x must not be ~0UL. */
#define ffz(x)	__ffs(~(x))

/* Bits set in w. Done by hand: i686 has no popcnt, and the compiler would
 * call libgcc, which the kernel does not link. */
static __always_inline unsigned int hweight32(u32 w)
{
	w = w - ((w >> 1) & 0x55555555u);
	w = (w & 0x33333333u) + ((w >> 2) & 0x33333333u);
	w = (w + (w >> 4)) & 0x0f0f0f0fu;
	return (w * 0x01010101u) >> 24;
}

static __always_inline unsigned long hweight_long(unsigned long w)
{
	_Static_assert(BITS_PER_LONG == 32, "hweight_long assumes 32-bit longs");
	return hweight32(w);
}

/* --- finding bits in a bitmap ---------------------------------------------- */

/* The first bit at or after offset that is set (invert 0) or clear
 * (invert ~0UL) among the first size bits; size if there is none. */
static inline unsigned long __find_next_bit(const unsigned long *addr, unsigned long size,
					    unsigned long offset, unsigned long invert)
{
	unsigned long word;

	if (offset >= size)
		return size;
	word = (READ_ONCE(addr[BIT_WORD(offset)]) ^ invert) & (~0UL << (offset % BITS_PER_LONG));
	offset = ALIGN_DOWN(offset, BITS_PER_LONG);
	while (!word) {
		offset += BITS_PER_LONG;
		if (offset >= size)
			return size;
		word = READ_ONCE(addr[BIT_WORD(offset)]) ^ invert;
	}
	return min(offset + __ffs(word), size);
}

static inline unsigned long find_next_bit(const unsigned long *addr, unsigned long size,
					  unsigned long offset)
{
	return __find_next_bit(addr, size, offset, 0);
}

static inline unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size,
					       unsigned long offset)
{
	return __find_next_bit(addr, size, offset, ~0UL);
}

static inline unsigned long find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_bit(addr, size, 0);
}

static inline unsigned long find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return find_next_zero_bit(addr, size, 0);
}

#define for_each_set_bit(bit, addr, size)					\
	for ((bit) = find_first_bit(addr, size); (bit) < (size);		\
	     (bit) = find_next_bit(addr, size, (bit) + 1))

#define for_each_clear_bit(bit, addr, size)					\
	for ((bit) = find_first_zero_bit(addr, size); (bit) < (size);		\
	     (bit) = find_next_zero_bit(addr, size, (bit) + 1))

#endif
