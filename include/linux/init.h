/*
 * __init and friends: code and data only needed while starting up. In a
 * module, the loader puts them in separate memory and frees it once the
 * module's init has returned successfully; __exit code is only needed
 * when the module is removed. module_init/module_exit name a module's
 * entry points (see linux/module.h).
 */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>

#define __init		__section(".init.text") noinline
#define __initdata	__section(".init.data")
#define __initconst	__section(".init.rodata")
#define __exit		__section(".exit.text") noinline
#define __exitdata	__section(".exit.data")

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

#endif
