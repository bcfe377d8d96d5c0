/* Soft lockup and hung-task watchdogs; backtraces of other CPUs by NMI
 * (kernel/watchdog.c). */
#ifndef _MODLAB_WATCHDOG_H
#define _MODLAB_WATCHDOG_H

#include <linux/types.h>

struct pt_regs;

extern unsigned int watchdog_thresh;		/* seconds; 0: soft lockup check off */
extern unsigned int hung_task_timeout_secs;	/* 0: hung-task check off */

/* Read watchdog_thresh= and hung_task_timeout_secs= from the command line. */
void watchdog_setup(void);
/* Start khungtaskd (needs the scheduler). */
void watchdog_init(void);
/* Every CPU's timer tick, with the interrupted code's registers. */
void watchdog_tick(const struct pt_regs *regs);
/* The NMI handler's question: was this NMI a backtrace request? */
bool nmi_backtrace_handler(const struct pt_regs *regs);
/* Print a backtrace of every online CPU, or of those in mask (bit per CPU).
 * Any context; waits at most 200 ms for each answer. */
void trigger_all_cpu_backtrace(void);
void trigger_cpu_backtraces(unsigned long mask);

#endif
