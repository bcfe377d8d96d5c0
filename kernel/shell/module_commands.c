/*
 * Shell commands for modules: insmod, rmmod, lsmod, modinfo. Messages are
 * worded as Linux's kmod tools word them.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <modlab/console.h>
#include <modlab/module.h>
#include <modlab/shell.h>
#include <modlab/errno.h>
#include <modlab/fs.h>

static const char *insmod_reason(int err)
{
	switch (err) {
	case -ENOEXEC:
		return "Invalid module format";
	case -ENOENT:
		return "Unknown symbol in module, or unknown parameter (see dmesg)";
	case -EEXIST:
		return "File exists";
	case -EINVAL:
		return "Invalid parameters";
	default:
		return strerror(err);
	}
}

static int cmd_insmod(int argc, char **argv)
{
	char args[256] = "";
	unsigned long len;
	size_t n = 0;
	void *image;
	int i, err;

	if (argc < 2) {
		printf("usage: insmod FILE [NAME=VALUE...]\n");
		return 1;
	}
	/* The loader splits the parameters at blanks, so a value cannot hold
	 * one (insmod x.ko s='a b' would pass s=a and an unknown b). */
	for (i = 2; i < argc; i++) {
		if (argv[i][strcspn(argv[i], " \t")]) {
			printf("insmod: ERROR: parameter '%s': a value cannot contain blanks\n",
			       argv[i]);
			return 1;
		}
		n += scnprintf(args + n, sizeof(args) - n, "%s%s", n ? " " : "", argv[i]);
	}
	image = kernel_read_whole_file(argv[1], &len, &err);
	if (!image) {
		printf("insmod: ERROR: could not load module %s: %s\n", argv[1], strerror(err));
		return 1;
	}
	err = load_module(image, len, args);
	kfree(image);
	if (err) {
		printf("insmod: ERROR: could not insert module %s: %s\n", argv[1],
		       insmod_reason(err));
		return 1;
	}
	return 0;
}
SHELL_COMMAND("insmod", cmd_insmod, "FILE [NAME=VALUE...]", "load a module with parameters");

/* "/lib/modules/hello.ko" -> "hello", as rmmod accepts either. Returns
 * false if the name does not fit in size (no module has such a name: a
 * cut one could be another module's). */
static bool module_name_of(const char *arg, char *name, size_t size)
{
	const char *base = strrchr(arg, '/');
	size_t len;

	base = base ? base + 1 : arg;
	len = strlen(base);
	if (len > 3 && !strcmp(base + len - 3, ".ko"))
		len -= 3;
	snprintf(name, size, "%.*s", (int)len, base);
	/* A module's name is its file's with '-' made '_' (KBUILD_MODNAME);
	 * kmod's tools take either spelling, and so do these. */
	for (char *p = name; *p; p++)
		if (*p == '-')
			*p = '_';
	return len < size;
}

struct state_query {
	const char *name;
	int state;		/* -1: not found */
};

static void find_state(struct module *mod, void *arg)
{
	struct state_query *q = arg;

	if (!strcmp(mod->name, q->name))
		q->state = mod->state;
}

/* Why a module that is not LIVE cannot be removed (rmmod's -EBUSY). */
static void explain_busy(const char *name)
{
	struct state_query q = { name, -1 };

	for_each_module(find_state, &q);
	if (q.state == MODULE_STATE_COMING)
		printf("rmmod: module %s is still in its init (Loading); an init killed by an oops "
		       "never ends, and the module stays until reboot\n", name);
	else if (q.state == MODULE_STATE_GOING)
		printf("rmmod: module %s is already being removed (Unloading); an exit killed by "
		       "an oops never ends, and the module stays until reboot\n", name);
}

static int cmd_rmmod(int argc, char **argv)
{
	char name[MODULE_NAME_LEN], users[128];
	unsigned int flags = O_NONBLOCK;
	const char *arg = NULL;
	int i, err;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--wait") || !strcmp(argv[i], "-w"))
			flags &= ~O_NONBLOCK;	/* stop new users, wait for the rest */
		else if (!strcmp(argv[i], "-f") || !strcmp(argv[i], "--force"))
			flags |= O_TRUNC;	/* Linux's flag for a forced removal */
		else if (!arg)
			arg = argv[i];
		else
			arg = "";
	}
	if (!arg || !*arg) {
		printf("Usage: rmmod [--wait|-f] <modulename>\n");
		return 1;
	}
	if (!module_name_of(arg, name, sizeof(name))) {
		printf("rmmod: ERROR: Module %s is not currently loaded\n", arg);
		return 1;
	}
	err = delete_module(name, flags);
	if (!err)
		return 0;
	if (err == -ENOENT) {
		printf("rmmod: ERROR: Module %s is not currently loaded\n", name);
	} else if (err == -EINTR) {
		printf("rmmod: ERROR: interrupted; module %s is live again\n", name);
	} else if (err == -EINPROGRESS) {
		printf("rmmod: ERROR: interrupted; the forced removal of %s goes on in %s\n", name,
		       "its rmmod --wait");
	} else if (err == -EWOULDBLOCK) {
		module_users(name, users, sizeof(users));
		if (users[0])
			printf("rmmod: ERROR: Module %s is in use by: %s\n", name, users);
		else
			printf("rmmod: ERROR: Module %s is in use\n", name);
	} else {
		printf("rmmod: ERROR: could not remove module %s: %s\n", name, strerror(err));
		if (err == -EBUSY)
			explain_busy(name);
	}
	return 1;
}
SHELL_COMMAND("rmmod", cmd_rmmod, "[--wait|-f] NAME",
	      "remove a module (--wait: stop new users and wait; -f: even if used)");

static void lsmod_one(struct module *mod, void *arg)
{
	char users[128];

	module_deps(mod, users, sizeof(users), true);
	/* The count is read without stopping the CPUs: a best-effort figure. */
	printf("%-19s %8u  %-3d %-16s %s%s\n", mod->name, mod->core.size + mod->init_layout.size,
	       module_use_count(mod), users, module_state_name(mod->state),
	       mod->taints ? (mod->taints & (1u << TAINT_FORCED_RMMOD) ? " (R)" : " (P)") : "");
}

static int cmd_lsmod(int argc, char **argv)
{
	printf("Module                  Size  Used by              State\n");
	if (tainted_mask)
		printf("(kernel tainted: %s, %lu)\n", print_tainted(), READ_ONCE(tainted_mask));
	for_each_module(lsmod_one, NULL);
	return 0;
}
SHELL_COMMAND("lsmod", cmd_lsmod, "", "list loaded modules: size, users, state");

/* ---- modinfo ---- */

static void print_modinfo(const char *filename, const char *info, size_t len)
{
	static const char *const tags[] = { "license", "description", "author", "version",
					     "depends", "name", "vermagic" };
	const char *p, *end = info + len;
	unsigned int i;

	printf("%-16s%s\n", "filename:", filename);
	for (i = 0; i < ARRAY_SIZE(tags); i++) {
		size_t tl = strlen(tags[i]);

		for (p = info; p < end; p += strnlen(p, end - p) + 1)
			if (!strncmp(p, tags[i], tl) && p[tl] == '=')
				printf("%s:%*s%s\n", tags[i], (int)(15 - tl), "", p + tl + 1);
	}
	/* parm lines: "name:description (type)" from parm= and parmtype=. */
	for (p = info; p < end; p += strnlen(p, end - p) + 1) {
		const char *q, *colon, *type = NULL;
		bool described = !strncmp(p, "parm=", 5);

		if (!described && strncmp(p, "parmtype=", 9))
			continue;
		colon = strchr(p, ':');
		if (!colon)
			continue;
		if (!described) {
			/* A parameter without a description: print it once, here. */
			bool has_desc = false;
			size_t nl = colon - (p + 9);

			for (q = info; q < end; q += strnlen(q, end - q) + 1)
				if (!strncmp(q, "parm=", 5) && !strncmp(q + 5, p + 9, nl) &&
				    q[5 + nl] == ':')
					has_desc = true;
			if (!has_desc)
				printf("%-16s%.*s: (%s)\n", "parm:", (int)nl, p + 9, colon + 1);
			continue;
		}
		for (q = info; q < end; q += strnlen(q, end - q) + 1)
			if (!strncmp(q, "parmtype=", 9) &&
			    !strncmp(q + 9, p + 5, colon - (p + 5)) && q[9 + (colon - (p + 5))] == ':')
				type = strchr(q, ':') + 1;
		printf("%-16s%.*s:%s (%s)\n", "parm:", (int)(colon - (p + 5)), p + 5, colon + 1,
		       type ? type : "unknown");
	}
}

struct modinfo_find {
	const char *name;
	char *info;
	size_t len;
	int err;		/* -ENOMEM if the module was found but not copied */
};

static void copy_if_named(struct module *mod, void *arg)
{
	struct modinfo_find *f = arg;

	if (f->info || strcmp(mod->name, f->name))
		return;
	f->info = kmalloc(mod->modinfo_len + 1, GFP_KERNEL);
	if (f->info) {
		memcpy(f->info, mod->modinfo, mod->modinfo_len);
		f->len = mod->modinfo_len;
	} else {
		f->err = -ENOMEM;
	}
}

static int cmd_modinfo(int argc, char **argv)
{
	struct modinfo_find f = { 0 };
	char name[MODULE_NAME_LEN];
	unsigned long len;
	void *image;
	int err;

	if (argc != 2) {
		printf("usage: modinfo FILE|NAME\n");
		return 1;
	}
	module_name_of(argv[1], name, sizeof(name));
	f.name = name;
	if (!strchr(argv[1], '/') && !strstr(argv[1], ".ko"))
		for_each_module(copy_if_named, &f);
	if (f.info) {
		print_modinfo(argv[1], f.info, f.len);
		kfree(f.info);
		return 0;
	}
	err = f.err;
	image = err ? NULL : kernel_read_whole_file(argv[1], &len, &err);
	if (!image && err == -ENOENT) {
		printf("modinfo: ERROR: Module %s not found.\n", argv[1]);
		return 1;
	}
	if (!image) {
		printf("modinfo: ERROR: could not get modinfo from '%s': %s\n", argv[1],
		       strerror(err));
		return 1;
	}
	err = module_file_modinfo(image, len, &f.info, &f.len);
	kfree(image);
	if (err) {
		printf("modinfo: ERROR: could not get modinfo from '%s': %s\n", argv[1],
		       err == -ENOEXEC ? "Invalid module format" : strerror(err));
		return 1;
	}
	print_modinfo(argv[1], f.info, f.len);
	kfree(f.info);
	return 0;
}
SHELL_COMMAND("modinfo", cmd_modinfo, "FILE|NAME", "show a module's licence, author, parameters...");
