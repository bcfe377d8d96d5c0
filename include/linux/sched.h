/*
 * Kernel threads and the scheduler, with Linux's names.
 *
 * Every thread is a struct task_struct with its own kernel stack. Each CPU
 * has a run queue of threads ready to run there and switches between them
 * round robin: at each timer tick the running thread's time slice shrinks,
 * and when it is used up the next ready thread runs. A thread sleeps by
 * setting its state to TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE and
 * calling schedule(); wake_up_process() makes it runnable again.
 *
 * The usual way to sleep until a condition holds (wait queues do this):
 *	set_current_state(TASK_UNINTERRUPTIBLE);
 *	while (!condition) { schedule(); set_current_state(...); }
 *	__set_current_state(TASK_RUNNING);
 * Setting the state before testing the condition is what makes it safe: a
 * waker that makes the condition true after our test also finds us no
 * longer TASK_RUNNING and wakes us, so schedule() returns at once.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/preempt.h>
#include <linux/spinlock.h>
#include <linux/signal_types.h>
#include <modlab/percpu.h>

struct vfsmount;
struct dentry;
struct mutex;
struct signal_struct;

#define TASK_RUNNING		0x0
#define TASK_INTERRUPTIBLE	0x1
#define TASK_UNINTERRUPTIBLE	0x2
#define TASK_DEAD		0x40
#define TASK_NOLOAD		0x400
/* Uninterruptible, but waiting is this thread's normal state (the shell at
 * its prompt), so the hung-task check leaves it alone. */
#define TASK_IDLE		(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
/* Only Ctrl-C interrupts a sleep here, and it counts as fatal: killable
 * sleeps are interruptible ones. */
#define TASK_KILLABLE		TASK_INTERRUPTIBLE
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

#define TASK_COMM_LEN		16
#define THREAD_SIZE		(4 * 4096)	/* each thread's kernel stack */
#define MAX_SCHEDULE_TIMEOUT	((long)(~0ul >> 1))

struct tty_struct;

struct task_struct {
	u32 sp;				/* saved stack pointer while switched out (switch.S) */
	volatile long state;
	int pid;
	char comm[TASK_COMM_LEN];
	unsigned int cpu;		/* the CPU whose run queue it belongs to */
	int bound;			/* pinned to 'cpu' (kthread_bind) */
	int urgent;			/* queued ahead of others when woken (stopper threads) */
	int on_rq;			/* in its run queue (ready or running) */
	int on_cpu;			/* its stack is in use on a CPU */
	int time_slice;			/* ticks left before it yields */
	int usage;			/* references: see get_task_struct() */
	void *stack;			/* lowest address of the stack (a guard page is below) */
	struct list_head run_list;	/* in rq->queue */
	struct list_head tasks;		/* in the list of all threads */
	unsigned long nr_switches;	/* times it was switched in */
	int (*threadfn)(void *data);
	void *data;
	int exit_code;
	int should_stop;		/* kthread_stop() was called */
	/* Signals: SIGINT in pending.signal interrupts a TASK_INTERRUPTIBLE
	 * sleep (written whole with WRITE_ONCE: modlab/sched.h). */
	struct sigpending pending;
	sigset_t blocked;
	/* What Linux keeps per process (linux/sched/signal.h); here every
	 * thread shares init_signals: one process, no controlling tty. */
	struct signal_struct *signal;
	struct task_struct *exit_waiter;	/* kthread_stop() waiting for us */
	int exited;
	/* Working directory (a referenced path); NULL: the root. Only the
	 * thread itself changes it (set_cwd). */
	struct vfsmount *cwd_mnt;
	struct dentry *cwd_dentry;
	/* Where this thread's printf output goes instead of the consoles
	 * (the shell's '>' redirection); NULL: the consoles. */
	void (*out_write)(void *ctx, const char *s, size_t len);
	void *out_ctx;
	/* Called with out_ctx when a command ends, in the command's thread,
	 * so that a driver's write that oopses kills the command, not the shell. */
	void (*out_flush)(void *ctx);
	/* Controlling terminal (get_current_tty): the console for the shell
	 * and the threads it starts, NULL for other kernel threads. */
	struct tty_struct *tty;
	int oopsed;			/* killed by an oops (kernel/panic.c) */
	int reaped;			/* kthread_reap() was called */
	/* The hung-task check's last look at it (kernel/watchdog.c). */
	unsigned long last_switch_count;
	unsigned long last_switch_time;	/* jiffies */
	/* Set by the thread itself for an interruptible sleep the hung-task
	 * check should watch as if it were uninterruptible: an rmmod --wait
	 * ends only by Ctrl-C, and a background one has nobody to press it. */
	int hung_watch;
#if CONFIG_DEBUG_LOCKS
	/* Mutexes it holds, innermost last, and where each was taken: an
	 * oops lists them, since they stay locked once the thread is dead. */
#define MAX_HELD_LOCKS	8
	struct mutex *held_locks[MAX_HELD_LOCKS];
	unsigned long held_ips[MAX_HELD_LOCKS];
	int lock_depth;			/* entries used; may exceed MAX_HELD_LOCKS */
#endif
};

#define current		((struct task_struct *)this_cpu_read(current_task))

#define __set_current_state(s)	(current->state = (s))
/* Store the state, then a full barrier, so the caller's following test of
 * its wake-up condition cannot be done before others can see the state. */
#define set_current_state(s)						\
	do {								\
		WRITE_ONCE(current->state, (s));			\
		__atomic_thread_fence(__ATOMIC_SEQ_CST);		\
	} while (0)

/* Run another thread if one is ready (and sleep, if our state says so).
 * May not be called with a spin lock held or preemption off. */
void schedule(void);
/* Sleep (in the current state) at most timeout ticks; returns ticks left. */
long schedule_timeout(long timeout);
long schedule_timeout_uninterruptible(long timeout);
long schedule_timeout_interruptible(long timeout);
void yield(void);

/* True when this CPU has been asked to run its scheduler. */
static inline bool need_resched(void)
{
	return this_cpu_read(need_resched) != 0;
}

/* A long loop's polite pause: run the scheduler if it is due. Thread
 * context only; 1 if it did. modlab preempts kernel threads anyway, so
 * this only shortens the wait of whoever is due. */
int _cond_resched(void);
#define cond_resched()	_cond_resched()

/* Make p runnable if it sleeps; returns 1 if it did sleep. Any context. */
int wake_up_process(struct task_struct *p);
int wake_up_state(struct task_struct *p, unsigned int state);

static inline int signal_pending(struct task_struct *p)
{
	return (READ_ONCE(p->pending.signal.sig[0]) & ~READ_ONCE(p->blocked.sig[0])) != 0;
}

#define fatal_signal_pending(p)	signal_pending(p)

/* References keep a task_struct (not the thread) alive. */
struct task_struct *get_task_struct(struct task_struct *p);
void put_task_struct(struct task_struct *p);

/* Scheduler internals used by the arch code and kthread.c. */
void scheduler_tick(void);
void preempt_schedule_irq(void);

/* What Linux's sched.h makes reachable through its own includes. */
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/jiffies.h>
#include <linux/ioctl.h>

#endif
