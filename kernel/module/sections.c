/*
 * Where a loaded module's sections are: a table of each placed section's
 * name and address, kept in struct module for as long as the module lives.
 *
 * Nothing in the kernel needs it; debuggers do. gdb's lx-symbols (in
 * tools/gdb/modlab.py) reads the table to load a module's .ko at the very
 * addresses the loader chose ("add-symbol-file hello.ko 0x... -s .data
 * 0x..."), and breaks on module_debug_loaded() to do so for every module
 * loaded later, before its init runs, so a breakpoint in an init function
 * can be set before the insmod.
 *
 * The table is written once, before the module's state leaves UNFORMED,
 * and freed with the module, so readers under module_mutex (or a debugger,
 * with every CPU halted) always see it whole.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/module.h>
#include "internal.h"

void build_module_sections(struct module *mod, const struct load_info *info)
{
	struct module_sect_attrs *sa;
	unsigned int i, n = 0, strsize = 0;
	char *s;

	for (i = 1; i < info->shnum; i++) {
		if (info->place[i] == SEC_NONE)
			continue;
		n++;
		strsize += strlen(elf_section_name(info, i)) + 1;
	}
	sa = kzalloc(sizeof(*sa) + n * sizeof(sa->attrs[0]) + strsize, GFP_KERNEL);
	if (!sa)
		return;		/* only debuggers lose: they see no sections */
	s = (char *)&sa->attrs[n];
	for (i = 1; i < info->shnum; i++) {
		struct module_sect_attr *a;

		if (info->place[i] == SEC_NONE)
			continue;
		a = &sa->attrs[sa->nsections++];
		strcpy(s, elf_section_name(info, i));
		a->name = s;
		a->address = info->sechdrs[i].sh_addr;
		a->init = info->place[i] == SEC_INIT;
		s += strlen(s) + 1;
	}
	mod->sect_attrs = sa;
}

void free_module_sections(struct module *mod)
{
	kfree(mod->sect_attrs);
	mod->sect_attrs = NULL;
}

/*
 * A place for debuggers to stop: called once per module, linked and with
 * its section table built, just before its init runs. noinline and with a
 * empty asm that uses mod, so the call and its argument stay as written.
 */
noinline void module_debug_loaded(struct module *mod)
{
	__asm__ __volatile__("" : : "r"(mod) : "memory");
}
