/*
 * kvprop: a proprietary module that calls kvstore's two EXPORT_SYMBOL
 * functions. The loader must accept it (and taint the kernel).
 *
 *	insmod /lab/probe/kvprop.ko key=K value=V
 *
 * puts K = V, reads it back and prints "kvprop: K=<what kv_get gave>".
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include "kvstore.h"

static unsigned int key;
module_param(key, uint, 0444);
static int value;
module_param(value, int, 0444);

static int __init kvprop_init(void)
{
	long got = 0;
	int ret = kv_put(key, value);

	if (!ret)
		ret = kv_get(key, &got);
	pr_info("kvprop: %u=%ld (%d)\n", key, got, ret);
	return 0;
}

static void __exit kvprop_exit(void)
{
}

module_init(kvprop_init);
module_exit(kvprop_exit);

MODULE_LICENSE("Proprietary");
MODULE_DESCRIPTION("The exports lab's grader: a proprietary user of kv_put and kv_get");
