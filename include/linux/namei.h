/* Path lookup flags and limits, as Linux 6.1 names them (fs/namei.c). */
#ifndef _LINUX_NAMEI_H
#define _LINUX_NAMEI_H

#include <linux/fs.h>

/* Symbolic links followed in one walk before it fails with -ELOOP. */
#define MAXSYMLINKS	40

/* Follow a symbolic link that is the walk's last component (a link in
 * the middle of a path is always followed). */
#define LOOKUP_FOLLOW		0x0001
#define LOOKUP_DIRECTORY	0x0002

#endif
