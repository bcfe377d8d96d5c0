/*
 * Device interrupts (IRQs), the architecture's side: the interrupt
 * controller and the entry into handlers. Drivers use linux/interrupt.h
 * (request_irq, free_irq).
 */
#ifndef _MODLAB_IRQ_H
#define _MODLAB_IRQ_H

#include <linux/types.h>
#include <linux/interrupt.h>

#define NR_IRQS	16	/* the ISA lines */

struct smp_config;

/* Set up the interrupt controller with every line masked. */
void pic_init(void);
/* Switch ISA interrupts to the I/O APIC, sent to the CPU with APIC ID
 * dest_apic; false (PICs kept) if there is no usable I/O APIC. */
bool irq_use_ioapic(const struct smp_config *cfg, u8 dest_apic);

/* Called by the trap code for vector IRQ_BASE + irq. */
void do_irq(unsigned int irq);

/* End of a hardware interrupt: leave hardirq context and run pending
 * softirqs (kernel/softirq.c). Interrupts off. */
void irq_exit(void);
/* Boot: the softirq handlers, then (once the CPUs are up) ksoftirqd. */
void softirq_init(void);
void softirq_start_threads(void);

#include <asm/irq_vectors.h>

#endif
