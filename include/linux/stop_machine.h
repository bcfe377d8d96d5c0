/*
 * stop_machine: run a function while every other CPU sits still with its
 * interrupts off, so the function sees (and may change) data that others
 * only touch with preemption off, as if there were one CPU.
 */
#ifndef _LINUX_STOP_MACHINE_H
#define _LINUX_STOP_MACHINE_H

/* Run fn(data) with every online CPU stopped; returns fn's value, or
 * -EBUSY if a CPU did not stop within stop_machine_timeout_ms (then fn did
 * not run and the log says which CPU and what it runs). One caller at a
 * time (others wait). May sleep: call it from a thread, with no spin lock
 * held and interrupts on. */
int stop_machine(int (*fn)(void *data), void *data);

#endif
