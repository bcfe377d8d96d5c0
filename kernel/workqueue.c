/*
 * Workqueues: functions queued to run later in a kernel thread.
 *
 * A workqueue is one queue of work items, served by one worker thread per
 * CPU (the system workqueue's are "kworker/N", bound to their CPU), or by a
 * single worker for an ordered workqueue (alloc_ordered_workqueue), which
 * so runs its items one at a time in the order queued. queue_work puts an item at the tail and
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
 * - A delayed item (struct delayed_work) is pending from queue_delayed_work
 *   on: first with on_timer set while its timer waits, then on the queue.
 *   Its timer function moves it to the queue under wq->lock. To take such
 *   an item back (cancel, mod_delayed_work), grab_pending deletes the
 *   timer under wq->lock; if the timer has already fired and its function
 *   is about to take wq->lock, grab_pending drops the lock and tries again
 *   (the function needs only the lock to finish).
 *
 * Locking: wq->lock, a spin lock taken with interrupts off (items are
 * queued from interrupt handlers), protects the queue, every worker's
 * fields, and the pending/seq/color/canceling/on_timer fields of every
 * item queued on it. A delayed item's timer base lock nests inside it.
 * Waking a worker takes a run-queue lock inside it; waking flushers
 * (wq->done) is done after dropping it. workqueues_lock (a mutex) guards
 * the list of workqueues made with alloc_workqueue.
 */
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <asm/processor.h>
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
	char name[24];
	unsigned int flags;		/* WQ_* as given */
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
/* Linux's other system queues are this one here (linux/workqueue.h). */
struct workqueue_struct *system_highpri_wq = &system_workqueue;
struct workqueue_struct *system_long_wq = &system_workqueue;
struct workqueue_struct *system_unbound_wq = &system_workqueue;
struct workqueue_struct *system_freezable_wq = &system_workqueue;
struct workqueue_struct *system_power_efficient_wq = &system_workqueue;
struct workqueue_struct *system_freezable_power_efficient_wq = &system_workqueue;
EXPORT_SYMBOL(system_wq);
EXPORT_SYMBOL(system_highpri_wq);
EXPORT_SYMBOL(system_long_wq);
EXPORT_SYMBOL(system_unbound_wq);
EXPORT_SYMBOL(system_freezable_wq);
EXPORT_SYMBOL(system_power_efficient_wq);
EXPORT_SYMBOL(system_freezable_power_efficient_wq);

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

/* Put a pending item at the tail of wq's queue. wq->lock held. */
static void __queue_work_locked(struct workqueue_struct *wq, struct work_struct *work)
{
	work->seq++;
	work->color = wq->color;
	wq->nr_in_flight[work->color]++;
	list_add_tail(&work->entry, &wq->worklist);
	wake_idle_worker(wq);
}

bool queue_work(struct workqueue_struct *wq, struct work_struct *work)
{
	unsigned long flags;
	bool queued = false;

	spin_lock_irqsave(&wq->lock, flags);
	if (!work->pending && !work->canceling) {
		work->pending = true;
		work->wq = wq;
		__queue_work_locked(wq, work);
		queued = true;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
	return queued;
}
EXPORT_SYMBOL(queue_work);

bool queue_work_on(int cpu, struct workqueue_struct *wq, struct work_struct *work)
{
	return queue_work(wq, work);
}
EXPORT_SYMBOL(queue_work_on);

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
		set_current_state(TASK_INTERRUPTIBLE);
		if (kthread_should_stop())	/* destroy_workqueue: queue is empty */
			break;
		w->idle = true;
		list_add(&w->idle_entry, &wq->idle);
		spin_unlock_irq(&wq->lock);
		schedule();
		spin_lock_irq(&wq->lock);
		if (w->idle) {		/* woken by someone else than queue_work */
			list_del(&w->idle_entry);
			w->idle = false;
		}
	}
	__set_current_state(TASK_RUNNING);
	spin_unlock_irq(&wq->lock);
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
	/* An item waiting for its timer is not queued yet: no run to wait for. */
	busy = work->pending && !work->on_timer && seq_before_eq(work->seq, seq);
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
	struct workqueue_struct *wq = READ_ONCE(work->wq);
	unsigned int seq;
	bool busy;

	if (!wq)
		return false;		/* never queued */
	if (waiting_on_itself(wq, work, "flush_work"))
		return false;
	spin_lock_irq(&wq->lock);
	busy = (work->pending && !work->on_timer) || find_worker_executing(wq, work);
	seq = work->seq;
	spin_unlock_irq(&wq->lock);
	if (!busy)
		return false;
	wait_event(wq->done, work_done_upto(wq, work, seq));
	return true;
}
EXPORT_SYMBOL_GPL(flush_work);

/*
 * Take a pending item back: stop its timer or unlink it from the queue.
 * Called with wq->lock held; returns 1 if it took it, 0 if it was not
 * pending, -EAGAIN if its timer has fired and the timer function has yet
 * to queue it (drop the lock and try again).
 */
static int grab_pending(struct workqueue_struct *wq, struct work_struct *work)
{
	if (!work->pending)
		return 0;
	if (work->on_timer) {
		if (!del_timer(&to_delayed_work(work)->timer))
			return -EAGAIN;
		work->on_timer = false;
		work->pending = false;
		return 1;
	}
	list_del_init(&work->entry);
	work->pending = false;
	wq->nr_in_flight[work->color]--;
	return 1;
}

/* grab_pending with the lock taken and the retry done; returns with
 * wq->lock held and interrupts off (flags). */
static int grab_pending_lock(struct workqueue_struct *wq, struct work_struct *work,
			     unsigned long *flags)
{
	int ret;

	for (;;) {
		spin_lock_irqsave(&wq->lock, *flags);
		ret = grab_pending(wq, work);
		if (ret != -EAGAIN)
			return ret;
		spin_unlock_irqrestore(&wq->lock, *flags);
		cpu_relax();
	}
}

bool cancel_work(struct work_struct *work)
{
	struct workqueue_struct *wq = READ_ONCE(work->wq);
	unsigned long flags;
	int ret;

	if (!wq)
		return false;
	ret = grab_pending_lock(wq, work, &flags);
	spin_unlock_irqrestore(&wq->lock, flags);
	if (ret)
		wake_up(&wq->done);	/* flushers may have waited for that run */
	return ret;
}
EXPORT_SYMBOL(cancel_work);

bool cancel_delayed_work(struct delayed_work *dwork)
{
	return cancel_work(&dwork->work);
}
EXPORT_SYMBOL(cancel_delayed_work);

bool cancel_work_sync(struct work_struct *work)
{
	struct workqueue_struct *wq = READ_ONCE(work->wq);
	unsigned long flags;
	unsigned int seq;
	int was_pending;

	if (!wq)
		return false;
	if (waiting_on_itself(wq, work, "cancel_work_sync"))
		return false;
	was_pending = grab_pending_lock(wq, work, &flags);
	work->canceling++;		/* queue_work refuses it until we are done */
	seq = work->seq;
	spin_unlock_irqrestore(&wq->lock, flags);
	if (was_pending)
		wake_up(&wq->done);	/* flushers may have waited for that run */

	wait_event(wq->done, work_done_upto(wq, work, seq));

	spin_lock_irq(&wq->lock);
	work->canceling--;
	spin_unlock_irq(&wq->lock);
	return was_pending;
}
EXPORT_SYMBOL_GPL(cancel_work_sync);

bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	return cancel_work_sync(&dwork->work);
}
EXPORT_SYMBOL(cancel_delayed_work_sync);

/* The timer of a delayed item fired: queue the item (softirq context). */
void delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = from_timer(dwork, t, timer);
	struct work_struct *work = &dwork->work;
	struct workqueue_struct *wq = READ_ONCE(work->wq);
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (work->on_timer) {
		work->on_timer = false;
		__queue_work_locked(wq, work);
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}
EXPORT_SYMBOL(delayed_work_timer_fn);

/* Make work (taken, not pending) pending on wq, now or after delay ticks.
 * wq->lock held. */
static void __queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
				 unsigned long delay)
{
	struct work_struct *work = &dwork->work;

	work->pending = true;
	work->wq = wq;
	if (!delay) {
		__queue_work_locked(wq, work);
		return;
	}
	work->on_timer = true;
	mod_timer(&dwork->timer, jiffies + delay);
}

bool queue_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
			unsigned long delay)
{
	struct work_struct *work = &dwork->work;
	unsigned long flags;
	bool queued = false;

	if (WARN_ON_ONCE(dwork->timer.function != delayed_work_timer_fn))
		return false;	/* not made with INIT_DELAYED_WORK */
	spin_lock_irqsave(&wq->lock, flags);
	if (!work->pending && !work->canceling) {
		__queue_delayed_work(wq, dwork, delay);
		queued = true;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
	return queued;
}
EXPORT_SYMBOL(queue_delayed_work);

bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			   unsigned long delay)
{
	return queue_delayed_work(wq, dwork, delay);
}
EXPORT_SYMBOL(queue_delayed_work_on);

bool mod_delayed_work(struct workqueue_struct *wq, struct delayed_work *dwork,
		      unsigned long delay)
{
	struct work_struct *work = &dwork->work;
	struct workqueue_struct *old = READ_ONCE(work->wq);
	unsigned long flags;
	int ret = 0;

	if (WARN_ON_ONCE(dwork->timer.function != delayed_work_timer_fn))
		return false;
	if (old && old != wq)
		cancel_work(work);	/* pending elsewhere: take it back there */
	ret = grab_pending_lock(wq, work, &flags);
	if (!work->canceling)
		__queue_delayed_work(wq, dwork, delay);
	spin_unlock_irqrestore(&wq->lock, flags);
	if (ret)
		wake_up(&wq->done);
	return ret;
}
EXPORT_SYMBOL(mod_delayed_work);

bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq, struct delayed_work *dwork,
			 unsigned long delay)
{
	return mod_delayed_work(wq, dwork, delay);
}
EXPORT_SYMBOL(mod_delayed_work_on);

bool flush_delayed_work(struct delayed_work *dwork)
{
	struct work_struct *work = &dwork->work;
	struct workqueue_struct *wq = READ_ONCE(work->wq);
	unsigned long flags;

	if (!wq)
		return false;
	/* Waiting for the timer: queue it now instead. */
	if (grab_pending_lock(wq, work, &flags) > 0)
		__queue_delayed_work(wq, dwork, 0);
	spin_unlock_irqrestore(&wq->lock, flags);
	return flush_work(work);
}
EXPORT_SYMBOL(flush_delayed_work);

void __flush_workqueue(struct workqueue_struct *wq)
{
	unsigned int color;

	if (waiting_on_itself(wq, NULL, "flush_workqueue"))
		return;
	mutex_lock(&wq->flush_mutex);
	spin_lock_irq(&wq->lock);
	color = wq->color;
	wq->color = !color;
	spin_unlock_irq(&wq->lock);
	wait_event(wq->done, READ_ONCE(wq->nr_in_flight[color]) == 0);
	mutex_unlock(&wq->flush_mutex);
}
EXPORT_SYMBOL(__flush_workqueue);

void flush_scheduled_work(void)
{
	__flush_workqueue(system_wq);
}
EXPORT_SYMBOL(flush_scheduled_work);

/* Anything queued or running? */
static bool wq_busy(struct workqueue_struct *wq)
{
	bool busy;

	spin_lock_irq(&wq->lock);
	busy = wq->nr_in_flight[0] || wq->nr_in_flight[1];
	spin_unlock_irq(&wq->lock);
	return busy;
}

#define DRAIN_WARN_FLUSHES	100

void drain_workqueue(struct workqueue_struct *wq)
{
	unsigned int flushes = 0;

	while (wq_busy(wq)) {
		__flush_workqueue(wq);
		if (++flushes == DRAIN_WARN_FLUSHES)
			pr_warn("workqueue %s: still not empty after %u flushes (an item that "
				"queues itself?)\n", wq->name, flushes);
	}
}
EXPORT_SYMBOL_GPL(drain_workqueue);

/* Start worker w of wq, bound to cpu if cpu >= 0. */
static int start_worker(struct workqueue_struct *wq, struct worker *w, int cpu)
{
	struct task_struct *t;

	w->wq = wq;
	INIT_LIST_HEAD(&w->scheduled);
	if (cpu >= 0)
		t = kthread_create(worker_thread, w, "%s/%d", wq->name, cpu);
	else
		t = kthread_create(worker_thread, w, "%s", wq->name);
	if (IS_ERR(t))
		return PTR_ERR(t);
	if (cpu >= 0)
		kthread_bind(t, cpu);
	w->task = t;
	wake_up_process(t);
	return 0;
}

static void stop_workers(struct workqueue_struct *wq)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (wq->workers[cpu].task)
			kthread_stop(wq->workers[cpu].task);
}

struct workqueue_struct *alloc_workqueue(const char *fmt, unsigned int flags, int max_active, ...)
{
	struct workqueue_struct *wq = kzalloc(sizeof(*wq), GFP_KERNEL);
	va_list args;
	unsigned int cpu;
	int err = 0;

	if (!wq)
		return NULL;
	va_start(args, max_active);
	vscnprintf(wq->name, sizeof(wq->name), fmt, args);
	va_end(args);
	wq->flags = flags;
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->worklist);
	INIT_LIST_HEAD(&wq->idle);
	init_waitqueue_head(&wq->done);
	mutex_init(&wq->flush_mutex);
	if ((flags & __WQ_ORDERED) || ((flags & WQ_UNBOUND) && max_active == 1)) {
		err = start_worker(wq, &wq->workers[0], -1);
	} else {
		for_each_online_cpu(cpu) {
			err = start_worker(wq, &wq->workers[cpu], cpu);
			if (err)
				break;
		}
	}
	if (err) {
		pr_err("workqueue %s: cannot start a worker (error %d)\n", wq->name, err);
		stop_workers(wq);
		kfree(wq);
		return NULL;
	}
	return wq;
}
EXPORT_SYMBOL_GPL(alloc_workqueue);

void destroy_workqueue(struct workqueue_struct *wq)
{
	if (WARN_ON(!wq || wq == system_wq))
		return;
	drain_workqueue(wq);
	stop_workers(wq);
	kfree(wq);
}
EXPORT_SYMBOL_GPL(destroy_workqueue);

/*
 * An item oopsed and its worker (task) is being killed (kernel/panic.c,
 * in the dying thread, preemptible). The item counts as done: it will not
 * run again, so its flushers and cancel_work_sync must not wait for it.
 * Items handed to the worker go back to the head of the queue, and a new
 * worker takes its place (on the same CPU if it was bound), so later items
 * still run. Returns whether task was a worker. A worker is found by its
 * thread function: its data is its struct worker.
 */
bool wq_worker_died(struct task_struct *task)
{
	struct worker *w;
	struct workqueue_struct *wq;
	char name[KSYM_SYMBOL_LEN] = "?";
	int cpu, err;

	if (task->threadfn != worker_thread)
		return false;
	w = task->data;
	wq = w->wq;
	cpu = task->bound ? (int)task->cpu : -1;
	spin_lock_irq(&wq->lock);
	if (w->current_work) {
		sprint_symbol(name, (unsigned long)w->current_work->func);
		w->current_work = NULL;
		wq->nr_in_flight[w->current_color]--;
	}
	list_splice_init(&w->scheduled, &wq->worklist);
	w->task = NULL;
	spin_unlock_irq(&wq->lock);
	wake_up(&wq->done);
	err = start_worker(wq, w, cpu);
	if (err)
		pr_err("workqueue: %s/%d died in %s and cannot be replaced (error %d)\n",
		       wq->name, cpu, name, err);
	else
		pr_warn("workqueue: %s/%d died in %s; a new worker takes its place\n", wq->name,
			cpu, name);
	return true;
}

void workqueue_init(void)
{
	struct workqueue_struct *wq = system_wq;
	unsigned int cpu;
	int err;

	strscpy(wq->name, "kworker", sizeof(wq->name));
	for_each_online_cpu(cpu) {
		err = start_worker(wq, &wq->workers[cpu], cpu);
		if (err)
			pr_err("workqueue: no worker for CPU %u (error %d)\n", cpu, err);
	}
}
