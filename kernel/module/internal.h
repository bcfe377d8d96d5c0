/*
 * What the module loader's files share: the state of one load, from the
 * raw image to a linked module.
 */
#ifndef _KERNEL_MODULE_INTERNAL_H
#define _KERNEL_MODULE_INTERNAL_H

#include <linux/types.h>
#include <linux/elf.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/extable.h>

#define MAX_MODULE_SECTIONS	512		/* more is refused */
#define MAX_MODULE_SIZE		(64u << 20)	/* bytes of loaded sections */

/* Where an SHF_ALLOC section goes. */
enum sec_place { SEC_NONE, SEC_CORE, SEC_INIT };

struct load_info {
	const char *name;		/* for messages: the module's name once known */
	const u8 *image;
	u32 len;
	const Elf32_Ehdr *hdr;
	Elf32_Shdr *sechdrs;		/* our copy; sh_addr is set by the layout */
	u8 *place;			/* enum sec_place per section */
	u32 *offset;			/* offset of each placed section in its layout */
	unsigned int shnum;
	const char *secstrings;
	u32 secstrings_size;
	unsigned int symindex, strindex;
	const Elf32_Sym *syms;
	unsigned int num_syms;
	const char *strtab;
	u32 strtab_size;
	u32 *symvals;			/* each symbol's final value */
	struct {
		unsigned int mod, info, ksymtab, ksymtab_gpl, param, extable;
	} index;
	struct module_layout core, init;
};

/* kernel/module/elf.c: checking, layout and linking of the image. All
 * return 0 or -ENOEXEC/-ENOMEM after printing the reason. */
int elf_check(struct load_info *info);
int elf_layout(struct load_info *info);
void elf_copy_sections(struct load_info *info);
/* resolve(name, weak, arg) gives an undefined symbol's address, or 0 with
 * *err (a weak symbol nobody defines is then 0, and no error). */
int elf_resolve_symbols(struct load_info *info,
			unsigned long (*resolve)(const char *name, bool weak, void *arg, int *err),
			void *arg);
int elf_apply_relocations(struct load_info *info);
void elf_free_info(struct load_info *info);
const char *elf_section_name(const struct load_info *info, unsigned int i);
int elf_err(const struct load_info *info, const char *fmt, ...) __printf(2, 3);


/* kernel/module/sections.c: the section table debuggers read. */
void build_module_sections(struct module *mod, const struct load_info *info);
void free_module_sections(struct module *mod);
void module_debug_loaded(struct module *mod);

/* kernel/module/main.c and unload.c share these (all under module_mutex). */
extern struct mutex module_mutex;
void module_state_changed(void);
void free_module(struct module *mod);
/* Drop module_mutex, sleep until some module's state changes, take it
 * again: 0, or -EINTR if a signal (Ctrl-C) came first. */
int module_wait_change(void);
/* After a failed init (state GOING): wait for any users a two-stage init
 * let in, unregister its filesystems and free it (kernel/module/unload.c).
 * Drops module_mutex while waiting; Ctrl-C leaves the wait to a kernel
 * thread. */
void module_release_failed_init(struct module *mod);
/* The module notifier chain (notifier.c): COMING (0 or the veto's errno;
 * a veto sends GOING to those called before it), then LIVE or GOING. */
int module_notify_coming(struct module *mod);
void module_notify(struct module *mod, unsigned long state);

/* /sys/module/NAME: made before init runs, removed (waiting for readers of
 * its files) before the module is freed (kernel/module/sysfs.c). */
int mod_sysfs_setup(struct module *mod);
void mod_sysfs_teardown(struct module *mod);

#endif
