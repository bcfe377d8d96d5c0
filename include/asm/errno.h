/* Error numbers: Linux splits them over asm/ and asm-generic/; modlab has one list. */
#ifndef _ASM_ERRNO_H
#define _ASM_ERRNO_H

#include <linux/errno.h>

#endif
