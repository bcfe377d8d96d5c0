/* What greeter's two objects share. */
#ifndef _GREETER_H
#define _GREETER_H

#include <linux/types.h>

#define GREETER_MAX_COUNT	100	/* count must be 1..GREETER_MAX_COUNT */
#define GREETER_MAX_NUMS	8	/* nums holds at most this many */
#define GREETER_LINE_MAX	128

/* fmt.c */
void greeter_format(char *buf, size_t size, const char *whom, bool loud, int i, int count);
long greeter_sum(const int *nums, unsigned int n);

#endif
