/*
 * Device interrupts (IRQs): a driver asks for its line with request_irq and
 * its handler then runs, with interrupts off, each time the device signals.
 */
#ifndef _MODLAB_IRQ_H
#define _MODLAB_IRQ_H

#include <linux/types.h>

typedef void (*irq_handler_t)(unsigned int irq, void *dev);

#define NR_IRQS	16	/* the ISA lines */

/* Install handler for line irq and unmask it. Returns 0, -EINVAL or -EBUSY. */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name, void *dev);
void free_irq(unsigned int irq, void *dev);

struct smp_config;

/* Set up the interrupt controller with every line masked. */
void pic_init(void);
/* Switch ISA interrupts to the I/O APIC, sent to the CPU with APIC ID
 * dest_apic; false (PICs kept) if there is no usable I/O APIC. */
bool irq_use_ioapic(const struct smp_config *cfg, u8 dest_apic);

/* Called by the trap code for vector IRQ_BASE + irq. */
void do_irq(unsigned int irq);

#include <asm/irq_vectors.h>

#endif
