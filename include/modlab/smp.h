/* SMP internals shared by the arch code and the kernel core. */
#ifndef _MODLAB_SMP_H
#define _MODLAB_SMP_H

#include <linux/types.h>

void smp_init(void);
void smp_call_function_interrupt(void);
bool smp_stop_requested(void);
void stop_this_cpu(void) __attribute__((noreturn));
void resched_cpu(unsigned int cpu);

#endif
