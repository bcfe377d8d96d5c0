/*
 * Creating, starting, stopping and reaping kernel threads.
 *
 * A thread's stack is THREAD_SIZE bytes with an unmapped guard page below
 * it, so running off the bottom faults (and the double-fault handler
 * reports the overflow) instead of silently overwriting other memory.
 *
 * A task_struct is freed when its last reference goes: the thread holds
 * one while it lives (dropped by the scheduler once it has switched away
 * from the dead thread for good), kthread_stop holds another while waiting.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/kthread.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/errno.h>
#include <modlab/mm.h>
#include <modlab/fs.h>
#include <modlab/panic.h>
#include <asm/desc.h>
#include <modlab/sched.h>

static int last_pid;
static unsigned int next_cpu;		/* round robin placement of new threads */

void ret_from_kthread(void);		/* switch.S */

/* Where a new thread begins, after schedule_tail (switch.S). */
void kthread_main(void)
{
	struct task_struct *self = current;

	/* The guard page was unmapped on the creating CPU only
	 * (alloc_stack); this CPU, the only one that runs on this stack,
	 * may still hold an entry for it. */
	flush_tlb_one_kernel((unsigned long)self->stack - PAGE_SIZE);
	kthread_exit(self->threadfn(self->data));
}

static void *alloc_stack(void)
{
	char *base = alloc_pages_exact(THREAD_SIZE + PAGE_SIZE, GFP_KERNEL);

	if (!base)
		return NULL;
	/* The guard page. Threads never change CPU, so only the CPU that will
	 * run this one needs the change: it flushes itself (kthread_main; an
	 * AP's idle thread starts on a CPU whose TLB is still empty). */
	set_memory_np_local((unsigned long)base, 1);
	return base + PAGE_SIZE;
}

static void free_stack(void *stack)
{
	char *base = (char *)stack - PAGE_SIZE;

	set_memory_p((unsigned long)base, 1);
	free_pages_exact(base, THREAD_SIZE + PAGE_SIZE);
}

/* Pick a CPU for a new thread: the online CPUs in turn. */
static unsigned int pick_cpu(void)
{
	unsigned int cpu, tries;

	for (tries = 0; tries < nr_cpu_ids; tries++) {
		cpu = __atomic_fetch_add(&next_cpu, 1, __ATOMIC_RELAXED) % nr_cpu_ids;
		if (cpu_online(cpu))
			return cpu;
	}
	return 0;
}

/* The one set of process-wide state every thread shares (no tty). */
struct signal_struct init_signals;

void task_register(struct task_struct *p)
{
	unsigned long flags;

	p->pid = __atomic_add_fetch(&last_pid, 1, __ATOMIC_RELAXED);
	p->signal = &init_signals;
	spin_lock_irqsave(&tasklist_lock, flags);
	list_add_tail(&p->tasks, &task_list);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...)
{
	struct task_struct *p = kzalloc(sizeof(*p), GFP_KERNEL);
	va_list args;
	u32 *sp;

	if (!p)
		return ERR_PTR(-ENOMEM);
	p->stack = alloc_stack();
	if (!p->stack) {
		kfree(p);
		return ERR_PTR(-ENOMEM);
	}
	va_start(args, namefmt);
	vscnprintf(p->comm, sizeof(p->comm), namefmt, args);
	va_end(args);
	p->threadfn = threadfn;
	p->data = data;
	p->state = TASK_UNINTERRUPTIBLE;	/* until wake_up_process starts it */
	p->usage = 1;
	p->cpu = pick_cpu();
	INIT_LIST_HEAD(&p->run_list);

	/* The first switch to p pops these as switch.S's saved registers
	 * (edi, esi, ebx, ebp) and "returns" into ret_from_kthread. */
	sp = (u32 *)((char *)p->stack + THREAD_SIZE);
	*--sp = (u32)ret_from_kthread;
	*--sp = 0;	/* ebp: ends backtraces */
	*--sp = 0;	/* ebx */
	*--sp = 0;	/* esi */
	*--sp = 0;	/* edi */
	p->sp = (u32)sp;

	task_register(p);
	return p;
}

void kthread_bind(struct task_struct *k, unsigned int cpu)
{
	k->cpu = cpu;
	k->bound = 1;
}

bool kthread_should_stop(void)
{
	return READ_ONCE(current->should_stop);
}

int kthread_stop(struct task_struct *k)
{
	int ret;

	get_task_struct(k);
	WRITE_ONCE(k->exit_waiter, current);
	WRITE_ONCE(k->should_stop, 1);
	wake_up_process(k);
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (READ_ONCE(k->exited))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	ret = k->exit_code;
	kthread_reap(k);
	put_task_struct(k);
	return ret;
}

/*
 * k has ended; if an oops killed it, drop the reference that kept its
 * task_struct for whoever started it (kernel/panic.c). Called once, by
 * that one: kthread_stop, or the shell for a command's thread.
 */
void kthread_reap(struct task_struct *k)
{
	if (k->oopsed && !__atomic_exchange_n(&k->reaped, 1, __ATOMIC_RELAXED))
		put_task_struct(k);
}

void kthread_exit(long code)
{
	struct task_struct *self = current, *waiter;

	exit_fs(self);
	self->exit_code = code;
	/* Publish the exit before waking the waiter, who then reads exit_code. */
	__atomic_store_n(&self->exited, 1, __ATOMIC_RELEASE);
	waiter = READ_ONCE(self->exit_waiter);
	if (waiter)
		wake_up_process(waiter);
	preempt_disable();
	self->state = TASK_DEAD;
	preempt_enable_no_resched();
	schedule();		/* never returns: the scheduler reaps us */
	panic("kthread_exit: dead thread %s was scheduled again", self->comm);
}

/* Last reference gone (put_task_struct): free the stack and the task. */
void free_task(struct task_struct *p)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_del(&p->tasks);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (p->stack && p->threadfn)	/* idle threads of the boot CPU have no own stack */
		free_stack(p->stack);
	kfree(p);
}

/* An AP's idle thread: a stack for it to start on, and a task_struct. */
struct task_struct *idle_task_create(unsigned int cpu)
{
	struct task_struct *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	p->stack = alloc_stack();
	if (!p->stack) {
		kfree(p);
		return NULL;
	}
	scnprintf(p->comm, sizeof(p->comm), "idle/%u", cpu);
	p->usage = 1;
	INIT_LIST_HEAD(&p->run_list);
	task_register(p);
	return p;
}

/* The boot CPU's first thread: the code running since start_kernel, on
 * the boot stack. It becomes CPU 0's idle thread. */
static struct task_struct init_task = {
	.comm = "idle/0",
	.usage = 1,
	.stack = boot_stack_bottom,
	.run_list = LIST_HEAD_INIT(init_task.run_list),
};

void sched_init(void)
{
	task_register(&init_task);
	sched_init_cpu(0, &init_task);
}

_Static_assert(BOOT_STACK_SIZE == THREAD_SIZE, "the boot stack becomes a thread stack");

/* For modules. */
EXPORT_SYMBOL(kthread_create);
EXPORT_SYMBOL(kthread_bind);
EXPORT_SYMBOL(kthread_should_stop);
EXPORT_SYMBOL(kthread_stop);
EXPORT_SYMBOL(kthread_exit);
