/*
 * Host unit tests run kernel code as an ordinary process, where cli/sti
 * would fault: this header stands in for include/asm/irqflags.h there.
 * A test process is one thread, so "interrupts off" needs no action.
 */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H

#include <linux/types.h>

#define X86_EFLAGS_IF	0x200

static inline void local_irq_disable(void) { }
static inline void local_irq_enable(void) { }
static inline bool irqs_disabled(void) { return false; }
#define local_irq_save(flags)		do { (flags) = X86_EFLAGS_IF; } while (0)
#define local_irq_restore(flags)	do { (void)(flags); } while (0)

#endif
