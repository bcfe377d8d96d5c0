/* The commands of the ioctl_dev driver, shared with its (user-space) callers. */
#ifndef IOCTL_DEV_H
#define IOCTL_DEV_H

#include <linux/ioctl.h>

#define IOCTL_DEV_MAGIC		'k'
#define IOCTL_GET_VALUE		_IOR(IOCTL_DEV_MAGIC, 1, int)
#define IOCTL_SET_VALUE		_IOW(IOCTL_DEV_MAGIC, 2, int)
#define IOCTL_RESET		_IO(IOCTL_DEV_MAGIC, 3)
#define IOCTL_ADD		_IOWR(IOCTL_DEV_MAGIC, 4, int)

/* lib/value.c */
int value_get(void);
void value_set(int v);

#endif
