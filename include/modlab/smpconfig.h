/*
 * The machine's processors and interrupt controllers, as the firmware
 * describes them (ACPI MADT, or the Intel MP tables on older machines).
 */
#ifndef _MODLAB_SMPCONFIG_H
#define _MODLAB_SMPCONFIG_H

#include <linux/types.h>

#define NR_CPUS		16	/* most CPUs the kernel will run on */
#define MAX_IOAPICS	4
#define NR_ISA_IRQS	16
#define SMP_DEFAULT_LAPIC_PHYS	0xfee00000	/* where every local APIC starts out */

/* Polarity and trigger of an interrupt line (MPS INTI flags / ACPI MADT flags). */
#define IRQ_POLARITY_MASK	0x3
#define IRQ_POLARITY_BUS	0x0	/* as the bus says: ISA is active high */
#define IRQ_POLARITY_HIGH	0x1
#define IRQ_POLARITY_LOW	0x3
#define IRQ_TRIGGER_MASK	0xc
#define IRQ_TRIGGER_BUS		0x0	/* as the bus says: ISA is edge triggered */
#define IRQ_TRIGGER_EDGE	0x4
#define IRQ_TRIGGER_LEVEL	0xc

struct ioapic_config {
	u8 id;
	u32 phys;		/* register base */
	u32 gsi_base;		/* first global system interrupt it serves */
};

struct smp_config {
	const char *source;	/* "ACPI MADT", "MP table" or "none" */
	u32 lapic_phys;		/* local APIC register base */
	unsigned int nr_cpus;	/* usable processors found */
	u8 apic_ids[NR_CPUS];	/* their local APIC IDs, in table order */
	unsigned int nr_ioapics;
	struct ioapic_config ioapics[MAX_IOAPICS];
	/* Where each ISA IRQ arrives: its GSI and flags, after the firmware's
	 * interrupt source overrides (identity, flags 0, when none). */
	u32 isa_gsi[NR_ISA_IRQS];
	u16 isa_flags[NR_ISA_IRQS];
	bool has_8259;		/* legacy PICs present (to be masked) */
};

/*
 * Fill cfg from the ACPI MADT, else the MP tables, else a one-CPU default
 * without I/O APIC (source "none"). Never fails; what was malformed and
 * skipped is reported with printk.
 */
void smp_find_config(struct smp_config *cfg);

/* The parsers, separate so they can be tested on crafted tables. Each
 * returns 0, or a negative errno when the table as a whole is unusable
 * (then cfg holds no CPUs from it). */
int madt_parse(const void *madt, u32 length, struct smp_config *cfg);
int mp_parse(const void *mpc, u32 length, struct smp_config *cfg);

/*
 * The MP tables give no GSI numbers: mp_parse numbers I/O APIC k's inputs
 * from 24 * k, as if every chip had 24 redirection entries. Given each
 * chip's real count (nr_entries[k], read from its version register; 0 for
 * unknown, kept at 24), this renumbers gsi_base and the ISA GSIs to match.
 */
void mp_fix_gsi_bases(struct smp_config *cfg, const unsigned int *nr_entries);

/*
 * Look for a valid MP floating pointer structure ("_MP_", checksum) on the
 * 16-byte boundaries of a mapped area of low memory. Returns the physical
 * address of the MP configuration table it points to, or 0 (when it names
 * one of the specification's default configurations, that is reported).
 */
u32 mp_scan_config(const void *area, u32 len);

/* What a parser starts from: nothing found, the local APIC where it starts
 * out, each ISA IRQ on its own GSI with the bus's polarity and trigger. */
static inline void smp_config_init(struct smp_config *cfg, const char *source)
{
	unsigned int i;

	*cfg = (struct smp_config){ .source = source, .lapic_phys = SMP_DEFAULT_LAPIC_PHYS };
	for (i = 0; i < NR_ISA_IRQS; i++)
		cfg->isa_gsi[i] = i;
}

#endif
