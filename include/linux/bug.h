/*
 * Assertions, with Linux's names.
 *
 * WARN_ON(cond) and friends report a condition that should not happen but
 * that the kernel survives: "WARNING: CPU: n PID: p at file:line", a call
 * trace, and the taint letter W (print_tainted). They return cond, so
 *	if (WARN_ON(!dev))
 *		return -EINVAL;
 * BUG_ON(cond) is for a state the kernel cannot go on from: it prints
 * "kernel BUG at file:line!" and executes an invalid instruction (ud2), so
 * the result is an oops with the registers and call trace.
 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>
#include <linux/printk.h>

void __warn_printk(const char *fmt, ...) __printf(1, 2);
void __warn(const char *file, int line);
void __bug_report(const char *file, int line);

#define BUG()									\
	do {									\
		__bug_report(__FILE__, __LINE__);				\
		__builtin_trap();						\
	} while (0)
#define BUG_ON(condition)	do { if (unlikely(condition)) BUG(); } while (0)

#define WARN_ON(condition)							\
	({									\
		int __ret_warn_on = !!(condition);				\
		if (unlikely(__ret_warn_on))					\
			__warn(__FILE__, __LINE__);				\
		unlikely(__ret_warn_on);					\
	})

#define WARN(condition, format...)						\
	({									\
		int __ret_warn_on = !!(condition);				\
		if (unlikely(__ret_warn_on)) {					\
			__warn_printk(format);					\
			__warn(__FILE__, __LINE__);				\
		}								\
		unlikely(__ret_warn_on);					\
	})

/* The first time only, per call site. (A race between two CPUs may let
 * both report: harmless.) */
#define WARN_ON_ONCE(condition)							\
	({									\
		static bool __warned;						\
		int __ret_warn_once = !!(condition);				\
		if (unlikely(__ret_warn_once && !READ_ONCE(__warned))) {	\
			WRITE_ONCE(__warned, true);				\
			__warn(__FILE__, __LINE__);				\
		}								\
		unlikely(__ret_warn_once);					\
	})

#define WARN_ONCE(condition, format...)						\
	({									\
		static bool __warned;						\
		int __ret_warn_once = !!(condition);				\
		if (unlikely(__ret_warn_once && !READ_ONCE(__warned))) {	\
			WRITE_ONCE(__warned, true);				\
			__warn_printk(format);					\
			__warn(__FILE__, __LINE__);				\
		}								\
		unlikely(__ret_warn_once);					\
	})

/* Compile-time checks. */
#define BUILD_BUG_ON(condition)	_Static_assert(!(condition), "BUILD_BUG_ON(" #condition ")")
#define BUILD_BUG_ON_MSG(condition, msg)	_Static_assert(!(condition), msg)
#define BUILD_BUG()	BUILD_BUG_ON(1)

#endif
