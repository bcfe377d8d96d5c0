/* Error messages as the shell prints them. */
#ifndef _MODLAB_ERRNO_H
#define _MODLAB_ERRNO_H

#include <linux/errno.h>

#ifndef __ASSEMBLY__
/* The C library's message for err (either sign): "No such file or directory". */
const char *strerror(int err);
#endif

#endif
