/*
 * The module unload race test: load and remove refmod over and over while
 * threads on every CPU take and drop references on it: hammer's, through
 * get_fs_type (the way a subsystem hands out a module), and refmod's own
 * (self_hammer), calling try_module_get in preemptible code.
 *
 * Run it on a kernel built with CONFIG_DEBUG_MODULE_REF_WINDOW (a busy
 * wait between try_module_get's test of 'live' and its increment, so a
 * stop in that window would be likely) and CONFIG_DEBUG_MODULE_FREE (a
 * freed module's memory is poisoned and unmapped, so a reference that was
 * not counted faults the moment it is used). A correct kernel survives
 * every round with the counts in balance; a try_module_get whose test and
 * increment can be separated by a stop (CONFIG_DEBUG_MODULE_REF_BROKEN)
 * oopses within a few hundred rounds.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <modlab/console.h>
#include "selftest.h"
#include <modlab/fs.h>
#include <modlab/module.h>

#define REFMOD_PATH	"/lib/modules/refmod.ko"

int selftest_module_race(int argc, char **argv)
{
	unsigned int rounds = 2000, i, waits = 0, plain = 0;
	struct file_system_type *probe;
	unsigned long len;
	void *image;
	int err;

	if (argc > 1 && selftest_parse_uint(argv[1], &rounds, 1000000))
		return 1;
	probe = get_fs_type("reffs");
	if (probe) {
		put_filesystem(probe);
		return selftest_fail("refmod is already loaded; start with it unloaded");
	}
	image = kernel_read_whole_file(REFMOD_PATH, &len, &err);
	if (!image)
		return selftest_fail("cannot read " REFMOD_PATH);
	printf("%u rounds of insmod refmod / rmmod (plain, else --wait), window debug %s\n",
	       rounds, CONFIG_DEBUG_MODULE_REF_WINDOW ? "on" : "off");
	for (i = 0; i < rounds; i++) {
		err = load_module(image, len, "self_hammer=1");
		if (err) {
			kfree(image);
			return selftest_fail("round %u: insmod: expected 0, saw %d", i, err);
		}
		/* Plain rmmod fails while a hammer thread holds a reference
		 * for a moment; then wait for it, as rmmod --wait does. */
		err = delete_module("refmod", O_NONBLOCK);
		if (err == -EWOULDBLOCK) {
			waits++;
			err = delete_module("refmod", 0);
		} else {
			plain++;
		}
		if (err) {
			kfree(image);
			return selftest_fail("round %u: rmmod: expected 0, saw %d", i, err);
		}
		if (i % 500 == 499)
			printf("%u rounds: %u plain rmmod, %u needed --wait\n", i + 1, plain, waits);
	}
	kfree(image);
	printf("done: %u plain rmmod, %u needed --wait\n", plain, waits);
	/* A reference that succeeded after an unload began says so in the log. */
	{
		char *log = kmalloc(64 * 1024 + 1, GFP_KERNEL);
		bool bug = log && log_read(log, 64 * 1024 + 1) && strstr(log, "refmod: BUG");

		kfree(log);
		if (bug)
			return selftest_fail("expected no reference taken after an unload began, saw one (dmesg: refmod: BUG)");
	}
	return 0;
}
