/*
 * Signal numbers and SIGIO band codes with Linux's (x86) values. modlab's
 * only signal is the shell's Ctrl-C, which interrupts a sleep
 * (signal_pending, linux/sched.h); the others exist so that drivers that
 * name them (kill_fasync(..., SIGIO, POLL_IN)) compile and mean the same.
 */
#ifndef _LINUX_SIGNAL_H
#define _LINUX_SIGNAL_H

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGIO		29
#define SIGPOLL		SIGIO

/* si_code of SIGIO: which event (kill_fasync's band). */
#define POLL_IN		1
#define POLL_OUT	2
#define POLL_MSG	3
#define POLL_ERR	4
#define POLL_PRI	5
#define POLL_HUP	6

#endif
