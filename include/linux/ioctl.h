/* ioctl command numbers: _IO, _IOR, _IOW, _IOWR and _IOC_* (asm/ioctl.h). */
#ifndef _LINUX_IOCTL_H
#define _LINUX_IOCTL_H

#include <asm/ioctl.h>

#endif
