/*
 * The kernel's own symbol table, for backtraces.
 *
 * tools/kallsyms.py generates it at build time from the linked kernel: the
 * text symbols sorted by address, their sizes and their names. A lookup is
 * a binary search for the last symbol at or below the address.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <modlab/kallsyms.h>

/* Generated (build/kallsyms.S). */
extern const u32 kallsyms_num;
extern const u32 kallsyms_addresses[];
extern const u32 kallsyms_sizes[];	/* st_size; 0 for assembly labels */
extern const u32 kallsyms_name_offsets[];
extern const char kallsyms_names[];
extern char _text[], _etext[];

static const char *sym_name(u32 i)
{
	return kallsyms_names + kallsyms_name_offsets[i];
}

const char *kallsyms_lookup(unsigned long addr, unsigned long *size, unsigned long *offset)
{
	u32 lo = 0, hi = kallsyms_num;
	unsigned long end, off, len;

	if (addr < (unsigned long)_text || addr >= (unsigned long)_etext || !kallsyms_num)
		return NULL;
	/* Find the first symbol above addr; the one before it contains addr. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (kallsyms_addresses[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	/* The function's own size; the distance to the next symbol only for a
	 * label without one, or an address past it (padding). A return address
	 * may be just at its end: its last instruction calls a function that
	 * does not return. */
	off = addr - kallsyms_addresses[lo - 1];
	len = kallsyms_sizes[lo - 1];
	if (!len || off > len) {
		end = lo < kallsyms_num ? kallsyms_addresses[lo] : (unsigned long)_etext;
		len = end - kallsyms_addresses[lo - 1];
	}
	if (size)
		*size = len;
	if (offset)
		*offset = off;
	return sym_name(lo - 1);
}

int sprint_symbol(char *buf, unsigned long addr)
{
	unsigned long size, offset;
	const char *modname = NULL;
	const char *name = kallsyms_lookup(addr, &size, &offset);

	if (!name)
		name = module_address_lookup(addr, &size, &offset, &modname);
	if (!name)
		return scnprintf(buf, KSYM_SYMBOL_LEN, "0x%08lx", addr);
	if (modname)
		return scnprintf(buf, KSYM_SYMBOL_LEN, "%s+%#lx/%#lx [%s]", name, offset, size,
				 modname);
	return scnprintf(buf, KSYM_SYMBOL_LEN, "%s+%#lx/%#lx", name, offset, size);
}

unsigned long kallsyms_lookup_name(const char *name)
{
	u32 i;

	for (i = 0; i < kallsyms_num; i++)
		if (!strcmp(sym_name(i), name))
			return kallsyms_addresses[i];
	return 0;
}
