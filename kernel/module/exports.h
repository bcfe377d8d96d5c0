/* The export table (kernel/module/exports.c); all under module_mutex. */
#ifndef _KERNEL_MODULE_EXPORTS_H
#define _KERNEL_MODULE_EXPORTS_H

#include <linux/module.h>

void exports_init(void);
const struct kernel_symbol *find_export(const char *name, struct module **owner, bool *gpl_only);
int add_module_exports(struct module *mod);
void remove_module_exports(struct module *mod);
unsigned long export_count(void);

#endif
