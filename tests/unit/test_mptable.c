/*
 * The Intel MP table parser (arch/x86/mptable.c) on crafted tables: a good
 * one like SeaBIOS's, damaged ones, the GSI renumbering once the I/O
 * APICs' sizes are known, and the floating pointer search.
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

#define MPC_HEADER_SIZE	44
#define CPU_ENABLED	1
#define CPU_BOOT	2
#define MP_INT		0
#define MP_EXTINT	3
#define LEVEL_LOW	(IRQ_POLARITY_LOW | IRQ_TRIGGER_LEVEL)
#define ISA_BUS		1
#define PCI_BUS		0

struct table {
	u8 b[2048];
	u32 len;
	u16 count;
};

static void put(struct table *t, const void *p, u32 n)
{
	memcpy(t->b + t->len, p, n);
	t->len += n;
	t->count++;
}

static void put16(u8 *p, u16 v)
{
	memcpy(p, &v, 2);
}

static void put32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

static u8 sum(const u8 *p, u32 n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return s;
}

static void mpc_begin(struct table *t)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->b, "PCMP", 4);
	t->b[6] = 4;				/* MPS 1.4 */
	memcpy(t->b + 8, "MODLAB  ", 8);
	memcpy(t->b + 16, "TEST TABLE  ", 12);
	put32(t->b + 36, 0xfee00000);
	t->len = MPC_HEADER_SIZE;
}

/* Fill in the header's length, entry count and checksum. */
static void mpc_end(struct table *t)
{
	put16(t->b + 4, (u16)t->len);
	put16(t->b + 34, t->count);
	t->b[7] = 0;
	t->b[7] = (u8)-sum(t->b, t->len);
}

static void add_cpu(struct table *t, u8 apic_id, u8 flags)
{
	u8 e[20] = { 0, apic_id, 0x14, flags };

	put32(e + 4, 0x663);		/* CPU signature */
	put32(e + 8, 0x201);		/* features: FPU, APIC */
	put(t, e, sizeof(e));
}

static void add_bus(struct table *t, u8 id, const char type[7])
{
	u8 e[8] = { 1, id };

	memcpy(e + 2, type, 6);
	put(t, e, sizeof(e));
}

static void add_ioapic(struct table *t, u8 id, u8 flags, u32 addr)
{
	u8 e[8] = { 2, id, 0x11, flags };

	put32(e + 4, addr);
	put(t, e, sizeof(e));
}

static void add_intsrc(struct table *t, u8 type, u8 irq_type, u16 flags, u8 bus, u8 irq,
		       u8 apic, u8 pin)
{
	u8 e[8] = { type, irq_type, 0, 0, bus, irq, apic, pin };

	put16(e + 2, flags);
	put(t, e, sizeof(e));
}

static void add_irq(struct table *t, u16 flags, u8 bus, u8 irq, u8 apic, u8 pin)
{
	add_intsrc(t, 3, MP_INT, flags, bus, irq, apic, pin);
}

/* Parse the first len bytes of t from a block of exactly that size. */
static int parse_len(const struct table *t, u32 len, struct smp_config *cfg)
{
	void *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, t->b, len);
	host_printk_clear();
	ret = mp_parse(copy, len, cfg);
	free(copy);
	return ret;
}

static int parse(const struct table *t, struct smp_config *cfg)
{
	return parse_len(t, t->len, cfg);
}

/* Like SeaBIOS's for 2 CPUs: a PCI and an ISA bus, one I/O APIC, IRQ 0 on
 * pin 2, the 8259s' ExtINT on pin 0, IRQ 9 made level/active-low, a PCI
 * interrupt, and the local APICs' LINT0/LINT1. */
static void build_good(struct table *t)
{
	mpc_begin(t);
	add_cpu(t, 0, CPU_ENABLED | CPU_BOOT);
	add_cpu(t, 1, CPU_ENABLED);
	add_bus(t, PCI_BUS, "PCI   ");
	add_bus(t, ISA_BUS, "ISA   ");
	add_ioapic(t, 2, 1, 0xfec00000);
	add_intsrc(t, 3, MP_EXTINT, 0, ISA_BUS, 0, 2, 0);
	add_irq(t, 0, ISA_BUS, 0, 2, 2);
	add_irq(t, 0, ISA_BUS, 1, 2, 1);
	add_irq(t, LEVEL_LOW, ISA_BUS, 9, 2, 9);
	add_irq(t, LEVEL_LOW, PCI_BUS, 0x0c, 2, 11);
	add_intsrc(t, 4, MP_EXTINT, 0, ISA_BUS, 0, 0xff, 0);
	add_intsrc(t, 4, 1, 0, ISA_BUS, 0, 0xff, 1);
	mpc_end(t);
}

TEST(good_table_gives_cpus_ioapic_and_isa_routing)
{
	struct table t;
	struct smp_config cfg;

	build_good(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_STREQ(cfg.source, "MP table");
	EXPECT_EQ_UINT(cfg.lapic_phys, 0xfee00000);
	EXPECT_TRUE(cfg.has_8259);
	EXPECT_EQ_UINT(cfg.nr_cpus, 2);
	EXPECT_EQ_UINT(cfg.apic_ids[0], 0);
	EXPECT_EQ_UINT(cfg.apic_ids[1], 1);
	EXPECT_EQ_UINT(cfg.nr_ioapics, 1);
	EXPECT_EQ_UINT(cfg.ioapics[0].id, 2);
	EXPECT_EQ_UINT(cfg.ioapics[0].phys, 0xfec00000);
	EXPECT_EQ_UINT(cfg.ioapics[0].gsi_base, 0);
	EXPECT_EQ_UINT(cfg.isa_gsi[0], 2);
	EXPECT_EQ_UINT(cfg.isa_flags[0], 0);
	EXPECT_EQ_UINT(cfg.isa_gsi[1], 1);
	EXPECT_EQ_UINT(cfg.isa_gsi[9], 9);
	EXPECT_EQ_UINT(cfg.isa_flags[9], LEVEL_LOW);
	/* The PCI interrupt (bus 0, IRQ 12) says nothing about ISA IRQ 12. */
	EXPECT_EQ_UINT(cfg.isa_gsi[12], 12);
	EXPECT_EQ_UINT(cfg.isa_flags[12], 0);
	EXPECT_EQ_UINT(host_printk_warnings, 0);
}

TEST(bad_checksum_makes_the_table_unusable)
{
	struct table t;
	struct smp_config cfg;

	build_good(&t);
	t.b[7]++;
	EXPECT_EQ_INT(parse(&t, &cfg), -EINVAL);
	EXPECT_EQ_UINT(cfg.nr_cpus, 0);
	EXPECT_TRUE(host_printk_saw("checksum"));
}

TEST(wrong_signature_makes_the_table_unusable)
{
	struct table t;
	struct smp_config cfg;

	build_good(&t);
	memcpy(t.b, "PCMQ", 4);
	EXPECT_EQ_INT(parse(&t, &cfg), -EINVAL);
	EXPECT_EQ_UINT(cfg.nr_cpus, 0);
}

TEST(table_too_short_for_its_header_is_rejected)
{
	struct table t;
	struct smp_config cfg;

	build_good(&t);
	EXPECT_EQ_INT(parse_len(&t, MPC_HEADER_SIZE - 1, &cfg), -EINVAL);
	EXPECT_EQ_INT(parse_len(&t, 0, &cfg), -EINVAL);
	EXPECT_EQ_UINT(cfg.nr_cpus, 0);
}

TEST(header_length_beyond_the_given_bytes_is_rejected)
{
	struct table t;
	struct smp_config cfg;

	build_good(&t);
	EXPECT_EQ_INT(parse_len(&t, t.len - 1, &cfg), -EINVAL);
	EXPECT_EQ_UINT(cfg.nr_cpus, 0);
	EXPECT_TRUE(host_printk_saw("length"));
}

TEST(disabled_cpu_is_not_used)
{
	struct table t;
	struct smp_config cfg;

	mpc_begin(&t);
	add_cpu(&t, 0, CPU_ENABLED | CPU_BOOT);
	add_cpu(&t, 1, 0);
	add_cpu(&t, 2, CPU_ENABLED);
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 2);
	EXPECT_EQ_UINT(cfg.apic_ids[1], 2);
	EXPECT_EQ_UINT(host_printk_warnings, 0);
}

TEST(cpus_beyond_nr_cpus_are_reported_as_ignored)
{
	struct table t;
	struct smp_config cfg;

	mpc_begin(&t);
	for (unsigned int i = 0; i < NR_CPUS + 2; i++)
		add_cpu(&t, (u8)i, CPU_ENABLED);
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, NR_CPUS);
	EXPECT_TRUE(host_printk_saw("2 more enabled CPUs than NR_CPUS (16); ignored"));
}

TEST(duplicate_apic_id_is_reported_and_skipped)
{
	struct table t;
	struct smp_config cfg;

	mpc_begin(&t);
	add_cpu(&t, 0, CPU_ENABLED);
	add_cpu(&t, 0, CPU_ENABLED);
	add_cpu(&t, 1, CPU_ENABLED);
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 2);
	EXPECT_EQ_UINT(cfg.apic_ids[1], 1);
	EXPECT_TRUE(host_printk_saw("offset 0x40: APIC ID 0 is listed twice"));
}

TEST(assignment_of_isa_irq_20_is_reported_and_skipped)
{
	struct table t;
	struct smp_config cfg;

	mpc_begin(&t);
	add_cpu(&t, 0, CPU_ENABLED);
	add_bus(&t, ISA_BUS, "ISA   ");
	add_ioapic(&t, 2, 1, 0xfec00000);
	add_irq(&t, 0, ISA_BUS, 20, 2, 4);
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.isa_gsi[4], 4);
	EXPECT_TRUE(host_printk_saw("offset 0x50: assignment for ISA IRQ 20"));
}

TEST(unknown_entry_type_ends_the_walk_and_keeps_what_came_before)
{
	struct table t;
	struct smp_config cfg;
	u8 odd[8] = { 9 };

	mpc_begin(&t);
	add_cpu(&t, 0, CPU_ENABLED);
	put(&t, odd, sizeof(odd));
	add_cpu(&t, 1, CPU_ENABLED);
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 1);
	EXPECT_TRUE(host_printk_saw("offset 0x40: unknown type 9"));
	EXPECT_EQ_UINT(host_printk_warnings, 1);	/* once, not once per pass */
}

TEST(entry_running_past_the_table_end_is_reported_and_ignored)
{
	struct table t;
	struct smp_config cfg;
	u8 half_cpu[8] = { 0, 1, 0x14, CPU_ENABLED };

	mpc_begin(&t);
	add_cpu(&t, 0, CPU_ENABLED);
	put(&t, half_cpu, sizeof(half_cpu));	/* a 20-byte entry cut to 8 */
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 1);
	EXPECT_TRUE(host_printk_saw("offset 0x40: processor entry runs past the end"));
}

TEST(entry_count_beyond_the_table_is_reported)
{
	struct table t;
	struct smp_config cfg;

	mpc_begin(&t);
	add_cpu(&t, 0, CPU_ENABLED);
	t.count = 5;
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_cpus, 1);
	EXPECT_TRUE(host_printk_saw("table ends after 1 of its 5 entries"));
}

TEST(assignments_before_their_bus_and_ioapic_still_count)
{
	struct table t;
	struct smp_config cfg;

	mpc_begin(&t);
	add_irq(&t, 0, ISA_BUS, 0, 2, 2);
	add_cpu(&t, 0, CPU_ENABLED);
	add_ioapic(&t, 2, 1, 0xfec00000);
	add_bus(&t, ISA_BUS, "ISA\0\0\0");
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.isa_gsi[0], 2);
}

TEST(assignment_to_unknown_or_unusable_ioapic_is_skipped)
{
	struct table t;
	struct smp_config cfg;

	mpc_begin(&t);
	add_cpu(&t, 0, CPU_ENABLED);
	add_bus(&t, ISA_BUS, "ISA   ");
	add_ioapic(&t, 2, 0, 0xfec00000);	/* not usable */
	add_irq(&t, 0, ISA_BUS, 0, 2, 2);
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.nr_ioapics, 0);
	EXPECT_EQ_UINT(cfg.isa_gsi[0], 0);
	EXPECT_TRUE(host_printk_saw("unknown I/O APIC 2"));
}

TEST(second_assignment_for_an_isa_irq_is_skipped)
{
	struct table t;
	struct smp_config cfg;

	mpc_begin(&t);
	add_cpu(&t, 0, CPU_ENABLED);
	add_bus(&t, ISA_BUS, "ISA   ");
	add_ioapic(&t, 2, 1, 0xfec00000);
	add_irq(&t, 0, ISA_BUS, 0, 2, 2);
	add_irq(&t, 0, ISA_BUS, 0, 2, 5);
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.isa_gsi[0], 2);
	EXPECT_TRUE(host_printk_saw("second assignment for ISA IRQ 0"));
}

TEST(eisa_bus_is_not_isa)
{
	struct table t;
	struct smp_config cfg;

	mpc_begin(&t);
	add_cpu(&t, 0, CPU_ENABLED);
	add_bus(&t, 3, "EISA  ");
	add_ioapic(&t, 2, 1, 0xfec00000);
	add_irq(&t, 0, 3, 4, 2, 7);
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.isa_gsi[4], 4);
}

TEST(ioapics_get_gsi_bases_in_table_order_and_are_renumbered_to_their_size)
{
	struct table t;
	struct smp_config cfg;
	unsigned int sizes[2] = { 16, 24 };

	mpc_begin(&t);
	add_cpu(&t, 0, CPU_ENABLED);
	add_bus(&t, ISA_BUS, "ISA   ");
	add_ioapic(&t, 4, 1, 0xfec00000);
	add_ioapic(&t, 5, 1, 0xfec01000);
	add_irq(&t, 0, ISA_BUS, 0, 4, 2);
	add_irq(&t, LEVEL_LOW, ISA_BUS, 3, 5, 3);
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	EXPECT_EQ_UINT(cfg.ioapics[0].gsi_base, 0);
	EXPECT_EQ_UINT(cfg.ioapics[1].gsi_base, 24);
	EXPECT_EQ_UINT(cfg.isa_gsi[3], 27);

	mp_fix_gsi_bases(&cfg, sizes);
	EXPECT_EQ_UINT(cfg.ioapics[0].gsi_base, 0);
	EXPECT_EQ_UINT(cfg.ioapics[1].gsi_base, 16);
	EXPECT_EQ_UINT(cfg.isa_gsi[0], 2);
	EXPECT_EQ_UINT(cfg.isa_gsi[3], 19);
	EXPECT_EQ_UINT(cfg.isa_flags[3], LEVEL_LOW);
	EXPECT_EQ_UINT(cfg.isa_gsi[5], 5);
}

TEST(unknown_ioapic_size_is_taken_as_24)
{
	struct table t;
	struct smp_config cfg;
	unsigned int sizes[2] = { 0, 0 };

	mpc_begin(&t);
	add_cpu(&t, 0, CPU_ENABLED);
	add_bus(&t, ISA_BUS, "ISA   ");
	add_ioapic(&t, 4, 1, 0xfec00000);
	add_ioapic(&t, 5, 1, 0xfec01000);
	add_irq(&t, 0, ISA_BUS, 3, 5, 3);
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), 0);
	mp_fix_gsi_bases(&cfg, sizes);
	EXPECT_EQ_UINT(cfg.ioapics[1].gsi_base, 24);
	EXPECT_EQ_UINT(cfg.isa_gsi[3], 27);
}

TEST(table_without_an_enabled_cpu_is_unusable)
{
	struct table t;
	struct smp_config cfg;

	mpc_begin(&t);
	add_cpu(&t, 0, 0);
	mpc_end(&t);
	EXPECT_EQ_INT(parse(&t, &cfg), -ENODEV);
	EXPECT_EQ_UINT(cfg.nr_cpus, 0);
}

/* ---- the floating pointer ---- */

static void put_mpf(u8 *p, u32 table, u8 feature1)
{
	memset(p, 0, 16);
	memcpy(p, "_MP_", 4);
	put32(p + 4, table);
	p[8] = 1;
	p[9] = 4;
	p[11] = feature1;
	p[10] = (u8)-sum(p, 16);
}

TEST(floating_pointer_is_found_on_a_16_byte_boundary)
{
	u8 *area = calloc(1, 1024);

	put_mpf(area + 0x3f0, 0xf5bb0, 0);
	EXPECT_EQ_UINT(mp_scan_config(area, 1024), 0xf5bb0);
	free(area);
}

TEST(floating_pointer_with_bad_checksum_or_off_boundary_is_not_found)
{
	u8 *area = calloc(1, 1024);

	put_mpf(area + 0x100, 0xf5bb0, 0);
	area[0x104]++;
	host_printk_clear();
	EXPECT_EQ_UINT(mp_scan_config(area, 1024), 0);
	EXPECT_TRUE(host_printk_saw("checksum"));
	memset(area, 0, 1024);
	put_mpf(area + 0x108, 0xf5bb0, 0);
	EXPECT_EQ_UINT(mp_scan_config(area, 1024), 0);
	free(area);
}

TEST(floating_pointer_cut_off_by_the_area_end_is_not_read)
{
	u8 *area = calloc(1, 1024 + 16);

	put_mpf(area + 1024, 0xf5bb0, 0);
	EXPECT_EQ_UINT(mp_scan_config(area, 1024 + 8), 0);
	free(area);
}

TEST(default_configuration_is_reported_as_unsupported)
{
	u8 *area = calloc(1, 64);

	put_mpf(area + 16, 0, 5);
	host_printk_clear();
	EXPECT_EQ_UINT(mp_scan_config(area, 64), 0);
	EXPECT_TRUE(host_printk_saw("default configuration 5"));
	free(area);
}
