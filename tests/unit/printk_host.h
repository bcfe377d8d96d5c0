/* What the host printk stand-in (printk_host.c) lets a test check. */
#ifndef PRINTK_HOST_H
#define PRINTK_HOST_H

#include <linux/types.h>

extern unsigned int host_printk_warnings;	/* messages at KERN_WARNING or worse */

/* Forget the messages so far. */
void host_printk_clear(void);
/* Whether a message since the last clear contains text. */
bool host_printk_saw(const char *text);

#endif
