/*
 * Device (ISA) interrupts: through the I/O APIC when the machine has one,
 * else through the two cascaded 8259A PICs.
 *
 * IRQ n arrives on vector 32 + n either way, clear of the CPU's exceptions.
 * The I/O APIC sends every ISA line to the boot CPU, with the polarity and
 * trigger the firmware's overrides give. Every line starts masked;
 * request_irq unmasks it. With an I/O APIC, the PICs stay fully masked.
 *
 * Each line has a chain of handlers (struct irqaction): one, or several
 * that all asked for IRQF_SHARED. do_irq calls each in turn.
 *
 * Locking: irq_lock (interrupts off) protects the handler chains and the
 * mask registers, and do_irq holds it while it calls the handlers. So
 * free_irq, once it has the lock and has unlinked a handler, knows that
 * handler is not running on any CPU and will not run again: the module
 * that owns it may go. (All ISA lines go to one CPU, so one lock costs no
 * parallelism.) A handler must therefore not call request_irq or free_irq.
 */
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/interrupt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/delay.h>
#include <asm/io.h>
#include <modlab/irq.h>
#include <modlab/ioapic.h>
#include <asm/apic.h>

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1
#define PIC_EOI		0x20
#define PIC_READ_ISR	0x0b
#define CASCADE_IRQ	2

struct irqaction {
	irq_handler_t handler;
	unsigned long flags;
	const char *name;
	void *dev_id;
	struct irqaction *next;		/* the next handler on a shared line */
};

struct irq_desc {
	struct irqaction *action;	/* the chain, oldest first */
	unsigned long count;		/* interrupts taken */
	unsigned long unhandled;	/* of those, that no handler claimed */
};

static struct irq_desc irq_desc[NR_IRQS];
/* Autoprobe (probe_irq_on/off), under irq_lock: the lines unmasked for a
 * probe, and those of them that fired since. */
static u16 probing, probe_fired;
/* Held from probe_irq_on to probe_irq_off: one probe at a time. */
static DEFINE_MUTEX(probing_active);
static bool use_ioapic;
static u8 irq_dest_apic;	/* where the I/O APIC sends ISA interrupts */
static u16 irq_mask = 0xffff & ~(1 << CASCADE_IRQ);
static DEFINE_SPINLOCK(irq_lock);

static void pic_write_mask(void)
{
	outb(irq_mask & 0xff, PIC1_DATA);
	outb(irq_mask >> 8, PIC2_DATA);
}

static void set_masked(unsigned int irq, bool masked)
{
	if (use_ioapic) {
		ioapic_mask_isa(irq, masked);
		return;
	}
	if (masked)
		irq_mask |= 1u << irq;
	else
		irq_mask &= ~(1u << irq);
	pic_write_mask();
}

void pic_init(void)
{
	/* ICW1: edge triggered, cascade, ICW4 follows. */
	outb(0x11, PIC1_CMD);
	io_delay();
	outb(0x11, PIC2_CMD);
	io_delay();
	outb(IRQ_BASE_VECTOR, PIC1_DATA);	/* ICW2: vector offsets */
	outb(IRQ_BASE_VECTOR + 8, PIC2_DATA);
	io_delay();
	outb(1 << CASCADE_IRQ, PIC1_DATA);	/* ICW3: slave on IRQ 2 */
	outb(CASCADE_IRQ, PIC2_DATA);
	io_delay();
	outb(0x01, PIC1_DATA);			/* ICW4: 8086 mode */
	outb(0x01, PIC2_DATA);
	io_delay();
	pic_write_mask();
}

/* Use the I/O APIC from now on (the PICs stay masked); false if there is none. */
bool irq_use_ioapic(const struct smp_config *cfg, u8 dest_apic)
{
	unsigned int irq;

	if (ioapic_init(cfg))
		return false;
	irq_mask = 0xffff;
	pic_write_mask();
	for (irq = 0; irq < NR_IRQS; irq++)
		ioapic_route_isa(irq, IRQ_BASE_VECTOR + irq, dest_apic);
	irq_dest_apic = dest_apic;
	use_ioapic = true;
	return true;
}

static bool irq_line_valid(unsigned int irq)
{
	return irq < NR_IRQS && (use_ioapic || irq != CASCADE_IRQ);
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id)
{
	struct irqaction *new, *old, **p;
	unsigned long lock_flags;

	if (!irq_line_valid(irq) || !handler || ((flags & IRQF_SHARED) && !dev_id))
		return -EINVAL;
	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	*new = (struct irqaction){ .handler = handler, .flags = flags, .name = name,
				   .dev_id = dev_id };

	spin_lock_irqsave(&irq_lock, lock_flags);
	old = irq_desc[irq].action;
	if (old && !(old->flags & flags & IRQF_SHARED)) {
		spin_unlock_irqrestore(&irq_lock, lock_flags);
		if (!(flags & IRQF_PROBE_SHARED))
			pr_err("irq: IRQ %u is taken by %s%s; %s cannot have it\n", irq, old->name,
			       old->flags & IRQF_SHARED ? "" : " (not shared)", name);
		kfree(new);
		return -EBUSY;
	}
	for (p = &irq_desc[irq].action; *p; p = &(*p)->next)
		;
	*p = new;
	if (!old)
		set_masked(irq, false);
	spin_unlock_irqrestore(&irq_lock, lock_flags);
	return 0;
}

const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irqaction *action = NULL, **p;
	unsigned long flags;
	const char *name;

	if (!irq_line_valid(irq)) {
		WARN(1, "irq: free_irq of IRQ %u, which does not exist\n", irq);
		return NULL;
	}
	WARN_ON(in_hardirq());
	spin_lock_irqsave(&irq_lock, flags);
	for (p = &irq_desc[irq].action; *p; p = &(*p)->next) {
		if ((*p)->dev_id == dev_id) {
			action = *p;
			*p = action->next;
			break;
		}
	}
	if (action && !irq_desc[irq].action)
		set_masked(irq, true);
	spin_unlock_irqrestore(&irq_lock, flags);
	/* do_irq holds irq_lock while handlers run: ours is not running now. */
	if (!action) {
		WARN(1, "irq: free_irq of IRQ %u: no handler with dev_id %p\n", irq, dev_id);
		return NULL;
	}
	name = action->name;
	kfree(action);
	return name;
}

/* Call every handler on the line. Interrupts are off. */
static void handle_irq_line(unsigned int irq)
{
	struct irq_desc *desc = &irq_desc[irq];
	struct irqaction *a;
	irqreturn_t ret = IRQ_NONE;

	spin_lock(&irq_lock);
	desc->count++;
	if (!desc->action && (probing & (1u << irq))) {
		/* A probe's answer: note it, and mask the line so a level-
		 * triggered one does not storm until probe_irq_off. */
		probe_fired |= 1u << irq;
		set_masked(irq, true);
	}
	for (a = desc->action; a; a = a->next)
		ret |= a->handler((int)irq, a->dev_id);
	if (ret == IRQ_NONE)
		desc->unhandled++;
	spin_unlock(&irq_lock);
}

/* Interrupts taken on line irq (for /proc and tests). */
unsigned long kstat_irqs(unsigned int irq)
{
	return irq < NR_IRQS ? READ_ONCE(irq_desc[irq].count) : 0;
}

/* IRQ 7 and 15 also arrive when a line drops before the PIC answers: a
 * spurious interrupt. The in-service register tells; a spurious one gets no
 * EOI from its own PIC. */
static bool spurious(unsigned int irq)
{
	u16 port = irq < 8 ? PIC1_CMD : PIC2_CMD;

	if ((irq & 7) != 7)
		return false;
	outb(PIC_READ_ISR, port);
	return !(inb(port) & 0x80);
}

void do_irq(unsigned int irq)
{
	if (use_ioapic) {
		handle_irq_line(irq);
		lapic_eoi();
		return;
	}
	if (spurious(irq)) {
		if (irq >= 8)
			outb(PIC_EOI, PIC1_CMD);	/* the master did see the cascade */
		return;
	}
	handle_irq_line(irq);
	if (irq >= 8)
		outb(PIC_EOI, PIC2_CMD);
	outb(PIC_EOI, PIC1_CMD);
}

/* How long unmasked lines are watched for interrupts nobody asked for. */
#define PROBE_SETTLE_MS	20

unsigned long probe_irq_on(void)
{
	unsigned long flags;
	unsigned int irq;
	u16 lines = 0;

	mutex_lock(&probing_active);
	spin_lock_irqsave(&irq_lock, flags);
	for (irq = 1; irq < 16; irq++) {
		if (!irq_line_valid(irq) || irq == CASCADE_IRQ || irq_desc[irq].action)
			continue;
		lines |= 1u << irq;
		set_masked(irq, false);
	}
	probing = lines;
	probe_fired = 0;
	spin_unlock_irqrestore(&irq_lock, flags);
	/* Lines that fire now, before the driver has done anything, are
	 * noise (a floating ISA line): they are left out of the answer. */
	msleep(PROBE_SETTLE_MS);
	spin_lock_irqsave(&irq_lock, flags);
	lines &= ~probe_fired;
	spin_unlock_irqrestore(&irq_lock, flags);
	return lines;
}

/* End the probe: mask the lines that still have no handler. Under
 * irq_lock. Returns the lines of val that fired. */
static u16 end_probe(unsigned long val)
{
	u16 fired = probe_fired & val;
	unsigned int irq;

	for (irq = 0; irq < 16; irq++)
		if ((probing & (1u << irq)) && !irq_desc[irq].action)
			set_masked(irq, true);
	probing = 0;
	return fired;
}

int probe_irq_off(unsigned long val)
{
	unsigned long flags;
	u16 fired;

	spin_lock_irqsave(&irq_lock, flags);
	fired = end_probe(val);
	spin_unlock_irqrestore(&irq_lock, flags);
	mutex_unlock(&probing_active);
	if (!fired)
		return 0;
	if (fired & (fired - 1))	/* several: Linux gives minus the first */
		return -(ffs(fired) - 1);
	return ffs(fired) - 1;
}

/* The lines of val that fired, without ending the probe (Linux's). */
unsigned int probe_irq_mask(unsigned long val)
{
	unsigned long flags;
	unsigned int fired;

	spin_lock_irqsave(&irq_lock, flags);
	fired = probe_fired & val;
	spin_unlock_irqrestore(&irq_lock, flags);
	return fired;
}

EXPORT_SYMBOL(probe_irq_on);
EXPORT_SYMBOL(probe_irq_off);
EXPORT_SYMBOL(probe_irq_mask);
EXPORT_SYMBOL(request_irq);
EXPORT_SYMBOL(free_irq);
