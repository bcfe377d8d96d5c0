/*
 * Strings to numbers, with Linux's names. Each returns 0 and stores the
 * value, or -EINVAL (not a number: the whole string must be one, with at
 * most one trailing newline) or -ERANGE (too big for the type), storing
 * nothing. Base 0: "0x" hex, leading "0" octal, else decimal.
 */
#ifndef _LINUX_KSTRTOX_H
#define _LINUX_KSTRTOX_H

#include <linux/types.h>

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

/* The old, unchecked ones: they stop at the first non-digit. */
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long simple_strtol(const char *cp, char **endp, unsigned int base);
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);
long long simple_strtoll(const char *cp, char **endp, unsigned int base);

#endif
