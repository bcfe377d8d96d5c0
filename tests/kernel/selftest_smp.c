/*
 * Self tests of cross-CPU calls: on_each_cpu runs its function once on
 * every online CPU, smp_call_function_single on the CPU asked for, both
 * with interrupts off as they promise, and a call to a CPU that is not
 * online is refused with -ENXIO without running anything.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/processor.h>
#include <modlab/percpu.h>
#include "selftest.h"

struct call_record {
	unsigned int runs[NR_CPUS];	/* calls run on each CPU */
	unsigned int irqs_on;		/* calls that ran with interrupts on */
	unsigned int total;
};

struct single_call {
	struct call_record *rec;
	unsigned int ran_on;		/* smp_processor_id() inside the call */
};

static void record_call(struct call_record *rec)
{
	__atomic_add_fetch(&rec->runs[smp_processor_id()], 1, __ATOMIC_RELAXED);
	if (!irqs_disabled())
		__atomic_add_fetch(&rec->irqs_on, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&rec->total, 1, __ATOMIC_RELEASE);
}

static void count_call(void *info)
{
	record_call(info);
}

static void single_call_fn(void *info)
{
	struct single_call *sc = info;

	sc->ran_on = smp_processor_id();
	record_call(sc->rec);
}

static int check_once_each(struct call_record *rec, const char *what)
{
	unsigned int cpu, ran = 0;

	for_each_possible_cpu(cpu) {
		unsigned int want = cpu_online(cpu) ? 1 : 0;

		if (rec->runs[cpu] != want)
			return selftest_fail("%s to run %u times on CPU %u, saw %u", what, want,
					     cpu, rec->runs[cpu]);
		ran += rec->runs[cpu];
	}
	if (rec->irqs_on)
		return selftest_fail("%s to run with interrupts off, saw them on %u times", what,
				     rec->irqs_on);
	printf("on_each_cpu: %s ran once on each of %u CPUs\n", what, ran);
	return 0;
}

static int on_each_cpu_runs_once_everywhere(struct call_record *rec)
{
	unsigned int n = num_online_cpus();

	memset(rec, 0, sizeof(*rec));
	on_each_cpu(count_call, rec, 1);
	/* wait=1: every call has run by now, nothing to wait for. */
	if (check_once_each(rec, "on_each_cpu(wait=1)"))
		return 1;

	memset(rec, 0, sizeof(*rec));
	on_each_cpu(count_call, rec, 0);
	if (!selftest_wait_until(__atomic_load_n(&rec->total, __ATOMIC_ACQUIRE) >= n, 1000))
		return selftest_fail("on_each_cpu(wait=0) to run on %u CPUs within 1 s, saw %u", n,
				     rec->total);
	msleep(10);	/* a call too many would show up now */
	return check_once_each(rec, "on_each_cpu(wait=0)");
}

static int single_call_runs_there(struct call_record *rec)
{
	struct single_call sc = { .rec = rec };
	unsigned int cpu;
	int ret;

	memset(rec, 0, sizeof(*rec));
	for_each_online_cpu(cpu) {
		sc.ran_on = ~0u;
		ret = smp_call_function_single(cpu, single_call_fn, &sc, 1);
		if (ret)
			return selftest_fail("smp_call_function_single(%u) to return 0, saw %d",
					     cpu, ret);
		if (sc.ran_on != cpu)
			return selftest_fail("smp_call_function_single(%u) to run on CPU %u, "
					     "saw CPU %u", cpu, cpu, sc.ran_on);
	}
	return check_once_each(rec, "smp_call_function_single");
}

static int offline_cpu_refused(struct call_record *rec)
{
	unsigned int bad[3], i, nbad = 0;
	int ret;

	bad[nbad++] = nr_cpu_ids;	/* one past the CPUs found */
	bad[nbad++] = NR_CPUS;		/* past the array */
	for (i = 0; i < nr_cpu_ids && nbad < ARRAY_SIZE(bad); i++)
		if (!cpu_online(i))
			bad[nbad++] = i;	/* found but not online */
	memset(rec, 0, sizeof(*rec));
	for (i = 0; i < nbad; i++) {
		ret = smp_call_function_single(bad[i], count_call, rec, 1);
		printf("on_each_cpu: smp_call_function_single(%u) -> %d\n", bad[i], ret);
		if (ret != -ENXIO)
			return selftest_fail("smp_call_function_single(%u) (CPU not online) to "
					     "return -ENXIO (%d), saw %d", bad[i], -ENXIO, ret);
	}
	msleep(10);
	if (rec->total)
		return selftest_fail("no call run for CPUs not online, saw %u", rec->total);
	return 0;
}

int selftest_on_each_cpu(int argc, char **argv)
{
	static struct call_record rec;

	if (on_each_cpu_runs_once_everywhere(&rec) || single_call_runs_there(&rec) ||
	    offline_cpu_refused(&rec))
		return 1;
	return 0;
}

/*
 * Every CPU runs with the control register the boot CPU set up: the same
 * CR0 (caches on, paging, write protection). An AP that kept the reset
 * value's CD|NW bits ran with its caches off.
 */
static void read_this_cr0(void *info)
{
	u32 *cr0 = info;

	cr0[smp_processor_id()] = read_cr0();
}

int selftest_cr0(int argc, char **argv)
{
	static u32 cr0[NR_CPUS];
	unsigned int cpu, n = 0;

	memset(cr0, 0, sizeof(cr0));
	on_each_cpu(read_this_cr0, cr0, 1);
	for_each_online_cpu(cpu) {
		printf("cr0: CPU %u: %08x\n", cpu, cr0[cpu]);
		n++;
	}
	for_each_online_cpu(cpu)
		if (cr0[cpu] != cr0[0])
			selftest_fail("CPU %u's CR0 to be the boot CPU's %08x, saw %08x", cpu,
				      cr0[0], cr0[cpu]);
	if (cr0[0] & (X86_CR0_CD | X86_CR0_NW))
		selftest_fail("the boot CPU's caches on (CR0.CD and NW clear), saw CR0 %08x",
			      cr0[0]);
	printf("cr0: %u CPUs compared\n", n);
	return selftest_failed();
}
