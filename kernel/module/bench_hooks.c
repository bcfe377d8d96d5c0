/*
 * For `bench modules` (tests/kernel/bench_modules.c): the export table is
 * private to kernel/module/, so timing its lookups needs a function here.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include "internal.h"
#include "exports.h"

extern const struct kernel_symbol __start___ksymtab[], __stop___ksymtab[];
extern const struct kernel_symbol __start___ksymtab_gpl[], __stop___ksymtab_gpl[];

unsigned int module_bench_kernel_exports(void);
unsigned int module_bench_lookup_all(unsigned int passes);

/* How many symbols the kernel itself exports (GPL-only ones included). */
unsigned int module_bench_kernel_exports(void)
{
	return (__stop___ksymtab - __start___ksymtab) +
	       (__stop___ksymtab_gpl - __start___ksymtab_gpl);
}

/* Look every kernel export up by name, 'passes' times over, as the loader
 * does (find_export under module_mutex); returns how many were found. */
unsigned int module_bench_lookup_all(unsigned int passes)
{
	const struct kernel_symbol *s;
	unsigned int found = 0;
	struct module *owner;
	bool gpl;

	mutex_lock(&module_mutex);
	while (passes--) {
		for (s = __start___ksymtab; s < __stop___ksymtab; s++)
			found += find_export(s->name, &owner, &gpl) != NULL;
		for (s = __start___ksymtab_gpl; s < __stop___ksymtab_gpl; s++)
			found += find_export(s->name, &owner, &gpl) != NULL;
	}
	mutex_unlock(&module_mutex);
	return found;
}
