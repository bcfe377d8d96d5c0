/*
 * Turning this CPU's interrupts off and on.
 *
 * local_irq_save/restore nest: save returns the old state, restore puts it
 * back, so an inner pair never turns interrupts on under an outer pair.
 */
#ifndef _ASM_IRQFLAGS_H
#define _ASM_IRQFLAGS_H

#include <linux/types.h>

#define X86_EFLAGS_IF	0x200

static inline unsigned long arch_local_save_flags(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushf; pop %0" : "=rm"(flags) : : "memory");
	return flags;
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

static inline bool irqs_disabled(void)
{
	return !(arch_local_save_flags() & X86_EFLAGS_IF);
}

#define local_irq_save(flags)				\
	do {						\
		(flags) = arch_local_save_flags();	\
		local_irq_disable();			\
	} while (0)

#define local_irq_restore(flags)			\
	do {						\
		if ((flags) & X86_EFLAGS_IF)		\
			local_irq_enable();		\
	} while (0)

/* Enable interrupts and halt until the next one, with no window between:
 * 'sti' takes effect only after the following instruction. */
static inline void safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" : : : "memory");
}

static inline void halt(void)
{
	__asm__ __volatile__("hlt" : : : "memory");
}

#endif
