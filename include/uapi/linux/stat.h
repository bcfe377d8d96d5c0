/*
 * The file-mode bits as Linux exports them to user space (S_IFMT, S_IRUSR
 * and the rest). Modules that include <uapi/linux/stat.h> by its full path
 * find the same definitions as those that include <linux/stat.h>.
 */
#ifndef _UAPI_LINUX_STAT_H
#define _UAPI_LINUX_STAT_H

#include <linux/stat.h>

#endif
