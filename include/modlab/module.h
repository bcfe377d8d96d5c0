/* The module subsystem's internals that the shell and procfs use. */
#ifndef _MODLAB_MODULE_H
#define _MODLAB_MODULE_H

#include <linux/module.h>

void modules_init(void);
void module_proc_init(void);
/* Boot, after sysfs: /sys/module (kernel/module/sysfs.c). */
void module_sysfs_init(void);
/* fn(mod, arg) for each formed module, under module_mutex (fn must not
 * load or remove modules). */
void for_each_module(void (*fn)(struct module *mod, void *arg), void *arg);
/* "a,b": the modules mod uses (users=false) or that use it (users=true). */
void module_deps(struct module *mod, char *buf, size_t size, bool users);
/* References plus user modules, as Linux's lsmod shows; under module_mutex. */
int module_use_count(struct module *mod);
int module_users(const char *name, char *buf, size_t size);
const char *module_state_name(enum module_state s);
const char *module_get_modinfo(struct module *mod, const char *tag);
/* A copy (kmalloc) of a module file's .modinfo, after checking the image. */
int module_file_modinfo(const void *image, unsigned long len, char **info, size_t *info_len);

/* As a module's memory is freed: report the kmalloc memory its code
 * allocated and did not free (kernel/mm/slab.c). */
void module_report_leaks(struct module *mod);

/* Load a module from its ELF image, with parameters "a=1 b=x". Returns 0
 * or a negative errno (after printing why). May sleep. */
int load_module(const void *image, unsigned long len, const char *args);
#define init_module_image(image, len, args)	load_module(image, len, args)
/* Remove the module called name (flags: O_NONBLOCK, O_TRUNC for force). */
int delete_module(const char *name, unsigned int flags);

/* The kernel's taint mask, and a letter string for it ("P", "R", "PR"). */
extern unsigned long tainted_mask;
const char *print_tainted(void);

#endif
