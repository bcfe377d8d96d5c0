/*
 * Device (ISA) interrupts: through the I/O APIC when the machine has one,
 * else through the two cascaded 8259A PICs.
 *
 * IRQ n arrives on vector 32 + n either way, clear of the CPU's exceptions.
 * The I/O APIC sends every ISA line to the boot CPU, with the polarity and
 * trigger the firmware's overrides give. Every line starts masked;
 * request_irq unmasks it. With an I/O APIC, the PICs stay fully masked.
 *
 * Locking: irq_lock protects the handler table and the mask registers.
 * do_irq runs with interrupts off and reads a handler that request_irq
 * wrote before it unmasked the line, so it needs no lock.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/spinlock.h>
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

struct irq_action {
	irq_handler_t handler;
	const char *name;
	void *dev;
	unsigned long count;
};

static struct irq_action irq_table[NR_IRQS];
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

int request_irq(unsigned int irq, irq_handler_t handler, const char *name, void *dev)
{
	unsigned long flags;
	int err = 0;

	if (irq >= NR_IRQS || (!use_ioapic && irq == CASCADE_IRQ) || !handler)
		return -EINVAL;
	spin_lock_irqsave(&irq_lock, flags);
	if (irq_table[irq].handler) {
		err = -EBUSY;
	} else {
		irq_table[irq] = (struct irq_action){ handler, name, dev, 0 };
		set_masked(irq, false);
	}
	spin_unlock_irqrestore(&irq_lock, flags);
	return err;
}

void free_irq(unsigned int irq, void *dev)
{
	unsigned long flags;

	if (irq >= NR_IRQS)
		return;
	spin_lock_irqsave(&irq_lock, flags);
	if (irq_table[irq].dev == dev) {
		set_masked(irq, true);
		irq_table[irq].handler = NULL;
	}
	spin_unlock_irqrestore(&irq_lock, flags);
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
	struct irq_action *a = &irq_table[irq];

	if (use_ioapic) {
		if (a->handler) {
			a->count++;
			a->handler(irq, a->dev);
		}
		lapic_eoi();
		return;
	}
	if (spurious(irq)) {
		if (irq >= 8)
			outb(PIC_EOI, PIC1_CMD);	/* the master did see the cascade */
		return;
	}
	if (a->handler) {
		a->count++;
		a->handler(irq, a->dev);
	}
	if (irq >= 8)
		outb(PIC_EOI, PIC2_CMD);
	outb(PIC_EOI, PIC1_CMD);
}
