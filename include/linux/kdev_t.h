/*
 * Device numbers (dev_t) as Linux packs them inside the kernel: the major
 * number in the top 12 bits, the minor in the low 20.
 */
#ifndef _LINUX_KDEV_T_H
#define _LINUX_KDEV_T_H

#include <linux/types.h>

#define MINORBITS	20
#define MINORMASK	((1U << MINORBITS) - 1)

#define MAJOR(dev)	((unsigned int)((dev) >> MINORBITS))
#define MINOR(dev)	((unsigned int)((dev) & MINORMASK))
#define MKDEV(ma, mi)	(((ma) << MINORBITS) | (mi))

/* Write a device number as sysfs's dev files show it: "MAJOR:MINOR", with
 * a newline (print_dev_t, which returns sprintf's count) or without one
 * (format_dev_t, which returns buffer). */
#define print_dev_t(buffer, dev)	sprintf((buffer), "%u:%u\n", MAJOR(dev), MINOR(dev))
#define format_dev_t(buffer, dev)						\
	({ sprintf((buffer), "%u:%u", MAJOR(dev), MINOR(dev)); (buffer); })

#endif
