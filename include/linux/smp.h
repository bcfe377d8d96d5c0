/*
 * Several CPUs: this CPU's number, and running a function on other CPUs
 * by inter-processor interrupt (IPI).
 */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

#include <linux/preempt.h>
#include <modlab/percpu.h>

typedef void (*smp_call_func_t)(void *info);

/* Run func(info) on cpu (in interrupt context there, or here if cpu is
 * this CPU); with wait, return after it has run. Returns 0, or -ENXIO if
 * cpu is not online. May sleep-wait: not with interrupts off. */
int smp_call_function_single(int cpu, smp_call_func_t func, void *info, int wait);
/* Run func(info) on every online CPU, this one included. */
void on_each_cpu(smp_call_func_t func, void *info, int wait);

/* Make cpu run its scheduler soon. */
void smp_send_reschedule(unsigned int cpu);
/* Halt every other CPU (panic). */
void smp_send_stop(void);

/* Preemption off, so the number stays true until put_cpu(). */
static inline unsigned int get_cpu(void)
{
	preempt_disable();
	return smp_processor_id();
}

static inline void put_cpu(void)
{
	preempt_enable();
}

#endif
