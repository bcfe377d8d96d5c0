/* stop_machine's settings and set-up. */
#ifndef _MODLAB_STOP_MACHINE_H
#define _MODLAB_STOP_MACHINE_H

#include <linux/stop_machine.h>

/* How long a CPU may take to stop (1000; `stop_machine.timeout_ms=N`). */
extern unsigned int stop_machine_timeout_ms;

void stop_machine_init(void);

/*
 * For the stop_machine test only: when set, the other CPUs stop from the
 * IPI handler at whatever point the interrupt arrives, even inside a
 * preempt-disabled section. That is wrong, and the test must notice it.
 */
extern int stop_machine_stop_anywhere;

#endif
