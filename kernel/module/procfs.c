/* /proc/modules, in Linux's format: name size refcount users state address. */
#include <linux/kernel.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <modlab/module.h>

static void show_one(struct module *mod, void *arg)
{
	struct seq_file *m = arg;
	char users[128];

	module_deps(mod, users, sizeof(users), true);
	/* The count as lsmod prints it (module_use_count): a best-effort
	 * figure, exact only in an unload's stop_machine. */
	seq_printf(m, "%s %u %d %s%s %s 0x%08lx\n", mod->name, mod->core.size + mod->init_layout.size,
		   module_use_count(mod), users[0] ? users : "-", users[0] ? "," : "",
		   module_state_name(mod->state), (unsigned long)mod->core.base);
}

static int modules_show(struct seq_file *m, void *v)
{
	for_each_module(show_one, m);
	return 0;
}

void module_proc_init(void)
{
	proc_create_single("modules", 0444, NULL, modules_show);
}
