/*
 * printk's log levels (KERN_ERR, KERN_INFO, ...). Linux keeps them in this
 * header of their own; in modlab they are defined in linux/printk.h, next
 * to the pr_* helpers, and this header is there so code written for Linux
 * that includes it directly builds unchanged.
 */
#ifndef _LINUX_KERN_LEVELS_H
#define _LINUX_KERN_LEVELS_H

#include <linux/printk.h>

#endif
