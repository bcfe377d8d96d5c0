/*
 * Bringing up the application processors (APs).
 *
 * The boot CPU numbers the CPUs the firmware listed (itself first), makes
 * an idle thread for each, and wakes them with the INIT, start-up, start-up
 * IPI sequence of the Intel SDM (vol. 3, 8.4.4): INIT, 10 ms, start-up IPI,
 * 200 us, start-up IPI. The INITs go to all APs together, so the 10 ms (if
 * this CPU needs it at all: init_delay_us) is paid once. Then each AP in
 * turn gets its start-up IPIs and runs the
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
#include <modlab/bootinfo.h>
#include <modlab/sched.h>

extern char trampoline_start[], trampoline_end[], tramp_params[];

struct task_struct *idle_task_create(unsigned int cpu);	/* kthread.c */

#define AP_START_TIMEOUT_MS	1000
#define INIT_DELAY_LEGACY_US	10000

/*
 * The wait after INIT. The 10 ms comes from the MultiProcessor
 * Specification 1.4's example code, written for external 82489DX APICs;
 * CPUs with the APIC built in need none. Linux's rule, which we take whole
 * (arch/x86/kernel/smpboot.c, smp_quirk_init_udelay(), now
 * smp_set_init_udelay()): no delay on Intel family 6 and later, AMD family
 * 0xf and later, Hygon family 0x18 and later; 10 ms on anything else. As
 * there, `cpu_init_udelay=US` on the command line overrides it.
 */
static unsigned int init_delay_us(void)
{
	u32 a, b, c, d, vendor, family;
	unsigned int us;
	char buf[16];

	if (cmdline_get("cpu_init_udelay", buf, sizeof(buf)) && !kstrtouint(buf, 10, &us))
		return us;
	cpuid(0, &a, &vendor, &c, &d);	/* the vendor's name in ebx, edx, ecx */
	cpuid(1, &a, &b, &c, &d);
	family = (a >> 8) & 0xf;
	if (family == 0xf)
		family += (a >> 20) & 0xff;	/* the extended family */
	if (vendor == 0x756e6547 && family >= 6)	/* "Genu"ineIntel */
		return 0;
	if (vendor == 0x68747541 && family >= 0xf)	/* "Auth"enticAMD */
		return 0;
	if (vendor == 0x6f677948 && family >= 0x18)	/* "Hygo"nGenuine */
		return 0;
	return INIT_DELAY_LEGACY_US;
}

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
	unsigned int i, cpu, online = 1, delay;

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
	/* INIT asserted, the delay, INIT de-asserted: the MP specification's
	 * order; the start-up IPIs follow at once. */
	delay = init_delay_us();
	for (cpu = 1; cpu < nr_cpu_ids; cpu++)
		lapic_send_init(per_cpu(apic_id, cpu));
	udelay(delay);
	for (cpu = 1; cpu < nr_cpu_ids; cpu++)
		lapic_send_init_deassert(per_cpu(apic_id, cpu));
	pr_info("smp: %u us between INIT and start-up\n", delay);
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
