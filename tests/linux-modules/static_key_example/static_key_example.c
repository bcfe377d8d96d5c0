// SPDX-License-Identifier: GPL-2.0
/*
 * static_key_example.c - a feature switched on and off with a static key,
 * as tracing hooks are: the hot path tests the key, a parameter flips it.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/jump_label.h>
#include <linux/moduleparam.h>

static DEFINE_STATIC_KEY_FALSE(extra_checks);
static DEFINE_STATIC_KEY_TRUE(fast_path);

static bool checks;
module_param(checks, bool, 0444);
MODULE_PARM_DESC(checks, "turn the extra checks on");

static int hot_path(int x)
{
	int r = x * 2;

	if (static_branch_unlikely(&extra_checks))
		r += 1000;
	if (!static_branch_likely(&fast_path))
		r += 1;
	return r;
}

static int __init static_key_example_init(void)
{
	pr_info("static_key_example: hot_path(1) = %d\n", hot_path(1));
	if (checks)
		static_branch_enable(&extra_checks);
	pr_info("static_key_example: checks %s, hot_path(1) = %d\n",
		static_key_enabled(&extra_checks) ? "on" : "off", hot_path(1));
	static_branch_disable(&fast_path);
	static_branch_inc(&extra_checks);
	static_branch_inc(&extra_checks);
	static_branch_dec(&extra_checks);
	pr_info("static_key_example: after inc, inc, dec: %d; slow path: hot_path(1) = %d\n",
		static_key_enabled(&extra_checks), hot_path(1));
	return 0;
}

static void __exit static_key_example_exit(void)
{
	pr_info("static_key_example: unloaded\n");
}

module_init(static_key_example_init);
module_exit(static_key_example_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Static keys");
