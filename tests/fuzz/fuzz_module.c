/*
 * libFuzzer harness for the module loader's checks and linker
 * (kernel/module/elf.c with arch/x86/module.c's relocations).
 *
 * Built for i386 (clang -m32), as the kernel is: struct module, pointers and
 * the 32-bit sh_addr in which elf_copy_sections() records where each section
 * went all have the kernel's sizes, so real modules pass the checks and the
 * fuzzer reaches the layout, the copy and the relocations.
 *
 * Each input goes the way load_module() takes an image, without the rest of
 * the kernel: elf_check(); the lookup of name= and vermagic= in .modinfo;
 * elf_layout(); the core and init layouts from aligned_alloc(), exactly their
 * size, so AddressSanitizer sees a write past either; elf_copy_sections();
 * elf_resolve_symbols() with a resolver that knows every name except those
 * starting with 'x'; elf_apply_relocations(); elf_free_info(). libFuzzer hands
 * the input over in a heap block of exactly its size, so a read past the
 * image is caught too. Besides what the sanitizers see, a broken promise that
 * load_module() relies on is a crash (abort), which libFuzzer reports with
 * the input:
 *   - a refusal is -ENOEXEC (-ENOENT from the resolver for an unknown name)
 *   - each layout's size is a multiple of a page, text_size <= ro_size <=
 *     size; each placed section lies inside its layout, aligned as it asks
 *   - every relocation applied lies inside the section it relocates
 *   - .gnu.linkonce.this_module is sizeof(struct module), in the core
 *     layout after the read-only part (the loader writes the record)
 *   - __ksymtab, __ksymtab_gpl and __param are placed (load_module takes
 *     their addresses from sh_addr)
 *   - relocations of .gnu.linkonce.this_module touch only init and exit,
 *     and the record's fields the loader does not always set are 0 in the
 *     image (load_module fills the record before relocating it, and keeps
 *     what it does not set)
 *   - only a module without symbols may fail to allocate (none do here)
 * Some of these promises were once broken by loader bugs, since fixed
 * (tests/fuzz/README); they stay as checks. MODLAB_FUZZ_STRICT=0 only
 * counts them instead of stopping, for chasing a new one.
 *
 *     make fuzz                         every harness for FUZZ_TIME seconds
 *     build/fuzz/fuzz_module FILE       replay one input
 *     MODLAB_FUZZ_STRICT=1 build/fuzz/fuzz_module FILE
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/module.h>
#include "../../kernel/module/internal.h"
#include "printk_host.h"

#if UINTPTR_MAX != 0xffffffffu
#error "fuzz_module is built for i386 (-m32), like the kernel"
#endif

/* ---- kmalloc and friends over the host's malloc ---- */

void *kmalloc(size_t size, gfp_t gfp)
{
	void *p;

	if (size == 0)
		return NULL;	/* as kernel/mm/slab.c */
	p = malloc(size);
	if (p && (gfp & __GFP_ZERO))
		memset(p, 0, size);
	return p;
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	if (size && n > (size_t)-1 / size)
		return NULL;
	return kzalloc(n * size, gfp);
}

void kfree(const void *p)
{
	free((void *)p);
}

/* ---- broken promises ---- */

static int strict;

enum known_bug {
	BUG_NULL_TYPE_RANGE,	/* SHT_NULL sections escape the range check */
	BUG_MOD_READONLY,	/* this_module laid out read-only */
	BUG_TABLE_NOT_PLACED,	/* __ksymtab/__param without SHF_ALLOC */
	BUG_MOD_FIELDS,		/* struct module fields taken from the image */
	BUG_MOD_RELOC,		/* relocations into the record the loader filled */
	BUG_EMPTY_SYMTAB,	/* no symbols: kcalloc(0) -> -ENOMEM */
	NR_KNOWN_BUGS
};

static const char *const known_bug_names[NR_KNOWN_BUGS] = {
	"a section of type SHT_NULL outside the image (no range check)",
	".gnu.linkonce.this_module laid out in the read-only part",
	"__ksymtab, __ksymtab_gpl or __param not placed (no SHF_ALLOC)",
	"struct module fields the loader may not set are not 0 in the image",
	"a relocation of .gnu.linkonce.this_module outside init and exit",
	"an empty symbol table gives -ENOMEM",
};

static unsigned long known_bug_hits[NR_KNOWN_BUGS];

static void broken(const char *what)
{
	fprintf(stderr, "fuzz_module: broken promise: %s\n", what);
	abort();
}

/* An input that hits a loader bug already reported: skip it (true), or in
 * strict mode crash on it. */
/* These were loader bugs, now fixed: each is a broken promise again
 * (MODLAB_FUZZ_STRICT=0 would only count them, for chasing a new one). */
static bool known_bug(enum known_bug b)
{
	if (strict)
		broken(known_bug_names[b]);
	known_bug_hits[b]++;
	return true;
}

static void print_known_bug_hits(void)
{
	unsigned int i;

	for (i = 0; i < NR_KNOWN_BUGS; i++)
		if (known_bug_hits[i])
			fprintf(stderr, "fuzz_module: %lu inputs skipped: known loader bug: %s\n",
				known_bug_hits[i], known_bug_names[i]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *s = getenv("MODLAB_FUZZ_STRICT");

	strict = !(s && !strcmp(s, "0"));	/* strict unless MODLAB_FUZZ_STRICT=0 */
	atexit(print_known_bug_hits);
	return 0;
}

/* ---- what the harness reads of the image itself ---- */

static bool in_image(size_t len, u32 off, u32 size)
{
	return off <= len && size <= len - off;
}

/* Is the section name at off in the image's section name table one of
 * those find_special_sections() looks for? */
static bool special_name(const uint8_t *buf, size_t len, const Elf32_Shdr *ss, u32 off)
{
	static const char *const names[] = {
		".gnu.linkonce.this_module", ".modinfo", "__ksymtab", "__ksymtab_gpl", "__param",
	};
	unsigned int i;

	if (!in_image(len, ss->sh_offset, ss->sh_size) || off >= ss->sh_size)
		return false;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) + 1 <= ss->sh_size - off &&
		    !memcmp(buf + ss->sh_offset + off, names[i], strlen(names[i]) + 1))
			return true;
	return false;
}

/* A section of type SHT_NULL (after the first) is not range-checked by
 * elf_check, yet it is copied if it has SHF_ALLOC, and read if it is one of
 * the special sections: look before handing the image over. */
static bool null_section_outside(const uint8_t *buf, size_t len)
{
	Elf32_Ehdr h;
	Elf32_Shdr ss;
	unsigned int i;

	if (len < sizeof(h))
		return false;
	memcpy(&h, buf, sizeof(h));
	if (h.e_shentsize != sizeof(Elf32_Shdr) || h.e_shnum == 0 ||
	    h.e_shnum > MAX_MODULE_SECTIONS || h.e_shstrndx >= h.e_shnum ||
	    !in_image(len, h.e_shoff, h.e_shnum * sizeof(Elf32_Shdr)))
		return false;
	memcpy(&ss, buf + h.e_shoff + h.e_shstrndx * sizeof(ss), sizeof(ss));
	for (i = 1; i < h.e_shnum; i++) {
		Elf32_Shdr s;

		memcpy(&s, buf + h.e_shoff + i * sizeof(s), sizeof(s));
		if (s.sh_type == SHT_NULL && !in_image(len, s.sh_offset, s.sh_size) &&
		    ((s.sh_flags & SHF_ALLOC) || special_name(buf, len, &ss, s.sh_name)))
			return true;
	}
	return false;
}

/* load_module's reading of .modinfo: the strings name= and vermagic=. */
static volatile size_t sink;

static void read_modinfo(const struct load_info *info)
{
	const Elf32_Shdr *s;
	const char *p, *end;

	if (!info->index.info)
		return;
	s = &info->sechdrs[info->index.info];
	p = (const char *)info->image + s->sh_offset;
	end = p + s->sh_size;
	while (p < end) {
		size_t n = strnlen(p, end - p);

		if (!strncmp(p, "name=", 5) || !strncmp(p, "vermagic=", 9))
			sink += strlen(p);	/* .modinfo ends in a NUL: promised */
		p += n + 1;
	}
}

/* The fields of struct module that load_module may leave as the image has them. */
static __attribute__((unused)) bool mod_fields_zero(const struct module *m)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (m->refs[cpu].count.counter)
			return false;
	return !m->syms && !m->gpl_syms && !m->num_syms && !m->num_gpl_syms && !m->kp &&
	       !m->num_kp && !m->kallsyms && !m->taints && !m->live && !m->waiter;
}

static bool is_table(const struct load_info *info, unsigned int i)
{
	return i && (i == info->index.ksymtab || i == info->index.ksymtab_gpl ||
		     i == info->index.param);
}

static void check_layout(const struct load_info *info)
{
	const struct module_layout *ls[2] = { &info->core, &info->init };
	unsigned int i, k;

	for (k = 0; k < 2; k++) {
		const struct module_layout *l = ls[k];

		if (l->size % 4096 || l->text_size > l->ro_size || l->ro_size > l->size ||
		    l->size > MAX_MODULE_SIZE)
			broken("layout sizes");
	}
	if (!info->core.size)
		broken("an empty core layout accepted");
	for (i = 1; i < info->shnum; i++) {
		const Elf32_Shdr *s = &info->sechdrs[i];
		const struct module_layout *l;
		u32 align = s->sh_addralign ? s->sh_addralign : 1;

		if (!info->place[i])
			continue;
		if (info->place[i] != SEC_CORE && info->place[i] != SEC_INIT)
			broken("a section placed neither in core nor in init");
		if (!(s->sh_flags & SHF_ALLOC))
			broken("a section without SHF_ALLOC placed");
		l = info->place[i] == SEC_CORE ? &info->core : &info->init;
		if (info->offset[i] > l->size || s->sh_size > l->size - info->offset[i])
			broken("a section placed past the end of its layout");
		if (info->offset[i] % align)
			broken("a section placed off its alignment");
	}
}

/* Every relocation elf_apply_relocations will apply lies inside its section
 * and names a symbol that exists. Returns false if one of them relocates the
 * module record anywhere but at init or exit. */
static bool check_relocations(const struct load_info *info)
{
	unsigned int i, k;
	bool mod_reloc_ok = true;

	for (i = 1; i < info->shnum; i++) {
		const Elf32_Shdr *s = &info->sechdrs[i];
		const Elf32_Shdr *t;
		const Elf32_Rel *rel;

		if (s->sh_type != SHT_REL)
			continue;
		t = &info->sechdrs[s->sh_info];
		if (!(t->sh_flags & SHF_ALLOC) || !info->place[s->sh_info])
			continue;
		rel = (const void *)(info->image + s->sh_offset);
		for (k = 0; k < s->sh_size / sizeof(*rel); k++) {
			u32 off = rel[k].r_offset;

			if (t->sh_size < 4 || off > t->sh_size - 4)
				broken("a relocation outside its section");
			if (ELF32_R_SYM(rel[k].r_info) >= info->num_syms)
				broken("a relocation naming a symbol that does not exist");
			if (s->sh_info == info->index.mod &&
			    off != offsetof(struct module, init) &&
			    off != offsetof(struct module, exit))
				mod_reloc_ok = false;
		}
	}
	return mod_reloc_ok;
}

static unsigned long resolve(const char *name, bool weak, void *arg, int *err)
{
	if (name[0] == 'x') {
		*err = -ENOENT;
		return 0;
	}
	return 0xc0100000ul + (u8)name[0];
}

static void *alloc_layout(const struct module_layout *l)
{
	void *p;

	if (!l->size)
		return NULL;
	p = aligned_alloc(4096, l->size);
	if (!p)
		abort();
	memset(p, 0, l->size);
	return p;
}

#define LAYOUT_LIMIT	(1u << 20)	/* bigger layouts are laid out, not allocated */

int LLVMFuzzerTestOneInput(const uint8_t *buf, size_t len)
{
	struct load_info info = { .name = NULL, .image = buf, .len = len };
	const struct module *mod;
	int err;

	if (len > MAX_MODULE_SIZE)
		return 0;		/* load_module refuses it first (-EFBIG) */
	host_printk_clear();
	err = elf_check(&info);
	if (err) {
		if (err != -ENOEXEC)
			broken("elf_check refused with an errno other than -ENOEXEC");
		goto out;
	}
	if (null_section_outside(buf, len) && known_bug(BUG_NULL_TYPE_RANGE))
		goto out;
	if (!info.index.mod || info.sechdrs[info.index.mod].sh_size != sizeof(struct module) ||
	    !info.symindex || !info.strindex)
		broken("elf_check passed an image without its module record or symbols");
	read_modinfo(&info);

	err = elf_layout(&info);
	if (err) {
		if (err != -ENOEXEC)
			broken("elf_layout refused with an errno other than -ENOEXEC");
		goto out;
	}
	check_layout(&info);
	if (info.offset[info.index.mod] < info.core.ro_size && known_bug(BUG_MOD_READONLY))
		goto out;
	if (info.place[info.index.mod] != SEC_CORE)
		broken(".gnu.linkonce.this_module not in the core layout");
	if ((!info.place[info.index.ksymtab] && is_table(&info, info.index.ksymtab)) ||
	    (!info.place[info.index.ksymtab_gpl] && is_table(&info, info.index.ksymtab_gpl)) ||
	    (!info.place[info.index.param] && is_table(&info, info.index.param))) {
		if (known_bug(BUG_TABLE_NOT_PLACED))
			goto out;
	}
	if (info.core.size + info.init.size > LAYOUT_LIMIT)
		goto out;
	if (!check_relocations(&info) && known_bug(BUG_MOD_RELOC))
		goto out;

	info.core.base = alloc_layout(&info.core);
	info.init.base = alloc_layout(&info.init);
	elf_copy_sections(&info);
	mod = (const void *)(uintptr_t)info.sechdrs[info.index.mod].sh_addr;
	if ((const u8 *)mod < (const u8 *)info.core.base ||
	    (const u8 *)mod + sizeof(*mod) > (const u8 *)info.core.base + info.core.size)
		broken("the module record is not inside the core layout");
	/* (The record's loader-owned fields may hold anything in the image:
	 * load_module clears them.) */

	err = elf_resolve_symbols(&info, resolve, NULL);
	if (err == -ENOMEM && info.num_syms == 0 && known_bug(BUG_EMPTY_SYMTAB))
		goto out;
	if (err && err != -ENOENT)
		broken("elf_resolve_symbols failed with an errno other than -ENOENT");
	if (!err) {
		err = elf_apply_relocations(&info);
		if (err && err != -ENOEXEC)
			broken("elf_apply_relocations failed with an errno other than -ENOEXEC");
	}
out:
	free(info.core.base);
	free(info.init.base);
	elf_free_info(&info);
	return 0;
}
