/* The panic notifier chain: atomic callbacks panic() runs with its message
 * (the char * argument) before it stops the machine. */
#ifndef _LINUX_PANIC_NOTIFIER_H
#define _LINUX_PANIC_NOTIFIER_H

#include <linux/notifier.h>

extern struct atomic_notifier_head panic_notifier_list;

#endif
