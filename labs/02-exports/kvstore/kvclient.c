/*
 * kvclient: a module that uses kvstore's exported functions.
 *
 *	insmod /lab/kvclient.ko keys=5,17,3 base=100
 *
 * puts key keys[i] = base + i for each key given, and at unload deletes
 * the keys it put. modpost saw kvstore's exports when it checked this
 * module, so its .modinfo says depends=kvstore: without kvstore loaded the
 * loader refuses it ("Unknown symbol in module"), and while it is loaded,
 * lsmod shows it in kvstore's "used by" column and rmmod kvstore fails.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include "kvstore.h"

#define KVCLIENT_MAX_KEYS 16

static unsigned int keys[KVCLIENT_MAX_KEYS];
static int nkeys;
module_param_array(keys, uint, &nkeys, 0444);
MODULE_PARM_DESC(keys, "the keys to put (up to 16)");

static int base;
module_param(base, int, 0444);
MODULE_PARM_DESC(base, "the value of the first key; each next key gets one more");

static int __init kvclient_init(void)
{
	int i, ret;

	/* LAB(exports) BEGIN: put keys[i] = base + i; if a put fails, delete those put and fail */
	for (i = 0; i < nkeys; i++) {
		ret = kv_put(keys[i], (long)base + i);
		if (ret) {
			while (i--)
				kv_del(keys[i]);
			return ret;
		}
	}
	/* LAB(exports) SKEL
	(void)i, (void)ret;
	*/
	/* LAB(exports) END */
	pr_info("kvclient: put %d key(s)\n", nkeys);
	return 0;
}

static void __exit kvclient_exit(void)
{
	int i;

	/* LAB(exports) BEGIN: delete the keys this module put */
	for (i = 0; i < nkeys; i++)
		kv_del(keys[i]);
	/* LAB(exports) SKEL
	(void)i;
	*/
	/* LAB(exports) END */
	pr_info("kvclient: unloaded\n");
}

module_init(kvclient_init);
module_exit(kvclient_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Puts keys into kvstore through its exported functions");
