/*
 * selftest module-words NAME [SECTION [WORDS]]: where a loaded module's
 * sections are, and what one of them holds, for a check on the host.
 *
 * Prints "section SECTION 0xADDRESS" for each placed section of module
 * NAME (the loader's table, kernel/module/sections.c), then, if SECTION is
 * given, its first WORDS (default 1, at most 4096) 32-bit words, eight a
 * line, each line starting with the address of its first word:
 *
 *	words .data.lnk 0xd0812040: 0x00000000 0xc01234a0 ...
 *
 * The linker lab's grader (labs/06-linker) reads a relocated table this
 * way and compares every word with what its model of the relocation
 * gives: the test judges nothing itself. An init section is gone after
 * init and cannot be read.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <modlab/module.h>
#include "selftest.h"

struct words_req {
	const char *name, *section;
	unsigned int words;
	bool found, dumped;
	const char *why;
};

static void dump(const struct module_sect_attr *a, unsigned int words)
{
	const u32 *p = (const u32 *)a->address;
	unsigned int i;

	for (i = 0; i < words; i++) {
		if (i % 8 == 0)
			printf("%swords %s %#lx:", i ? "\n" : "", a->name,
			       a->address + i * 4);
		printf(" 0x%08x", p[i]);
	}
	printf("\n");
}

/* Under module_mutex (for_each_module): the module and its table stay. */
static void words_one(struct module *mod, void *arg)
{
	struct words_req *r = arg;
	const struct module_sect_attrs *sa = mod->sect_attrs;
	unsigned int i;

	if (strcmp(mod->name, r->name))
		return;
	r->found = true;
	if (!sa) {
		r->why = "it has no section table";
		return;
	}
	for (i = 0; i < sa->nsections; i++)
		printf("section %s %#lx%s\n", sa->attrs[i].name, sa->attrs[i].address,
		       sa->attrs[i].init ? " (init)" : "");
	if (!r->section)
		return;
	for (i = 0; i < sa->nsections; i++) {
		const struct module_sect_attr *a = &sa->attrs[i];

		if (strcmp(a->name, r->section))
			continue;
		if (a->init && mod->state == MODULE_STATE_LIVE) {
			r->why = "that section was freed after init";
			return;
		}
		dump(a, r->words);
		r->dumped = true;
		return;
	}
	r->why = "it has no such section";
}

int selftest_module_words(int argc, char **argv)
{
	struct words_req r = { .words = 1 };

	if (argc < 2 || argc > 4)
		return selftest_fail("usage: selftest module-words NAME [SECTION [WORDS]]");
	r.name = argv[1];
	r.section = argc > 2 ? argv[2] : NULL;
	if (argc > 3 && selftest_parse_uint(argv[3], &r.words, 4096))
		return 1;
	for_each_module(words_one, &r);
	if (!r.found)
		return selftest_fail("expected a module %s loaded, saw none", r.name);
	if (r.why)
		return selftest_fail("module %s, section %s: %s", r.name,
				     r.section ? r.section : "-", r.why);
	return 0;
}
