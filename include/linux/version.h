/*
 * The Linux version whose module interface modlab follows: 6.1. Modules
 * that test LINUX_VERSION_CODE against KERNEL_VERSION(a, b, c) take the
 * 6.1 branch (docs/linux-compat.md lists what that means here).
 */
#ifndef _LINUX_VERSION_H
#define _LINUX_VERSION_H

#define KERNEL_VERSION(a, b, c)	(((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_MAJOR	6
#define LINUX_VERSION_PATCHLEVEL	1
#define LINUX_VERSION_SUBLEVEL	0
#define LINUX_VERSION_CODE	KERNEL_VERSION(6, 1, 0)

#endif
