/* The running thread, as Linux's asm/current.h: current and get_current(). */
#ifndef _ASM_CURRENT_H
#define _ASM_CURRENT_H

#include <linux/sched.h>

static inline struct task_struct *get_current(void)
{
	return current;
}

#endif
