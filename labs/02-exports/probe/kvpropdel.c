/*
 * kvpropdel: a proprietary module that calls kv_del, which kvstore exports
 * to GPL-compatible modules only. The loader must refuse it. (modpost
 * refuses to build it too: the grader builds it with
 * MODPOST_ALLOW_GPL_VIOLATION, so that the kernel's refusal is tested.)
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include "kvstore.h"

static unsigned int key;
module_param(key, uint, 0444);

static int __init kvpropdel_init(void)
{
	pr_info("kvpropdel: kv_del(%u) = %d\n", key, kv_del(key));
	return 0;
}

static void __exit kvpropdel_exit(void)
{
}

module_init(kvpropdel_init);
module_exit(kvpropdel_exit);

MODULE_LICENSE("Proprietary");
MODULE_DESCRIPTION("The exports lab's grader: a proprietary module calling GPL-only kv_del");
