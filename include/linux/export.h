/*
 * Exporting symbols, with Linux's names: EXPORT_SYMBOL(fn) lets modules
 * link against fn; EXPORT_SYMBOL_GPL(fn) only modules whose licence is
 * GPL-compatible.
 *
 * Each export is a struct kernel_symbol in section __ksymtab (or
 * __ksymtab_gpl), pointing at the symbol and its name. The kernel's own
 * sections are gathered by the linker script; a module's are read by the
 * loader. The entry is also a symbol named __ksymtab_<name>, which the
 * build's modpost step reads to check a module's undefined symbols.
 */
#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H

#include <linux/compiler.h>

struct kernel_symbol {
	unsigned long value;
	const char *name;
};

#define __EXPORT_SYMBOL(sym, sec)						\
	extern __typeof__(sym) sym;						\
	static const char __kstrtab_##sym[]					\
		__section("__ksymtab_strings") __aligned(1) = #sym;		\
	const struct kernel_symbol __ksymtab_##sym				\
		__used __section(sec) __aligned(4) = {				\
		(unsigned long)&sym, __kstrtab_##sym				\
	}

#define EXPORT_SYMBOL(sym)	__EXPORT_SYMBOL(sym, "__ksymtab")
#define EXPORT_SYMBOL_GPL(sym)	__EXPORT_SYMBOL(sym, "__ksymtab_gpl")

#endif
