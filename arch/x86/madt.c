/*
 * The ACPI MADT ("APIC" table): which processors and I/O APICs the machine
 * has, and where the ISA interrupts arrive (ACPI 6.5, section 5.2.12).
 *
 * The table is a fixed header followed by variable-length entries, each
 * starting with a type byte and a length byte. Nothing in it is trusted:
 * every entry is checked to lie inside the table and to be long enough for
 * its type before a field of it is read, and a bad entry is reported with
 * its offset and skipped. This file only reads memory it is given, so the
 * host unit tests (tests/unit/test_madt.c) run it on crafted tables.
 */
#define pr_fmt(fmt) "madt: " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <modlab/acpi.h>
#include <modlab/smpconfig.h>

struct acpi_madt {
	struct acpi_table_header header;
	u32 lapic_address;	/* 36: the local APIC's registers, for every CPU */
	u32 flags;		/* 40 */
	/* 44: entries */
} __packed;

#define MADT_PCAT_COMPAT	(1u << 0)	/* the machine also has 8259 PICs */

enum {
	MADT_LOCAL_APIC = 0,
	MADT_IO_APIC = 1,
	MADT_INT_OVERRIDE = 2,
	MADT_LAPIC_OVERRIDE = 5,
};

struct madt_entry {
	u8 type;
	u8 length;		/* of the whole entry, these two bytes included */
} __packed;

struct madt_local_apic {
	struct madt_entry h;
	u8 processor_uid;
	u8 apic_id;
	u32 flags;
} __packed;

#define MADT_CPU_ENABLED	(1u << 0)
#define MADT_CPU_ONLINE_CAPABLE	(1u << 1)	/* disabled, but may be hot-added later */

struct madt_io_apic {
	struct madt_entry h;
	u8 id;
	u8 reserved;
	u32 address;
	u32 gsi_base;
} __packed;

struct madt_int_override {
	struct madt_entry h;
	u8 bus;			/* always 0: ISA */
	u8 source;		/* the ISA IRQ */
	u32 gsi;		/* where it arrives instead */
	u16 flags;		/* MPS INTI flags: IRQ_POLARITY_* | IRQ_TRIGGER_* */
} __packed;

struct madt_lapic_override {
	struct madt_entry h;
	u16 reserved;
	u64 address;		/* replaces the header's 32-bit lapic_address */
} __packed;

#define APIC_ID_BROADCAST	0xff	/* addresses every local APIC: no CPU has it */

/* What the walk remembers besides cfg. */
struct madt_state {
	struct smp_config *cfg;
	unsigned int cpus_ignored;	/* enabled, but beyond NR_CPUS */
	u16 overridden;			/* ISA IRQs that have had an override */
};

static void add_cpu(struct madt_state *st, u8 apic_id, u32 offset)
{
	struct smp_config *cfg = st->cfg;
	unsigned int i;

	if (apic_id == APIC_ID_BROADCAST) {
		pr_warn("entry at offset %#x: APIC ID 0xff is the broadcast ID; CPU skipped\n",
			offset);
		return;
	}
	for (i = 0; i < cfg->nr_cpus; i++) {
		if (cfg->apic_ids[i] == apic_id) {
			pr_warn("entry at offset %#x: APIC ID %u is listed twice; skipped\n", offset,
				apic_id);
			return;
		}
	}
	if (cfg->nr_cpus == NR_CPUS) {
		st->cpus_ignored++;
		return;
	}
	cfg->apic_ids[cfg->nr_cpus++] = apic_id;
}

static void parse_local_apic(struct madt_state *st, const void *entry, u32 offset)
{
	const struct madt_local_apic *e = entry;

	if (!(e->flags & MADT_CPU_ENABLED)) {
		/* Firmware lists CPU slots that are empty or switched off; an
		 * online-capable one could be hot-added, which we do not do. */
		pr_debug("CPU with APIC ID %u is disabled%s; not used\n", e->apic_id,
			 e->flags & MADT_CPU_ONLINE_CAPABLE ? " (online-capable)" : "");
		return;
	}
	add_cpu(st, e->apic_id, offset);
}

static void parse_io_apic(struct madt_state *st, const void *entry, u32 offset)
{
	const struct madt_io_apic *e = entry;
	struct smp_config *cfg = st->cfg;
	struct ioapic_config *io;
	unsigned int i;

	if (!e->address) {
		pr_warn("entry at offset %#x: I/O APIC %u has no address; skipped\n", offset,
			e->id);
		return;
	}
	for (i = 0; i < cfg->nr_ioapics; i++) {
		if (cfg->ioapics[i].id == e->id) {
			pr_warn("entry at offset %#x: I/O APIC ID %u is listed twice; skipped\n",
				offset, e->id);
			return;
		}
	}
	if (cfg->nr_ioapics == MAX_IOAPICS) {
		pr_warn("entry at offset %#x: more than %d I/O APICs; I/O APIC %u ignored\n",
			offset, MAX_IOAPICS, e->id);
		return;
	}
	io = &cfg->ioapics[cfg->nr_ioapics++];
	io->id = e->id;
	io->phys = e->address;
	io->gsi_base = e->gsi_base;
}

static void parse_int_override(struct madt_state *st, const void *entry, u32 offset)
{
	const struct madt_int_override *e = entry;
	struct smp_config *cfg = st->cfg;

	if (e->bus != 0) {
		pr_warn("entry at offset %#x: interrupt override for bus %u, not ISA; skipped\n",
			offset, e->bus);
		return;
	}
	if (e->source >= NR_ISA_IRQS) {
		pr_warn("entry at offset %#x: interrupt override for ISA IRQ %u (> 15); skipped\n",
			offset, e->source);
		return;
	}
	if (st->overridden & (1u << e->source)) {
		pr_warn("entry at offset %#x: second override for ISA IRQ %u; skipped\n", offset,
			e->source);
		return;
	}
	st->overridden |= 1u << e->source;
	cfg->isa_gsi[e->source] = e->gsi;
	cfg->isa_flags[e->source] = e->flags & (IRQ_POLARITY_MASK | IRQ_TRIGGER_MASK);
}

static void parse_lapic_override(struct madt_state *st, const void *entry, u32 offset)
{
	const struct madt_lapic_override *e = entry;

	if (e->address >> 32) {
		pr_warn("entry at offset %#x: local APIC address %#llx is above 4 GiB; "
			"keeping %#x\n", offset, (unsigned long long)e->address,
			st->cfg->lapic_phys);
		return;
	}
	st->cfg->lapic_phys = (u32)e->address;
}

/* The entry types we read; the others (NMI sources, x2APIC, GIC...) are skipped. */
static const struct madt_entry_type {
	u8 type;
	u8 min_length;
	const char *name;
	void (*parse)(struct madt_state *st, const void *entry, u32 offset);
} madt_entry_types[] = {
	{ MADT_LOCAL_APIC, sizeof(struct madt_local_apic), "local APIC", parse_local_apic },
	{ MADT_IO_APIC, sizeof(struct madt_io_apic), "I/O APIC", parse_io_apic },
	{ MADT_INT_OVERRIDE, sizeof(struct madt_int_override), "interrupt override",
	  parse_int_override },
	{ MADT_LAPIC_OVERRIDE, sizeof(struct madt_lapic_override), "local APIC address override",
	  parse_lapic_override },
};

static const struct madt_entry_type *find_entry_type(u8 type)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(madt_entry_types); i++)
		if (madt_entry_types[i].type == type)
			return &madt_entry_types[i];
	return NULL;
}

/*
 * Parse the MADT at madt, of which length bytes may be read. Fills cfg
 * (source "ACPI MADT"). Returns 0; -EINVAL if the table is too short for
 * its header or is not a MADT; -ENODEV if it lists no usable processor.
 * Reads only the given memory; may be called in any context.
 */
int madt_parse(const void *madt, u32 length, struct smp_config *cfg)
{
	const struct acpi_madt *m = madt;
	const u8 *table = madt;
	struct madt_state st = { .cfg = cfg };
	u32 offset;

	smp_config_init(cfg, "ACPI MADT");
	if (length < sizeof(*m)) {
		pr_warn("table of %u bytes is too short for its %u-byte header\n", length,
			(u32)sizeof(*m));
		return -EINVAL;
	}
	if (memcmp(m->header.signature, "APIC", 4)) {
		pr_warn("signature is '%.4s', not 'APIC'\n", m->header.signature);
		return -EINVAL;
	}
	/* Read no further than both the caller and the table's own length say. */
	if (m->header.length < sizeof(*m)) {
		pr_warn("header gives a length of %u, too short for the header\n",
			m->header.length);
		return -EINVAL;
	}
	if (m->header.length > length)
		pr_warn("header gives a length of %u but only %u bytes are there; reading those\n",
			m->header.length, length);
	else
		length = m->header.length;

	if (m->lapic_address)
		cfg->lapic_phys = m->lapic_address;
	cfg->has_8259 = m->flags & MADT_PCAT_COMPAT;

	for (offset = sizeof(*m); offset < length;) {
		const struct madt_entry *e = (const void *)(table + offset);
		const struct madt_entry_type *t;

		/* An entry shorter than its own two-byte header gives no way
		 * to find the next one (length 0 would loop here forever). */
		if (length - offset < sizeof(*e)) {
			pr_warn("entry at offset %#x: cut off by the end of the table\n", offset);
			break;
		}
		if (e->length < sizeof(*e)) {
			pr_warn("entry at offset %#x: length %u is too short; rest of table ignored\n",
				offset, e->length);
			break;
		}
		if (e->length > length - offset) {
			pr_warn("entry at offset %#x: length %u runs past the end of the table "
				"(%u bytes); ignored\n", offset, e->length, length);
			break;
		}
		t = find_entry_type(e->type);
		if (t && e->length < t->min_length)
			pr_warn("entry at offset %#x: %s entry of %u bytes, needs %u; skipped\n",
				offset, t->name, e->length, t->min_length);
		else if (t)
			t->parse(&st, e, offset);
		offset += e->length;
	}

	if (st.cpus_ignored)
		pr_warn("%u more enabled CPUs than NR_CPUS (%d); ignored\n", st.cpus_ignored,
			NR_CPUS);
	if (!cfg->nr_cpus) {
		pr_warn("no usable processor listed\n");
		return -ENODEV;
	}
	return 0;
}
