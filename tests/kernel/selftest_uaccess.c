/*
 * Self test of the uaccess functions against bad pointers: NULL, an
 * address nothing maps, and a buffer that runs from a mapped page into an
 * unmapped one. Each must give -EFAULT or the exact count of bytes not
 * copied (linux/uaccess.h), and the kernel must go on: the page faults
 * are resolved through the exception table, not reported as oopses.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <modlab/mm.h>
#include "selftest.h"

#define UNMAPPED_ADDR	0xdead0000ul	/* far above RAM: never mapped */
#define TAIL		24		/* bytes of the buffer before the hole */

#define EXPECT(cond, fmt, ...)							\
	do {									\
		if (!(cond))							\
			return selftest_fail(fmt, ##__VA_ARGS__);		\
	} while (0)

static int check_bad(void __user *bad, const char *what)
{
	char buf[32];
	int v = 7;
	char c = 'c';

	memset(buf, 'x', sizeof(buf));
	EXPECT(copy_to_user(bad, buf, sizeof(buf)) == sizeof(buf),
	       "copy_to_user(%s) to report all %zu bytes not copied", what, sizeof(buf));
	EXPECT(copy_from_user(buf, bad, sizeof(buf)) == sizeof(buf),
	       "copy_from_user(%s) to report all %zu bytes not copied", what, sizeof(buf));
	EXPECT(buf[0] == 0 && buf[sizeof(buf) - 1] == 0,
	       "copy_from_user(%s) to zero the destination, saw %#x", what, buf[0]);
	EXPECT(get_user(v, (int __user *)bad) == -EFAULT && v == 0,
	       "get_user(%s) to be -EFAULT with the value zeroed, value %d", what, v);
	EXPECT(put_user(5, (int __user *)bad) == -EFAULT, "put_user(%s) to be -EFAULT", what);
	EXPECT(__get_user(c, (char __user *)bad) == -EFAULT && c == 0,
	       "__get_user(%s) to be -EFAULT with the value zeroed", what);
	EXPECT(clear_user(bad, 10) == 10, "clear_user(%s) to clear nothing", what);
	EXPECT(strncpy_from_user(buf, bad, 8) == -EFAULT, "strncpy_from_user(%s) -EFAULT", what);
	EXPECT(strnlen_user(bad, 8) == 0, "strnlen_user(%s) 0", what);
	pr_info("uaccess: %s: every call returned its fault value\n", what);
	return 0;
}

/* Two pages, the second unmapped: a buffer TAIL bytes before the end of
 * the first runs into the hole. */
static int check_straddle(void)
{
	char *pages = alloc_pages_exact(2 * PAGE_SIZE, GFP_KERNEL);
	char *p, buf[64];
	u64 v64 = 1;
	int err = 0;

	if (!pages)
		return selftest_fail("2 pages to test with");
	set_memory_np((unsigned long)pages + PAGE_SIZE, 1);
	p = pages + PAGE_SIZE - TAIL;
	memset(p, 'a', TAIL);
	memset(buf, 'b', sizeof(buf));
	if (copy_to_user((void __user *)p, buf, sizeof(buf)) != sizeof(buf) - TAIL)
		err = selftest_fail("copy_to_user across the hole to leave %zu bytes",
				    sizeof(buf) - TAIL);
	else if (p[0] != 'b' || p[TAIL - 1] != 'b')
		err = selftest_fail("the %d bytes before the hole to be copied", TAIL);
	else if (copy_from_user(buf, (void __user *)p, sizeof(buf)) != sizeof(buf) - TAIL)
		err = selftest_fail("copy_from_user across the hole to leave %zu bytes",
				    sizeof(buf) - TAIL);
	else if (buf[TAIL - 1] != 'b' || buf[TAIL] != 0 || buf[sizeof(buf) - 1] != 0)
		err = selftest_fail("the bytes read to be kept and the rest zeroed");
	else if (clear_user((void __user *)p, 100) != 100 - TAIL || p[0] != 0)
		err = selftest_fail("clear_user across the hole to leave %d bytes", 100 - TAIL);
	else if (get_user(v64, (u64 __user *)(pages + PAGE_SIZE - 4)) != -EFAULT || v64)
		err = selftest_fail("an 8-byte get_user half in the hole to be -EFAULT, value 0");
	else if (memset(p, 's', TAIL), strnlen_user((char __user *)p, 100) != 0)
		err = selftest_fail("strnlen_user of a string running into the hole to be 0");
	p[TAIL - 1] = '\0';
	if (!err && strnlen_user((char __user *)p, 100) != TAIL)
		err = selftest_fail("strnlen_user of a string ending before the hole to be %d",
				    TAIL);
	set_memory_p((unsigned long)pages + PAGE_SIZE, 1);
	free_pages_exact(pages, 2 * PAGE_SIZE);
	if (!err)
		pr_info("uaccess: a buffer running into an unmapped page: exact counts\n");
	return err;
}

static int check_good(void)
{
	char src[16] = "hello, world", dst[16];
	int v = 0;

	EXPECT(copy_to_user((void __user *)dst, src, sizeof(src)) == 0 && !strcmp(dst, src),
	       "copy_to_user of good memory to copy everything");
	EXPECT(get_user(v, (int __user *)src) == 0 && v == *(int *)src,
	       "get_user of good memory");
	EXPECT(strncpy_from_user(dst, (const char __user *)src, sizeof(dst)) == 12,
	       "strncpy_from_user to return the length 12");
	EXPECT(strnlen_user((const char __user *)src, 100) == 13,
	       "strnlen_user to count the NUL (13)");
	EXPECT(!access_ok((void __user *)0xfffffff0ul, 32), "access_ok to refuse a wrapping range");
	return 0;
}

int selftest_uaccess(int argc, char **argv)
{
	int err = check_good();

	if (!err)
		err = check_bad(NULL, "NULL");
	if (!err)
		err = check_bad((void __user *)UNMAPPED_ADDR, "an unmapped address");
	if (!err)
		err = check_straddle();
	return err;
}
