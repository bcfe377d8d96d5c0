/*
 * hello-2.c - Demonstrating the module_init() and module_exit() macros,
 * with a parameter, and a warning Linux's default flags print (an unused
 * variable) that must not stop the build.
 */
#include <linux/init.h> /* Needed for the macros */
#include <linux/module.h> /* Needed by all modules */
#include <linux/moduleparam.h>
#include <linux/printk.h> /* Needed for pr_info() */

static int myint = 420;
module_param(myint, int, S_IRUSR | S_IWUSR | S_IRGRP | S_IROTH);
MODULE_PARM_DESC(myint, "An integer");

static int __init hello_2_init(void)
{
	int unused_on_purpose;

	pr_info("Hello, world 2 (myint is %d, HZ %d, page %lu bytes)\n", myint, HZ,
		PAGE_SIZE);
	return 0;
}

static void __exit hello_2_exit(void)
{
	pr_info("Goodbye, world 2\n");
}

module_init(hello_2_init);
module_exit(hello_2_exit);

MODULE_LICENSE("GPL");
