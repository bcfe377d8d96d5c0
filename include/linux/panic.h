/*
 * panic(): stop the machine with a message (kernel/panic.c). Linux's
 * linux/kernel.h includes this header, so a module that includes only
 * linux/kernel.h or linux/module.h can call it.
 */
#ifndef _LINUX_PANIC_H
#define _LINUX_PANIC_H

#include <linux/compiler.h>

void panic(const char *fmt, ...) __noreturn __printf(1, 2);

#endif
