/*
 * Device interrupts (IRQs): a driver asks for its line with request_irq and
 * its handler then runs, with interrupts off, each time the device signals.
 */
#ifndef _MODLAB_IRQ_H
#define _MODLAB_IRQ_H

typedef void (*irq_handler_t)(unsigned int irq, void *dev);

#define NR_IRQS	16	/* the ISA lines */

/* Install handler for line irq and unmask it. Returns 0, -EINVAL or -EBUSY. */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name, void *dev);
void free_irq(unsigned int irq, void *dev);

/* Set up the interrupt controller with every line masked. */
void pic_init(void);

/* Called by the trap code for vector IRQ_BASE + irq. */
void do_irq(unsigned int irq);

#define IRQ_BASE_VECTOR	32	/* IRQ 0 arrives as vector 32 */

#endif
