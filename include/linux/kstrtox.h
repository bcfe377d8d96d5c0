/*
 * Strings to numbers, with Linux's names. Each returns 0 and stores the
 * value, or -EINVAL (not a number: the whole string must be one, with at
 * most one trailing newline) or -ERANGE (too big for the type), storing
 * nothing. Base 0: "0x" hex, leading "0" octal, else decimal.
 */
#ifndef _LINUX_KSTRTOX_H
#define _LINUX_KSTRTOX_H

#include <linux/types.h>
#include <linux/compiler.h>

int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);
int kstrtou16(const char *s, unsigned int base, u16 *res);
int kstrtos16(const char *s, unsigned int base, s16 *res);
int kstrtou8(const char *s, unsigned int base, u8 *res);
int kstrtos8(const char *s, unsigned int base, s8 *res);
/* "1", "y", "Y", "on" are true; "0", "n", "N", "off" false. */
int kstrtobool(const char *s, bool *res);

#define kstrtou64(s, base, res)	kstrtoull(s, base, (unsigned long long *)(res))
#define kstrtos64(s, base, res)	kstrtoll(s, base, (long long *)(res))
#define kstrtou32(s, base, res)	kstrtouint(s, base, res)
#define kstrtos32(s, base, res)	kstrtoint(s, base, res)

/* The same on a buffer from a caller (a write to a device or /proc file):
 * 0, -EFAULT, or the errors above. At most 23 bytes of it are read, enough
 * for any 64-bit number in any base with a sign and a newline
 * (kernel/lib/kstrtox_user.c). */
int kstrtoull_from_user(const char __user *s, size_t count, unsigned int base,
			unsigned long long *res);
int kstrtoll_from_user(const char __user *s, size_t count, unsigned int base, long long *res);
int kstrtoul_from_user(const char __user *s, size_t count, unsigned int base, unsigned long *res);
int kstrtol_from_user(const char __user *s, size_t count, unsigned int base, long *res);
int kstrtouint_from_user(const char __user *s, size_t count, unsigned int base,
			 unsigned int *res);
int kstrtoint_from_user(const char __user *s, size_t count, unsigned int base, int *res);
int kstrtou16_from_user(const char __user *s, size_t count, unsigned int base, u16 *res);
int kstrtos16_from_user(const char __user *s, size_t count, unsigned int base, s16 *res);
int kstrtou8_from_user(const char __user *s, size_t count, unsigned int base, u8 *res);
int kstrtos8_from_user(const char __user *s, size_t count, unsigned int base, s8 *res);
int kstrtobool_from_user(const char __user *s, size_t count, bool *res);

#define kstrtou64_from_user(s, c, base, res)	kstrtoull_from_user(s, c, base, res)
#define kstrtos64_from_user(s, c, base, res)	kstrtoll_from_user(s, c, base, res)
#define kstrtou32_from_user(s, c, base, res)	kstrtouint_from_user(s, c, base, res)
#define kstrtos32_from_user(s, c, base, res)	kstrtoint_from_user(s, c, base, res)

/* The old, unchecked ones: they stop at the first non-digit. */
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long simple_strtol(const char *cp, char **endp, unsigned int base);
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);
long long simple_strtoll(const char *cp, char **endp, unsigned int base);

#endif
