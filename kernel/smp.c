/*
 * Cross-CPU calls and IPIs: running a function on other CPUs, asking a CPU
 * to reschedule, stopping all CPUs on panic.
 *
 * smp_call_function_single queues a call on the target CPU's call queue
 * and sends it CALL_FUNCTION_VECTOR; the target runs the queued calls in
 * its interrupt handler and marks each one done. Each queue has a lock
 * (interrupts off) that protects its list.
 *
 * A caller that waits for a call must have interrupts on: two CPUs that
 * each waited with interrupts off for the other to run a call would wait
 * for ever. That is refused with -EDEADLK and reported.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <asm/apic.h>
#include <asm/irq_vectors.h>
#include <modlab/panic.h>
#include <modlab/smp.h>
#include <modlab/time.h>

struct cpu_data cpu_data[NR_CPUS];
unsigned int nr_cpu_ids = 1;

struct call_single_data {
	struct list_head list;
	smp_call_func_t func;
	void *info;
	int done;		/* set by the target after func returned */
	int wait;		/* caller waits (csd on its stack); else freed by target */
};

struct call_queue {
	spinlock_t lock;
	struct list_head list;
} __attribute__((aligned(64)));

static struct call_queue call_queues[NR_CPUS];
static int stopping;		/* set once by smp_send_stop */

void smp_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		spin_lock_init(&call_queues[cpu].lock);
		INIT_LIST_HEAD(&call_queues[cpu].list);
	}
}

unsigned int num_online_cpus(void)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu)
		n++;
	return n;
}

void smp_send_reschedule(unsigned int cpu)
{
	if (cpu_online(cpu))
		lapic_send_ipi(per_cpu(apic_id, cpu), RESCHEDULE_VECTOR);
}

static void queue_call(unsigned int cpu, struct call_single_data *csd)
{
	struct call_queue *q = &call_queues[cpu];
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	list_add_tail(&csd->list, &q->list);
	spin_unlock_irqrestore(&q->lock, flags);
	lapic_send_ipi(per_cpu(apic_id, cpu), CALL_FUNCTION_VECTOR);
}

/* CALL_FUNCTION_VECTOR: run every call queued for this CPU. */
void smp_call_function_interrupt(void)
{
	struct call_queue *q = &call_queues[smp_processor_id()];
	struct call_single_data *csd;

	for (;;) {
		spin_lock(&q->lock);
		if (list_empty(&q->list)) {
			spin_unlock(&q->lock);
			return;
		}
		csd = list_first_entry(&q->list, struct call_single_data, list);
		list_del(&csd->list);
		spin_unlock(&q->lock);

		csd->func(csd->info);
		if (csd->wait)
			__atomic_store_n(&csd->done, 1, __ATOMIC_RELEASE);
		else
			kfree(csd);
	}
}

static void run_here(smp_call_func_t func, void *info)
{
	unsigned long flags;

	local_irq_save(flags);
	func(info);
	local_irq_restore(flags);
}

static int refuse_with_irqs_off(const char *fn)
{
	pr_err("BUG: %s called with interrupts off: waiting could deadlock\n", fn);
	dump_stack();
	return -EDEADLK;
}

int smp_call_function_single(int cpu, smp_call_func_t func, void *info, int wait)
{
	struct call_single_data local = { .func = func, .info = info, .wait = 1 };
	struct call_single_data *csd = &local;
	unsigned int this;

	if (cpu < 0 || (unsigned int)cpu >= nr_cpu_ids || !cpu_online(cpu))
		return -ENXIO;
	if (irqs_disabled())
		return refuse_with_irqs_off(__func__);
	this = get_cpu();
	if ((unsigned int)cpu == this) {
		run_here(func, info);
		put_cpu();
		return 0;
	}
	if (!wait) {
		csd = kzalloc(sizeof(*csd), GFP_ATOMIC);
		if (!csd) {
			put_cpu();
			return -ENOMEM;
		}
		csd->func = func;
		csd->info = info;
	}
	queue_call(cpu, csd);
	put_cpu();
	if (wait)
		while (!__atomic_load_n(&csd->done, __ATOMIC_ACQUIRE))
			cpu_relax();
	return 0;
}

void on_each_cpu(smp_call_func_t func, void *info, int wait)
{
	struct call_single_data csds[NR_CPUS];
	unsigned int cpu, this;

	if (irqs_disabled()) {
		refuse_with_irqs_off(__func__);
		return;
	}
	this = get_cpu();
	for_each_online_cpu(cpu) {
		if (cpu == this)
			continue;
		if (wait) {
			csds[cpu] = (struct call_single_data){ .func = func, .info = info, .wait = 1 };
			queue_call(cpu, &csds[cpu]);
		} else {
			put_cpu();
			smp_call_function_single(cpu, func, info, 0);
			this = get_cpu();
		}
	}
	run_here(func, info);
	put_cpu();
	if (!wait)
		return;
	for_each_online_cpu(cpu)
		if (cpu != this)
			while (!__atomic_load_n(&csds[cpu].done, __ATOMIC_ACQUIRE))
				cpu_relax();
}

/*
 * Panic: halt every other CPU so the report is not mixed with their
 * output. An NMI gets through even to a CPU spinning with interrupts off.
 */
void smp_send_stop(void)
{
	u64 end;
	unsigned int cpu;

	if (nr_cpu_ids == 1 || __atomic_exchange_n(&stopping, 1, __ATOMIC_SEQ_CST))
		return;
	lapic_send_nmi_allbutself();
	end = ktime_get_ns() + 100 * 1000000ull;	/* wait at most 100 ms */
	for_each_possible_cpu(cpu)
		while (cpu != smp_processor_id() && cpu_online(cpu) && ktime_get_ns() < end)
			cpu_relax();
}

/* The NMI handler's question: is this NMI a request to halt? */
bool smp_stop_requested(void)
{
	return READ_ONCE(stopping);
}

void stop_this_cpu(void)
{
	local_irq_disable();
	WRITE_ONCE(this_cpu_ptr()->online, 0);
	for (;;)
		halt();
}

/* For modules. */
EXPORT_SYMBOL(cpu_data);
EXPORT_SYMBOL(nr_cpu_ids);
EXPORT_SYMBOL(num_online_cpus);
EXPORT_SYMBOL(smp_call_function_single);
EXPORT_SYMBOL(on_each_cpu);
