/*
 * hello: the smallest useful module, and module parameters.
 *
 * What it teaches: module_init/module_exit and the MODULE_* tags, and
 * parameters of the common kinds (int, charp, bool, an array of int), each
 * described by MODULE_PARM_DESC. insmod sets them before hello_init runs:
 *
 *	insmod /lib/modules/hello.ko count=2 whom=world loud=1 values=1,2,3
 *
 * and modinfo lists them (the parm= and parmtype= entries of .modinfo).
 * Both init and exit print the values, so a student can see that the
 * module's variables live as long as the module does.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

static int count = 1;
module_param(count, int, 0444);
MODULE_PARM_DESC(count, "how many times to say hello (default 1)");

static char *whom = "modlab";
module_param(whom, charp, 0444);
MODULE_PARM_DESC(whom, "who to greet (default \"modlab\")");

static bool loud;
module_param(loud, bool, 0444);
MODULE_PARM_DESC(loud, "shout the greeting (default no)");

static int values[4];
static unsigned int nvalues;	/* how many values insmod gave */
module_param_array(values, int, &nvalues, 0444);
MODULE_PARM_DESC(values, "up to 4 integers, comma-separated");

static void hello_show(const char *when)
{
	unsigned int i;

	pr_info("hello: %s: count=%d whom=%s loud=%s, %u value(s):", when, count,
		whom ? whom : "(null)", loud ? "yes" : "no", nvalues);
	for (i = 0; i < nvalues; i++)
		pr_cont(" %d", values[i]);
	pr_cont("\n");
}

static int __init hello_init(void)
{
	int i;

	hello_show("init");
	for (i = 0; i < count; i++)
		pr_info("hello: %s, %s%s\n", loud ? "HELLO" : "hello", whom ? whom : "(null)",
			loud ? "!" : "");
	return 0;
}

static void __exit hello_exit(void)
{
	hello_show("exit");
	pr_info("hello: goodbye, %s\n", whom ? whom : "(null)");
}

module_init(hello_init);
module_exit(hello_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("modlab");
MODULE_DESCRIPTION("Says hello; shows module parameters");
MODULE_VERSION("1.0");
