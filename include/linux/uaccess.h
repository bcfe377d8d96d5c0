/*
 * Copying between the kernel and buffers a caller handed in (the __user
 * pointers of file_operations.read/write/unlocked_ioctl), with Linux's
 * names and contracts:
 *
 *	copy_to_user(to, from, n), copy_from_user(to, from, n)
 *		return the number of bytes NOT copied (0 when all were);
 *		copy_from_user zeroes what it could not fill.
 *	get_user(x, ptr), put_user(x, ptr)	0 or -EFAULT
 *	clear_user(to, n)			bytes not cleared
 *	strncpy_from_user(dst, src, n)		length copied, or -EFAULT
 *	strnlen_user(src, n)			length with the NUL, 0 on a fault
 *
 * A bad pointer (NULL, an unmapped page, a buffer running into one) gives
 * these errors and counts, never an oops: each faulting instruction is in
 * the exception table (linux/extable.h). All may sleep in Linux (a page
 * fault may read from disk); here they do not, but callers should not
 * hold spin locks across them, so that drivers stay correct on Linux.
 */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <asm/uaccess.h>

static __always_inline unsigned long __must_check copy_from_user(void *to,
								 const void __user *from,
								 unsigned long n)
{
	if (!access_ok(from, n)) {
		memset(to, 0, n);
		return n;
	}
	return _copy_from_user(to, from, n);
}

static __always_inline unsigned long __must_check copy_to_user(void __user *to,
							       const void *from,
							       unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return _copy_to_user(to, from, n);
}

unsigned long __must_check clear_user(void __user *to, unsigned long n);
long strncpy_from_user(char *dst, const char __user *src, long count);
long strnlen_user(const char __user *str, long n);

/* Copy size bytes of kernel memory that may fault; 0, or -EFAULT if a page
 * on either side faulted (part of dst may then have been written). Any
 * context. arch/x86/nofault.S. */
long copy_from_kernel_nofault(void *dst, const void *src, size_t size);
long copy_to_kernel_nofault(void *dst, const void *src, size_t size);

#endif
