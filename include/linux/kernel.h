/* Everyday kernel helpers: printk, formatting, number parsing, min/max. */
#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <stdarg.h>
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/printk.h>
#include <linux/kstrtox.h>
#include <linux/minmax.h>
#include <linux/bits.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))


#define ALIGN(x, a)		(((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

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
 * The kernel does not link libgcc, so 64-bit '/' and '%' are not available. */
u32 div_u64_rem(u64 *n, u32 base);

#endif
