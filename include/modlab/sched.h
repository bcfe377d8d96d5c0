/* The scheduler's internals that the arch code, the shell and procfs use. */
#ifndef _MODLAB_SCHED_H
#define _MODLAB_SCHED_H

#include <linux/sched.h>

/* Walk every thread: fn(task, arg) under the tasks lock (must not sleep). */
void for_each_task(void (*fn)(struct task_struct *p, void *arg), void *arg);
const char *task_state_name(const struct task_struct *p);

void sched_init_cpu(unsigned int cpu, struct task_struct *idle);

void sched_init(void);
void schedule_tail(struct task_struct *prev);
void cpu_idle(void) __noreturn;

extern spinlock_t tasklist_lock;
extern struct list_head task_list;

/* After k has ended: let go of an oops-killed thread's task_struct (see
 * kernel/panic.c). kthread_stop does it; so must anyone else who waits for
 * a thread to end instead. */
void kthread_reap(struct task_struct *k);

void sleeping_while_atomic(const char *where);

/* Kernel internal: task, which may be a worker, is dying of an oops;
 * returns whether it was a worker. */
bool wq_worker_died(struct task_struct *task);

/* Raise (on) or clear SIGINT for t: the shell's Ctrl-C. One word written
 * whole, so signal_pending on another CPU reads the old or the new set. */
static inline void task_set_sigint(struct task_struct *t, bool on)
{
	WRITE_ONCE(t->pending.signal.sig[0], on ? sigmask(SIGINT) : 0);
}

/* The console as a terminal (kernel/tty_io.c). */
extern struct tty_struct console_tty;

#endif
