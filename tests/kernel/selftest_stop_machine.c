/*
 * Self test of stop_machine: no CPU is ever stopped inside a
 * preempt-disabled section, and while the function runs the other CPUs
 * really stand still.
 *
 * A worker thread on every CPU loops over a section shaped like
 * try_module_get's (preemption off, read shared state, work a little, write
 * a per-CPU counter, preemption on). The state it reads ('generation') is
 * changed only by the stop_machine function, so a section must never see it
 * change; and that function checks, for every other CPU, that the CPU is not
 * inside a section and that its counter does not move while it looks.
 *
 * `selftest stop_machine --anywhere` sets stop_machine_stop_anywhere, which
 * makes the other CPUs stop in the IPI handler, wherever they are: then
 * CPUs are caught inside sections and the test must report FAIL.
 *
 * `selftest stop_machine --timeout MS` runs the rounds with the timeout cut
 * to MS milliseconds, so that many calls give up while CPUs are checking
 * in: the abort and the last check-ins race. A call must then either run
 * the function with every CPU stopped (all the checks above) or return
 * -EBUSY with the function not run; and afterwards, with the timeout back,
 * a call must succeed (no CPU left stopped).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <modlab/console.h>
#include <modlab/percpu.h>
#include "selftest.h"
#include <modlab/stop_machine.h>

#define SM_ROUNDS		1000
#define SM_MAX_ROUNDS		100000
#define SM_MAX_MS		8000	/* give up the rounds after this long */
#define SECTION_US		20	/* busy time inside a section */
#define OUTSIDE_US		5	/* and between sections */
#define WATCH_US		50	/* the function watches the counters this long */
#define MIN_SECTIONS		100	/* each worker must really have been busy */
#define WORKER_PREFIX		"st-stopm/"

/* What one CPU's worker shows the others; its own cache line. */
struct sm_cpu {
	int in_section;			/* 1 from preempt_disable to preempt_enable */
	unsigned long sections;		/* sections completed */
	unsigned long torn;		/* sections that saw 'generation' change */
} __aligned(64);

struct sm_test {
	struct sm_cpu cpu[NR_CPUS];
	unsigned int generation;	/* changed only with every other CPU stopped */
	unsigned int calls;		/* times the function ran */
	/* found by the function, which runs alone: no locking */
	unsigned int violations;	/* CPUs found inside a section */
	unsigned int bad_rounds;	/* calls that found at least one */
	unsigned int first_cpu, first_call;	/* where the first was found */
	unsigned int moved;		/* calls that saw another CPU's counter move */
	unsigned int moved_cpu;
	unsigned int irqs_on;		/* calls run with interrupts on */
	unsigned int aborted;		/* calls that returned -EBUSY (--timeout) */
	unsigned int extra;		/* the call made after the rounds (--timeout) */
	struct completion started;
	struct task_struct *tasks[NR_CPUS];
	unsigned int cpus[NR_CPUS];
};

struct sm_worker {
	struct sm_test *d;
	struct sm_cpu *c;
};

static struct sm_worker workers[NR_CPUS];

static int sm_worker_fn(void *data)
{
	struct sm_worker *w = data;
	struct sm_test *d = w->d;
	struct sm_cpu *c = w->c;

	complete(&d->started);
	while (!kthread_should_stop()) {
		unsigned int gen;

		preempt_disable();
		WRITE_ONCE(c->in_section, 1);
		gen = READ_ONCE(d->generation);
		udelay(SECTION_US);
		if (READ_ONCE(d->generation) != gen)
			WRITE_ONCE(c->torn, c->torn + 1);
		WRITE_ONCE(c->sections, c->sections + 1);
		WRITE_ONCE(c->in_section, 0);
		preempt_enable();
		udelay(OUTSIDE_US);
	}
	return 0;
}

/* Runs with every other CPU stopped (or so stop_machine promises). */
static int sm_check_fn(void *data)
{
	struct sm_test *d = data;
	unsigned long before[NR_CPUS];
	unsigned int cpu, me = smp_processor_id(), found = 0;

	d->calls++;
	if (!irqs_disabled())
		d->irqs_on++;
	for_each_online_cpu(cpu) {
		if (cpu == me || !READ_ONCE(d->cpu[cpu].in_section))
			continue;
		if (!d->violations) {
			d->first_cpu = cpu;
			d->first_call = d->calls;
		}
		d->violations++;
		found++;
	}
	if (found)
		d->bad_rounds++;
	for_each_online_cpu(cpu)
		before[cpu] = READ_ONCE(d->cpu[cpu].sections);
	udelay(WATCH_US);
	for_each_online_cpu(cpu) {
		if (cpu != me && READ_ONCE(d->cpu[cpu].sections) != before[cpu]) {
			if (!d->moved)
				d->moved_cpu = cpu;
			d->moved++;
			break;
		}
	}
	WRITE_ONCE(d->generation, d->generation + 1);
	return (int)d->calls;
}

static int sm_start_workers(struct sm_test *d, unsigned int n)
{
	unsigned int i;

	init_completion(&d->started);
	for (i = 0; i < n; i++) {
		workers[i] = (struct sm_worker){ .d = d, .c = &d->cpu[d->cpus[i]] };
		d->tasks[i] = selftest_thread_on(sm_worker_fn, &workers[i], d->cpus[i],
						 WORKER_PREFIX "%u", d->cpus[i]);
		if (IS_ERR(d->tasks[i])) {
			d->tasks[i] = NULL;
			return selftest_fail("a thread for CPU %u, saw an error", d->cpus[i]);
		}
	}
	if (selftest_wait_completions(&d->started, n, 2000) != n)
		return selftest_fail("%u workers to start, they did not", n);
	return 0;
}

/* Run the rounds; returns how many were done. */
static unsigned int sm_rounds(struct sm_test *d, unsigned int rounds, bool anywhere,
			      unsigned int timeout_ms)
{
	u64 end = ktime_get_ns() + selftest_ms_to_ns(SM_MAX_MS);
	unsigned int r, saved_timeout = stop_machine_timeout_ms;
	int saved_level = console_loglevel, ret;

	if (anywhere)
		WRITE_ONCE(stop_machine_stop_anywhere, 1);
	if (timeout_ms) {
		console_loglevel = 3;	/* the aborts' reports go to dmesg only */
		WRITE_ONCE(stop_machine_timeout_ms, timeout_ms);
	}
	for (r = 0; r < rounds && ktime_get_ns() < end; r++) {
		ret = stop_machine(sm_check_fn, d);
		if (timeout_ms && ret == -EBUSY) {
			d->aborted++;
			continue;
		}
		if (ret != (int)(d->calls) || ret != (int)(r + 1 - d->aborted)) {
			selftest_fail("stop_machine to return its function's value %u, saw %d",
				      r + 1 - d->aborted, ret);
			r++;
			break;
		}
	}
	WRITE_ONCE(stop_machine_timeout_ms, saved_timeout);
	console_loglevel = saved_level;
	WRITE_ONCE(stop_machine_stop_anywhere, 0);
	return r;
}

static void sm_report(struct sm_test *d, unsigned int n, unsigned int rounds, unsigned int done,
		      u32 us, bool anywhere)
{
	char line[256];
	unsigned long torn = 0;
	unsigned int i, len;

	len = scnprintf(line, sizeof(line), "stop_machine: sections per CPU:");
	for (i = 0; i < n; i++) {
		struct sm_cpu *c = &d->cpu[d->cpus[i]];

		len += scnprintf(line + len, sizeof(line) - len, " %u:%lu", d->cpus[i],
				 c->sections);
		torn += c->torn;
	}
	printf("%s\n", line);
	printf("stop_machine: %u rounds%s on %u CPUs in %u.%03u ms; CPUs caught in a section %u "
	       "(in %u rounds), sections that saw the function run %lu, rounds with a CPU "
	       "moving %u\n", done, anywhere ? " (stopping anywhere)" : "", n, US_MS(us),
	       d->violations, d->bad_rounds, torn, d->moved);
	if (d->aborted)
		printf("stop_machine: %u of %u calls gave up (-EBUSY) without running the "
		       "function\n", d->aborted, done);

	if (done != rounds)
		selftest_fail("%u rounds within %u ms, saw %u", rounds, SM_MAX_MS, done);
	if (d->calls != done - d->aborted + d->extra)
		selftest_fail("the function to run once per successful stop_machine (%u), saw %u",
			      done - d->aborted + d->extra, d->calls);
	if (d->violations)
		selftest_fail("0 CPUs stopped inside a preempt-disabled section, saw %u "
			      "(violations %u, first CPU %u in round %u)", d->violations,
			      d->violations, d->first_cpu, d->first_call);
	if (torn)
		selftest_fail("no preempt-disabled section to see the function run, saw %lu", torn);
	if (d->moved)
		selftest_fail("the other CPUs to stand still while the function runs, saw CPU "
			      "%u's counter move (in %u rounds)", d->moved_cpu, d->moved);
	if (d->irqs_on)
		selftest_fail("the function to run with interrupts off, saw them on %u times",
			      d->irqs_on);
	for (i = 0; i < n; i++)
		if (d->cpu[d->cpus[i]].sections < MIN_SECTIONS)
			selftest_fail("the worker on CPU %u to run at least %u sections, saw %lu",
				      d->cpus[i], MIN_SECTIONS, d->cpu[d->cpus[i]].sections);
}

int selftest_stop_machine(int argc, char **argv)
{
	unsigned int rounds = SM_ROUNDS, timeout_ms = 0, n, done;
	bool anywhere = false;
	struct sm_test *d;
	int i;
	u64 t0;
	u32 us;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--anywhere"))
			anywhere = true;
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc &&
			 !selftest_parse_uint(argv[i + 1], &timeout_ms, 1000))
			i++;
		else if (selftest_parse_uint(argv[i], &rounds, SM_MAX_ROUNDS))
			return selftest_fail("usage: selftest stop_machine [ROUNDS] [--anywhere] "
					     "[--timeout MS], saw '%s'", argv[i]);
	}
	if (selftest_count_tasks(WORKER_PREFIX))
		return selftest_fail("no " WORKER_PREFIX " thread left from an earlier run, saw %u",
				     selftest_count_tasks(WORKER_PREFIX));
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return selftest_fail("memory for the test, saw none");
	n = selftest_online_cpus(d->cpus);
	if (sm_start_workers(d, n)) {
		selftest_stop_threads(d->tasks, n, NULL, 2000);
		return 1;
	}
	msleep(20);	/* every worker well into its loop */
	t0 = ktime_get_ns();
	done = sm_rounds(d, rounds, anywhere, timeout_ms);
	us = selftest_ns_to_us(ktime_get_ns() - t0);
	/* Every CPU was released: with the normal timeout a call succeeds. */
	if (timeout_ms) {
		d->extra = 1;
		if (stop_machine(sm_check_fn, d) != (int)d->calls)
			selftest_fail("a stop_machine after the timed-out ones to succeed, it did not");
	}
	/* The workers loop until stopped; d stays allocated if they do not stop. */
	if (selftest_stop_threads(d->tasks, n, NULL, 2000))
		return selftest_fail("the workers to stop, they did not");
	sm_report(d, n, rounds, done, us, anywhere);
	kfree(d);
	return selftest_failed();
}
