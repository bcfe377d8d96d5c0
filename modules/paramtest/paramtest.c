/*
 * paramtest: charp parameters whose memory the loader must manage.
 *
 * What it tests: a charp value given at insmod is a copy the loader made,
 * and only such copies are freed when the module goes; the module's own
 * defaults ("alpha", "beta", "gamma", "plain") never are. A value given
 * twice (str=abc str=def) replaces the first copy, which is freed then.
 *
 *	insmod /lib/modules/paramtest.ko names=x,y str=abc str=def
 *	rmmod paramtest
 *
 * fail=1 makes init fail after the parameters were set, so the failed-load
 * path frees them too.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>

static char *names[3] = { "alpha", "beta", "gamma" };
static unsigned int nnames;
module_param_array(names, charp, &nnames, 0444);
MODULE_PARM_DESC(names, "up to 3 names (defaults alpha,beta,gamma)");

static char *str = "plain";
module_param(str, charp, 0444);
MODULE_PARM_DESC(str, "a string (default \"plain\")");

static bool fail;
module_param(fail, bool, 0444);
MODULE_PARM_DESC(fail, "make init fail with -ENODEV");

static void paramtest_show(const char *when)
{
	pr_info("paramtest: %s: names=%s,%s,%s (%u given) str=%s\n", when, names[0], names[1],
		names[2], nnames, str);
}

static int __init paramtest_init(void)
{
	paramtest_show("init");
	return fail ? -ENODEV : 0;
}

static void __exit paramtest_exit(void)
{
	paramtest_show("exit");
}

module_init(paramtest_init);
module_exit(paramtest_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test: charp parameters and arrays with defaults are freed exactly once");
