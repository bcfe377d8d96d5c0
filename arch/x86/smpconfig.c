/*
 * Finding the firmware's description of the processors and interrupt
 * controllers: the ACPI MADT if there is one, else the Intel MP tables,
 * else a plain uniprocessor PC. The parsing is in madt.c and mptable.c;
 * this file finds and maps the tables and reports what they said.
 */
#define pr_fmt(fmt) "smp: " fmt

#include <linux/kernel.h>
#include <modlab/acpi.h>
#include <modlab/bootinfo.h>
#include <modlab/ioapic.h>
#include <modlab/mm.h>
#include <asm/io.h>
#include <modlab/smpconfig.h>

#define BIOS_ROM_START		0xf0000
#define BIOS_ROM_SIZE		0x10000
#define BASE_MEMORY_DEFAULT	0xa0000		/* 640 KiB, when the loader said nothing */
#define MPC_MAX_SIZE		0x10000		/* its length field has 16 bits */

static bool find_madt(struct smp_config *cfg)
{
	const struct acpi_table_header *madt = acpi_find_table("APIC");

	return madt && !madt_parse(madt, madt->length, cfg);
}

/* The top of base memory: the end of the usable RAM that starts at 0. */
static u32 base_memory_end(void)
{
	unsigned int i;

	for (i = 0; i < boot_info.nr_regions; i++) {
		const struct memory_region *r = &boot_info.regions[i];

		if (r->type == MEMORY_USABLE && r->start == 0 && r->length >= 1024 &&
		    r->length <= BASE_MEMORY_DEFAULT)
			return (u32)r->length;
	}
	return BASE_MEMORY_DEFAULT;
}

/* MPS 1.4 section 4: the floating pointer is in the first KiB of the
 * EBDA, the last KiB of base memory, or the BIOS ROM at 0xf0000-0xfffff. */
static u32 find_mp_table(void)
{
	const struct {
		u32 start, size;
	} areas[] = {
		{ bios_ebda_phys(), 1024 },
		{ base_memory_end() - 1024, 1024 },
		{ BIOS_ROM_START, BIOS_ROM_SIZE },
	};
	unsigned int i;
	u32 table;

	for (i = 0; i < ARRAY_SIZE(areas); i++) {
		if (!areas[i].start)
			continue;
		table = mp_scan_config(ioremap(areas[i].start, areas[i].size), areas[i].size);
		if (table)
			return table;
	}
	return 0;
}

static bool find_mp(struct smp_config *cfg)
{
	unsigned int nr_entries[MAX_IOAPICS];
	u32 table = find_mp_table();
	unsigned int i;

	/* mp_parse reads no further than the table's own length says. */
	if (!table || mp_parse(ioremap(table, MPC_MAX_SIZE), MPC_MAX_SIZE, cfg))
		return false;
	for (i = 0; i < cfg->nr_ioapics; i++)
		nr_entries[i] = ioapic_read_nr_entries(cfg->ioapics[i].phys);
	mp_fix_gsi_bases(cfg, nr_entries);
	return true;
}

static void print_summary(const struct smp_config *cfg)
{
	char line[384];
	int n = 0;
	unsigned int i, overrides = 0;

	if (!cfg->nr_cpus) {
		pr_info("no MADT or MP table: boot CPU only, local APIC at %#x, no I/O APIC\n",
			cfg->lapic_phys);
		return;
	}
	n += scnprintf(line + n, sizeof(line) - n, "%s: %u CPU%s (APIC ID%s", cfg->source,
		       cfg->nr_cpus, cfg->nr_cpus == 1 ? "" : "s", cfg->nr_cpus == 1 ? "" : "s");
	for (i = 0; i < cfg->nr_cpus; i++)
		n += scnprintf(line + n, sizeof(line) - n, " %u", cfg->apic_ids[i]);
	n += scnprintf(line + n, sizeof(line) - n, ")");
	if (!cfg->nr_ioapics)
		n += scnprintf(line + n, sizeof(line) - n, ", no I/O APIC");
	for (i = 0; i < cfg->nr_ioapics; i++) {
		const struct ioapic_config *io = &cfg->ioapics[i];
		unsigned int entries = ioapic_read_nr_entries(io->phys);

		n += scnprintf(line + n, sizeof(line) - n, ", I/O APIC %u at %#x", io->id,
			       io->phys);
		if (entries)
			n += scnprintf(line + n, sizeof(line) - n, " (GSI %u-%u)", io->gsi_base,
				       io->gsi_base + entries - 1);
		else
			n += scnprintf(line + n, sizeof(line) - n, " (not answering)");
	}
	for (i = 0; i < NR_ISA_IRQS; i++)
		if (cfg->isa_gsi[i] != i || cfg->isa_flags[i])
			overrides++;
	scnprintf(line + n, sizeof(line) - n, ", %u ISA override%s", overrides,
		  overrides == 1 ? "" : "s");
	pr_info("%s\n", line);
}

/*
 * Boot CPU, before the other CPUs start; maps tables and reads I/O APIC
 * version registers (ioremap), so works before and after paging.
 */
void smp_find_config(struct smp_config *cfg)
{
	if (!find_madt(cfg) && !find_mp(cfg)) {
		/* A uniprocessor PC: the SMP code adds the boot CPU itself. */
		smp_config_init(cfg, "none");
		cfg->has_8259 = true;
	}
	print_summary(cfg);
}
