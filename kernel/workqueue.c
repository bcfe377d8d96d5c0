/*
 * The system workqueue: functions queued to run later in a kernel thread.
 *
 * One queue of work items, served by one worker thread per CPU
 * ("kworker/N", bound to its CPU). queue_work puts an item at the tail and
 * wakes an idle worker, this CPU's if it is idle; a worker takes items from
 * the head, runs each with no lock held, and sleeps when there are none.
 *
 * Why this shape:
 * - A single thread for the whole system (old Linux's keventd was close to
 *   it) is simplest, but one item that sleeps for a second holds up every
 *   other module's items behind it, and the other CPUs sit idle.
 * - A queue per CPU (Linux today) keeps an item on the CPU that queued it,
 *   good for caches on big machines, but then "is this item running, and
 *   where?" spans several locks, which makes the rules below harder to see
 *   in the code. With at most 16 CPUs one queue does not become a
 *   bottleneck, and one lock makes every rule checkable in a few lines.
 * So: one queue and one lock, and as many workers as CPUs, so up to one
 * item per CPU runs at a time and a sleeping item delays nobody.
 *
 * The rules, and what keeps each:
 * - An item is pending at most once: queueing a pending item does nothing
 *   (queue_work tests work->pending under the lock).
 * - An item never runs on two CPUs at once, though it may be queued again
 *   while it runs: a worker that finds at the head an item another worker
 *   is running hands it to that worker's own list (worker->scheduled),
 *   which that worker runs before anything else (next_work).
 * - A worker does not touch an item once its function has been called: the
 *   function may free it. What the worker needs afterwards (the run's
 *   number, its flush colour) is copied before the call.
 * - flush_work waits for the run queued (or going on) when it was called,
 *   identified by work->seq, not for later ones: an item that queues
 *   itself again cannot keep the flusher waiting for ever.
 * - flush_scheduled_work waits for every item queued before it: each item
 *   takes the queue's current colour (0 or 1) and is counted in
 *   nr_in_flight[colour] until it has run; a flush switches the colour and
 *   waits until the old colour's count is 0. Flushes take turns
 *   (flush_mutex), so when one starts, every item in flight has the colour
 *   it switches away from.
 *
 * Locking: wq->lock, a spin lock taken with interrupts off (items are
 * queued from interrupt handlers), protects the queue, every worker's
 * fields, and the pending/seq/color/canceling fields of every item.
 * Waking a worker takes a run-queue lock inside it; waking flushers
 * (wq->done) is done after dropping it.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <modlab/kallsyms.h>
#include <modlab/panic.h>

struct worker {
	struct workqueue_struct *wq;
	struct task_struct *task;	/* NULL: no worker on this CPU */
	struct list_head scheduled;	/* items handed to us: run these first */
	struct list_head idle_entry;	/* in wq->idle while idle */
	bool idle;
	struct work_struct *current_work;	/* being run, or NULL */
	unsigned int current_seq;		/* which run of it (work->seq) */
	unsigned int current_color;		/* its flush colour */
};

struct workqueue_struct {
	spinlock_t lock;
	struct list_head worklist;	/* pending items, oldest first */
	struct list_head idle;		/* idle workers */
	struct worker workers[NR_CPUS];	/* one per CPU */
	unsigned int color;		/* the colour new items get */
	unsigned int nr_in_flight[2];	/* items of each colour queued or running */
	struct wait_queue_head done;	/* flushers; woken when an item is done */
	struct mutex flush_mutex;	/* one flush_scheduled_work at a time */
};

static struct workqueue_struct system_workqueue = {
	.lock = __SPIN_LOCK_UNLOCKED(system_workqueue.lock),
	.worklist = LIST_HEAD_INIT(system_workqueue.worklist),
	.idle = LIST_HEAD_INIT(system_workqueue.idle),
	.done = __WAIT_QUEUE_HEAD_INITIALIZER(system_workqueue.done),
	.flush_mutex = __MUTEX_INITIALIZER(system_workqueue.flush_mutex),
};

struct workqueue_struct *system_wq = &system_workqueue;
EXPORT_SYMBOL(system_wq);

/* Is run number a at or before run number b? (The counter may wrap.) */
static bool seq_before_eq(unsigned int a, unsigned int b)
{
	return (int)(a - b) <= 0;
}

/* The worker running work, or NULL. Called with wq->lock held. */
static struct worker *find_worker_executing(struct workqueue_struct *wq, struct work_struct *work)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (wq->workers[cpu].current_work == work)
			return &wq->workers[cpu];
	return NULL;
}

/* The worker thread we are, or NULL if current is not one. */
static struct worker *current_worker(struct workqueue_struct *wq)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (wq->workers[cpu].task == current)
			return &wq->workers[cpu];
	return NULL;
}

/* Wake an idle worker for a newly queued item: this CPU's if it is idle
 * (the item's data is likely in this CPU's cache), else any. If none is
 * idle, each busy worker looks at the queue again when its item is done.
 * Called with wq->lock held. */
static void wake_idle_worker(struct workqueue_struct *wq)
{
	struct worker *w = &wq->workers[smp_processor_id()];

	if (!w->idle) {
		if (list_empty(&wq->idle))
			return;
		w = list_first_entry(&wq->idle, struct worker, idle_entry);
	}
	list_del(&w->idle_entry);
	w->idle = false;
	wake_up_process(w->task);
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	unsigned long flags;
	bool queued = false;

	spin_lock_irqsave(&wq->lock, flags);
	if (!work->pending && !work->canceling) {
		work->pending = true;
		work->seq++;
		work->color = wq->color;
		wq->nr_in_flight[work->color]++;
		list_add_tail(&work->entry, &wq->worklist);
		wake_idle_worker(wq);
		queued = true;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
	return queued;
}
EXPORT_SYMBOL(queue_work);

/* The next item for worker w, or NULL if there is none. Items handed to
 * w come first; an item at the head of the queue that another worker is
 * running is handed to that worker, so the item never runs twice at once.
 * Called with wq->lock held. */
static struct work_struct *next_work(struct workqueue_struct *wq, struct worker *w)
{
	struct work_struct *work;
	struct worker *running;

	for (;;) {
		if (!list_empty(&w->scheduled))
			return list_first_entry(&w->scheduled, struct work_struct, entry);
		if (list_empty(&wq->worklist))
			return NULL;
		work = list_first_entry(&wq->worklist, struct work_struct, entry);
		running = find_worker_executing(wq, work);
		if (!running)
			return work;
		list_move_tail(&work->entry, &running->scheduled);
	}
}

/* Run one item. Called with wq->lock held (interrupts off); drops it
 * around the call. */
static void process_one_work(struct workqueue_struct *wq, struct worker *w,
			     struct work_struct *work)
{
	work_func_t func = work->func;
	unsigned int color = work->color;
	char name[KSYM_SYMBOL_LEN];

	list_del_init(&work->entry);
	work->pending = false;		/* from here on it may be queued again */
	w->current_work = work;
	w->current_seq = work->seq;
	w->current_color = color;
	spin_unlock_irq(&wq->lock);

	func(work);
	/* work may have been freed by func: do not touch it again. */

	if (unlikely(preempt_count() != 0 || irqs_disabled())) {
		sprint_symbol(name, (unsigned long)func);
		pr_err("workqueue: %s returned with preemption (count %d) or interrupts off\n",
		       name, preempt_count());
		dump_stack();
	}

	spin_lock_irq(&wq->lock);
	w->current_work = NULL;
	wq->nr_in_flight[color]--;
	spin_unlock_irq(&wq->lock);
	wake_up(&wq->done);
	spin_lock_irq(&wq->lock);
}

static int worker_thread(void *arg)
{
	struct worker *w = arg;
	struct workqueue_struct *wq = w->wq;
	struct work_struct *work;

	spin_lock_irq(&wq->lock);
	for (;;) {
		work = next_work(wq, w);
		if (work) {
			process_one_work(wq, w, work);
			continue;
		}
		/* Nothing to do: be idle, so queue_work wakes us. The state is
		 * set before the lock is dropped, so a wake-up that comes
		 * between the unlock and schedule() is not lost. */
		w->idle = true;
		list_add(&w->idle_entry, &wq->idle);
		set_current_state(TASK_INTERRUPTIBLE);
		spin_unlock_irq(&wq->lock);
		schedule();
		spin_lock_irq(&wq->lock);
		if (w->idle) {		/* woken by someone else than queue_work */
			list_del(&w->idle_entry);
			w->idle = false;
		}
	}
	return 0;
}

/* Has every run of work up to run number seq finished (or been taken off
 * the queue)? */
static bool work_done_upto(struct workqueue_struct *wq, struct work_struct *work, unsigned int seq)
{
	struct worker *running;
	unsigned long flags;
	bool busy;

	spin_lock_irqsave(&wq->lock, flags);
	busy = work->pending && seq_before_eq(work->seq, seq);
	running = find_worker_executing(wq, work);
	if (running && seq_before_eq(running->current_seq, seq))
		busy = true;
	spin_unlock_irqrestore(&wq->lock, flags);
	return !busy;
}

/* Waiting for work from inside work would wait for ever: report it. */
static bool waiting_on_itself(struct workqueue_struct *wq, struct work_struct *work,
			      const char *what)
{
	struct worker *self = current_worker(wq);

	if (!self || (work && READ_ONCE(self->current_work) != work))
		return false;
	pr_err("workqueue: %s called from %s would wait for ever; ignored\n", what,
	       work ? "the work item itself" : "a work item");
	dump_stack();
	return true;
}

bool flush_work(struct work_struct *work)
{
	struct workqueue_struct *wq = system_wq;
	unsigned int seq;
	bool busy;

	if (waiting_on_itself(wq, work, "flush_work"))
		return false;
	spin_lock_irq(&wq->lock);
	busy = work->pending || find_worker_executing(wq, work);
	seq = work->seq;
	spin_unlock_irq(&wq->lock);
	if (!busy)
		return false;
	wait_event(wq->done, work_done_upto(wq, work, seq));
	return true;
}
EXPORT_SYMBOL_GPL(flush_work);

bool cancel_work_sync(struct work_struct *work)
{
	struct workqueue_struct *wq = system_wq;
	bool was_pending;
	unsigned int seq;

	if (waiting_on_itself(wq, work, "cancel_work_sync"))
		return false;
	spin_lock_irq(&wq->lock);
	was_pending = work->pending;
	if (was_pending) {
		list_del_init(&work->entry);
		work->pending = false;
		wq->nr_in_flight[work->color]--;
	}
	work->canceling++;		/* queue_work refuses it until we are done */
	seq = work->seq;
	spin_unlock_irq(&wq->lock);
	if (was_pending)
		wake_up(&wq->done);	/* flushers may have waited for that run */

	wait_event(wq->done, work_done_upto(wq, work, seq));

	spin_lock_irq(&wq->lock);
	work->canceling--;
	spin_unlock_irq(&wq->lock);
	return was_pending;
}
EXPORT_SYMBOL_GPL(cancel_work_sync);

void flush_scheduled_work(void)
{
	struct workqueue_struct *wq = system_wq;
	unsigned int color;

	if (waiting_on_itself(wq, NULL, "flush_scheduled_work"))
		return;
	mutex_lock(&wq->flush_mutex);
	spin_lock_irq(&wq->lock);
	color = wq->color;
	wq->color = !color;
	spin_unlock_irq(&wq->lock);
	wait_event(wq->done, READ_ONCE(wq->nr_in_flight[color]) == 0);
	mutex_unlock(&wq->flush_mutex);
}
EXPORT_SYMBOL(flush_scheduled_work);

/* Start (or restart) the worker of one CPU. */
static int start_worker(struct workqueue_struct *wq, unsigned int cpu)
{
	struct worker *w = &wq->workers[cpu];
	struct task_struct *t = kthread_create(worker_thread, w, "kworker/%u", cpu);

	if (IS_ERR(t))
		return PTR_ERR(t);
	kthread_bind(t, cpu);
	spin_lock_irq(&wq->lock);
	w->task = t;
	spin_unlock_irq(&wq->lock);
	wake_up_process(t);
	return 0;
}

/*
 * An item oopsed and its worker (task) is being killed (kernel/panic.c,
 * in the dying thread, preemptible). The item counts as done: it will not
 * run again, so its flushers and cancel_work_sync must not wait for it.
 * Items handed to the worker go back to the head of the queue, and a new
 * worker takes the CPU's place, so later items still run. Returns whether
 * task was a worker.
 */
bool wq_worker_died(struct task_struct *task)
{
	struct workqueue_struct *wq = system_wq;
	struct worker *w = NULL;
	char name[KSYM_SYMBOL_LEN] = "?";
	unsigned int cpu;
	int err;

	spin_lock_irq(&wq->lock);
	for (cpu = 0; cpu < NR_CPUS && !w; cpu++)
		if (wq->workers[cpu].task == task)
			w = &wq->workers[cpu];
	if (!w) {
		spin_unlock_irq(&wq->lock);
		return false;
	}
	cpu = w - wq->workers;
	if (w->current_work) {
		sprint_symbol(name, (unsigned long)w->current_work->func);
		w->current_work = NULL;
		wq->nr_in_flight[w->current_color]--;
	}
	list_splice_init(&w->scheduled, &wq->worklist);
	w->task = NULL;
	spin_unlock_irq(&wq->lock);
	wake_up(&wq->done);
	err = start_worker(wq, cpu);
	if (err)
		pr_err("workqueue: kworker/%u died in %s and cannot be replaced (error %d)\n",
		       cpu, name, err);
	else
		pr_warn("workqueue: kworker/%u died in %s; a new worker takes its place\n", cpu,
			name);
	return true;
}

void workqueue_init(void)
{
	struct workqueue_struct *wq = system_wq;
	unsigned int cpu;
	int err;

	for_each_online_cpu(cpu) {
		struct worker *w = &wq->workers[cpu];

		w->wq = wq;
		INIT_LIST_HEAD(&w->scheduled);
		err = start_worker(wq, cpu);
		if (err)
			pr_err("workqueue: no worker for CPU %u (error %d)\n", cpu, err);
	}
}
