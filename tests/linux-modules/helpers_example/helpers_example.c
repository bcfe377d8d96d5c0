// SPDX-License-Identifier: GPL-2.0
/*
 * helpers_example.c - parsing and bookkeeping helpers: sscanf and kstrto*
 * on a "config" string, a list of records kept sorted and walked safely,
 * a hash table by id, kasprintf, a hex dump, rate-limited and once-only
 * messages, the system's name and credentials, random numbers, and a
 * module parameter with its own set function (module_param_cb).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/list.h>
#include <linux/hashtable.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/random.h>
#include <linux/utsname.h>
#include <linux/cred.h>
#include <linux/bits.h>
#include <linux/minmax.h>

static char config[64] = "alpha=3 beta=0x1f gamma=-12";
module_param_string(config, config, sizeof(config), 0644);
MODULE_PARM_DESC(config, "name=value pairs to parse");

static int level = 1;

static int set_level(const char *val, const struct kernel_param *kp)
{
	int err = param_set_int(val, kp);

	if (!err && (level < 0 || level > 7)) {
		level = 1;
		return -EINVAL;
	}
	return err;
}

static const struct kernel_param_ops level_ops = {
	.set = set_level,
	.get = param_get_int,
};
module_param_cb(level, &level_ops, &level, 0644);
MODULE_PARM_DESC(level, "0 to 7");

struct record {
	char name[16];
	long value;
	struct list_head list;
	struct hlist_node node;
};

static LIST_HEAD(records);
static DEFINE_HASHTABLE(by_value, 3);

static void add_sorted(struct record *r)
{
	struct record *pos;

	list_for_each_entry(pos, &records, list) {
		if (pos->value > r->value) {
			list_add_tail(&r->list, &pos->list);	/* before pos */
			return;
		}
	}
	list_add_tail(&r->list, &records);
}

static int __init helpers_example_init(void)
{
	char name[16], *p = config, *word, *msg;
	struct record *r, *tmp;
	unsigned int n = 0, i;
	u8 dump[20];
	int bkt, found = 0;
	long v;

	pr_info("helpers_example: %s %s on %s, uid %u, level %d\n", utsname()->sysname,
		utsname()->release, utsname()->machine, from_kuid(&init_user_ns, current_uid()),
		level);
	while ((word = strsep(&p, " ")) != NULL) {
		char valstr[24];

		if (!*word)
			continue;
		if (!strchr(word, '='))
			continue;
		*strchr(word, '=') = ' ';
		if (sscanf(word, "%15s %23s", name, valstr) != 2 || kstrtol(valstr, 0, &v)) {
			pr_warn("helpers_example: cannot parse '%s'\n", word);
			continue;
		}
		r = kzalloc(sizeof(*r), GFP_KERNEL);
		if (!r)
			goto nomem;
		strscpy(r->name, name, sizeof(r->name));
		r->value = v;
		add_sorted(r);
		hash_add(by_value, &r->node, (u32)v);
		n++;
	}
	list_for_each_entry(r, &records, list)
		pr_info("helpers_example: %s = %ld\n", r->name, r->value);
	hash_for_each_possible(by_value, r, node, 31u)
		if (r->value == 31)
			found++;
	hash_for_each(by_value, bkt, r, node)
		found += 10;
	msg = kasprintf(GFP_KERNEL, "%u records, %d found by hash, BIT(4)=%lu GENMASK(7,4)=%#lx",
			n, found, BIT(4), GENMASK(7, 4));
	if (msg)
		pr_info("helpers_example: %s\n", msg);
	kfree(msg);
	for (i = 0; i < ARRAY_SIZE(dump); i++)
		dump[i] = 'A' + i;
	print_hex_dump(KERN_INFO, "helpers_example: ", DUMP_PREFIX_OFFSET, 16, 1, dump,
		       sizeof(dump), true);
	for (i = 0; i < 3; i++)
		pr_info_once("helpers_example: once only (i=%u)\n", i);
	for (i = 0; i < 30; i++)
		pr_info_ratelimited("helpers_example: ratelimited %u\n", i);
	pr_info("helpers_example: min_t %d, clamp %d, random below 10: %u\n", min_t(int, -3, 4u),
		clamp(42, 0, 10), get_random_u32_below(10));
	/* Remove the odd values while walking the list. */
	list_for_each_entry_safe(r, tmp, &records, list) {
		if (r->value & 1) {
			hash_del(&r->node);
			list_del(&r->list);
			kfree(r);
		}
	}
	pr_info("helpers_example: %zu records left\n", list_count_nodes(&records));
	return 0;
nomem:
	list_for_each_entry_safe(r, tmp, &records, list) {
		list_del(&r->list);
		kfree(r);
	}
	return -ENOMEM;
}

static void __exit helpers_example_exit(void)
{
	struct record *r, *tmp;

	list_for_each_entry_safe(r, tmp, &records, list) {
		list_del(&r->list);
		kfree(r);
	}
	pr_info("helpers_example: unloaded\n");
}

module_init(helpers_example_init);
module_exit(helpers_example_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Parsing and bookkeeping helpers");
