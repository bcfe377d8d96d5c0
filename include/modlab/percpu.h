/*
 * Per-CPU data: one struct cpu_data per processor, reached from the CPU
 * itself in a single instruction through a segment register (%fs on x86),
 * so reading this CPU's number or bumping this CPU's counter needs no lock
 * and no atomic instruction: no other CPU writes those fields.
 *
 * Fields read or written with this_cpu_*() must be 4 bytes wide.
 */
#ifndef _MODLAB_PERCPU_H
#define _MODLAB_PERCPU_H

#include <linux/types.h>
#include <modlab/smpconfig.h>

struct task_struct;
struct rq;

struct cpu_data {
	struct cpu_data *self;		/* this structure's own address (this_cpu_ptr) */
	unsigned int cpu;		/* logical number: smp_processor_id() */
	int preempt_count;		/* see linux/preempt.h */
	int need_resched;		/* schedule() at the next chance */
	struct task_struct *current_task;
	struct task_struct *idle_task;
	struct rq *rq;			/* this CPU's run queue */
	u32 apic_id;
	int online;			/* finished bring-up, takes interrupts */
	unsigned long ticks;		/* timer interrupts taken */
	unsigned long idle_ticks;	/* of those, while the idle thread ran */
	unsigned long nr_switches;	/* context switches */
	unsigned long irqs;		/* device interrupts and IPIs taken */
} __attribute__((aligned(64)));		/* a cache line each: no false sharing */

extern struct cpu_data cpu_data[NR_CPUS];
extern unsigned int nr_cpu_ids;		/* CPUs found (online or not) */

#include <asm/percpu.h>

#define smp_processor_id()	((unsigned int)this_cpu_read(cpu))
#define per_cpu(field, cpu)	(cpu_data[cpu].field)
#define cpu_online(c)		(READ_ONCE(cpu_data[c].online) != 0)

#define for_each_possible_cpu(c) for ((c) = 0; (c) < nr_cpu_ids; (c)++)
#define for_each_online_cpu(c)	\
	for ((c) = 0; (c) < nr_cpu_ids; (c)++) if (!cpu_online(c)) {} else

unsigned int num_online_cpus(void);

#endif
