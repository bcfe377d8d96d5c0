/*
 * Reading the multiboot (version 1) information structure.
 *
 * Everything is copied into boot_info: the loader's structures and strings
 * sit in memory that the page allocator will hand out later. The modules'
 * contents stay where they are; the page allocator keeps those pages.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <modlab/bootinfo.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002

#define MBI_MEM		(1 << 0)
#define MBI_CMDLINE	(1 << 2)
#define MBI_MODS	(1 << 3)
#define MBI_MMAP	(1 << 6)
#define MBI_LOADER	(1 << 9)

struct multiboot_info {
	u32 flags;
	u32 mem_lower, mem_upper;	/* KiB below 1 MiB, KiB above 1 MiB */
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
} __packed;

struct multiboot_mmap_entry {
	u32 size;		/* of the rest of the entry, not counting this field */
	u64 addr;
	u64 len;
	u32 type;
} __packed;

struct multiboot_module {
	u32 mod_start, mod_end;
	u32 string;
	u32 reserved;
} __packed;

struct boot_info boot_info;

static void add_region(u64 start, u64 length, u32 type)
{
	struct memory_region *r;

	if (boot_info.nr_regions == BOOT_MAX_MEMORY_REGIONS) {
		pr_warn("multiboot: more than %d memory regions, ignoring the rest\n",
			BOOT_MAX_MEMORY_REGIONS);
		return;
	}
	r = &boot_info.regions[boot_info.nr_regions++];
	r->start = start;
	r->length = length;
	r->type = type;
}

int multiboot_save(u32 magic, u32 info_addr)
{
	const struct multiboot_info *mbi = (const void *)info_addr;
	unsigned int i;

	if (magic != MULTIBOOT_BOOTLOADER_MAGIC) {
		pr_emerg("multiboot: bad magic %#x (expected %#x): not started by a multiboot loader\n",
			 magic, MULTIBOOT_BOOTLOADER_MAGIC);
		return -EINVAL;
	}
	if (mbi->flags & MBI_CMDLINE)
		strscpy(boot_info.cmdline, (const char *)mbi->cmdline, sizeof(boot_info.cmdline));
	if (mbi->flags & MBI_LOADER)
		strscpy(boot_info.loader, (const char *)mbi->boot_loader_name,
			sizeof(boot_info.loader));

	if (mbi->flags & MBI_MMAP) {
		u32 p = mbi->mmap_addr, end = mbi->mmap_addr + mbi->mmap_length;

		while (p < end) {
			const struct multiboot_mmap_entry *e = (const void *)p;

			add_region(e->addr, e->len, e->type);
			p += e->size + sizeof(e->size);
		}
	} else if (mbi->flags & MBI_MEM) {
		/* No map: the two sizes describe low memory and memory above 1 MiB. */
		add_region(0, (u64)mbi->mem_lower * 1024, MEMORY_USABLE);
		add_region(0x100000, (u64)mbi->mem_upper * 1024, MEMORY_USABLE);
	} else {
		pr_emerg("multiboot: the loader gave no memory information\n");
		return -EINVAL;
	}

	if (mbi->flags & MBI_MODS) {
		const struct multiboot_module *m = (const void *)mbi->mods_addr;

		for (i = 0; i < mbi->mods_count; i++, m++) {
			struct boot_module *b;

			if (boot_info.nr_modules == BOOT_MAX_MODULES) {
				pr_warn("multiboot: more than %d modules, ignoring the rest\n",
					BOOT_MAX_MODULES);
				break;
			}
			b = &boot_info.modules[boot_info.nr_modules++];
			b->start = m->mod_start;
			b->end = m->mod_end;
			if (m->string)
				strscpy(b->name, (const char *)m->string, sizeof(b->name));
		}
	}
	return 0;
}

/*
 * The command line is words separated by spaces; a word 'key=value' gives
 * key a value, a lone 'key' gives it the empty string.
 */
const char *cmdline_get(const char *key, char *buf, size_t size)
{
	const char *p = boot_info.cmdline;
	size_t klen = strlen(key);

	while (*p) {
		size_t wlen;

		p += strspn(p, " ");
		wlen = strcspn(p, " ");
		if (wlen >= klen && !strncmp(p, key, klen) &&
		    (wlen == klen || p[klen] == '=')) {
			size_t vlen = wlen > klen ? wlen - klen - 1 : 0;

			if (vlen >= size)
				vlen = size - 1;
			memcpy(buf, p + klen + (wlen > klen), vlen);
			buf[vlen] = '\0';
			return buf;
		}
		p += wlen;
	}
	return NULL;
}
