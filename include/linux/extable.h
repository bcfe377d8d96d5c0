/*
 * Exception tables: which kernel instructions may fault on purpose, and
 * where execution goes on when they do.
 *
 * An access to memory a caller handed in (copy_from_user, get_user...)
 * may hit an unmapped page. Each such instruction gets an entry in the
 * section __ex_table: (address of the instruction, address of its fixup).
 * The page-fault handler looks the faulting EIP up here first and, when it
 * is listed, resumes at the fixup (which makes the access return -EFAULT
 * or the bytes not copied) instead of reporting an oops. The kernel's
 * entries are gathered by the linker script; a module's __ex_table is kept
 * by the loader (struct module's extable), so modules may use get_user and
 * __get_user, which put entries in their own code.
 */
#ifndef _LINUX_EXTABLE_H
#define _LINUX_EXTABLE_H

#include <linux/types.h>

struct exception_table_entry {
	unsigned long insn;	/* the instruction that may fault */
	unsigned long fixup;	/* where to go on if it does */
};

/* The entry for the instruction at addr (kernel or module), or NULL.
 * Any context, including the page-fault handler. */
const struct exception_table_entry *search_exception_tables(unsigned long addr);
/* Search one table (not necessarily sorted). */
const struct exception_table_entry *search_extable(const struct exception_table_entry *base,
						   size_t num, unsigned long addr);
/* The module part of search_exception_tables (kernel/module/main.c). */
const struct exception_table_entry *search_module_extables(unsigned long addr);

#endif
