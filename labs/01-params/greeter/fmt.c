/*
 * greeter's second object: the text of a greeting and the sum of nums.
 * Nothing here knows about parameters; main.c passes their values in.
 */
#include <linux/kernel.h>
#include "greeter.h"

/* The i-th of count greetings: "hello, WHOM (i/count)", with HELLO when
 * loud. Always NUL-terminated within size bytes. */
void greeter_format(char *buf, size_t size, const char *whom, bool loud, int i, int count)
{
	/* LAB(params) BEGIN: write "hello, WHOM (i/count)" into buf (HELLO when loud) */
	snprintf(buf, size, "%s, %s (%d/%d)", loud ? "HELLO" : "hello", whom, i, count);
	/* LAB(params) SKEL
	if (size)
		buf[0] = '\0';
	*/
	/* LAB(params) END */
}

/* The sum of the first n numbers. */
long greeter_sum(const int *nums, unsigned int n)
{
	long sum = 0;

	/* LAB(params) BEGIN: add up the n numbers */
	unsigned int i;

	for (i = 0; i < n; i++)
		sum += nums[i];
	/* LAB(params) END */
	return sum;
}
