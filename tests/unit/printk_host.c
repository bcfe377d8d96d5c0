/*
 * printk for host unit tests of code that needs nothing else from the
 * kernel. Messages are kept (up to 16 KiB since the last clear) so a test
 * can check that a problem was reported, and what it was called; with
 * UNIT_VERBOSE set they also go to stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "printk_host.h"

static char log_buf[16384];
static size_t log_len;
unsigned int host_printk_warnings;

void host_printk_clear(void)
{
	log_len = 0;
	log_buf[0] = '\0';
	host_printk_warnings = 0;
}

bool host_printk_saw(const char *text)
{
	return strstr(log_buf, text) != NULL;
}

int vprintk(const char *fmt, va_list args)
{
	char line[512];
	int level = LOGLEVEL_DEFAULT;
	size_t n;

	vsnprintf(line, sizeof(line), fmt, args);
	if (line[0] == KERN_SOH[0] && line[1] >= '0' && line[1] <= '7')
		level = line[1] - '0';
	if (level <= 4)
		host_printk_warnings++;
	n = strlen(line);
	if (log_len + n < sizeof(log_buf)) {
		memcpy(log_buf + log_len, line, n + 1);
		log_len += n;
	}
	if (getenv("UNIT_VERBOSE"))
		fprintf(stderr, "printk: %s", line[0] == KERN_SOH[0] ? line + 2 : line);
	return (int)n;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}
