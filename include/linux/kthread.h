/*
 * Kernel threads, with Linux's names.
 *
 *	t = kthread_run(fn, data, "worker/%d", n);	created and started
 *	...
 *	ret = kthread_stop(t);	asks it to stop, waits, returns fn's value
 *
 * A thread started this way should loop until kthread_should_stop(). A
 * thread may instead end on its own by returning; then nobody may call
 * kthread_stop on it unless they hold a reference (get_task_struct).
 */
#ifndef _LINUX_KTHREAD_H
#define _LINUX_KTHREAD_H

#include <linux/sched.h>
#include <linux/err.h>

/* Make a thread that will run threadfn(data) once woken with
 * wake_up_process. Returns it, or ERR_PTR(-ENOMEM). May sleep. */
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...) __printf(3, 4);

#define kthread_run(threadfn, data, namefmt, ...)				\
	({									\
		struct task_struct *__k =					\
			kthread_create(threadfn, data, namefmt, ##__VA_ARGS__);	\
		if (!IS_ERR(__k))						\
			wake_up_process(__k);					\
		__k;								\
	})

/* Keep a created (not yet started) thread on one CPU. */
void kthread_bind(struct task_struct *k, unsigned int cpu);
bool kthread_should_stop(void);
int kthread_stop(struct task_struct *k);
/* End the calling thread with this code. */
void kthread_exit(long code) __noreturn;

struct completion;
/* complete(comp), then end the calling thread with code: for a module's
 * thread whose exit waits on comp. Kernel code does both, so no module
 * instruction runs after the complete() that lets the module go. */
void kthread_complete_and_exit(struct completion *comp, int code) __noreturn;

#endif
