/* Linux's old asm/atomic.h: atomic_t and its operations (linux/atomic.h). */
#ifndef _ASM_ATOMIC_H
#define _ASM_ATOMIC_H

#include <linux/atomic.h>

#endif
