/* ACPI: the firmware's tables (found and checked at boot) and power-off. */
#ifndef _MODLAB_ACPI_H
#define _MODLAB_ACPI_H

#include <linux/types.h>

struct acpi_table_header {
	char signature[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	u32 creator_id;
	u32 creator_revision;
} __attribute__((packed));

/* Find the tables; returns 0, or -ENODEV when there is no usable ACPI. */
int acpi_init(void);
/* A table by signature ("APIC", "FACP"...), checked, or NULL. */
const struct acpi_table_header *acpi_find_table(const char *signature);
/* Where the extended BIOS data area starts, or 0 if the BIOS gave none.
 * acpi_init reads it from the BIOS data area in page 0 before paging
 * unmaps that page; the MP table search uses it later. */
u32 bios_ebda_phys(void);
/* Enter the S5 (soft-off) state; returns only if that failed. */
void acpi_power_off(void);

#endif
