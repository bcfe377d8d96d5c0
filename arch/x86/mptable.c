/*
 * The Intel MultiProcessor Specification (1.4) tables: how machines from
 * before ACPI (and QEMU without ACPI) describe their processors, buses,
 * I/O APICs and interrupt wiring.
 *
 * The BIOS leaves a 16-byte "MP floating pointer structure" ("_MP_") on a
 * 16-byte boundary in low memory; it points to the MP configuration table
 * ("PCMP"): a header and the base table's entries, each of a fixed size
 * set by its type (MPS 1.4, chapter 4). The table is checked as a whole
 * (signature, length, checksum) and entry by entry (inside the table, a
 * known type) before it is believed.
 *
 * Unlike the MADT, an MP table gives no global system interrupt (GSI)
 * numbers: an interrupt is named by I/O APIC ID and input pin (INTIN).
 * We number the I/O APICs' inputs one after another in table order, as
 * ACPI would: see mp_fix_gsi_bases.
 *
 * This file only reads memory it is given, so the host unit tests
 * (tests/unit/test_mptable.c) run it on crafted tables.
 */
#define pr_fmt(fmt) "mptable: " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <modlab/smpconfig.h>

struct mpf_intel {
	char signature[4];	/* "_MP_" */
	u32 physptr;		/* the MP configuration table; 0 if none */
	u8 length;		/* in 16-byte units: 1 */
	u8 spec_rev;		/* 1 (MPS 1.1) or 4 (MPS 1.4) */
	u8 checksum;		/* makes all the bytes sum to 0 */
	u8 feature1;		/* 0: a table is present; else a default configuration */
	u8 feature2;		/* bit 7: an IMCR is present (the machine boots in PIC mode) */
	u8 reserved[3];
} __packed;

struct mpc_table {
	char signature[4];	/* "PCMP" */
	u16 length;		/* of the base table, this header included */
	u8 spec_rev;
	u8 checksum;		/* over the base table */
	char oem_id[8];
	char product_id[12];
	u32 oem_table_ptr;
	u16 oem_table_size;
	u16 entry_count;	/* of the base table */
	u32 lapic_address;
	u16 ext_table_length;	/* extended entries follow the base table; unused here */
	u8 ext_table_checksum;
	u8 reserved;
} __packed;

enum {
	MP_PROCESSOR = 0,
	MP_BUS = 1,
	MP_IOAPIC = 2,
	MP_INTSRC = 3,		/* an I/O APIC input */
	MP_LINTSRC = 4,		/* a local APIC input (LINT0/1) */
};

struct mpc_cpu {
	u8 type;
	u8 apic_id;
	u8 apic_version;
	u8 flags;
	u32 cpu_signature;
	u32 feature_flags;
	u32 reserved[2];
} __packed;

#define MPC_CPU_ENABLED		(1u << 0)
#define MPC_CPU_BOOT		(1u << 1)	/* the CPU the BIOS booted on */

struct mpc_bus {
	u8 type;
	u8 bus_id;
	char bus_type[6];	/* "ISA   ", "PCI   "...: padded with blanks */
} __packed;

struct mpc_ioapic {
	u8 type;
	u8 apic_id;
	u8 apic_version;
	u8 flags;
	u32 address;
} __packed;

#define MPC_APIC_USABLE		(1u << 0)

/* Both kinds of interrupt assignment entry (MP_INTSRC, MP_LINTSRC). */
struct mpc_intsrc {
	u8 type;
	u8 irq_type;		/* MP_INT, or NMI, SMI, ExtINT */
	u16 irq_flags;		/* MPS INTI flags: IRQ_POLARITY_* | IRQ_TRIGGER_* */
	u8 src_bus_id;
	u8 src_bus_irq;
	u8 dst_apic_id;		/* 0xff: every I/O APIC (or local APIC) */
	u8 dst_pin;		/* INTIN (or LINTIN) */
} __packed;

#define MP_INT			0	/* a vectored interrupt, through the APIC */
#define MP_APIC_ALL		0xff
#define APIC_ID_BROADCAST	0xff	/* addresses every local APIC: no CPU has it */
#define MP_ASSUMED_ENTRIES	24	/* redirection entries per I/O APIC, until read */

/* What the walk remembers besides cfg. */
struct mp_state {
	struct smp_config *cfg;
	unsigned int cpus_ignored;	/* enabled, but beyond NR_CPUS */
	u8 isa_bus[256 / 8];		/* bitmap: which bus IDs are ISA buses */
	u16 assigned;			/* ISA IRQs that have had an assignment */
};

static u8 checksum(const void *p, u32 len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

static void parse_cpu(struct mp_state *st, const void *entry, u32 offset)
{
	const struct mpc_cpu *e = entry;
	struct smp_config *cfg = st->cfg;
	unsigned int i;

	if (!(e->flags & MPC_CPU_ENABLED)) {
		pr_debug("CPU with APIC ID %u is disabled; not used\n", e->apic_id);
		return;
	}
	if (e->apic_id == APIC_ID_BROADCAST) {
		pr_warn("entry at offset %#x: APIC ID 0xff is the broadcast ID; CPU skipped\n",
			offset);
		return;
	}
	for (i = 0; i < cfg->nr_cpus; i++) {
		if (cfg->apic_ids[i] == e->apic_id) {
			pr_warn("entry at offset %#x: APIC ID %u is listed twice; skipped\n", offset,
				e->apic_id);
			return;
		}
	}
	if (cfg->nr_cpus == NR_CPUS) {
		st->cpus_ignored++;
		return;
	}
	cfg->apic_ids[cfg->nr_cpus++] = e->apic_id;
}

/* "ISA" padded with blanks (or, from careless firmware, NULs). */
static bool is_isa_bus(const char *bus_type)
{
	unsigned int i;

	if (memcmp(bus_type, "ISA", 3))
		return false;
	for (i = 3; i < 6; i++)
		if (bus_type[i] != ' ' && bus_type[i] != '\0')
			return false;
	return true;
}

static void parse_bus(struct mp_state *st, const void *entry, u32 offset)
{
	const struct mpc_bus *e = entry;

	if (is_isa_bus(e->bus_type))
		st->isa_bus[e->bus_id / 8] |= 1u << (e->bus_id % 8);
}

static void parse_ioapic(struct mp_state *st, const void *entry, u32 offset)
{
	const struct mpc_ioapic *e = entry;
	struct smp_config *cfg = st->cfg;
	struct ioapic_config *io;
	unsigned int i;

	if (!(e->flags & MPC_APIC_USABLE)) {
		pr_debug("I/O APIC %u is marked unusable; not used\n", e->apic_id);
		return;
	}
	if (!e->address) {
		pr_warn("entry at offset %#x: I/O APIC %u has no address; skipped\n", offset,
			e->apic_id);
		return;
	}
	for (i = 0; i < cfg->nr_ioapics; i++) {
		if (cfg->ioapics[i].id == e->apic_id) {
			pr_warn("entry at offset %#x: I/O APIC ID %u is listed twice; skipped\n",
				offset, e->apic_id);
			return;
		}
	}
	if (cfg->nr_ioapics == MAX_IOAPICS) {
		pr_warn("entry at offset %#x: more than %d I/O APICs; I/O APIC %u ignored\n",
			offset, MAX_IOAPICS, e->apic_id);
		return;
	}
	io = &cfg->ioapics[cfg->nr_ioapics];
	io->id = e->apic_id;
	io->phys = e->address;
	io->gsi_base = cfg->nr_ioapics * MP_ASSUMED_ENTRIES;	/* until mp_fix_gsi_bases */
	cfg->nr_ioapics++;
}

static const struct ioapic_config *find_ioapic(const struct smp_config *cfg, u8 apic_id)
{
	unsigned int i;

	if (apic_id == MP_APIC_ALL)
		return cfg->nr_ioapics ? &cfg->ioapics[0] : NULL;
	for (i = 0; i < cfg->nr_ioapics; i++)
		if (cfg->ioapics[i].id == apic_id)
			return &cfg->ioapics[i];
	return NULL;
}

/*
 * Only vectored interrupts from an ISA bus matter here: they say where
 * each ISA IRQ reaches an I/O APIC. PCI interrupts, NMI, SMI and the
 * ExtINT pin (the 8259s' output) are left to whoever needs them.
 */
static void parse_intsrc(struct mp_state *st, const void *entry, u32 offset)
{
	const struct mpc_intsrc *e = entry;
	struct smp_config *cfg = st->cfg;
	const struct ioapic_config *io;

	if (e->irq_type != MP_INT || !(st->isa_bus[e->src_bus_id / 8] & (1u << (e->src_bus_id % 8))))
		return;
	if (e->src_bus_irq >= NR_ISA_IRQS) {
		pr_warn("entry at offset %#x: assignment for ISA IRQ %u (> 15); skipped\n", offset,
			e->src_bus_irq);
		return;
	}
	io = find_ioapic(cfg, e->dst_apic_id);
	if (!io) {
		pr_warn("entry at offset %#x: ISA IRQ %u goes to unknown I/O APIC %u; skipped\n",
			offset, e->src_bus_irq, e->dst_apic_id);
		return;
	}
	/* ISA lines sit on the first inputs of every real chipset; a higher
	 * pin could not be numbered before the chip's size is known. */
	if (e->dst_pin >= MP_ASSUMED_ENTRIES) {
		pr_warn("entry at offset %#x: ISA IRQ %u on INTIN %u, beyond %d; skipped\n", offset,
			e->src_bus_irq, e->dst_pin, MP_ASSUMED_ENTRIES);
		return;
	}
	if (st->assigned & (1u << e->src_bus_irq)) {
		pr_warn("entry at offset %#x: second assignment for ISA IRQ %u; skipped\n", offset,
			e->src_bus_irq);
		return;
	}
	st->assigned |= 1u << e->src_bus_irq;
	cfg->isa_gsi[e->src_bus_irq] = io->gsi_base + e->dst_pin;
	cfg->isa_flags[e->src_bus_irq] = e->irq_flags & (IRQ_POLARITY_MASK | IRQ_TRIGGER_MASK);
}

/*
 * Each type's size and the pass that reads it: interrupt assignments name
 * buses and I/O APICs, so they are read in a second pass, after all of
 * those, whatever order the firmware listed them in.
 */
static const struct mpc_entry_type {
	u8 size;
	u8 pass;		/* 0: checked only */
	const char *name;
	void (*parse)(struct mp_state *st, const void *entry, u32 offset);
} mpc_entry_types[] = {
	[MP_PROCESSOR] = { sizeof(struct mpc_cpu), 1, "processor", parse_cpu },
	[MP_BUS] = { sizeof(struct mpc_bus), 1, "bus", parse_bus },
	[MP_IOAPIC] = { sizeof(struct mpc_ioapic), 1, "I/O APIC", parse_ioapic },
	[MP_INTSRC] = { sizeof(struct mpc_intsrc), 2, "I/O interrupt", parse_intsrc },
	[MP_LINTSRC] = { sizeof(struct mpc_intsrc), 0, "local interrupt", NULL },
};

/* Run one pass over the entries; problems with the table's shape are
 * reported in the first. An unknown type has an unknown size, so the
 * entries after it cannot be found. */
static void walk_entries(struct mp_state *st, const u8 *table, u32 length, unsigned int count,
			 unsigned int pass)
{
	u32 offset = sizeof(struct mpc_table);
	unsigned int i;

	for (i = 0; i < count; i++) {
		const struct mpc_entry_type *t = NULL;

		if (offset >= length) {
			if (pass == 1)
				pr_warn("table ends after %u of its %u entries\n", i, count);
			return;
		}
		if (table[offset] < ARRAY_SIZE(mpc_entry_types))
			t = &mpc_entry_types[table[offset]];
		if (!t) {
			if (pass == 1)
				pr_warn("entry at offset %#x: unknown type %u; rest of table ignored\n",
					offset, table[offset]);
			return;
		}
		if (t->size > length - offset) {
			if (pass == 1)
				pr_warn("entry at offset %#x: %s entry runs past the end of the "
					"table (%u bytes); ignored\n", offset, t->name, length);
			return;
		}
		if (t->pass == pass)
			t->parse(st, table + offset, offset);
		offset += t->size;
	}
}

/*
 * Parse the MP configuration table at mpc, of which length bytes may be
 * read. Fills cfg (source "MP table"; I/O APIC GSI bases assume 24 inputs
 * each until mp_fix_gsi_bases). Returns 0; -EINVAL if the header is cut
 * off, or the signature, length or checksum is wrong; -ENODEV if it lists
 * no usable processor. Reads only the given memory; any context.
 */
int mp_parse(const void *mpc, u32 length, struct smp_config *cfg)
{
	const struct mpc_table *t = mpc;
	struct mp_state st = { .cfg = cfg };

	smp_config_init(cfg, "MP table");
	if (length < sizeof(*t)) {
		pr_warn("table of %u bytes is too short for its %u-byte header\n", length,
			(u32)sizeof(*t));
		return -EINVAL;
	}
	if (memcmp(t->signature, "PCMP", 4)) {
		pr_warn("signature is '%.4s', not 'PCMP'\n", t->signature);
		return -EINVAL;
	}
	if (t->length < sizeof(*t) || t->length > length) {
		pr_warn("header gives a length of %u but %u bytes are there; table ignored\n",
			t->length, length);
		return -EINVAL;
	}
	if (checksum(t, t->length)) {
		pr_warn("bad checksum; table ignored\n");
		return -EINVAL;
	}

	if (t->lapic_address)
		cfg->lapic_phys = t->lapic_address;
	/* An MP machine is PC-compatible: the 8259s are there, in PIC or
	 * virtual-wire mode, and must be masked when the I/O APIC takes over. */
	cfg->has_8259 = true;

	walk_entries(&st, mpc, t->length, t->entry_count, 1);
	walk_entries(&st, mpc, t->length, t->entry_count, 2);

	if (st.cpus_ignored)
		pr_warn("%u more enabled CPUs than NR_CPUS (%d); ignored\n", st.cpus_ignored,
			NR_CPUS);
	if (!cfg->nr_cpus) {
		pr_warn("no usable processor listed\n");
		return -ENODEV;
	}
	return 0;
}

void mp_fix_gsi_bases(struct smp_config *cfg, const unsigned int *nr_entries)
{
	u32 old_gsi[NR_ISA_IRQS];
	u32 base = 0;
	unsigned int k, irq;

	memcpy(old_gsi, cfg->isa_gsi, sizeof(old_gsi));
	for (k = 0; k < cfg->nr_ioapics; k++) {
		struct ioapic_config *io = &cfg->ioapics[k];
		unsigned int n = nr_entries[k] ? nr_entries[k] : MP_ASSUMED_ENTRIES;

		for (irq = 0; irq < NR_ISA_IRQS; irq++) {
			u32 pin = old_gsi[irq] - io->gsi_base;

			if (old_gsi[irq] < io->gsi_base || pin >= MP_ASSUMED_ENTRIES)
				continue;
			if (pin >= n)
				pr_warn("ISA IRQ %u is on INTIN %u of I/O APIC %u, which has %u inputs\n",
					irq, pin, io->id, n);
			cfg->isa_gsi[irq] = base + pin;
		}
		io->gsi_base = base;
		base += n;
	}
}

u32 mp_scan_config(const void *area, u32 len)
{
	const u8 *start = area;
	u32 offset;

	for (offset = 0; offset + sizeof(struct mpf_intel) <= len; offset += 16) {
		const struct mpf_intel *mpf = (const void *)(start + offset);

		if (memcmp(mpf->signature, "_MP_", 4))
			continue;
		if (!mpf->length || mpf->length * 16u > len - offset ||
		    checksum(mpf, mpf->length * 16u)) {
			pr_warn("floating pointer at %p: bad length or checksum; ignored\n", mpf);
			continue;
		}
		if (mpf->feature1) {
			pr_warn("default configuration %u (no table) is not supported\n",
				mpf->feature1);
			return 0;
		}
		if (!mpf->physptr) {
			pr_warn("floating pointer at %p names no table\n", mpf);
			return 0;
		}
		return mpf->physptr;
	}
	return 0;
}
