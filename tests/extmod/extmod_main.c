/*
 * extmod: a module built outside the tree, from two objects.
 *
 * What it shows: make -C <modlab tree> M=tests/extmod builds extmod_main.c
 * and extmod_slots.c with the tree's flags and headers, links them into
 * tests/extmod/extmod.ko, checks its symbols against the tree's
 * build/Module.symvers and lists its own exports in
 * tests/extmod/Module.symvers. At load, it takes 'take' slots from the
 * allocator in extmod_slots.c and gives them back on unload.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include "extmod.h"

static int take = 3;
module_param(take, int, 0444);
MODULE_PARM_DESC(take, "how many slots to hold while loaded (default 3)");

static int held[EXTMOD_SLOTS];
static int nheld;

static int __init extmod_init(void)
{
	int slot;

	if (take < 0 || take > EXTMOD_SLOTS)
		return -EINVAL;
	while (nheld < take) {
		slot = extmod_slot_get();
		if (slot < 0)
			return slot;	/* cannot happen: take <= EXTMOD_SLOTS */
		held[nheld++] = slot;
	}
	pr_info("extmod: loaded; holding %d slot(s), the last is %d\n", extmod_slots_used(),
		nheld ? held[nheld - 1] : -1);
	return 0;
}

static void __exit extmod_exit(void)
{
	while (nheld > 0)
		extmod_slot_put(held[--nheld]);
	pr_info("extmod: unloaded; %d slot(s) held\n", extmod_slots_used());
}

module_init(extmod_init);
module_exit(extmod_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("An out-of-tree module from two objects");
