/*
 * The I/O APIC (Intel 82093AA and its descendants): routes device
 * interrupts to the CPUs' local APICs.
 *
 * Each chip has a table of redirection entries, one per input pin; pin n
 * of the chip whose first GSI is gsi_base is GSI gsi_base + n. An entry
 * says which vector to send, to which local APIC, how to deliver it, the
 * line's polarity and trigger mode, and whether the pin is masked.
 *
 * The chip shows only two registers in memory: IOREGSEL, where software
 * writes the number of an internal register, and IOWIN, through which it
 * then reads or writes that register (82093AA datasheet, section 3).
 *
 * Locking: ioapic_lock protects that register window. Selecting a register
 * and then using IOWIN are two accesses; another CPU, or an interrupt
 * handler on this one, selecting a register in between would make us read
 * or write the wrong one. The lock also keeps a read-modify-write of an
 * entry whole. It is taken with interrupts off, and no other lock is taken
 * while it is held, so it may be taken under any other.
 *
 * The tables (ioapics[], isa_gsi[], isa_flags[], isa_unwired) are written
 * only by ioapic_init at boot, before anyone routes an interrupt; they are
 * read-only after, so reading them needs no lock.
 */
#define pr_fmt(fmt) "ioapic: " fmt

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/spinlock.h>
#include <modlab/ioapic.h>
#include <modlab/mm.h>
#include <asm/io.h>

/* Memory-mapped registers, as indexes of 32-bit words from the base. */
#define IOREGSEL		(0x00 / 4)
#define IOWIN			(0x10 / 4)
#define IOAPIC_MMIO_SIZE	0x20

/* Internal registers, selected through IOREGSEL. */
#define IOAPIC_VERSION		0x01	/* bits 0-7 version, bits 16-23 highest entry */
#define IOAPIC_REDTBL(n)	(0x10 + 2 * (n))	/* entry n: low dword, then high */

/* A redirection entry's low dword. */
#define RTE_DELIVERY_FIXED	(0u << 8)	/* bits 8-10: to the destination named */
#define RTE_DEST_PHYSICAL	(0u << 11)	/* destination is an APIC ID, not a logical set */
#define RTE_POLARITY_LOW	(1u << 13)
#define RTE_TRIGGER_LEVEL	(1u << 15)
#define RTE_MASKED		(1u << 16)
/* Its high dword. */
#define RTE_DEST_SHIFT		24		/* bits 24-31: destination APIC ID */

#define FIRST_USABLE_VECTOR	16	/* the APIC refuses vectors 0-15 */

struct ioapic {
	u8 id;
	volatile u32 *regs;
	u32 gsi_base;
	unsigned int nr_entries;
};

static struct ioapic ioapics[MAX_IOAPICS];
static unsigned int nr_ioapics;
static u32 isa_gsi[NR_ISA_IRQS];
static u16 isa_flags[NR_ISA_IRQS];
static u16 isa_unwired;		/* ISA IRQs whose GSI carries another ISA IRQ */
static DEFINE_SPINLOCK(ioapic_lock);

/* Both with ioapic_lock held. */
static u32 ioapic_read(volatile u32 *regs, u32 reg)
{
	regs[IOREGSEL] = reg;
	return regs[IOWIN];
}

static void ioapic_write(volatile u32 *regs, u32 reg, u32 value)
{
	regs[IOREGSEL] = reg;
	regs[IOWIN] = value;
}

/* The version register, or all ones if no chip answers at regs. */
static u32 read_version(volatile u32 *regs)
{
	unsigned long flags;
	u32 version;

	spin_lock_irqsave(&ioapic_lock, flags);
	version = ioapic_read(regs, IOAPIC_VERSION);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return version;
}

static unsigned int nr_entries_of(u32 version)
{
	return ((version >> 16) & 0xff) + 1;
}

unsigned int ioapic_read_nr_entries(u32 phys)
{
	u32 version = read_version(ioremap(phys, IOAPIC_MMIO_SIZE));

	return version == 0xffffffff ? 0 : nr_entries_of(version);
}

/*
 * An override moves an ISA IRQ onto another IRQ's GSI: on PCs the timer,
 * IRQ 0, arrives on GSI 2, where the 8259s' cascade (IRQ 2) would be. The
 * IRQ left without an override then has no line of its own, and routing
 * it would overwrite the entry of the IRQ that owns the pin.
 */
static void find_unwired_isa_irqs(void)
{
	unsigned int i, j;

	isa_unwired = 0;
	for (i = 0; i < NR_ISA_IRQS; i++) {
		if (isa_gsi[i] != i)
			continue;	/* moved by an override: its new line is its own */
		for (j = 0; j < NR_ISA_IRQS; j++) {
			if (j != i && isa_gsi[j] == i) {
				isa_unwired |= 1u << i;
				pr_debug("ISA IRQ %u has no line: GSI %u carries ISA IRQ %u\n", i,
					 isa_gsi[i], j);
				break;
			}
		}
	}
}

int ioapic_init(const struct smp_config *cfg)
{
	unsigned long flags;
	unsigned int i, pin;

	nr_ioapics = 0;
	for (i = 0; i < cfg->nr_ioapics; i++) {
		const struct ioapic_config *c = &cfg->ioapics[i];
		struct ioapic *io = &ioapics[nr_ioapics];
		u32 version;

		io->regs = ioremap(c->phys, IOAPIC_MMIO_SIZE);
		version = read_version(io->regs);
		if (version == 0xffffffff) {
			pr_warn("nothing answers at %#x (I/O APIC %u); skipped\n", c->phys, c->id);
			continue;
		}
		io->id = c->id;
		io->gsi_base = c->gsi_base;
		io->nr_entries = nr_entries_of(version);

		/* The firmware may have left entries enabled: mask them all,
		 * so nothing arrives until a driver asks for its line. */
		spin_lock_irqsave(&ioapic_lock, flags);
		for (pin = 0; pin < io->nr_entries; pin++) {
			ioapic_write(io->regs, IOAPIC_REDTBL(pin), RTE_MASKED);
			ioapic_write(io->regs, IOAPIC_REDTBL(pin) + 1, 0);
		}
		spin_unlock_irqrestore(&ioapic_lock, flags);

		pr_info("I/O APIC %u at %#x: version %#x, %u entries (GSI %u-%u), all masked\n",
			io->id, c->phys, version & 0xff, io->nr_entries, io->gsi_base,
			io->gsi_base + io->nr_entries - 1);
		nr_ioapics++;
	}
	for (i = 0; i < NR_ISA_IRQS; i++) {
		isa_gsi[i] = cfg->isa_gsi[i];
		isa_flags[i] = cfg->isa_flags[i];
	}
	find_unwired_isa_irqs();
	return nr_ioapics ? 0 : -ENODEV;
}

/* The chip serving gsi, and gsi's pin on it; NULL if none does. */
static struct ioapic *ioapic_of_gsi(u32 gsi, unsigned int *pin)
{
	unsigned int i;

	for (i = 0; i < nr_ioapics; i++) {
		struct ioapic *io = &ioapics[i];

		if (gsi >= io->gsi_base && gsi - io->gsi_base < io->nr_entries) {
			*pin = gsi - io->gsi_base;
			return io;
		}
	}
	return NULL;
}

/* An entry's low dword for an ISA line with the given MPS INTI flags. */
static u32 isa_entry_low(u8 vector, u16 inti_flags)
{
	u32 low = vector | RTE_DELIVERY_FIXED | RTE_DEST_PHYSICAL | RTE_MASKED;

	/* "As the bus says" (and the reserved value 2) mean ISA's own:
	 * active high, edge triggered. */
	if ((inti_flags & IRQ_POLARITY_MASK) == IRQ_POLARITY_LOW)
		low |= RTE_POLARITY_LOW;
	if ((inti_flags & IRQ_TRIGGER_MASK) == IRQ_TRIGGER_LEVEL)
		low |= RTE_TRIGGER_LEVEL;
	return low;
}

int ioapic_route_isa(unsigned int isa_irq, u8 vector, u8 dest_apic_id)
{
	struct ioapic *io;
	unsigned long flags;
	unsigned int pin;

	if (isa_irq >= NR_ISA_IRQS || vector < FIRST_USABLE_VECTOR)
		return -EINVAL;
	if (isa_unwired & (1u << isa_irq))
		return -ENODEV;
	io = ioapic_of_gsi(isa_gsi[isa_irq], &pin);
	if (!io)
		return -ENODEV;

	/* Low dword first, with the mask bit: the entry stays masked while
	 * its destination changes, so no interrupt goes to a half-set entry. */
	spin_lock_irqsave(&ioapic_lock, flags);
	ioapic_write(io->regs, IOAPIC_REDTBL(pin), isa_entry_low(vector, isa_flags[isa_irq]));
	ioapic_write(io->regs, IOAPIC_REDTBL(pin) + 1, (u32)dest_apic_id << RTE_DEST_SHIFT);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

void ioapic_mask_isa(unsigned int isa_irq, bool masked)
{
	struct ioapic *io;
	unsigned long flags;
	unsigned int pin;
	u32 low;

	if (isa_irq >= NR_ISA_IRQS || (isa_unwired & (1u << isa_irq)))
		return;
	io = ioapic_of_gsi(isa_gsi[isa_irq], &pin);
	if (!io)
		return;
	spin_lock_irqsave(&ioapic_lock, flags);
	low = ioapic_read(io->regs, IOAPIC_REDTBL(pin));
	low = masked ? low | RTE_MASKED : low & ~RTE_MASKED;
	ioapic_write(io->regs, IOAPIC_REDTBL(pin), low);
	spin_unlock_irqrestore(&ioapic_lock, flags);
}
