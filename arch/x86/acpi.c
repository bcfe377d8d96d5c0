/*
 * ACPI tables: finding the RSDP, walking the RSDT or XSDT, and what
 * power-off needs from the FADT and the DSDT.
 *
 * Nothing from the firmware is trusted: every table's length and checksum
 * are checked before it is read, and a bad one is reported and skipped.
 * Tables are kept by physical address and mapped (ioremap) when used, so
 * acpi_init can run before paging is on and the tables work after.
 */
#define pr_fmt(fmt) "acpi: " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <modlab/time.h>
#include <modlab/acpi.h>
#include <modlab/mm.h>

struct acpi_rsdp {
	char signature[8];	/* "RSD PTR " */
	u8 checksum;		/* over the first 20 bytes */
	char oem_id[6];
	u8 revision;		/* 0: ACPI 1.0, 2: 2.0 and later */
	u32 rsdt_address;
	u32 length;		/* 2.0+: of the whole structure */
	u64 xsdt_address;
	u8 extended_checksum;
	u8 reserved[3];
} __packed;

/* The FADT fields we use (ACPI 6.x, table 5.9: byte offsets in comments). */
struct acpi_fadt {
	struct acpi_table_header header;
	u32 firmware_ctrl;	/* 36 */
	u32 dsdt;		/* 40 */
	u8 reserved1;
	u8 preferred_pm_profile;
	u16 sci_int;
	u32 smi_cmd;		/* 48 */
	u8 acpi_enable;		/* 52 */
	u8 acpi_disable;
	u8 s4bios_req;
	u8 pstate_cnt;
	u32 pm1a_evt_blk;	/* 56 */
	u32 pm1b_evt_blk;
	u32 pm1a_cnt_blk;	/* 64 */
	u32 pm1b_cnt_blk;	/* 68 */
} __packed;

#define SLP_EN		(1u << 13)
#define SCI_EN		(1u << 0)
#define AML_PACKAGE_OP	0x12
#define AML_BYTE_PREFIX	0x0a
#define AML_ZERO_OP	0x00
#define AML_ONE_OP	0x01

static u32 root_phys;				/* RSDT or XSDT */
static unsigned int root_entry_size;		/* 4 (RSDT) or 8 (XSDT) */
static u32 ebda_phys;				/* from the BIOS data area; 0 if none */

static u8 checksum(const void *p, u32 len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

static const struct acpi_rsdp *scan_rsdp(u32 start, u32 len)
{
	u32 p;

	for (p = start; p + sizeof(struct acpi_rsdp) <= start + len; p += 16) {
		const struct acpi_rsdp *r = (const void *)p;

		if (memcmp(r->signature, "RSD PTR ", 8) || checksum(r, 20))
			continue;
		return r;
	}
	return NULL;
}

/* Map a table and check it; returns it, or NULL with a message saying why. */
static const struct acpi_table_header *map_table(u32 phys)
{
	const struct acpi_table_header *t;

	if (!phys)
		return NULL;
	t = ioremap(phys, sizeof(*t));
	if (t->length < sizeof(*t) || t->length > 1024 * 1024) {
		pr_warn("table at %#x has a bad length (%u); ignored\n", phys, t->length);
		return NULL;
	}
	t = ioremap(phys, t->length);
	if (checksum(t, t->length)) {
		pr_warn("table %.4s at %#x has a bad checksum; ignored\n", t->signature, phys);
		return NULL;
	}
	return t;
}

int acpi_init(void)
{
	u32 bda_ebda = 0x40e;	/* the BIOS data area's pointer to the EBDA */
	const struct acpi_rsdp *rsdp = NULL;
	const struct acpi_table_header *root = NULL;
	u16 ebda_segment;

	/* Hide the constant address from the compiler, which would otherwise
	 * call it a NULL-page access; paging is not on yet, so it is readable. */
	__asm__("" : "+r"(bda_ebda));
	ebda_segment = *(const u16 *)bda_ebda;
	ebda_phys = (u32)ebda_segment << 4;
	if (ebda_segment)
		rsdp = scan_rsdp(ebda_phys, 1024);
	if (!rsdp)
		rsdp = scan_rsdp(0xe0000, 0x20000);
	if (!rsdp) {
		pr_info("no RSDP found: no ACPI\n");
		return -ENODEV;
	}
	if (rsdp->revision >= 2 && rsdp->xsdt_address && !(rsdp->xsdt_address >> 32) &&
	    rsdp->length >= sizeof(*rsdp) && !checksum(rsdp, sizeof(*rsdp))) {
		root_phys = (u32)rsdp->xsdt_address;
		root_entry_size = 8;
		root = map_table(root_phys);
	}
	if (!root) {
		root_phys = rsdp->rsdt_address;
		root_entry_size = 4;
		root = map_table(root_phys);
	}
	if (!root) {
		root_phys = 0;
		pr_warn("no valid RSDT or XSDT: ACPI not used\n");
		return -ENODEV;
	}
	pr_info("%.4s at %#x, OEM '%.6s', revision %u\n", root->signature, root_phys,
		rsdp->oem_id, rsdp->revision);
	return 0;
}

u32 bios_ebda_phys(void)
{
	return ebda_phys;
}

const struct acpi_table_header *acpi_find_table(const char *signature)
{
	const struct acpi_table_header *root = map_table(root_phys);
	const u8 *entries;
	u32 i, n;

	if (!root)
		return NULL;
	entries = (const u8 *)root + sizeof(*root);
	n = (root->length - sizeof(*root)) / root_entry_size;
	for (i = 0; i < n; i++) {
		u32 phys;
		const struct acpi_table_header *t;

		memcpy(&phys, entries + i * root_entry_size, 4);
		if (root_entry_size == 8 && *(const u32 *)(entries + i * 8 + 4))
			continue;	/* above 4 GiB: out of our reach */
		t = ioremap(phys, sizeof(*t));
		if (memcmp(t->signature, signature, 4))
			continue;
		t = map_table(phys);
		if (t)
			return t;
	}
	return NULL;
}

/*
 * The sleep type for S5 is in the DSDT's \_S5 object, in AML:
 *   "_S5_" PackageOp PkgLength NumElements SLP_TYPa SLP_TYPb ...
 * where each value is a ZeroOp, OneOp or BytePrefix byte. This reads just
 * that pattern; a full AML interpreter is not needed for it.
 */
static int find_s5(const struct acpi_table_header *dsdt, u8 *typ_a, u8 *typ_b)
{
	const u8 *p = (const u8 *)dsdt + sizeof(*dsdt);
	const u8 *end = (const u8 *)dsdt + dsdt->length;
	u8 values[2];
	int i;

	for (; p + 4 < end; p++) {
		if (memcmp(p, "_S5_", 4))
			continue;
		p += 4;
		if (p >= end || *p++ != AML_PACKAGE_OP)
			continue;
		if (p >= end)
			break;
		p += 1 + (*p >> 6);	/* PkgLength: 1 to 4 bytes */
		p++;			/* NumElements */
		for (i = 0; i < 2; i++) {
			if (p >= end)
				return -EINVAL;
			if (*p == AML_BYTE_PREFIX && p + 1 < end) {
				values[i] = p[1];
				p += 2;
			} else if (*p == AML_ZERO_OP || *p == AML_ONE_OP) {
				values[i] = *p++;
			} else {
				return -EINVAL;
			}
		}
		*typ_a = values[0];
		*typ_b = values[1];
		return 0;
	}
	return -ENOENT;
}

void acpi_power_off(void)
{
	const struct acpi_fadt *fadt = (const void *)acpi_find_table("FACP");
	const struct acpi_table_header *dsdt;
	u8 typ_a, typ_b;
	unsigned long start;
	int spins;

	if (!fadt || fadt->header.length < sizeof(*fadt)) {
		pr_err("poweroff: no usable FADT\n");
		return;
	}
	dsdt = map_table(fadt->dsdt);
	if (!dsdt || find_s5(dsdt, &typ_a, &typ_b)) {
		pr_err("poweroff: no \\_S5 sleep type in the DSDT\n");
		return;
	}
	/* Switch the chipset to ACPI mode if the firmware left it in legacy mode. */
	if (fadt->smi_cmd && fadt->acpi_enable && !(inw(fadt->pm1a_cnt_blk) & SCI_EN)) {
		outb(fadt->acpi_enable, fadt->smi_cmd);
		for (spins = 0; spins < 1000000 && !(inw(fadt->pm1a_cnt_blk) & SCI_EN); spins++)
			io_delay();
	}
	outw((typ_a << 10) | SLP_EN, fadt->pm1a_cnt_blk);
	if (fadt->pm1b_cnt_blk)
		outw((typ_b << 10) | SLP_EN, fadt->pm1b_cnt_blk);
	/* The chipset may take a moment (under QEMU, until its main loop runs):
	 * wait up to a second of ticks before calling it a failure. */
	start = jiffies;
	while (jiffies - start < HZ && !irqs_disabled())
		safe_halt();
	pr_err("poweroff: the machine did not turn off\n");
}
