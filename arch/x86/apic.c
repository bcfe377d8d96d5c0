/*
 * The local APIC: each CPU's own interrupt controller (Intel SDM vol. 3,
 * chapter 10). It takes interrupts from the I/O APIC and from other CPUs
 * (IPIs), sends IPIs, and has a timer that gives every CPU its own tick.
 *
 * Its registers are memory-mapped at the same address on every CPU; each
 * CPU sees its own APIC there, so no lock is needed to use them, except
 * that sending an IPI is two register writes (destination, then command):
 * callers do that with interrupts off so nothing on this CPU comes between.
 */
#include <linux/kernel.h>
#include <asm/apic.h>
#include <asm/irq_vectors.h>
#include <asm/irqflags.h>
#include <asm/processor.h>
#include <linux/delay.h>
#include <modlab/mm.h>
#include <asm/io.h>
#include <modlab/time.h>

#define APIC_ID		0x020
#define APIC_VERSION	0x030
#define APIC_TPR	0x080
#define APIC_EOI	0x0b0
#define APIC_SVR	0x0f0	/* spurious vector; bit 8 enables the APIC */
#define APIC_ESR	0x280
#define APIC_ICR_LOW	0x300
#define APIC_ICR_HIGH	0x310
#define APIC_LVT_TIMER	0x320
#define APIC_LVT_LINT0	0x350
#define APIC_LVT_LINT1	0x360
#define APIC_LVT_ERROR	0x370
#define APIC_TIMER_INIT	0x380
#define APIC_TIMER_CUR	0x390
#define APIC_TIMER_DIV	0x3e0

#define SVR_ENABLE		(1u << 8)
#define LVT_MASKED		(1u << 16)
#define LVT_TIMER_PERIODIC	(1u << 17)
#define LVT_DELIVERY_NMI	(4u << 8)
#define ICR_DELIVERY_PENDING	(1u << 12)
#define ICR_LEVEL_ASSERT	(1u << 14)
#define ICR_TRIGGER_LEVEL	(1u << 15)
#define ICR_DELIVERY_NMI	(4u << 8)
#define ICR_INIT		(5u << 8)
#define ICR_STARTUP		(6u << 8)
#define ICR_ALL_BUT_SELF	(3u << 18)
#define TIMER_DIV_16		0x3


static volatile u32 *lapic;
static u32 timer_ticks_per_tick;	/* APIC timer counts per kernel tick */

static u32 lapic_read(u32 reg)
{
	return lapic[reg / 4];
}

static void lapic_write(u32 reg, u32 v)
{
	lapic[reg / 4] = v;
}

bool lapic_present(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return d & (1u << 9);
}

void lapic_init(u32 phys)
{
	lapic = ioremap(phys, PAGE_SIZE);
}

/* Switch this CPU's APIC on: all local interrupt lines masked except NMI
 * on LINT1; device interrupts come through the I/O APIC. */
void lapic_setup_cpu(void)
{
	lapic_write(APIC_SVR, SVR_ENABLE | SPURIOUS_APIC_VECTOR);
	lapic_write(APIC_TPR, 0);		/* accept every priority */
	lapic_write(APIC_LVT_TIMER, LVT_MASKED);
	lapic_write(APIC_LVT_LINT0, LVT_MASKED);
	lapic_write(APIC_LVT_LINT1, LVT_DELIVERY_NMI);
	lapic_write(APIC_LVT_ERROR, ERROR_APIC_VECTOR);
	lapic_write(APIC_ESR, 0);		/* two writes clear the error status */
	lapic_write(APIC_ESR, 0);
	lapic_eoi();				/* anything left in service */
}

/* The task priority: interrupts of this priority class (vector >> 4) and
 * below are held pending until it is lowered again. */
u32 lapic_get_tpr(void)
{
	return lapic_read(APIC_TPR);
}

void lapic_set_tpr(u32 tpr)
{
	lapic_write(APIC_TPR, tpr);
	/* Read back, so the new priority is in force before we go on
	 * (the write is posted). */
	lapic_read(APIC_TPR);
}

u32 lapic_id(void)
{
	return lapic_read(APIC_ID) >> 24;
}

void lapic_eoi(void)
{
	lapic_write(APIC_EOI, 0);
}

static void wait_icr_idle(void)
{
	int spins = 1000000;

	while ((lapic_read(APIC_ICR_LOW) & ICR_DELIVERY_PENDING) && --spins)
		cpu_relax();
}

static void send_icr(u32 dest, u32 low)
{
	unsigned long flags;

	local_irq_save(flags);
	wait_icr_idle();
	lapic_write(APIC_ICR_HIGH, dest << 24);
	lapic_write(APIC_ICR_LOW, low);		/* this write sends it */
	wait_icr_idle();
	local_irq_restore(flags);
}

void lapic_send_ipi(u32 apic_id, u8 vector)
{
	send_icr(apic_id, vector);
}

void lapic_send_ipi_allbutself(u8 vector)
{
	send_icr(0, ICR_ALL_BUT_SELF | vector);
}

void lapic_send_nmi_allbutself(void)
{
	send_icr(0, ICR_ALL_BUT_SELF | ICR_DELIVERY_NMI);
}

void lapic_send_nmi(u32 apic_id)
{
	send_icr(apic_id, ICR_DELIVERY_NMI);
}

void lapic_send_init(u32 apic_id)
{
	send_icr(apic_id, ICR_INIT | ICR_LEVEL_ASSERT | ICR_TRIGGER_LEVEL);
}

/* INIT level de-assert: needed by old APICs, harmless on new ones. */
void lapic_send_init_deassert(u32 apic_id)
{
	send_icr(apic_id, ICR_INIT | ICR_TRIGGER_LEVEL);
}

void lapic_send_sipi(u32 apic_id, u8 page)
{
	send_icr(apic_id, ICR_STARTUP | page);
}

/*
 * Measuring the timer's rate: arch/x86/pit.c lets it count down freely
 * from its top (masked) while it times the clock against the PIT, reads it
 * at both ends of each window, and hands the rate of its best window here.
 */
void lapic_timer_free_run(void)
{
	lapic_write(APIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(APIC_LVT_TIMER, LVT_MASKED);
	lapic_write(APIC_TIMER_INIT, 0xffffffff);
}

u32 lapic_timer_count(void)
{
	return lapic_read(APIC_TIMER_CUR);
}

void lapic_timer_set_rate(u32 counts_per_ms)
{
	lapic_write(APIC_TIMER_INIT, 0);
	timer_ticks_per_tick = counts_per_ms * (1000 / HZ);
	pr_info("apic: timer runs at %u kHz (divided by 16); %u counts per tick\n",
		counts_per_ms, timer_ticks_per_tick);
}

void lapic_timer_start(void)
{
	lapic_write(APIC_TIMER_DIV, TIMER_DIV_16);
	lapic_write(APIC_LVT_TIMER, LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	lapic_write(APIC_TIMER_INIT, timer_ticks_per_tick);
}

/* The kernel tick, its rate measured with the clock's (arch_clock_init):
 * started here on the boot CPU (the others start theirs in
 * secondary_start_kernel). */
void arch_timer_init(void)
{
	lapic_timer_start();
}
