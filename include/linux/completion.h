/*
 * Completions: one thread waits until another says "done", with Linux's
 * names. Each complete() lets one wait_for_completion() through (done
 * counts them); complete_all() lets every present and future waiter through.
 */
#ifndef _LINUX_COMPLETION_H
#define _LINUX_COMPLETION_H

#include <linux/wait.h>

struct completion {
	unsigned int done;		/* protected by wait.lock */
	struct wait_queue_head wait;
};

#define COMPLETION_INITIALIZER(name)						\
	{ .done = 0, .wait = __WAIT_QUEUE_HEAD_INITIALIZER((name).wait) }
#define DECLARE_COMPLETION(name) struct completion name = COMPLETION_INITIALIZER(name)
#define DECLARE_COMPLETION_ONSTACK(name)	DECLARE_COMPLETION(name)

void init_completion(struct completion *x);
void reinit_completion(struct completion *x);
void complete(struct completion *x);
void complete_all(struct completion *x);
/* Sleep until completed. May sleep: not in interrupts or with locks held. */
void wait_for_completion(struct completion *x);
/* Returns ticks left (>= 1), or 0 if timeout ticks passed first. */
unsigned long wait_for_completion_timeout(struct completion *x, unsigned long timeout);
bool try_wait_for_completion(struct completion *x);
bool completion_done(struct completion *x);

#endif
