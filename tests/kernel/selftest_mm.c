/*
 * Self test of page-permission changes on every CPU (the TLB shootdown).
 *
 * A thread bound to each other CPU reads and writes one page, so its TLB
 * holds the page's translation; then this CPU changes the page with
 * set_memory_np / _p / _ro / _rw, and the thread must see the change at
 * its very next access: a read of an unmapped page faults, a write to a
 * read-only page faults, and after set_memory_rw a write works again. The
 * accesses go through copy_{from,to}_kernel_nofault, which turn the fault
 * into -EFAULT instead of an oops (a write after set_memory_rw may first
 * fault on a stale read-only entry, which spurious_kernel_fault retries).
 * Without the shootdown, the other CPUs
 * go on using their stale TLB entries and the test says so. Each thread
 * also checks that its own stack's guard page, unmapped by this CPU when
 * it made the thread, faults on the thread's CPU.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/uaccess.h>
#include <modlab/mm.h>
#include <modlab/percpu.h>
#include "selftest.h"

#define TLB_ROUNDS	20
#define TLB_MAX_ROUNDS	1000
#define TLB_STEP_MS	2000	/* a thread that does not answer in this long failed */
#define TLB_PATTERN	0x5a5a5a5au
#define TLB_PREFIX	"st-tlb/"

/* One round, step by step: what this CPU did to the page before the step,
 * and what each thread does then. */
enum tlb_step {
	STEP_TOUCH = 1,		/* mapped, writable: read and write (fill the TLB) */
	STEP_UNMAPPED,		/* after set_memory_np: a read must fault */
	STEP_MAPPED,		/* after set_memory_p: a read and a write work */
	STEP_READ_ONLY,		/* after set_memory_ro: a write must fault, a read works */
	STEP_WRITABLE,		/* after set_memory_rw: a write works */
	NR_STEPS
};

static const char *const step_name[NR_STEPS] = {
	[STEP_TOUCH] = "mapped writable",
	[STEP_UNMAPPED] = "after set_memory_np",
	[STEP_MAPPED] = "after set_memory_p",
	[STEP_READ_ONLY] = "after set_memory_ro",
	[STEP_WRITABLE] = "after set_memory_rw",
};

struct tlb_test {
	u32 *page;
	unsigned int step;		/* the step the threads are to do; 0: none yet */
	unsigned int round;
	unsigned int acks;		/* thread-steps done, all rounds */
	/* per CPU, the last step's outcome: read and write results */
	long read_ret[NR_CPUS], write_ret[NR_CPUS];
	long guard_ret[NR_CPUS];	/* each thread's read of its own stack guard */
	u32 read_val[NR_CPUS];
	struct task_struct *tasks[NR_CPUS];
	unsigned int cpus[NR_CPUS];
};

static void tlb_do_step(struct tlb_test *d, unsigned int cpu, unsigned int step)
{
	u32 v = TLB_PATTERN;

	d->read_ret[cpu] = d->write_ret[cpu] = 0;
	d->read_val[cpu] = 0;
	if (step != STEP_WRITABLE)
		d->read_ret[cpu] = copy_from_kernel_nofault(&d->read_val[cpu], d->page, sizeof(v));
	if (step == STEP_TOUCH || step == STEP_MAPPED || step == STEP_READ_ONLY ||
	    step == STEP_WRITABLE)
		d->write_ret[cpu] = copy_to_kernel_nofault(d->page + 1 + cpu, &v, sizeof(v));
}

/* Each thread waits, busy, for the next step, so it stays on its CPU with
 * its TLB warm, and answers it. */
static int tlb_thread_fn(void *data)
{
	struct tlb_test *d = data;
	unsigned int cpu = smp_processor_id(), seen = 0, step;
	u32 v;

	/* This thread's stack guard was unmapped on the CPU that made it: it
	 * must fault here too (kthread_main drops this CPU's entry). */
	d->guard_ret[cpu] = copy_from_kernel_nofault(&v, (char *)current->stack - PAGE_SIZE,
						     sizeof(v));

	while (!kthread_should_stop()) {
		step = __atomic_load_n(&d->step, __ATOMIC_ACQUIRE);
		if (step == seen) {
			cpu_relax();
			continue;
		}
		seen = step;
		if (step) {
			tlb_do_step(d, cpu, step % NR_STEPS);
			__atomic_add_fetch(&d->acks, 1, __ATOMIC_RELEASE);
		}
	}
	return 0;
}

/* What each step must show: 0 (works) or -EFAULT. */
static long want_read(unsigned int step)
{
	return step == STEP_UNMAPPED ? -EFAULT : 0;
}

static long want_write(unsigned int step)
{
	return step == STEP_READ_ONLY ? -EFAULT : 0;
}

static const char *outcome(long ret)
{
	return ret ? "fault" : "no fault";
}

static int tlb_check(struct tlb_test *d, unsigned int n, unsigned int step)
{
	unsigned int i, cpu;

	for (i = 0; i < n; i++) {
		cpu = d->cpus[i];
		if (d->guard_ret[cpu] != -EFAULT)
			return selftest_fail("the stack guard of a thread made on CPU %u to fault "
					     "on CPU %u, saw no fault", smp_processor_id(), cpu);
		if (step != STEP_WRITABLE && d->read_ret[cpu] != want_read(step))
			return selftest_fail("CPU %u's read %s (set on CPU %u) to %s, saw %s "
					     "(round %u, read %08x)", cpu, step_name[step],
					     smp_processor_id(), outcome(want_read(step)),
					     outcome(d->read_ret[cpu]), d->round, d->read_val[cpu]);
		if (step != STEP_UNMAPPED && d->write_ret[cpu] != want_write(step))
			return selftest_fail("CPU %u's write %s (set on CPU %u) to %s, saw %s "
					     "(round %u)", cpu, step_name[step], smp_processor_id(),
					     outcome(want_write(step)), outcome(d->write_ret[cpu]),
					     d->round);
		if (!d->read_ret[cpu] && step != STEP_WRITABLE && d->read_val[cpu] != TLB_PATTERN)
			return selftest_fail("CPU %u to read %08x, saw %08x", cpu, TLB_PATTERN,
					     d->read_val[cpu]);
	}
	return 0;
}

/* Change the page as the step says, then have every thread try it. */
static int tlb_step(struct tlb_test *d, unsigned int n, unsigned int step, unsigned int *acks)
{
	unsigned long addr = (unsigned long)d->page;

	if (step == STEP_UNMAPPED)
		set_memory_np(addr, 1);
	else if (step == STEP_MAPPED)
		set_memory_p(addr, 1);
	else if (step == STEP_READ_ONLY)
		set_memory_ro(addr, 1);
	else if (step == STEP_WRITABLE)
		set_memory_rw(addr, 1);
	*acks += n;
	__atomic_store_n(&d->step, d->round * NR_STEPS + step, __ATOMIC_RELEASE);
	if (!selftest_wait_until(__atomic_load_n(&d->acks, __ATOMIC_ACQUIRE) >= *acks,
				 TLB_STEP_MS))
		return selftest_fail("%u threads to answer step '%s' within %u ms, saw %u", n,
				     step_name[step], TLB_STEP_MS, n - (*acks - d->acks));
	return tlb_check(d, n, step);
}

/*
 * set_memory_rw flushes only its own CPU; another CPU's stale read-only
 * entry faults on its next write and spurious_kernel_fault() must retry
 * exactly that write and nothing else. (QEMU's TLB re-walks the tables on
 * such a write instead of faulting, so the decision is checked here
 * directly, page state by page state.)
 */
#define PF_PROT_WRITE	0x3	/* present page, write access */
#define PF_PROT_READ	0x1	/* present page, read access */
#define PF_NOT_PRESENT	0x2	/* page not present, write access */

static int spurious_check(unsigned long addr, u32 err, bool want, const char *state)
{
	bool saw = spurious_kernel_fault(err, addr);

	if (saw != want)
		return selftest_fail("a fault (error code %#x) on a page %s to be %s, saw %s", err,
				     state, want ? "retried" : "reported",
				     saw ? "retried" : "reported");
	return 0;
}

static int tlb_spurious(u32 *page)
{
	unsigned long addr = (unsigned long)page;
	int err;

	set_memory_ro(addr, 1);
	err = spurious_check(addr, PF_PROT_WRITE, false, "made read-only") ?:
	      spurious_check(addr, PF_PROT_READ, false, "made read-only");
	set_memory_rw(addr, 1);
	err = err ?: spurious_check(addr, PF_PROT_WRITE, true, "made writable again") ?:
	      spurious_check(addr, PF_PROT_READ, false, "made writable again") ?:
	      spurious_check(addr, PF_NOT_PRESENT, false, "made writable again");
	set_memory_np(addr, 1);
	err = err ?: spurious_check(addr, PF_PROT_WRITE, false, "unmapped") ?:
	      spurious_check(addr, PF_NOT_PRESENT, false, "unmapped");
	set_memory_p(addr, 1);
	err = err ?: spurious_check(0, PF_PROT_WRITE, false, "at address 0 (never mapped)");
	return err;
}

static int tlb_start(struct tlb_test *d, unsigned int *n)
{
	unsigned int cpus[NR_CPUS], i, total = selftest_online_cpus(cpus);

	*n = 0;
	for (i = 0; i < total; i++) {
		if (cpus[i] == smp_processor_id())
			continue;
		d->cpus[*n] = cpus[i];
		d->tasks[*n] = selftest_thread_on(tlb_thread_fn, d, cpus[i], TLB_PREFIX "%u",
						  cpus[i]);
		if (IS_ERR(d->tasks[*n])) {
			d->tasks[*n] = NULL;
			return selftest_fail("a thread for CPU %u, saw an error", cpus[i]);
		}
		(*n)++;
	}
	if (!*n)
		return selftest_fail("another CPU online to test on, saw only CPU %u",
				     smp_processor_id());
	return 0;
}

int selftest_tlb_shootdown(int argc, char **argv)
{
	unsigned int rounds = TLB_ROUNDS, n, step, acks = 0;
	struct tlb_test *d;
	int err = 0;

	if (argc > 2 || (argc == 2 && selftest_parse_uint(argv[1], &rounds, TLB_MAX_ROUNDS)))
		return selftest_fail("usage: selftest tlb-shootdown [ROUNDS], saw %d arguments",
				     argc - 1);
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return selftest_fail("memory for the test, saw none");
	d->page = alloc_pages_exact(PAGE_SIZE, GFP_KERNEL);
	if (!d->page) {
		kfree(d);
		return selftest_fail("a page to test with, saw none");
	}
	*d->page = TLB_PATTERN;
	err = tlb_start(d, &n);
	for (d->round = 0; !err && d->round < rounds; d->round++)
		for (step = STEP_TOUCH; !err && step < NR_STEPS; step++)
			err = tlb_step(d, n, step, &acks);
	if (!err)
		err = tlb_spurious(d->page);
	/* Mapped and writable again before anyone frees or reuses it. */
	set_memory_p((unsigned long)d->page, 1);
	set_memory_rw((unsigned long)d->page, 1);
	if (selftest_stop_threads(d->tasks, n, NULL, 2000))
		return selftest_fail("the threads to stop, they did not");
	printf("tlb-shootdown: %u rounds of np/p/ro/rw changes on CPU %u, checked on %u other "
	       "CPUs at their next access; stale read-only entries retried\n",
	       d->round - (err ? 1 : 0), smp_processor_id(), n);
	free_pages_exact(d->page, PAGE_SIZE);
	kfree(d);
	return selftest_failed();
}
