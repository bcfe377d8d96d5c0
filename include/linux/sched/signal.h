/*
 * Process-wide state, Linux's linux/sched/signal.h: struct signal_struct
 * (current->signal) and the signal tests. modlab's threads are one
 * process with no controlling terminal: current->signal->tty is NULL, as
 * for a Linux daemon, so code that needs one (a tty's process group)
 * takes its "no controlling tty" branch. The only signal is the shell's
 * Ctrl-C, which signal_pending() reports (linux/sched.h).
 */
#ifndef _LINUX_SCHED_SIGNAL_H
#define _LINUX_SCHED_SIGNAL_H

#include <linux/sched.h>
#include <linux/signal.h>

struct tty_struct;

struct signal_struct {
	struct tty_struct *tty;		/* the controlling tty; always NULL */
};

extern struct signal_struct init_signals;

#endif
