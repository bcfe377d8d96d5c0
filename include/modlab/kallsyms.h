/* Turning code addresses into names, for backtraces. */
#ifndef _MODLAB_KALLSYMS_H
#define _MODLAB_KALLSYMS_H

#include <linux/types.h>

#define KSYM_NAME_LEN		64
#define KSYM_SYMBOL_LEN		(KSYM_NAME_LEN + 32)

/* The function containing addr: its name, and addr's offset into it and its
 * size. NULL if addr is not in kernel text. */
const char *kallsyms_lookup(unsigned long addr, unsigned long *size, unsigned long *offset);

/* "name+0xoff/0xsize", or the bare address when unknown; returns the length. */
int sprint_symbol(char *buf, unsigned long addr);

/* The same for module code (kernel/module/main.c): also the module's name. */
const char *module_address_lookup(unsigned long addr, unsigned long *size,
				  unsigned long *offset, const char **modname);

/* Address of a kernel function by name, or 0. */
unsigned long kallsyms_lookup_name(const char *name);

#endif
