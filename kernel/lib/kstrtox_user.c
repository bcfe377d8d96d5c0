/*
 * kstrto*_from_user: a number written by a caller (echo 42 > /proc/x),
 * copied into a small buffer and parsed as kstrto* parses a string.
 */
#include <linux/kstrtox.h>
#include <linux/export.h>
#include <linux/uaccess.h>
#include <linux/minmax.h>

/* A sign, 64 binary digits would not fit, but 22 octal digits and a newline do. */
#define KSTRTOX_USER_BUF	24

static int copy_number(char *buf, const char __user *s, size_t count)
{
	count = min(count, (size_t)KSTRTOX_USER_BUF - 1);
	if (copy_from_user(buf, s, count))
		return -EFAULT;
	buf[count] = '\0';
	return 0;
}

#define KSTRTOX_FROM_USER(name, type)						\
int name##_from_user(const char __user *s, size_t count, unsigned int base, type *res)	\
{										\
	char buf[KSTRTOX_USER_BUF];						\
	int ret = copy_number(buf, s, count);					\
										\
	return ret ? ret : name(buf, base, res);				\
}										\
EXPORT_SYMBOL(name##_from_user)

KSTRTOX_FROM_USER(kstrtoull, unsigned long long);
KSTRTOX_FROM_USER(kstrtoll, long long);
KSTRTOX_FROM_USER(kstrtoul, unsigned long);
KSTRTOX_FROM_USER(kstrtol, long);
KSTRTOX_FROM_USER(kstrtouint, unsigned int);
KSTRTOX_FROM_USER(kstrtoint, int);
KSTRTOX_FROM_USER(kstrtou16, u16);
KSTRTOX_FROM_USER(kstrtos16, s16);
KSTRTOX_FROM_USER(kstrtou8, u8);
KSTRTOX_FROM_USER(kstrtos8, s8);

int kstrtobool_from_user(const char __user *s, size_t count, bool *res)
{
	char buf[KSTRTOX_USER_BUF];
	int ret = copy_number(buf, s, count);

	return ret ? ret : kstrtobool(buf, res);
}
EXPORT_SYMBOL(kstrtobool_from_user);
