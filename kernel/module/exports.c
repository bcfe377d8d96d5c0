/*
 * Exported symbols: the kernel's (EXPORT_SYMBOL in its own files, gathered
 * by the linker script) and those of loaded modules, in one hash table by
 * name, so resolving a module's undefined symbols costs one lookup each.
 *
 * module_mutex protects the table: modules add their exports when they
 * start their init (COMING) and remove them when they are freed. Whether a
 * module's export may be used yet (only once it is LIVE) is the caller's
 * check, since it can involve waiting.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include "exports.h"

#define EXPORT_HASH_BITS	11
#define EXPORT_HASH_SIZE	(1u << EXPORT_HASH_BITS)

extern const struct kernel_symbol __start___ksymtab[], __stop___ksymtab[];
extern const struct kernel_symbol __start___ksymtab_gpl[], __stop___ksymtab_gpl[];

struct export_entry {
	const struct kernel_symbol *sym;
	struct module *owner;		/* NULL: the kernel */
	bool gpl_only;
	struct export_entry *next;
};

static struct export_entry *export_hash[EXPORT_HASH_SIZE];
static unsigned long nr_exports;

/* FNV-1a: simple, and spreads short similar names well. */
static u32 name_hash(const char *s)
{
	u32 h = 2166136261u;

	while (*s)
		h = (h ^ (u8)*s++) * 16777619u;
	return h & (EXPORT_HASH_SIZE - 1);
}

const struct kernel_symbol *find_export(const char *name, struct module **owner, bool *gpl_only)
{
	struct export_entry *e;

	for (e = export_hash[name_hash(name)]; e; e = e->next) {
		if (!strcmp(e->sym->name, name)) {
			*owner = e->owner;
			*gpl_only = e->gpl_only;
			return e->sym;
		}
	}
	return NULL;
}

static int add_one(const struct kernel_symbol *sym, struct module *owner, bool gpl_only)
{
	struct export_entry *e = kmalloc(sizeof(*e), GFP_KERNEL);
	u32 h = name_hash(sym->name);

	if (!e)
		return -ENOMEM;
	e->sym = sym;
	e->owner = owner;
	e->gpl_only = gpl_only;
	e->next = export_hash[h];
	export_hash[h] = e;
	nr_exports++;
	return 0;
}

static void remove_owner(struct module *owner)
{
	unsigned int i;

	for (i = 0; i < EXPORT_HASH_SIZE; i++) {
		struct export_entry **pp = &export_hash[i];

		while (*pp) {
			struct export_entry *e = *pp;

			if (e->owner == owner) {
				*pp = e->next;
				kfree(e);
				nr_exports--;
			} else {
				pp = &e->next;
			}
		}
	}
}

/* Add a module's exports (under module_mutex); a name exported twice is
 * refused and nothing is added. */
int add_module_exports(struct module *mod)
{
	struct module *owner;
	bool gpl;
	unsigned int i;
	int err = 0;

	for (i = 0; i < mod->num_syms + mod->num_gpl_syms; i++) {
		const struct kernel_symbol *s = i < mod->num_syms ? &mod->syms[i] :
					       &mod->gpl_syms[i - mod->num_syms];

		if (find_export(s->name, &owner, &gpl)) {
			pr_err("module %s: exports %s, which %s already exports\n", mod->name,
			       s->name, owner ? owner->name : "the kernel");
			err = -ENOEXEC;
			break;
		}
		err = add_one(s, mod, i >= mod->num_syms);
		if (err)
			break;
	}
	if (err)
		remove_owner(mod);
	return err;
}

void remove_module_exports(struct module *mod)
{
	remove_owner(mod);
}

unsigned long export_count(void)
{
	return nr_exports;
}

void exports_init(void)
{
	const struct kernel_symbol *s;

	for (s = __start___ksymtab; s < __stop___ksymtab; s++)
		add_one(s, NULL, false);
	for (s = __start___ksymtab_gpl; s < __stop___ksymtab_gpl; s++)
		add_one(s, NULL, true);
	pr_info("module: %lu kernel symbols exported\n", nr_exports);
}
