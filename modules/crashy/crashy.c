/*
 * crashy: a module that faults on purpose.
 *
 * What it teaches: an oops in module code names the module. With crash=1,
 * init calls crashy_poke, which writes through a NULL pointer; the page
 * fault's report shows the call trace with
 *	crashy_poke+0x.../0x... [crashy]
 * because the loader gives the kernel's symbol lookup the module's own
 * symbol table. Without crash=1 the module loads and does nothing.
 * The oops kills the thread running insmod, not the kernel (with
 * panic_on_oops=1 on the command line it panics); the module stays
 * listed as Loading until the next boot.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>

static bool crash;
module_param(crash, bool, 0444);
MODULE_PARM_DESC(crash, "dereference NULL in init (default no)");

/* NULL. volatile, so the compiler cannot know that and must really
 * make the call and the store at run time. */
static int *volatile target;

static noinline void crashy_poke(int *where)
{
	pr_info("crashy: writing 42 through %p\n", where);
	*where = 42;
}

static int __init crashy_init(void)
{
	if (crash)
		crashy_poke(target);
	pr_info("crashy: loaded without crashing (give crash=1 to crash)\n");
	return 0;
}

static void __exit crashy_exit(void)
{
}

module_init(crashy_init);
module_exit(crashy_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test: dereferences NULL when crash=1, to show an oops naming the module");
