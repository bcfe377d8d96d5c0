/*
 * oldstyle: entry points named the old way.
 *
 * What it teaches: before module_init/module_exit existed, a module's
 * entry points were simply the functions called init_module and
 * cleanup_module, and that still works: module_init(fn) only makes
 * init_module another name for fn (see linux/module.h). The build's
 * NAME.mod.c points the module's struct module at these two names.
 */
#include <linux/module.h>
#include <linux/kernel.h>

int init_module(void)
{
	pr_info("oldstyle: init_module called\n");
	return 0;
}

void cleanup_module(void)
{
	pr_info("oldstyle: cleanup_module called\n");
}

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("init_module/cleanup_module without module_init/module_exit");
