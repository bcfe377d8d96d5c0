/*
 * The x86 half of linux/uaccess.h: __get_user and __put_user as inline
 * moves with an exception-table entry each (linux/extable.h), so that a
 * bad pointer makes them return -EFAULT instead of oopsing.
 *
 * modlab has no user space: a "user" pointer is any address a caller hands
 * in, and these accessors are how a driver touches it without trusting it.
 */
#ifndef _ASM_UACCESS_H
#define _ASM_UACCESS_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>

/* An exception-table entry for the instruction at label 'from', resuming at 'to'. */
#define _ASM_EXTABLE(from, to)					\
	" .pushsection __ex_table, \"a\"\n"			\
	" .balign 4\n"						\
	" .long " #from ", " #to "\n"				\
	" .popsection\n"

/* An integer type as wide as *ptr: what the moves below load and store. */
#define __inttype(x) __typeof__(__builtin_choose_expr(sizeof(x) > sizeof(0UL), 0ULL, 0UL))

/* One move of 1, 2 or 4 bytes; on a fault err = -EFAULT and val = 0. */
#define __get_user_asm(val, ptr, err, insn)				\
	__asm__ __volatile__("1:	" insn " %2, %1\n"			\
			     "2:\n"					\
			     " .pushsection .fixup, \"ax\"\n"		\
			     "3:	movl %3, %0\n"			\
			     "	xorl %1, %1\n"				\
			     "	jmp 2b\n"				\
			     " .popsection\n"				\
			     _ASM_EXTABLE(1b, 3b)			\
			     : "+r"(err), "=r"(val)			\
			     : "m"(*(ptr)), "i"(-EFAULT))

#define __put_user_asm(val, ptr, err, insn, reg)			\
	__asm__ __volatile__("1:	" insn " %" reg "1, %2\n"		\
			     "2:\n"					\
			     " .pushsection .fixup, \"ax\"\n"		\
			     "3:	movl %3, %0\n"			\
			     "	jmp 2b\n"				\
			     " .popsection\n"				\
			     _ASM_EXTABLE(1b, 3b)			\
			     : "+r"(err)				\
			     : "q"(val), "m"(*(ptr)), "i"(-EFAULT)	\
			     : "memory")

/* 8 bytes go through the out-of-line copy (two moves could half-succeed). */
unsigned long _copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long _copy_to_user(void __user *to, const void *from, unsigned long n);

/* The copies without the access_ok check (Linux's arch-level names, which
 * some modules call directly): bytes not copied. */
static __always_inline unsigned long __must_check raw_copy_from_user(void *to,
								     const void __user *from,
								     unsigned long n)
{
	return _copy_from_user(to, from, n);
}

static __always_inline unsigned long __must_check raw_copy_to_user(void __user *to,
								   const void *from,
								   unsigned long n)
{
	return _copy_to_user(to, from, n);
}

/* Unchecked (no access_ok): read *ptr into x; 0 or -EFAULT. */
#define __get_user(x, ptr)							\
({										\
	int __gu_err = 0;							\
	__inttype(*(ptr)) __gu_val;						\
	unsigned long __gu_word;						\
	switch (sizeof(*(ptr))) {						\
	case 1:									\
		__get_user_asm(__gu_word, (const volatile u8 __force *)(ptr),	\
			       __gu_err, "movzbl");				\
		__gu_val = __gu_word;						\
		break;								\
	case 2:									\
		__get_user_asm(__gu_word, (const volatile u16 __force *)(ptr),	\
			       __gu_err, "movzwl");				\
		__gu_val = __gu_word;						\
		break;								\
	case 4:									\
		__get_user_asm(__gu_word, (const volatile u32 __force *)(ptr),	\
			       __gu_err, "movl");				\
		__gu_val = __gu_word;						\
		break;								\
	default: {								\
		u64 __gu_64 = 0;						\
		if (_copy_from_user(&__gu_64, (ptr), sizeof(__gu_64)))		\
			__gu_err = -EFAULT, __gu_64 = 0;			\
		__gu_val = (__inttype(*(ptr)))__gu_64;				\
		break;								\
	}									\
	}									\
	(x) = (__force __typeof__(*(ptr)))__gu_val;				\
	__gu_err;								\
})

/* Unchecked: store x into *ptr; 0 or -EFAULT. */
#define __put_user(x, ptr)							\
({										\
	int __pu_err = 0;							\
	__typeof__(*(ptr)) __pu_val = (x);					\
	unsigned long __pu_word = (unsigned long)(__inttype(*(ptr)))__pu_val;	\
	switch (sizeof(*(ptr))) {						\
	case 1:									\
		__put_user_asm((u8)__pu_word, (volatile u8 __force *)(ptr),	\
			       __pu_err, "movb", "b");				\
		break;								\
	case 2:									\
		__put_user_asm((u16)__pu_word, (volatile u16 __force *)(ptr),	\
			       __pu_err, "movw", "w");				\
		break;								\
	case 4:									\
		__put_user_asm((u32)__pu_word, (volatile u32 __force *)(ptr),	\
			       __pu_err, "movl", "k");				\
		break;								\
	default:								\
		if (_copy_to_user((ptr), &__pu_val, sizeof(__pu_val)))		\
			__pu_err = -EFAULT;					\
		break;								\
	}									\
	__pu_err;								\
})

/*
 * Is [addr, addr + size) a range a caller may hand in? With no user space
 * every address is one, so this only refuses a range that wraps around the
 * top of the address space; the accessors still fault safely on holes.
 */
#define access_ok(addr, size)							\
	({									\
		unsigned long __ao_a = (unsigned long)(addr);			\
		unsigned long __ao_s = (unsigned long)(size);			\
		likely(__ao_s == 0 || __ao_a + __ao_s - 1 >= __ao_a);		\
	})

#define get_user(x, ptr)							\
({										\
	const __typeof__(*(ptr)) __user *__gp = (ptr);				\
	int __ge = -EFAULT;							\
	if (access_ok(__gp, sizeof(*__gp)))					\
		__ge = __get_user((x), __gp);					\
	else									\
		(x) = (__force __typeof__(*(ptr)))0;				\
	__ge;									\
})

#define put_user(x, ptr)							\
({										\
	__typeof__(*(ptr)) __user *__pp = (ptr);				\
	access_ok(__pp, sizeof(*__pp)) ? __put_user((x), __pp) : -EFAULT;	\
})

#endif
