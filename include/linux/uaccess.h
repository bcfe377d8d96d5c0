/* Reading and writing memory that may fault, without an oops. */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/types.h>

/* Copy size bytes; 0, or -EFAULT if a page on either side faulted (part
 * of dst may then have been written). Any context. arch/x86/nofault.S. */
long copy_from_kernel_nofault(void *dst, const void *src, size_t size);
long copy_to_kernel_nofault(void *dst, const void *src, size_t size);

#endif
