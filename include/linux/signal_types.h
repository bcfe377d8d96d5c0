/*
 * Signal sets, as Linux's linux/signal_types.h on i386: a task's pending
 * signals and the ones it blocks. modlab's only signal is SIGINT, which
 * the shell's Ctrl-C raises for the foreground command; none is blocked.
 */
#ifndef _LINUX_SIGNAL_TYPES_H
#define _LINUX_SIGNAL_TYPES_H

#include <linux/types.h>
#include <linux/list.h>

#define _NSIG		64
#define _NSIG_BPW	32
#define _NSIG_WORDS	(_NSIG / _NSIG_BPW)

#define SIGINT		2
#define SIGKILL		9
#define SIGTERM		15

typedef struct {
	unsigned long sig[_NSIG_WORDS];
} sigset_t;

struct sigpending {
	struct list_head list;
	sigset_t signal;
};

#define sigmask(sig)	(1UL << ((sig) - 1))

#endif
