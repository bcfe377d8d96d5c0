/*
 * printk helpers (linux/printk.h): rate limits and hex dumps.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/jiffies.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>

/* A message may go out if fewer than burst went out in this interval.
 * rs->lock is only tried: a caller that would spin (another CPU is in
 * here) just does not print, which is what a rate limit is for. */
int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	unsigned long flags;
	int ok;

	if (!rs->interval)
		return 1;
	if (!spin_trylock_irqsave(&rs->lock, flags))
		return 0;
	if (!rs->begin)
		rs->begin = jiffies;
	if (time_is_before_jiffies(rs->begin + rs->interval)) {
		if (rs->missed)
			printk(KERN_WARNING "%s: %d callbacks suppressed\n", func, rs->missed);
		rs->begin = jiffies;
		rs->printed = 0;
		rs->missed = 0;
	}
	ok = rs->burst && rs->burst > rs->printed;
	if (ok)
		rs->printed++;
	else
		rs->missed++;
	spin_unlock_irqrestore(&rs->lock, flags);
	return ok;
}

static DEFINE_RATELIMIT_STATE(printk_ratelimit_state, DEFAULT_RATELIMIT_INTERVAL,
			      DEFAULT_RATELIMIT_BURST);

int printk_ratelimit(void)
{
	return ___ratelimit(&printk_ratelimit_state, "printk_ratelimit");
}

static const char hex_digits[] = "0123456789abcdef";

int hex_dump_to_buffer(const void *buf, unsigned long len, int rowsize, int groupsize,
		       char *linebuf, unsigned long linebuflen, bool ascii)
{
	const u8 *p = buf;
	unsigned long i, n = 0;
	int g, ngroups;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	if (len > (unsigned long)rowsize)
		len = rowsize;
	if (groupsize != 1 && groupsize != 2 && groupsize != 4 && groupsize != 8)
		groupsize = 1;
	if (len % groupsize)
		groupsize = 1;
	ngroups = len / groupsize;
	if (!linebuflen)
		return 0;
	linebuf[0] = '\0';
#define PUT(c) do { if (n + 1 < linebuflen) linebuf[n] = (c); n++; } while (0)
	for (g = 0; g < ngroups; g++) {
		if (g)
			PUT(' ');
		/* Each group is a little-endian number, as Linux prints it. */
		for (i = groupsize; i-- > 0;) {
			u8 b = p[g * groupsize + i];

			PUT(hex_digits[b >> 4]);
			PUT(hex_digits[b & 15]);
		}
	}
	if (ascii) {
		/* The text starts at a fixed column, as in Linux, so short
		 * last rows line up. */
		unsigned long column = rowsize * 2 + rowsize / groupsize + 1;

		do
			PUT(' ');
		while (n < column);
		for (i = 0; i < len; i++)
			PUT(p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.');
	}
#undef PUT
	linebuf[n < linebuflen ? n : linebuflen - 1] = '\0';
	return n;
}

void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize,
		    int groupsize, const void *buf, unsigned long len, bool ascii)
{
	const u8 *p = buf;
	char line[200];
	unsigned long i, n;

	if (rowsize != 16 && rowsize != 32)
		rowsize = 16;
	for (i = 0; i < len; i += rowsize) {
		n = min(len - i, (unsigned long)rowsize);
		hex_dump_to_buffer(p + i, n, rowsize, groupsize, line, sizeof(line), ascii);
		switch (prefix_type) {
		case DUMP_PREFIX_ADDRESS:
			printk("%s%s%p: %s\n", level, prefix_str, p + i, line);
			break;
		case DUMP_PREFIX_OFFSET:
			printk("%s%s%.8lx: %s\n", level, prefix_str, i, line);
			break;
		default:
			printk("%s%s%s\n", level, prefix_str, line);
		}
	}
}

EXPORT_SYMBOL(___ratelimit);
EXPORT_SYMBOL(printk_ratelimit);
EXPORT_SYMBOL(hex_dump_to_buffer);
EXPORT_SYMBOL(print_hex_dump);
