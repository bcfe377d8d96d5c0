/*
 * What the boot loader told us, copied into the kernel's own memory at the
 * first moment (the loader's structures live in memory we later hand out).
 */
#ifndef _MODLAB_BOOTINFO_H
#define _MODLAB_BOOTINFO_H

#include <linux/types.h>

#define BOOT_MAX_MEMORY_REGIONS	32
#define BOOT_MAX_MODULES	16
#define BOOT_CMDLINE_LEN	256
#define BOOT_MODULE_NAME_LEN	128

enum memory_type {
	MEMORY_USABLE = 1,	/* the multiboot/E820 numbering */
	MEMORY_RESERVED = 2,
	MEMORY_ACPI_RECLAIMABLE = 3,
	MEMORY_ACPI_NVS = 4,
	MEMORY_BAD = 5,
};

struct memory_region {
	u64 start;
	u64 length;
	u32 type;		/* enum memory_type */
};

/* A file the loader put in memory next to the kernel (-initrd, GRUB 'module'). */
struct boot_module {
	phys_addr_t start;
	phys_addr_t end;	/* one past the last byte */
	char name[BOOT_MODULE_NAME_LEN];	/* the loader's string: path and arguments */
};

struct boot_info {
	char cmdline[BOOT_CMDLINE_LEN];
	char loader[64];
	unsigned int nr_regions;
	struct memory_region regions[BOOT_MAX_MEMORY_REGIONS];
	unsigned int nr_modules;
	struct boot_module modules[BOOT_MAX_MODULES];
};

extern struct boot_info boot_info;

/* Copy the loader's information; returns 0 or a negative errno. */
int multiboot_save(u32 magic, u32 info_addr);

/* Value of 'key=value' on the kernel command line, or NULL. */
const char *cmdline_get(const char *key, char *buf, size_t size);

#endif
