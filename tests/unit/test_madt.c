/*
 * The ACPI MADT parser (arch/x86/madt.c) on crafted tables: a good one
 * like QEMU's, and tables with each kind of damage it must survive.
 *
 * Each table is copied into a heap block of exactly its length before it
 * is parsed, so AddressSanitizer reports any read past its end.
 */
#define UNIT_MAIN
#include "unit.h"
#include <stdlib.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <modlab/smpconfig.h>
#include "printk_host.h"

#define MADT_HEADER_SIZE	44
#define ENABLED			1
#define ONLINE_CAPABLE		2
#define LEVEL_LOW		(IRQ_POLARITY_LOW | IRQ_TRIGGER_LEVEL)

struct table {
	u8 b[2048];
	u32 len;
};

static void put(struct table *t, const void *p, u32 n)
{
	memcpy(t->b + t->len, p, n);
	t->len += n;
}

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

/* A MADT header: local APIC at 0xfee00000, PCAT_COMPAT set. */
static void madt_begin(struct table *t)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->b, "APIC", 4);
	t->b[8] = 3;				/* revision */
	memcpy(t->b + 10, "MODLAB", 6);		/* OEM ID */
	put32(t->b + 36, 0xfee00000);
	put32(t->b + 40, 1);
	t->len = MADT_HEADER_SIZE;
}

/* Set the header's length to what was built. */
static void madt_end(struct table *t)
{
	put32(t->b + 4, t->len);
}

static void add_cpu(struct table *t, u8 uid, u8 apic_id, u32 flags)
{
	u8 e[8] = { 0, 8, uid, apic_id };

	put32(e + 4, flags);
	put(t, e, sizeof(e));
}

static void add_ioapic(struct table *t, u8 id, u32 addr, u32 gsi_base)
{
	u8 e[12] = { 1, 12, id, 0 };

	put32(e + 4, addr);
	put32(e + 8, gsi_base);
	put(t, e, sizeof(e));
}

static void add_override(struct table *t, u8 bus, u8 source, u32 gsi, u16 flags)
{
	u8 e[10] = { 2, 10, bus, source };

	put32(e + 4, gsi);
	memcpy(e + 8, &flags, 2);
	put(t, e, sizeof(e));
}

/* Local APIC NMI on LINT1 for all processors: a type the parser skips. */
static void add_lapic_nmi(struct table *t)
{
	u8 e[6] = { 4, 6, 0xff, 0, 0, 1 };

	put(t, e, sizeof(e));
}

static void add_lapic_override(struct table *t, u64 addr)
{
	u8 e[12] = { 5, 12 };

	memcpy(e + 4, &addr, 8);
	put(t, e, sizeof(e));
}

/* Parse the first len bytes of t from a block of exactly that size. */
static int parse_len(const struct table *t, u32 len, struct smp_config *cfg)
{
	void *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, t->b, len);
	host_printk_clear();
	ret = madt_parse(copy, len, cfg);
	free(copy);
	return ret;
}

static int parse(const struct table *t, struct smp_config *cfg)
{
	return parse_len(t, t->len, cfg);
}

/* QEMU's MADT for -smp 4, with IRQ 9 made level/active-low. */
static void build_qemu_like(struct table *t)
{
	madt_begin(t);
	add_cpu(t, 0, 0, ENABLED);
	add_cpu(t, 1, 1, ENABLED);
	add_cpu(t, 2, 2, ENABLED);
	add_cpu(t, 3, 3, ENABLED);
	add_ioapic(t, 0, 0xfec00000, 0);
	add_override(t, 0, 0, 2, 0);
	add_override(t, 0, 9, 9, LEVEL_LOW);
	add_lapic_nmi(t);
	madt_end(t);
}

TEST(qemu_like_madt_gives_cpus_ioapic_and_isa_overrides)
{
	struct table t;
	struct smp_config cfg;

	build_qemu_like(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_STREQ(cfg.source, "ACPI MADT");
	EXPECT_EQ_UINT(cfg.lapic_phys, 0xfee00000);
	EXPECT_TRUE(cfg.has_8259);
	EXPECT_EQ_UINT(cfg.nr_cpus, 4);
	for (unsigned int i = 0; i < 4; i++)
		EXPECT_EQ_UINT(cfg.apic_ids[i], i);
	EXPECT_EQ_UINT(cfg.nr_ioapics, 1);
	EXPECT_EQ_UINT(cfg.ioapics[0].id, 0);
	EXPECT_EQ_UINT(cfg.ioapics[0].phys, 0xfec00000);
	EXPECT_EQ_UINT(cfg.ioapics[0].gsi_base, 0);
	EXPECT_EQ_UINT(cfg.isa_gsi[0], 2);
	EXPECT_EQ_UINT(cfg.isa_flags[0], 0);
	EXPECT_EQ_UINT(cfg.isa_gsi[9], 9);
	EXPECT_EQ_UINT(cfg.isa_flags[9], LEVEL_LOW);
	EXPECT_EQ_UINT(host_printk_warnings, 0);
}

TEST(isa_irqs_without_override_stay_on_their_own_gsi_with_bus_flags)
{
	struct table t;
	struct smp_config cfg;

	build_qemu_like(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	for (unsigned int i = 1; i < NR_ISA_IRQS; i++) {
		if (i == 9)
			continue;
		EXPECT_EQ_UINT(cfg.isa_gsi[i], i);
		EXPECT_EQ_UINT(cfg.isa_flags[i], 0);
	}
}

TEST(without_pcat_compat_there_are_no_8259s)
{
	struct table t;
	struct smp_config cfg;

	build_qemu_like(&t);
	put32(t.b + 40, 0);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_TRUE(!cfg.has_8259);
}

TEST(disabled_cpus_are_not_used_even_if_online_capable)
{
	struct table t;
	struct smp_config cfg;

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	add_cpu(&t, 1, 1, 0);
	add_cpu(&t, 2, 2, ENABLED);
	add_cpu(&t, 3, 3, ONLINE_CAPABLE);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 2);
	EXPECT_EQ_UINT(cfg.apic_ids[0], 0);
	EXPECT_EQ_UINT(cfg.apic_ids[1], 2);
	EXPECT_EQ_UINT(host_printk_warnings, 0);
}

TEST(entry_running_past_the_table_end_is_reported_and_ignored)
{
	struct table t;
	struct smp_config cfg;
	u8 long_entry[4] = { 1, 12, 7, 0 };	/* an I/O APIC entry of 12 bytes... */

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	add_cpu(&t, 1, 1, ENABLED);
	put(&t, long_entry, sizeof(long_entry));	/* ...of which 4 are there */
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 2);
	EXPECT_EQ_UINT(cfg.nr_ioapics, 0);
	EXPECT_TRUE(host_printk_saw("offset 0x3c"));
	EXPECT_TRUE(host_printk_saw("runs past the end"));
}

TEST(entry_of_length_zero_ends_the_walk_instead_of_looping)
{
	struct table t;
	struct smp_config cfg;
	u8 bad[2] = { 0, 0 };

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	put(&t, bad, sizeof(bad));
	add_cpu(&t, 1, 1, ENABLED);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 1);
	EXPECT_TRUE(host_printk_saw("offset 0x34: length 0 is too short"));
}

TEST(entry_of_length_one_ends_the_walk_instead_of_looping)
{
	struct table t;
	struct smp_config cfg;
	u8 bad[2] = { 0, 1 };

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	put(&t, bad, sizeof(bad));
	add_cpu(&t, 1, 1, ENABLED);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 1);
	EXPECT_TRUE(host_printk_saw("length 1 is too short"));
}

TEST(single_byte_left_after_the_last_entry_is_reported)
{
	struct table t;
	struct smp_config cfg;
	u8 stray = 0;

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	put(&t, &stray, 1);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 1);
	EXPECT_TRUE(host_printk_saw("offset 0x34: cut off"));
}

TEST(known_entry_shorter_than_its_type_needs_is_skipped)
{
	struct table t;
	struct smp_config cfg;
	u8 short_ioapic[8] = { 1, 8, 5, 0, 0, 0, 0xc0, 0xfe };

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	put(&t, short_ioapic, sizeof(short_ioapic));
	add_ioapic(&t, 1, 0xfec01000, 0);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_ioapics, 1);
	EXPECT_EQ_UINT(cfg.ioapics[0].id, 1);
	EXPECT_TRUE(host_printk_saw("offset 0x34: I/O APIC entry of 8 bytes, needs 12"));
}

TEST(table_too_short_for_its_header_is_rejected)
{
	struct table t;
	struct smp_config cfg;

	build_qemu_like(&t);
	EXPECT_EQ_INT(parse_len(&t, MADT_HEADER_SIZE - 1, &cfg), -EINVAL);
	EXPECT_EQ_UINT(cfg.nr_cpus, 0);
	EXPECT_EQ_INT(parse_len(&t, 0, &cfg), -EINVAL);
	EXPECT_EQ_UINT(cfg.nr_cpus, 0);
	EXPECT_TRUE(host_printk_saw("too short"));
}

TEST(header_length_below_header_size_is_rejected)
{
	struct table t;
	struct smp_config cfg;

	build_qemu_like(&t);
	put32(t.b + 4, 20);
	EXPECT_EQ_INT(parse(&t, &cfg), -EINVAL);
	EXPECT_EQ_UINT(cfg.nr_cpus, 0);
}

TEST(table_with_another_signature_is_rejected)
{
	struct table t;
	struct smp_config cfg;

	build_qemu_like(&t);
	memcpy(t.b, "FACP", 4);
	EXPECT_EQ_INT(parse(&t, &cfg), -EINVAL);
	EXPECT_EQ_UINT(cfg.nr_cpus, 0);
}

TEST(entries_past_the_headers_length_are_not_read)
{
	struct table t;
	struct smp_config cfg;

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	madt_end(&t);
	add_cpu(&t, 1, 1, ENABLED);	/* after the table's end */
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 1);
}

TEST(header_length_beyond_the_given_bytes_reads_only_those)
{
	struct table t;
	struct smp_config cfg;

	build_qemu_like(&t);
	put32(t.b + 4, t.len + 100);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 4);
	EXPECT_TRUE(host_printk_saw("only"));
}

TEST(cpus_beyond_nr_cpus_are_reported_as_ignored)
{
	struct table t;
	struct smp_config cfg;

	madt_begin(&t);
	for (unsigned int i = 0; i < NR_CPUS + 4; i++)
		add_cpu(&t, (u8)i, (u8)i, ENABLED);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, NR_CPUS);
	EXPECT_EQ_UINT(cfg.apic_ids[NR_CPUS - 1], NR_CPUS - 1);
	EXPECT_TRUE(host_printk_saw("4 more enabled CPUs than NR_CPUS (16); ignored"));
}

TEST(duplicate_apic_id_is_reported_and_skipped)
{
	struct table t;
	struct smp_config cfg;

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	add_cpu(&t, 1, 1, ENABLED);
	add_cpu(&t, 2, 1, ENABLED);
	add_cpu(&t, 3, 2, ENABLED);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 3);
	EXPECT_EQ_UINT(cfg.apic_ids[2], 2);
	EXPECT_TRUE(host_printk_saw("offset 0x3c: APIC ID 1 is listed twice"));
}

TEST(broadcast_apic_id_is_not_a_cpu)
{
	struct table t;
	struct smp_config cfg;

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	add_cpu(&t, 1, 0xff, ENABLED);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 1);
	EXPECT_TRUE(host_printk_saw("broadcast"));
}

TEST(override_for_isa_source_20_is_reported_and_skipped)
{
	struct table t;
	struct smp_config cfg;

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	add_override(&t, 0, 20, 4, LEVEL_LOW);
	add_override(&t, 0, 4, 20, LEVEL_LOW);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.isa_gsi[4], 20);
	EXPECT_EQ_UINT(cfg.isa_flags[4], LEVEL_LOW);
	EXPECT_TRUE(host_printk_saw("offset 0x34: interrupt override for ISA IRQ 20"));
	EXPECT_EQ_UINT(host_printk_warnings, 1);
}

TEST(override_for_another_bus_or_a_second_time_is_skipped)
{
	struct table t;
	struct smp_config cfg;

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	add_override(&t, 1, 3, 17, 0);
	add_override(&t, 0, 0, 2, 0);
	add_override(&t, 0, 0, 5, 0);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.isa_gsi[3], 3);
	EXPECT_EQ_UINT(cfg.isa_gsi[0], 2);
	EXPECT_TRUE(host_printk_saw("bus 1"));
	EXPECT_TRUE(host_printk_saw("second override for ISA IRQ 0"));
}

TEST(more_than_max_ioapics_and_duplicate_ioapic_ids_are_skipped)
{
	struct table t;
	struct smp_config cfg;

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	for (unsigned int i = 0; i < MAX_IOAPICS + 1; i++)
		add_ioapic(&t, (u8)(i + 1), 0xfec00000 + i * 0x1000, i * 24);
	add_ioapic(&t, 1, 0xfec10000, 200);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_ioapics, MAX_IOAPICS);
	EXPECT_EQ_UINT(cfg.ioapics[3].id, 4);
	EXPECT_EQ_UINT(cfg.ioapics[3].gsi_base, 72);
	EXPECT_TRUE(host_printk_saw("more than 4 I/O APICs"));
	EXPECT_TRUE(host_printk_saw("I/O APIC ID 1 is listed twice"));
}

TEST(local_apic_address_override_is_used_below_4_gib_only)
{
	struct table t;
	struct smp_config cfg;

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	add_lapic_override(&t, 0xfee10000);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.lapic_phys, 0xfee10000);

	madt_begin(&t);
	add_cpu(&t, 0, 0, ENABLED);
	add_lapic_override(&t, 0x1fee00000ull);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.lapic_phys, 0xfee00000);
	EXPECT_TRUE(host_printk_saw("above 4 GiB"));
}

TEST(table_without_an_enabled_cpu_is_unusable)
{
	struct table t;
	struct smp_config cfg;

	madt_begin(&t);
	add_cpu(&t, 0, 0, 0);
	add_ioapic(&t, 0, 0xfec00000, 0);
	madt_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), -ENODEV);
	EXPECT_EQ_UINT(cfg.nr_cpus, 0);
}
