/*
 * Formatted output (vsnprintf and friends) and number parsing (kstrto*).
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, flags - 0 + space #, width and
 * precision (also as *), length modifiers hh h l ll z t. Anything else is
 * copied out literally, so a bad format is visible rather than fatal.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>

u32 __div64_32(u64 *n, u32 base)
{
#if defined(__i386__)
	/* Two 32-bit divisions: the high word first, then the remainder of the
	 * high word with the low word (the quotient of that fits in 32 bits). */
	u32 hi = (u32)(*n >> 32), lo = (u32)*n, qhi = hi / base, rem;

	hi %= base;
	__asm__("divl %4" : "=a"(lo), "=d"(rem) : "0"(lo), "1"(hi), "rm"(base));
	*n = ((u64)qhi << 32) | lo;
	return rem;
#else
	u32 rem = (u32)(*n % base);

	*n /= base;
	return rem;
#endif
}

enum {
	F_LEFT = 1 << 0,	/* '-': pad on the right */
	F_ZERO = 1 << 1,	/* '0': pad numbers with zeros */
	F_PLUS = 1 << 2,	/* '+': always print a sign */
	F_SPACE = 1 << 3,	/* ' ': space where a '+' would go */
	F_ALT = 1 << 4,		/* '#': 0x / 0 prefix */
	F_UPPER = 1 << 5,	/* %X */
	F_SIGNED = 1 << 6,	/* value is signed */
	F_PTR = 1 << 7,		/* %p: 0x prefix even for NULL */
};

struct outbuf {
	char *buf;
	size_t size;	/* room in buf, including the final NUL */
	size_t len;	/* characters produced so far, stored or not */
};

static void put(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct outbuf *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_string(struct outbuf *o, const char *s, int width, int prec, unsigned int flags)
{
	int len, i;

	if (!s)
		s = "(null)";
	len = prec >= 0 ? (int)strnlen(s, prec) : (int)strlen(s);
	if (!(flags & F_LEFT))
		pad(o, ' ', width - len);
	for (i = 0; i < len; i++)
		put(o, s[i]);
	if (flags & F_LEFT)
		pad(o, ' ', width - len);
}

static void put_number(struct outbuf *o, u64 value, unsigned int base, int width, int prec,
		       unsigned int flags)
{
	const char *digits = (flags & F_UPPER) ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];		/* 22 octal digits are enough for 64 bits */
	const char *prefix = "";
	char sign = 0;
	int n = 0, zeros, len;

	if ((flags & F_SIGNED) && (s64)value < 0) {
		sign = '-';
		value = -value;	/* well defined for u64, also for the minimum */
	} else if ((flags & F_SIGNED) && (flags & F_PLUS)) {
		sign = '+';
	} else if ((flags & F_SIGNED) && (flags & F_SPACE)) {
		sign = ' ';
	}
	while (value) {
		tmp[n++] = digits[do_div(value, base)];
	}
	if ((flags & F_ALT) && base == 16 && (n || (flags & F_PTR)))
		prefix = (flags & F_UPPER) ? "0X" : "0x";
	/* "%#o" guarantees a leading 0; C99 counts it in the precision. */
	if ((flags & F_ALT) && base == 8 && prec <= n)
		prec = n + 1;
	if (prec < 0)
		prec = 1;	/* the value 0 prints as "0", except with ".0" */
	zeros = prec > n ? prec - n : 0;
	len = n + zeros + (sign ? 1 : 0) + (int)strlen(prefix);
	if ((flags & F_ZERO) && !(flags & F_LEFT) && width > len) {
		zeros += width - len;
		len = width;
	}
	if (!(flags & F_LEFT))
		pad(o, ' ', width - len);
	if (sign)
		put(o, sign);
	while (*prefix)
		put(o, *prefix++);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (flags & F_LEFT)
		pad(o, ' ', width - len);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct outbuf o = { buf, size, 0 };

	while (*fmt) {
		const char *start = fmt;
		unsigned int flags = 0, base = 10;
		int width = -1, prec = -1, lng = 0;	/* lng: -2 hh, -1 h, 1 l, 2 ll */
		u64 value;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				flags |= F_LEFT;
			else if (*fmt == '0')
				flags |= F_ZERO;
			else if (*fmt == '+')
				flags |= F_PLUS;
			else if (*fmt == ' ')
				flags |= F_SPACE;
			else if (*fmt == '#')
				flags |= F_ALT;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(args, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
				width = width * 10 + (*fmt - '0');
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(args, int);
				fmt++;
			} else {
				for (prec = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
					prec = prec * 10 + (*fmt - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'h')
				lng--;
			else if (*fmt == 'l')
				lng++;
			else if (*fmt == 'L' || *fmt == 'q' || *fmt == 'j')
				lng = 2;	/* long long, as Linux's %Ld and %qd */
			else if (*fmt == 'z' || *fmt == 't')
				lng = sizeof(size_t) == sizeof(long long) ? 2 : 1;
			else
				break;
		}
		/* A precision on an integer turns off zero padding (C99). */
		if (prec >= 0 && *fmt != 's' && *fmt != 'c')
			flags &= ~F_ZERO;

		switch (*fmt) {
		case 'c':
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			put(&o, (char)va_arg(args, int));
			if (flags & F_LEFT)
				pad(&o, ' ', width - 1);
			fmt++;
			continue;
		case 's':
			put_string(&o, va_arg(args, const char *), width, prec, flags);
			fmt++;
			continue;
		case '%':
			put(&o, '%');
			fmt++;
			continue;
		case 'p':
			/* %pad and %pap: the dma_addr_t or phys_addr_t pointed to,
			 * as 0x and all its hex digits (Linux's extensions). */
			if (fmt[1] == 'a' && (fmt[2] == 'd' || fmt[2] == 'p')) {
				const u32 *addr = va_arg(args, const u32 *);

				put_number(&o, addr ? *addr : 0, 16, 0, 2 * (int)sizeof(*addr),
					   F_ALT | F_PTR);
				fmt += 3;
				continue;
			}
			value = (uintptr_t)va_arg(args, void *);
			put_number(&o, value, 16, width, 2 * (int)sizeof(void *), flags | F_ALT | F_PTR);
			fmt++;
			continue;
		case 'd':
		case 'i':
			flags |= F_SIGNED;
			break;
		case 'u':
			break;
		case 'X':
			flags |= F_UPPER;
			/* fall through */
		case 'x':
			base = 16;
			break;
		case 'o':
			base = 8;
			break;
		default:
			/* Unknown conversion: copy it out as it was written. */
			while (start < fmt + (*fmt ? 1 : 0))
				put(&o, *start++);
			if (*fmt)
				fmt++;
			continue;
		}
		fmt++;

		if (flags & F_SIGNED) {
			s64 v;

			if (lng >= 2)
				v = va_arg(args, long long);
			else if (lng == 1)
				v = va_arg(args, long);
			else
				v = va_arg(args, int);
			if (lng == -1)
				v = (short)v;
			else if (lng <= -2)
				v = (signed char)v;
			value = (u64)v;
		} else {
			if (lng >= 2)
				value = va_arg(args, unsigned long long);
			else if (lng == 1)
				value = va_arg(args, unsigned long);
			else
				value = va_arg(args, unsigned int);
			if (lng == -1)
				value = (unsigned short)value;
			else if (lng <= -2)
				value = (unsigned char)value;
		}
		put_number(&o, value, base, width, prec, flags);
	}
	if (o.size)
		o.buf[o.len < o.size ? o.len : o.size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

/* Like vsnprintf, but returns what was actually stored (never more than size - 1). */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int n = vsnprintf(buf, size, fmt, args);

	if (size == 0)
		return 0;
	return (size_t)n < size ? n : (int)size - 1;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, (size_t)-1 / 2, fmt, args);
	va_end(args);
	return n;
}

/*
 * Parse an unsigned number. Base 0 means: 0x/0X prefix hex, leading 0 octal,
 * else decimal. One trailing newline is allowed (as from a file written with
 * echo). Returns 0, -EINVAL for anything that is not a number, -ERANGE when
 * it does not fit.
 */
static int parse_ull(const char *s, unsigned int base, unsigned long long max,
		     unsigned long long *res)
{
	unsigned long long v = 0;
	int digits = 0;

	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			s += 2;
		} else if (s[0] == '0') {
			base = 8;
		} else {
			base = 10;
		}
	} else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	for (;; s++, digits++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			d = *s - 'A' + 10;
		else
			break;
		if (d >= base)
			return -EINVAL;
		/* v = v * base + d, unless that passes max (no 64-bit division:
		 * the kernel does not link libgcc). */
		if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v) ||
		    v > max)
			return -ERANGE;
	}
	if (*s == '\n')
		s++;
	if (*s || digits == 0)
		return -EINVAL;
	*res = v;
	return 0;
}

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int err;

	if (*s == '+')
		s++;
	err = parse_ull(s, base, (unsigned long)-1, &v);
	if (!err)
		*res = (unsigned long)v;
	return err;
}

int kstrtol(const char *s, unsigned int base, long *res)
{
	unsigned long long v, lmax = (unsigned long)-1 / 2;
	int neg = 0, err;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	err = parse_ull(s, base, neg ? lmax + 1 : lmax, &v);
	if (!err)
		*res = neg ? (long)(0 - v) : (long)v;
	return err;
}

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long v;
	int err = kstrtoul(s, base, &v);

	if (err)
		return err;
	if (v != (unsigned int)v)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long v;
	int err = kstrtol(s, base, &v);

	if (err)
		return err;
	if (v != (int)v)
		return -ERANGE;
	*res = v;
	return 0;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	if (*s == '+')
		s++;
	return parse_ull(s, base, ~0ull, res);
}

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v, lmax = ~0ull >> 1;
	int neg = 0, err;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	err = parse_ull(s, base, neg ? lmax + 1 : lmax, &v);
	if (!err)
		*res = neg ? (long long)(0 - v) : (long long)v;
	return err;
}

/* For modules. */
EXPORT_SYMBOL(kstrtoull);
EXPORT_SYMBOL(kstrtoll);
EXPORT_SYMBOL(vsnprintf);
EXPORT_SYMBOL(snprintf);
EXPORT_SYMBOL(vscnprintf);
EXPORT_SYMBOL(scnprintf);
EXPORT_SYMBOL(sprintf);
EXPORT_SYMBOL(kstrtoul);
EXPORT_SYMBOL(kstrtol);
EXPORT_SYMBOL(kstrtouint);
EXPORT_SYMBOL(kstrtoint);
EXPORT_SYMBOL(__div64_32);
