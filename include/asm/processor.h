/* x86 control registers, CPUID, the time-stamp counter and friends. */
#ifndef _ASM_PROCESSOR_H
#define _ASM_PROCESSOR_H

#include <linux/types.h>

#define X86_CR0_PE	(1u << 0)
#define X86_CR0_WP	(1u << 16)
#define X86_CR0_NW	(1u << 29)	/* not write-through (with CD: caches off) */
#define X86_CR0_CD	(1u << 30)	/* cache disable */
#define X86_CR0_PG	(1u << 31)
#define X86_CR4_PSE	(1u << 4)
#define X86_CR4_PGE	(1u << 7)

#define DEFINE_CR(n)							\
	static inline u32 read_cr##n(void)				\
	{								\
		u32 v;							\
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));	\
		return v;						\
	}								\
	static inline void write_cr##n(u32 v)				\
	{								\
		__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR(0)
DEFINE_CR(2)
DEFINE_CR(3)
DEFINE_CR(4)
#undef DEFINE_CR

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(0));
}

/* Tell the CPU we are in a spin-wait loop (saves power, helps the sibling). */
static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" : : : "memory");
}

static inline void invlpg(const void *addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

static inline u32 read_frame_pointer(void)
{
	u32 ebp;

	__asm__ __volatile__("mov %%ebp, %0" : "=r"(ebp));
	return ebp;
}

#endif
