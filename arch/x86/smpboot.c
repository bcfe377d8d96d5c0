/*
 * Bringing up the application processors (APs).
 *
 * The boot CPU numbers the CPUs the firmware listed (itself first), makes
 * an idle thread for each, and wakes them with the INIT, start-up, start-up
 * IPI sequence of the Intel SDM (vol. 3, 8.4.4): INIT, 10 ms, start-up IPI,
 * 200 us, start-up IPI. The INITs go to all APs together, so the 10 ms is
 * paid once. Then each AP in turn gets its start-up IPIs and runs the
 * trampoline into secondary_start_kernel(), which sets up its descriptor
 * tables, per-CPU data, local APIC and timer, marks it online and makes it
 * idle. An AP that is not online within a second is reported and left out.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/sched.h>
#include <linux/delay.h>
#include <asm/apic.h>
#include <asm/irqflags.h>
#include <modlab/panic.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/smpboot.h>
#include <modlab/percpu.h>
#include <modlab/smpconfig.h>
#include <modlab/time.h>

extern char trampoline_start[], trampoline_end[], tramp_params[];

struct task_struct *idle_task_create(unsigned int cpu);	/* kthread.c */

#define AP_START_TIMEOUT_MS	1000

/* The AP's first C code, on its idle thread's stack. */
void secondary_start_kernel(unsigned int cpu)
{
	gdt_init(cpu);		/* from here on this_cpu_*() works */
	idt_load();
	lapic_setup_cpu();
	this_cpu_write(apic_id, lapic_id());
	lapic_timer_start();
	/* Everything above must be visible before others see us online. */
	__atomic_store_n(&cpu_data[cpu].online, 1, __ATOMIC_RELEASE);
	local_irq_enable();
	cpu_idle();
}

static bool wait_online(unsigned int cpu, unsigned int us)
{
	u64 end = ktime_get_ns() + (u64)us * 1000;

	while (ktime_get_ns() < end) {
		if (__atomic_load_n(&cpu_data[cpu].online, __ATOMIC_ACQUIRE))
			return true;
		cpu_relax();
	}
	return false;
}

static bool start_ap(unsigned int cpu)
{
	struct trampoline_params *params =
		(void *)(TRAMPOLINE_ADDR + (tramp_params - trampoline_start));
	struct task_struct *idle = per_cpu(idle_task, cpu);
	u32 apic = per_cpu(apic_id, cpu);

	params->cr3 = read_cr3();
	params->stack = (u32)idle->stack + THREAD_SIZE;
	params->entry = (u32)secondary_start_kernel;
	params->cpu = cpu;
	params->cr0 = read_cr0();
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	lapic_send_sipi(apic, TRAMPOLINE_ADDR >> 12);
	if (wait_online(cpu, 200))
		return true;
	lapic_send_sipi(apic, TRAMPOLINE_ADDR >> 12);
	return wait_online(cpu, AP_START_TIMEOUT_MS * 1000);
}

void smp_boot_cpus(const struct smp_config *cfg)
{
	u32 bsp = lapic_id();
	unsigned int i, cpu, online = 1;

	per_cpu(apic_id, 0) = bsp;
	nr_cpu_ids = 1;
	for (i = 0; i < cfg->nr_cpus; i++) {
		if (cfg->apic_ids[i] == bsp)
			continue;
		if (nr_cpu_ids == NR_CPUS) {
			pr_warn("smp: more than %d CPUs; the rest are left out\n", NR_CPUS);
			break;
		}
		per_cpu(apic_id, nr_cpu_ids++) = cfg->apic_ids[i];
	}
	if (nr_cpu_ids == 1)
		goto done;

	memcpy((void *)TRAMPOLINE_ADDR, trampoline_start, trampoline_end - trampoline_start);
	for (cpu = 1; cpu < nr_cpu_ids; cpu++) {
		struct task_struct *idle = idle_task_create(cpu);

		if (!idle)
			panic("smp: no memory for CPU %u's idle thread", cpu);
		sched_init_cpu(cpu, idle);
	}
	for (cpu = 1; cpu < nr_cpu_ids; cpu++)
		lapic_send_init(per_cpu(apic_id, cpu));
	mdelay(10);
	for (cpu = 1; cpu < nr_cpu_ids; cpu++) {
		if (start_ap(cpu))
			online++;
		else
			pr_err("smp: CPU %u (APIC ID %u) did not start; left out\n", cpu,
			       per_cpu(apic_id, cpu));
	}
done:
	pr_info("smp: brought up %u CPUs\n", online);
}
