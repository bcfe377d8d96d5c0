/*
 * The I/O APIC: takes device interrupt lines (global system interrupts,
 * GSIs) and sends each to a local APIC as a vector, as its redirection
 * table entry says. The ISA IRQs are reached through the firmware's
 * routing (struct smp_config: isa_gsi, isa_flags).
 */
#ifndef _MODLAB_IOAPIC_H
#define _MODLAB_IOAPIC_H

#include <linux/types.h>
#include <modlab/smpconfig.h>

/*
 * Map each I/O APIC that cfg lists, read how many redirection entries it
 * has, and mask every entry; remember cfg's ISA routing. Returns 0, or
 * -ENODEV when there is no I/O APIC. Boot CPU, once, before the calls below.
 */
int ioapic_init(const struct smp_config *cfg);

/*
 * Send ISA IRQ isa_irq to vector on the CPU whose local APIC ID is
 * dest_apic_id (fixed delivery, physical destination), with the
 * polarity and trigger the firmware gave (ISA: edge, active high). The
 * entry is left masked: unmask it with ioapic_mask_isa. Returns 0,
 * -EINVAL for a bad IRQ or a vector below 16, -ENODEV when no I/O APIC
 * serves the IRQ's GSI or another IRQ's override took it (IRQ 2 when the
 * timer's IRQ 0 arrives on GSI 2). Any context; does not sleep.
 */
int ioapic_route_isa(unsigned int isa_irq, u8 vector, u8 dest_apic_id);

/* Mask (true) or unmask (false) ISA IRQ isa_irq's entry; does nothing for
 * an IRQ no I/O APIC serves. Any context; does not sleep. */
void ioapic_mask_isa(unsigned int isa_irq, bool masked);

/* The number of redirection entries of the I/O APIC at phys, from its
 * version register; 0 if nothing answers there. Any context. */
unsigned int ioapic_read_nr_entries(u32 phys);

#endif
