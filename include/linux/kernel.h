/* Everyday kernel helpers: printk, formatting, number parsing, min/max. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <stdarg.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/kstrtox.h>
#include <linux/minmax.h>
#include <linux/bits.h>
#include <linux/panic.h>

/* might_sleep(): a function that may sleep says so at its top; called in
 * atomic context (preemption or interrupts off) it reports "BUG: sleeping
 * function called from invalid context" with a call trace
 * (kernel/sched/might_sleep.c), at most once a second. */
void __might_sleep(const char *file, int line);
#define might_sleep()		__might_sleep(__FILE__, __LINE__)
#define might_sleep_if(cond)	do { if (cond) might_sleep(); } while (0)

/* Directions of a transfer (rq_data_dir, bio_data_dir). */
#define READ		0
#define WRITE		1

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))


#define ALIGN(x, a)		(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
/* The direction of a transfer, as Linux's (iov_iter_rw). */
#define READ	0
#define WRITE	1
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
/* n / d rounded to the nearest integer (halves away from zero). */
#define DIV_ROUND_CLOSEST(n, d)	({						\
	__typeof__(n) n__ = (n);						\
	__typeof__(d) d__ = (d);						\
	(((__typeof__(n))-1) > 0 || ((__typeof__(d))-1) > 0 || ((n__ > 0) == (d__ > 0))) ? \
		(n__ + d__ / 2) / d__ : (n__ - d__ / 2) / d__;			\
})
#define _RET_IP_		((unsigned long)__builtin_return_address(0))	/* our caller */

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int sprintf(char *buf, const char *fmt, ...) __printf(2, 3);

int sscanf(const char *buf, const char *fmt, ...) __attribute__((format(scanf, 2, 3)));
int vsscanf(const char *buf, const char *fmt, va_list args);
/* A kmalloc'd formatted string (free with kfree), or NULL. */
char *kasprintf(gfp_t gfp, const char *fmt, ...) __printf(2, 3);
char *kvasprintf(gfp_t gfp, const char *fmt, va_list args);

/* Divide a 64-bit number in place by a 32-bit one; returns the remainder.
 * The kernel does not link libgcc, so 64-bit '/' and '%' are not available:
 * use do_div(n, base) (n a u64 variable), or linux/math64.h's div_u64. */
u32 __div64_32(u64 *n, u32 base);
#define do_div(n, base)	__div64_32(&(n), (base))

/* What Linux's kernel.h also makes reachable (these use the above). The
 * host unit tests, built for the host's word size, leave them out. */
#include <linux/math64.h>
#ifndef MODLAB_HOST_TEST
#include <linux/bitops.h>
#include <linux/atomic.h>
#endif

#endif
