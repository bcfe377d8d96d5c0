/* Compiler attributes and barriers, with Linux's names. */
#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

/*
 * Address-space marks, as Linux's sparse checker reads them: __user for a
 * pointer a caller handed in (here kernel memory too, but reached only
 * through the uaccess functions, which fault safely), __iomem for device
 * memory, __force for a cast that crosses them on purpose. The compiler
 * ignores them.
 */
#define __user
#define __kernel
#define __iomem
#define __force
#define __rcu
#define __percpu
#define __bitwise

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define __noreturn	__attribute__((noreturn))
#define __packed	__attribute__((packed))
#define __aligned(x)	__attribute__((aligned(x)))
#define __section(s)	__attribute__((section(s)))
#define __used		__attribute__((used))
#define __unused	__attribute__((unused))
#define __maybe_unused	__attribute__((unused))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define noinline	__attribute__((noinline))
#define __must_check	__attribute__((warn_unused_result))
#define __weak		__attribute__((weak))
#define __cold		__attribute__((cold))
#define __pure		__attribute__((pure))
#define __always_unused	__attribute__((unused))
#ifndef __attribute_const__
#define __attribute_const__	__attribute__((const))
#endif
#define fallthrough	__attribute__((fallthrough))
#ifndef __always_inline
#define __always_inline	inline __attribute__((always_inline))
#endif

/* Stop the compiler moving memory accesses across this point. */
#define barrier()	__asm__ __volatile__("" ::: "memory")

/* Read or write a variable exactly once, as another CPU or an interrupt sees it. */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))

#endif
