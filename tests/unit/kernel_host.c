/*
 * What kernel code under host test needs from the rest of the kernel:
 * printk (quiet unless UNIT_VERBOSE is set), one CPU's per-CPU data, and
 * the lock-debugging and preemption hooks. A test process is one thread
 * on one "CPU", so preemption never happens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <modlab/percpu.h>
#include <modlab/panic.h>

struct cpu_data cpu_data[NR_CPUS];
unsigned int nr_cpu_ids = 1;

char host_last_printk[512];	/* the last message, for tests to check */

int printk(const char *fmt, ...)
{
	char *buf = host_last_printk;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(host_last_printk), fmt, ap);
	va_end(ap);
	if (getenv("UNIT_VERBOSE"))
		fprintf(stderr, "printk: %s", buf);
	return 0;
}

void dump_stack(void)
{
}

/* No symbol table on the host: the address. */
int sprint_symbol(char *buf, unsigned long addr)
{
	return snprintf(buf, 96, "0x%08lx", addr);
}

/* A panic in code under test (kmem_cache_create's SLAB_PANIC) ends the test. */
void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "panic: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}

void preempt_schedule(void)
{
}

/* Lock misuse in code under test is a test failure: stop loudly. */
void spin_bug(spinlock_t *lock, const char *what, unsigned long ip)
{
	fprintf(stderr, "spin_bug: %s: %s\n", lock->name, what);
	abort();
}
