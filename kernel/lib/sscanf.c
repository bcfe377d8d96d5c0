/*
 * Reading numbers and words out of strings: vsscanf/sscanf (the C
 * library's, for what kernel code uses: %d %i %u %x %X %o %s %c %n and
 * %%, with h, hh, l, ll and z sizes, field widths and %* to skip), the
 * simple_strto* family, the smaller kstrto* sizes and kstrtobool, and
 * kasprintf (linux/kernel.h, linux/kstrtox.h).
 */
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/slab.h>
#include <linux/string.h>

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Read an unsigned number of at most width characters (0: no limit) in
 * base (0: by prefix); *end points past it. Returns false if no digit. */
static bool scan_ull(const char *s, const char **end, unsigned int base, int width,
		     unsigned long long *res)
{
	const char *start = s;
	unsigned long long v = 0;
	bool any = false;

	if (!width)
		width = 1 << 30;
	if ((base == 0 || base == 16) && width >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
	    digit_value(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	while (s - start < width && digit_value(*s) < (int)base) {
		v = v * base + digit_value(*s++);
		any = true;
	}
	*end = s;
	*res = v;
	return any;
}

unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base)
{
	unsigned long long v = 0;
	const char *end = cp;

	scan_ull(cp, &end, base, 0, &v);
	if (endp)
		*endp = (char *)end;
	return v;
}

long long simple_strtoll(const char *cp, char **endp, unsigned int base)
{
	if (*cp == '-')
		return -(long long)simple_strtoull(cp + 1, endp, base);
	return simple_strtoull(cp, endp, base);
}

unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base)
{
	return simple_strtoull(cp, endp, base);
}

long simple_strtol(const char *cp, char **endp, unsigned int base)
{
	return simple_strtoll(cp, endp, base);
}

enum size { SZ_HH, SZ_H, SZ_INT, SZ_L, SZ_LL };

static void store_number(va_list *args, enum size size, bool is_signed, unsigned long long v)
{
	switch (size) {
	case SZ_HH:
		*va_arg(*args, unsigned char *) = v;
		break;
	case SZ_H:
		*va_arg(*args, unsigned short *) = v;
		break;
	case SZ_INT:
		*va_arg(*args, unsigned int *) = v;
		break;
	case SZ_L:
		*va_arg(*args, unsigned long *) = v;
		break;
	case SZ_LL:
		*va_arg(*args, unsigned long long *) = v;
		break;
	}
}

int vsscanf(const char *buf, const char *fmt, va_list args)
{
	const char *s = buf;
	int assigned = 0;
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		enum size size = SZ_INT;
		bool skip = false, neg = false, is_signed = false;
		unsigned int base = 10;
		unsigned long long v;
		int width = 0;
		const char *end;

		if (is_space(*fmt)) {
			while (is_space(*fmt))
				fmt++;
			while (is_space(*s))
				s++;
			continue;
		}
		if (*fmt != '%' || fmt[1] == '%') {
			if (*fmt == '%')
				fmt++;
			if (*s != *fmt)
				break;
			s++;
			fmt++;
			continue;
		}
		fmt++;
		if (*fmt == '*') {
			skip = true;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == 'h') {
			size = fmt[1] == 'h' ? SZ_HH : SZ_H;
			fmt += size == SZ_HH ? 2 : 1;
		} else if (*fmt == 'l') {
			size = fmt[1] == 'l' ? SZ_LL : SZ_L;
			fmt += size == SZ_LL ? 2 : 1;
		} else if (*fmt == 'z' || *fmt == 'L' || *fmt == 'j') {
			size = *fmt == 'z' ? SZ_L : SZ_LL;
			fmt++;
		}
		switch (*fmt++) {
		case 'n':
			if (!skip)
				*va_arg(ap, int *) = s - buf;
			continue;
		case 'c':
			if (!*s)
				goto out;
			if (!width)
				width = 1;
			if (!skip) {
				char *c = va_arg(ap, char *);

				while (width-- && *s)
					*c++ = *s++;
				assigned++;
			} else {
				while (width-- && *s)
					s++;
			}
			continue;
		case 's': {
			char *d = skip ? NULL : va_arg(ap, char *);

			while (is_space(*s))
				s++;
			if (!*s)
				goto out;
			if (!width)
				width = 1 << 30;
			while (*s && !is_space(*s) && width--) {
				if (d)
					*d++ = *s;
				s++;
			}
			if (d) {
				*d = '\0';
				assigned++;
			}
			continue;
		}
		case 'd':
			is_signed = true;
			break;
		case 'i':
			is_signed = true;
			base = 0;
			break;
		case 'u':
			break;
		case 'x':
		case 'X':
			base = 16;
			break;
		case 'o':
			base = 8;
			break;
		default:
			goto out;	/* a conversion we do not know: stop */
		}
		while (is_space(*s))
			s++;
		if (*s == '-' || *s == '+') {
			neg = *s == '-';
			if (neg && !is_signed && base == 10)
				is_signed = true;
			s++;
			if (width)
				width--;
		}
		if (!scan_ull(s, &end, base, width, &v))
			goto out;
		s = end;
		if (neg)
			v = 0 - v;
		if (!skip) {
			store_number(&ap, size, is_signed, v);
			assigned++;
		}
	}
out:
	va_end(ap);
	return assigned;
}

int sscanf(const char *buf, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsscanf(buf, fmt, args);
	va_end(args);
	return n;
}

#define KSTRTO_SMALL(name, type, wide, widefn, out_of_range)			\
int name(const char *s, unsigned int base, type *res)				\
{										\
	wide v;									\
	int err = widefn(s, base, &v);						\
										\
	if (err)								\
		return err;							\
	if (out_of_range)							\
		return -ERANGE;							\
	*res = (type)v;								\
	return 0;								\
}										\
EXPORT_SYMBOL(name)

KSTRTO_SMALL(kstrtou16, u16, unsigned long, kstrtoul, v > 0xffff);
KSTRTO_SMALL(kstrtou8, u8, unsigned long, kstrtoul, v > 0xff);
KSTRTO_SMALL(kstrtos16, s16, long, kstrtol, v < -32768 || v > 32767);
KSTRTO_SMALL(kstrtos8, s8, long, kstrtol, v < -128 || v > 127);

int kstrtobool(const char *s, bool *res)
{
	if (!s)
		return -EINVAL;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

char *kvasprintf(gfp_t gfp, const char *fmt, va_list args)
{
	va_list copy;
	char *p;
	int len;

	va_copy(copy, args);
	len = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	p = kmalloc(len + 1, gfp);
	if (p)
		vsnprintf(p, len + 1, fmt, args);
	return p;
}

char *kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list args;
	char *p;

	va_start(args, fmt);
	p = kvasprintf(gfp, fmt, args);
	va_end(args);
	return p;
}

EXPORT_SYMBOL(vsscanf);
EXPORT_SYMBOL(sscanf);
EXPORT_SYMBOL(simple_strtoull);
EXPORT_SYMBOL(simple_strtoll);
EXPORT_SYMBOL(simple_strtoul);
EXPORT_SYMBOL(simple_strtol);
EXPORT_SYMBOL(kstrtobool);
EXPORT_SYMBOL(kvasprintf);
EXPORT_SYMBOL(kasprintf);
