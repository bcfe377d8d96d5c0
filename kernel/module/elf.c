/*
 * Checking and linking a module's ELF image.
 *
 * Nothing in the image is trusted: every header, offset, size, index and
 * string is checked against the image's length before it is used, with
 * arithmetic that cannot overflow (a range is checked as off <= len and
 * size <= len - off). A problem is refused with -ENOEXEC and a message
 * saying what is wrong and where.
 *
 * This file uses no kernel service beyond kmalloc/kfree, printk and the
 * string functions, so it also builds on the host for the fuzzer.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <asm/module.h>
#include "internal.h"

int elf_err(const struct load_info *info, const char *fmt, ...)
{
	char msg[160];
	va_list args;

	va_start(args, fmt);
	vscnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	pr_err("module %s: refused: %s\n", info->name ? info->name : "(unnamed)", msg);
	return -ENOEXEC;
}

static bool in_image(const struct load_info *info, u32 off, u32 size)
{
	return off <= info->len && size <= info->len - off;
}

const char *elf_section_name(const struct load_info *info, unsigned int i)
{
	return info->secstrings + info->sechdrs[i].sh_name;
}

/* A string table must end in a NUL so no string runs off its end. */
static bool strtab_ok(const struct load_info *info, const Elf32_Shdr *s)
{
	return s->sh_type == SHT_STRTAB && s->sh_size > 0 &&
	       info->image[s->sh_offset + s->sh_size - 1] == '\0';
}

static int check_header(struct load_info *info)
{
	const Elf32_Ehdr *h = (const void *)info->image;

	if (info->len < sizeof(*h))
		return elf_err(info, "image of %u bytes is shorter than an ELF header", info->len);
	if (memcmp(h->e_ident, ELFMAG, 4))
		return elf_err(info, "not an ELF file (bad magic)");
	if (h->e_ident[EI_CLASS] != ELFCLASS32)
		return elf_err(info, "ELF class %u, expected 32-bit", h->e_ident[EI_CLASS]);
	if (h->e_ident[EI_DATA] != ELFDATA2LSB)
		return elf_err(info, "not little-endian");
	if (h->e_ident[EI_VERSION] != EV_CURRENT || h->e_version != EV_CURRENT)
		return elf_err(info, "ELF version %u/%u (ident/header), expected %u",
			       h->e_ident[EI_VERSION], h->e_version, EV_CURRENT);
	if (h->e_type != ET_REL)
		return elf_err(info, "ELF type %u, expected a relocatable object (%u)", h->e_type,
			       ET_REL);
	if (h->e_machine != EM_386)
		return elf_err(info, "machine %u, expected i386 (%u)", h->e_machine, EM_386);
	if (h->e_shentsize != sizeof(Elf32_Shdr))
		return elf_err(info, "section header size %u, expected %zu", h->e_shentsize,
			       sizeof(Elf32_Shdr));
	if (h->e_shnum == 0 || h->e_shnum > MAX_MODULE_SECTIONS)
		return elf_err(info, "%u sections (1 to %u allowed)", h->e_shnum,
			       MAX_MODULE_SECTIONS);
	if (!in_image(info, h->e_shoff, (u32)h->e_shnum * sizeof(Elf32_Shdr)))
		return elf_err(info, "section headers at %#x run past the end (%u bytes)",
			       h->e_shoff, info->len);
	if (h->e_shstrndx == SHN_UNDEF || h->e_shstrndx >= h->e_shnum)
		return elf_err(info, "section name table index %u out of range", h->e_shstrndx);
	info->hdr = h;
	info->shnum = h->e_shnum;
	return 0;
}

static int check_sections(struct load_info *info)
{
	unsigned int i, j;

	for (i = 1; i < info->shnum; i++) {
		const Elf32_Shdr *s = &info->sechdrs[i];

		if (s->sh_type == SHT_NOBITS)
			continue;	/* takes no room in the file */
		/* Every other section, SHT_NULL too: a loaded or named one is read. */
		if (!in_image(info, s->sh_offset, s->sh_size))
			return elf_err(info, "section %u: offset %#x size %#x run past the end (%u bytes)",
				       i, s->sh_offset, s->sh_size, info->len);
	}
	{
		const Elf32_Shdr *ss = &info->sechdrs[info->hdr->e_shstrndx];

		if (ss->sh_type == SHT_NOBITS || !strtab_ok(info, ss))
			return elf_err(info, "section name table (section %u) is not a terminated string table",
				       info->hdr->e_shstrndx);
		info->secstrings = (const char *)info->image + ss->sh_offset;
		info->secstrings_size = ss->sh_size;
	}
	for (i = 0; i < info->shnum; i++) {
		const Elf32_Shdr *s = &info->sechdrs[i];

		if (s->sh_name >= info->secstrings_size)
			return elf_err(info, "section %u: name offset %u out of range", i, s->sh_name);
		if (s->sh_addralign & (s->sh_addralign - 1))
			return elf_err(info, "section %s: alignment %u is not a power of two",
				       elf_section_name(info, i), s->sh_addralign);
		if (s->sh_addralign > 4096)
			return elf_err(info, "section %s: alignment %u above a page",
				       elf_section_name(info, i), s->sh_addralign);
		switch (s->sh_type) {
		case SHT_SYMTAB:
			if (info->symindex)
				return elf_err(info, "more than one symbol table");
			if (s->sh_entsize != sizeof(Elf32_Sym) || s->sh_size % sizeof(Elf32_Sym))
				return elf_err(info, "symbol table entry size %u, expected %zu",
					       s->sh_entsize, sizeof(Elf32_Sym));
			if (s->sh_link == 0 || s->sh_link >= info->shnum ||
			    !strtab_ok(info, &info->sechdrs[s->sh_link]))
				return elf_err(info, "symbol table's string table (section %u) is missing or unterminated",
					       s->sh_link);
			info->symindex = i;
			info->strindex = s->sh_link;
			break;
		case SHT_REL:
			if (s->sh_entsize != sizeof(Elf32_Rel) || s->sh_size % sizeof(Elf32_Rel))
				return elf_err(info, "section %s: relocation entry size %u, expected %zu",
					       elf_section_name(info, i), s->sh_entsize,
					       sizeof(Elf32_Rel));
			if (s->sh_info == 0 || s->sh_info >= info->shnum)
				return elf_err(info, "section %s: relocates section %u, which does not exist",
					       elf_section_name(info, i), s->sh_info);
			break;
		case SHT_RELA:
			return elf_err(info, "section %s: RELA relocations are not used on i386",
				       elf_section_name(info, i));
		case SHT_SYMTAB_SHNDX:
			return elf_err(info, "extended section indices are not supported");
		}
	}
	if (!info->symindex)
		return elf_err(info, "no symbol table");
	/* Relocation sections must use that symbol table (checked once it is known). */
	for (i = 1; i < info->shnum; i++)
		if (info->sechdrs[i].sh_type == SHT_REL && info->sechdrs[i].sh_link != info->symindex)
			return elf_err(info, "section %s: uses symbol table %u, not %u",
				       elf_section_name(info, i), info->sechdrs[i].sh_link,
				       info->symindex);
	/* Loaded sections must not overlap in the file. */
	for (i = 1; i < info->shnum; i++) {
		const Elf32_Shdr *a = &info->sechdrs[i];

		if (!(a->sh_flags & SHF_ALLOC) || a->sh_type == SHT_NOBITS || !a->sh_size)
			continue;
		for (j = i + 1; j < info->shnum; j++) {
			const Elf32_Shdr *b = &info->sechdrs[j];

			if (!(b->sh_flags & SHF_ALLOC) || b->sh_type == SHT_NOBITS || !b->sh_size)
				continue;
			if (a->sh_offset < b->sh_offset + b->sh_size &&
			    b->sh_offset < a->sh_offset + a->sh_size)
				return elf_err(info, "sections %s and %s overlap",
					       elf_section_name(info, i), elf_section_name(info, j));
		}
	}
	return 0;
}

static int check_symbols(struct load_info *info)
{
	const Elf32_Shdr *symsec = &info->sechdrs[info->symindex];
	const Elf32_Shdr *strsec = &info->sechdrs[info->strindex];
	unsigned int i;

	info->syms = (const void *)(info->image + symsec->sh_offset);
	info->num_syms = symsec->sh_size / sizeof(Elf32_Sym);
	info->strtab = (const char *)info->image + strsec->sh_offset;
	info->strtab_size = strsec->sh_size;
	for (i = 1; i < info->num_syms; i++) {
		const Elf32_Sym *sym = &info->syms[i];

		if (sym->st_name >= info->strtab_size)
			return elf_err(info, "symbol %u: name offset %u out of range", i,
				       sym->st_name);
		if (sym->st_shndx == SHN_COMMON)
			return elf_err(info, "symbol %s is a common symbol: build with -fno-common",
				       info->strtab + sym->st_name);
		if (sym->st_shndx >= info->shnum && sym->st_shndx != SHN_ABS)
			return elf_err(info, "symbol %s: section index %u out of range",
				       info->strtab + sym->st_name, sym->st_shndx);
	}
	/* Every relocation entry: its symbol exists, its place is inside its section. */
	for (i = 1; i < info->shnum; i++) {
		const Elf32_Shdr *s = &info->sechdrs[i];
		const Elf32_Shdr *target;
		const Elf32_Rel *rel;
		unsigned int k, n;

		if (s->sh_type != SHT_REL)
			continue;
		target = &info->sechdrs[s->sh_info];
		if (!(target->sh_flags & SHF_ALLOC))
			continue;
		rel = (const void *)(info->image + s->sh_offset);
		n = s->sh_size / sizeof(*rel);
		for (k = 0; k < n; k++) {
			if (ELF32_R_SYM(rel[k].r_info) >= info->num_syms)
				return elf_err(info, "section %s: relocation %u names symbol %u of %u",
					       elf_section_name(info, i), k,
					       ELF32_R_SYM(rel[k].r_info), info->num_syms);
			/* LAB(linker) BEGIN: the place's 4 bytes must all lie inside its section */
			if (target->sh_size < 4 || rel[k].r_offset > target->sh_size - 4)
				return elf_err(info, "section %s: relocation %u at %#x is outside %s",
					       elf_section_name(info, i), k, rel[k].r_offset,
					       elf_section_name(info, s->sh_info));
			/* LAB(linker) END */
			/* The module's record: only its init and exit pointers are
			 * the build's to fill; the rest is the loader's. */
			if (!strcmp(elf_section_name(info, s->sh_info), ".gnu.linkonce.this_module") &&
			    rel[k].r_offset != __builtin_offsetof(struct module, init) &&
			    rel[k].r_offset != __builtin_offsetof(struct module, exit))
				return elf_err(info, "section %s: relocation %u at %#x changes the module record",
					       elf_section_name(info, i), k, rel[k].r_offset);
		}
	}
	return 0;
}

static int find_special_sections(struct load_info *info)
{
	unsigned int i;

	for (i = 1; i < info->shnum; i++) {
		const char *name = elf_section_name(info, i);
		const Elf32_Shdr *s = &info->sechdrs[i];

		if (!strcmp(name, ".gnu.linkonce.this_module"))
			info->index.mod = i;
		else if (!strcmp(name, ".modinfo"))
			info->index.info = i;
		else if (!strcmp(name, "__ksymtab"))
			info->index.ksymtab = i;
		else if (!strcmp(name, "__ksymtab_gpl"))
			info->index.ksymtab_gpl = i;
		else if (!strcmp(name, "__param"))
			info->index.param = i;
		else if (!strcmp(name, "__ex_table"))
			info->index.extable = i;
		else
			continue;
		if (s->sh_type == SHT_NOBITS)
			return elf_err(info, "section %s has no contents", name);
	}
	if (!info->index.mod)
		return elf_err(info, "no .gnu.linkonce.this_module section (not built as a module)");
	if (info->sechdrs[info->index.mod].sh_size != sizeof(struct module))
		return elf_err(info, ".gnu.linkonce.this_module is %u bytes, expected %zu: built for another kernel",
			       info->sechdrs[info->index.mod].sh_size, sizeof(struct module));
	if ((info->sechdrs[info->index.mod].sh_flags & (SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR)) !=
	    (SHF_ALLOC | SHF_WRITE))
		return elf_err(info, ".gnu.linkonce.this_module must be loaded, writable data");
	{
		static const char *const names[] = { "__ksymtab", "__ksymtab_gpl", "__param",
						     "__ex_table" };
		unsigned int idx[] = { info->index.ksymtab, info->index.ksymtab_gpl, info->index.param,
				       info->index.extable };

		for (i = 0; i < ARRAY_SIZE(idx); i++)
			if (idx[i] && !(info->sechdrs[idx[i]].sh_flags & SHF_ALLOC))
				return elf_err(info, "%s is not a loaded section", names[i]);
	}
#define CHECK_TABLE(idx, entsize, what)							\
	if (info->index.idx && info->sechdrs[info->index.idx].sh_size % (entsize))		\
		return elf_err(info, "%s size %u is not a multiple of %zu", what,		\
			       info->sechdrs[info->index.idx].sh_size, (size_t)(entsize));
	CHECK_TABLE(ksymtab, sizeof(struct kernel_symbol), "__ksymtab");
	CHECK_TABLE(ksymtab_gpl, sizeof(struct kernel_symbol), "__ksymtab_gpl");
	CHECK_TABLE(param, sizeof(struct kernel_param), "__param");
	CHECK_TABLE(extable, sizeof(struct exception_table_entry), "__ex_table");
#undef CHECK_TABLE
	if (info->index.info && info->sechdrs[info->index.info].sh_size &&
	    info->image[info->sechdrs[info->index.info].sh_offset +
			info->sechdrs[info->index.info].sh_size - 1] != '\0')
		return elf_err(info, ".modinfo does not end in a NUL");
	return 0;
}

int elf_check(struct load_info *info)
{
	int err = check_header(info);

	if (err)
		return err;
	info->sechdrs = kmalloc(info->shnum * sizeof(Elf32_Shdr), GFP_KERNEL);
	info->place = kzalloc(info->shnum, GFP_KERNEL);
	info->offset = kcalloc(info->shnum, sizeof(u32), GFP_KERNEL);
	if (!info->sechdrs || !info->place || !info->offset)
		return -ENOMEM;
	memcpy(info->sechdrs, info->image + info->hdr->e_shoff, info->shnum * sizeof(Elf32_Shdr));
	err = check_sections(info);
	if (!err)
		err = check_symbols(info);
	if (!err)
		err = find_special_sections(info);
	return err;
}

/*
 * Place every SHF_ALLOC section in the core or the init layout (names
 * starting ".init"), code first, then read-only data, then writable data,
 * each group starting on a page so the first two can be made read-only.
 */
int elf_layout(struct load_info *info)
{
	static const u32 masks[3][2] = {
		{ SHF_EXECINSTR | SHF_WRITE, SHF_EXECINSTR },	/* code */
		{ SHF_EXECINSTR | SHF_WRITE, 0 },		/* read-only data */
		{ SHF_WRITE, SHF_WRITE },			/* writable data */
	};
	unsigned int group, i, place;

	for (place = SEC_CORE; place <= SEC_INIT; place++) {
		struct module_layout *l = place == SEC_CORE ? &info->core : &info->init;
		u32 size = 0;

		for (group = 0; group < 3; group++) {
			for (i = 1; i < info->shnum; i++) {
				Elf32_Shdr *s = &info->sechdrs[i];
				bool is_init = !strncmp(elf_section_name(info, i), ".init", 5);
				u32 align = s->sh_addralign ? s->sh_addralign : 1;

				if (!(s->sh_flags & SHF_ALLOC) || info->place[i] ||
				    (s->sh_flags & masks[group][0]) != masks[group][1] ||
				    is_init != (place == SEC_INIT))
					continue;
				size = ALIGN(size, align);
				if (s->sh_size > MAX_MODULE_SIZE || size > MAX_MODULE_SIZE - s->sh_size)
					return elf_err(info, "sections too large (%s: %u bytes)",
						       elf_section_name(info, i), s->sh_size);
				info->place[i] = place;
				info->offset[i] = size;
				size += s->sh_size;
			}
			size = ALIGN(size, 4096u);
			if (group == 0)
				l->text_size = size;
			else if (group == 1)
				l->ro_size = size;
		}
		l->size = size;
	}
	if (!info->core.size)
		return elf_err(info, "nothing to load");
	return 0;
}

/* Copy the sections into the layouts (base set by the caller) and record
 * each one's final address in sh_addr. NOBITS sections stay zero. */
void elf_copy_sections(struct load_info *info)
{
	unsigned int i;

	for (i = 1; i < info->shnum; i++) {
		Elf32_Shdr *s = &info->sechdrs[i];
		struct module_layout *l;

		if (!info->place[i])
			continue;
		l = info->place[i] == SEC_CORE ? &info->core : &info->init;
		s->sh_addr = (u32)(unsigned long)((u8 *)l->base + info->offset[i]);
		if (s->sh_type != SHT_NOBITS)
			memcpy((void *)(unsigned long)s->sh_addr, info->image + s->sh_offset,
			       s->sh_size);
	}
}

int elf_resolve_symbols(struct load_info *info,
			unsigned long (*resolve)(const char *name, bool weak, void *arg, int *err),
			void *arg)
{
	unsigned int i;

	info->symvals = kcalloc(info->num_syms ? info->num_syms : 1, sizeof(u32), GFP_KERNEL);
	if (!info->symvals)
		return -ENOMEM;
	for (i = 1; i < info->num_syms; i++) {
		const Elf32_Sym *sym = &info->syms[i];
		const char *name = info->strtab + sym->st_name;
		int err = 0;

		/* LAB(linker) BEGIN: the value: resolved (weak: 0), absolute, or in its section */
		switch (sym->st_shndx) {
		case SHN_UNDEF:
			if (!*name)
				break;
			info->symvals[i] = resolve(name, ELF32_ST_BIND(sym->st_info) == STB_WEAK,
						   arg, &err);
			if (err == -ENOENT && ELF32_ST_BIND(sym->st_info) == STB_WEAK) {
				info->symvals[i] = 0;	/* an unresolved weak symbol is 0 */
				err = 0;
			}
			if (err)
				return err;
			break;
		case SHN_ABS:
			info->symvals[i] = sym->st_value;
			break;
		default:
			/* Defined here: relative to its section (not loaded: its file place). */
			info->symvals[i] = sym->st_value + info->sechdrs[sym->st_shndx].sh_addr;
			break;
		}
		/* LAB(linker) SKEL
		(void)sym;
		(void)name;
		(void)err;
		(void)resolve;
		*/
		/* LAB(linker) END */
	}
	return 0;
}

int elf_apply_relocations(struct load_info *info)
{
	unsigned int i, k;

	for (i = 1; i < info->shnum; i++) {
		const Elf32_Shdr *s = &info->sechdrs[i];
		const Elf32_Shdr *target;
		const Elf32_Rel *rel;

		if (s->sh_type != SHT_REL)
			continue;
		target = &info->sechdrs[s->sh_info];
		/* Relocations of sections we do not load (debug info) are skipped. */
		if (!(target->sh_flags & SHF_ALLOC) || !info->place[s->sh_info])
			continue;
		rel = (const void *)(info->image + s->sh_offset);
		for (k = 0; k < s->sh_size / sizeof(*rel); k++) {
			u32 *loc = (u32 *)(unsigned long)(target->sh_addr + rel[k].r_offset);
			u32 type = ELF32_R_TYPE(rel[k].r_info);

			if (apply_relocate(type, loc, info->symvals[ELF32_R_SYM(rel[k].r_info)]))
				return elf_err(info, "section %s: relocation %u has type %s (%u); only R_386_32, R_386_PC32 and R_386_PLT32 are supported",
					       elf_section_name(info, i), k, reloc_type_name(type),
					       type);
		}
	}
	return 0;
}

void elf_free_info(struct load_info *info)
{
	kfree(info->sechdrs);
	kfree(info->place);
	kfree(info->offset);
	kfree(info->symvals);
	info->sechdrs = NULL;
	info->place = NULL;
	info->offset = NULL;
	info->symvals = NULL;
}
