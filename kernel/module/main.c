/*
 * Loading and removing modules.
 *
 * load_module() takes the whole .ko image (there is no create_module or
 * query_module: the kernel does all the linking) and goes through the
 * steps of DESIGN.md: check the image (elf.c), read .modinfo (vermagic,
 * licence), lay out and copy the sections, enter the module list as
 * UNFORMED (invisible), resolve its symbols against the exports of the
 * kernel and of LIVE modules, relocate, make its text read-only, set its
 * parameters, publish its exports and go COMING, run init, and go LIVE
 * (freeing the init sections) or, if init fails, GOING and undo it all.
 *
 * module_mutex protects the module list, every module's state, the
 * export table and the lists of which module uses which. Module states
 * change only under it. A load that needs a symbol of a module still in
 * its init drops the mutex, waits on module_wq for that init to end, and
 * resolves again.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/gfp.h>
#include <modlab/mm.h>
#include <modlab/module.h>
#include "internal.h"
#include "exports.h"

DEFINE_MUTEX(module_mutex);
static LIST_HEAD(modules);
static DECLARE_WAIT_QUEUE_HEAD(module_wq);	/* a module left COMING */
static unsigned long module_wq_seq;		/* bumped (under the mutex) each time */

/* A module's init has ended (or it went away): wake loads waiting on it. */
void module_state_changed(void)
{
	WRITE_ONCE(module_wq_seq, module_wq_seq + 1);
	wake_up(&module_wq);
}

int module_wait_change(void)
{
	unsigned long seen = module_wq_seq;
	int err;

	mutex_unlock(&module_mutex);
	err = wait_event_interruptible(module_wq, READ_ONCE(module_wq_seq) != seen);
	mutex_lock(&module_mutex);
	return err ? -EINTR : 0;
}
unsigned long tainted_mask;

/* A module's function names, sorted by address, for backtraces, with each
 * function's own size (st_size; 0 if the object did not say). */
struct mod_kallsyms {
	unsigned int num;
	unsigned long *addr;
	unsigned long *size;
	const char **name;
	char *strings;
};

void add_taint(unsigned int flag)
{
	__atomic_or_fetch(&tainted_mask, 1ul << flag, __ATOMIC_RELAXED);
}

const char *print_tainted(void)
{
	static const struct { unsigned int bit; char c; } letters[] = {
		{ TAINT_PROPRIETARY_MODULE, 'P' }, { TAINT_FORCED_RMMOD, 'R' },
		{ TAINT_DIE, 'D' }, { TAINT_WARN, 'W' }, { TAINT_SOFTLOCKUP, 'L' },
	};
	static char buf[8];
	unsigned long t = READ_ONCE(tainted_mask);
	unsigned int i;
	char *p = buf;

	if (!t)
		return "Not tainted";
	for (i = 0; i < ARRAY_SIZE(letters); i++)
		if (t & (1ul << letters[i].bit))
			*p++ = letters[i].c;
	*p = '\0';
	return buf;
}

static bool license_is_gpl_compatible(const char *license)
{
	static const char *const ok[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL",
		"Dual MPL/GPL",
	};
	unsigned int i;

	for (i = 0; license && i < ARRAY_SIZE(ok); i++)
		if (!strcmp(license, ok[i]))
			return true;
	return false;
}

/* The value of tag in a .modinfo block ("tag=value\0..."), or NULL. */
static const char *modinfo_get(const char *info, unsigned int len, const char *tag)
{
	size_t tlen = strlen(tag);
	const char *p = info, *end = info + len;

	while (p < end) {
		size_t n = strnlen(p, end - p);

		if (n > tlen && p[tlen] == '=' && !strncmp(p, tag, tlen))
			return p + tlen + 1;
		p += n + 1;
	}
	return NULL;
}

struct module *find_module(const char *name)
{
	struct module *m;

	list_for_each_entry(m, &modules, list)
		if (!strcmp(m->name, name))
			return m;
	return NULL;
}

/* ---- uses between modules ---- */

static bool already_uses(struct module *a, struct module *b)
{
	struct module_use *u;

	list_for_each_entry(u, &b->source_list, source_list)
		if (u->source == a)
			return true;
	return false;
}

/* Module a uses module b (under module_mutex). */
static int ref_module(struct module *a, struct module *b)
{
	struct module_use *u;

	if (!b || already_uses(a, b))
		return 0;
	u = kmalloc(sizeof(*u), GFP_KERNEL);
	if (!u)
		return -ENOMEM;
	u->source = a;
	u->target = b;
	list_add(&u->source_list, &b->source_list);
	list_add(&u->target_list, &a->target_list);
	return 0;
}

static void module_unload_free(struct module *mod)
{
	struct module_use *u, *n;

	list_for_each_entry_safe(u, n, &mod->target_list, target_list) {
		list_del(&u->source_list);
		list_del(&u->target_list);
		kfree(u);
	}
}

/* ---- resolving symbols ---- */

struct resolve_ctx {
	struct module *mod;
	bool gpl_ok;
	const char *waiting_for;	/* set when a provider is still COMING */
	char waiting_name[MODULE_NAME_LEN];
};

static unsigned long resolve_symbol(const char *name, bool weak, void *arg, int *err)
{
	struct resolve_ctx *ctx = arg;
	struct module *owner;
	bool gpl_only;
	const struct kernel_symbol *sym = find_export(name, &owner, &gpl_only);

	/* LAB(linker) BEGIN: the export (GPL-only needs GPL; COMING: -EAGAIN); record the use */
	if (!sym || (owner && owner->state == MODULE_STATE_GOING)) {
		if (!weak)	/* a weak symbol nobody defines is simply 0 */
			pr_err("module %s: Unknown symbol %s\n", ctx->mod->name, name);
		*err = -ENOENT;
		return 0;
	}
	if (gpl_only && !ctx->gpl_ok) {
		pr_err("module %s: Unknown symbol %s (GPL-only export; the module's licence is not GPL-compatible)\n",
		       ctx->mod->name, name);
		*err = -ENOENT;
		return 0;
	}
	if (owner && owner->state == MODULE_STATE_COMING) {
		/* Not usable half-made: wait for its init to end, then retry. */
		strscpy(ctx->waiting_name, owner->name, sizeof(ctx->waiting_name));
		ctx->waiting_for = ctx->waiting_name;
		*err = -EAGAIN;
		return 0;
	}
	*err = ref_module(ctx->mod, owner);
	return sym->value;
	/* LAB(linker) SKEL
	(void)ctx;
	(void)sym;
	(void)ref_module;
	*err = -ENOENT;
	return 0;
	*/
	/* LAB(linker) END */
}

/* ---- the module's own symbols, for backtraces ---- */

static void build_kallsyms(struct module *mod, struct load_info *info)
{
	struct mod_kallsyms *ks = kzalloc(sizeof(*ks), GFP_KERNEL);
	unsigned int i, n = 0, strsize = 0;
	char *s;

	if (!ks)
		return;
	for (i = 1; i < info->num_syms; i++) {
		const Elf32_Sym *sym = &info->syms[i];

		if (ELF32_ST_TYPE(sym->st_info) == STT_FUNC && sym->st_shndx < info->shnum &&
		    info->place[sym->st_shndx] != SEC_NONE) {
			n++;
			strsize += strlen(info->strtab + sym->st_name) + 1;
		}
	}
	ks->addr = kcalloc(n ? n : 1, sizeof(*ks->addr), GFP_KERNEL);
	ks->size = kcalloc(n ? n : 1, sizeof(*ks->size), GFP_KERNEL);
	ks->name = kcalloc(n ? n : 1, sizeof(*ks->name), GFP_KERNEL);
	ks->strings = kmalloc(strsize ? strsize : 1, GFP_KERNEL);
	if (!ks->addr || !ks->size || !ks->name || !ks->strings) {
		kfree(ks->addr);
		kfree(ks->size);
		kfree(ks->name);
		kfree(ks->strings);
		kfree(ks);
		return;
	}
	s = ks->strings;
	for (i = 1; i < info->num_syms; i++) {
		const Elf32_Sym *sym = &info->syms[i];
		unsigned int j;

		if (ELF32_ST_TYPE(sym->st_info) != STT_FUNC || sym->st_shndx >= info->shnum ||
		    info->place[sym->st_shndx] == SEC_NONE)
			continue;
		/* Insertion by address: modules have few functions. */
		for (j = ks->num; j > 0 && ks->addr[j - 1] > info->symvals[i]; j--) {
			ks->addr[j] = ks->addr[j - 1];
			ks->size[j] = ks->size[j - 1];
			ks->name[j] = ks->name[j - 1];
		}
		ks->addr[j] = info->symvals[i];
		ks->size[j] = sym->st_size;
		strcpy(s, info->strtab + sym->st_name);
		ks->name[j] = s;
		s += strlen(s) + 1;
		ks->num++;
	}
	mod->kallsyms = ks;
}

static void free_kallsyms(struct module *mod)
{
	if (mod->kallsyms) {
		kfree(mod->kallsyms->addr);
		kfree(mod->kallsyms->size);
		kfree(mod->kallsyms->name);
		kfree(mod->kallsyms->strings);
		kfree(mod->kallsyms);
		mod->kallsyms = NULL;
	}
}

static bool within(unsigned long addr, const struct module_layout *l)
{
	return l->base && addr >= (unsigned long)l->base &&
	       addr < (unsigned long)l->base + l->size;
}

struct module *__module_address(unsigned long addr)
{
	struct module *m;

	/* Read without the mutex: this serves oops reports, which must not
	 * sleep; a module being freed at that very moment may be missed. */
	list_for_each_entry(m, &modules, list)
		if (within(addr, &m->core) || within(addr, &m->init_layout))
			return m;
	return NULL;
}

/*
 * The exception-table entry for a faulting instruction in module code
 * (linux/extable.h). Read without the mutex, from the page-fault handler,
 * as __module_address is: the fault happened in code of the module found
 * here, running on this CPU, so that module is not being freed under us
 * (its code would be gone too); and only the module whose memory holds
 * addr is searched, so an entry of another module never matches.
 */
const struct exception_table_entry *search_module_extables(unsigned long addr)
{
	struct module *m = __module_address(addr);

	if (!m || !m->extable)
		return NULL;
	return search_extable(m->extable, m->num_exentries, addr);
}

/* kallsyms for module code: name, offset, size and the module's name. */
const char *module_address_lookup(unsigned long addr, unsigned long *size,
				  unsigned long *offset, const char **modname)
{
	struct module *m = __module_address(addr);
	struct mod_kallsyms *ks;
	unsigned int lo = 0, hi;
	unsigned long end;

	/* Init code is named only while it exists (during the module's init). */
	if (!m || !m->kallsyms)
		return NULL;
	ks = m->kallsyms;
	hi = ks->num;
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (ks->addr[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return NULL;
	*offset = addr - ks->addr[lo - 1];
	/* The function's own size. Only when the object gave none (or addr is
	 * past it, in padding) the distance to the next function, at most to
	 * the end of the code: the last function is not the rest of the page.
	 * A return address may be just at the end (a last call that does not
	 * return). */
	*size = ks->size[lo - 1];
	if (!*size || *offset > *size) {
		const struct module_layout *l = within(addr, &m->core) ? &m->core : &m->init_layout;

		end = (unsigned long)l->base + l->text_size;
		if (lo < ks->num && ks->addr[lo] < end)
			end = ks->addr[lo];
		*size = end > addr ? end - ks->addr[lo - 1] : *offset + 1;
	}
	*modname = m->name;
	return ks->name[lo - 1];
}

/* ---- memory ---- */

static int alloc_layout(struct module_layout *l)
{
	if (!l->size)
		return 0;
	l->base = alloc_pages_exact(l->size, GFP_KERNEL | __GFP_ZERO);
	return l->base ? 0 : -ENOMEM;
}

static void free_layout(struct module_layout *l)
{
	if (!l->base)
		return;
	set_memory_rw((unsigned long)l->base, l->ro_size / PAGE_SIZE);
#if CONFIG_DEBUG_MODULE_FREE
	/* Test builds: poison the memory and unmap it for good, so any use
	 * after the free (a reference that was not counted) faults at once. */
	memset(l->base, 0x6b, l->size);
	set_memory_np((unsigned long)l->base, l->size / PAGE_SIZE);
#else
	free_pages_exact(l->base, l->size);
#endif
	l->base = NULL;
}

/* What parse_args allocated (charp values given at insmod); each free
 * leaves a module's own defaults alone (kernel/module/params.c). */
static void free_params(struct module *mod)
{
	unsigned int i;

	for (i = 0; i < mod->num_kp; i++)
		if (mod->kp[i].ops->free)
			mod->kp[i].ops->free(mod->kp[i].arg);
}

/* Everything a module holds, after it left the list (under module_mutex). */
void free_module(struct module *mod)
{
	struct module_layout core = mod->core, init = mod->init_layout;

	mod_sysfs_teardown(mod);	/* waits for readers of its /sys files */
	remove_module_exports(mod);
	module_unload_free(mod);
	free_params(mod);
	free_kallsyms(mod);
	free_module_sections(mod);
	kfree(mod->modinfo);
	kfree(mod->args);
	free_layout(&init);
	free_layout(&core);		/* mod itself lives here */
}

/* ---- loading ---- */

int load_module(const void *image, unsigned long len, const char *args)
{
	struct load_info info = { .name = NULL, .image = image, .len = len };
	struct resolve_ctx ctx = { 0 };
	struct module *mod;
	const char *modinfo, *vermagic, *name;
	unsigned int modinfo_len = 0;
	bool params_set = false;
	int err, ret;

	if (len > MAX_MODULE_SIZE) {
		pr_err("module: refused: image of %lu bytes is too large\n", len);
		return -EFBIG;
	}
	err = elf_check(&info);
	if (err)
		goto free_info;

	/* .modinfo: the name, the vermagic, the licence. */
	modinfo = info.index.info ? (const char *)info.image + info.sechdrs[info.index.info].sh_offset
				  : "";
	if (info.index.info)
		modinfo_len = info.sechdrs[info.index.info].sh_size;
	name = modinfo_get(modinfo, modinfo_len, "name");
	info.name = name;
	vermagic = modinfo_get(modinfo, modinfo_len, "vermagic");
	if (!name || !*name || strlen(name) >= MODULE_NAME_LEN) {
		err = elf_err(&info, "no valid module name in .modinfo");
		goto free_info;
	}
	if (!vermagic || strcmp(vermagic, VERMAGIC_STRING)) {
		pr_err("module %s: refused: version magic '%s' should be '%s'\n", name,
		       vermagic ? vermagic : "(none)", VERMAGIC_STRING);
		err = -ENOEXEC;
		goto free_info;
	}

	err = elf_layout(&info);
	if (err)
		goto free_info;
	err = alloc_layout(&info.core);
	if (!err)
		err = alloc_layout(&info.init);
	if (err)
		goto free_mem;
	elf_copy_sections(&info);

	/* The module's record is its copy of .gnu.linkonce.this_module. */
	mod = (void *)(unsigned long)info.sechdrs[info.index.mod].sh_addr;
	/* The build supplies the name, init and exit; everything from 'core'
	 * on is the loader's, whatever the image held there. */
	memset((char *)mod + __builtin_offsetof(struct module, core), 0,
	       sizeof(*mod) - __builtin_offsetof(struct module, core));
	strscpy(mod->name, name, sizeof(mod->name));
	mod->state = MODULE_STATE_UNFORMED;
	mod->core = info.core;
	mod->init_layout = info.init;
	INIT_LIST_HEAD(&mod->source_list);
	INIT_LIST_HEAD(&mod->target_list);
	mod->modinfo = kmalloc(modinfo_len ? modinfo_len : 1, GFP_KERNEL);
	mod->args = kstrdup(args ? args : "", GFP_KERNEL);
	if (!mod->modinfo || !mod->args) {
		err = -ENOMEM;
		goto free_mod_bits;
	}
	memcpy(mod->modinfo, modinfo, modinfo_len);
	mod->modinfo_len = modinfo_len;
	mod->license = modinfo_get(mod->modinfo, modinfo_len, "license");
	mod->version = modinfo_get(mod->modinfo, modinfo_len, "version");
	if (info.index.ksymtab) {
		mod->syms = (void *)(unsigned long)info.sechdrs[info.index.ksymtab].sh_addr;
		mod->num_syms = info.sechdrs[info.index.ksymtab].sh_size / sizeof(*mod->syms);
	}
	if (info.index.ksymtab_gpl) {
		mod->gpl_syms = (void *)(unsigned long)info.sechdrs[info.index.ksymtab_gpl].sh_addr;
		mod->num_gpl_syms = info.sechdrs[info.index.ksymtab_gpl].sh_size / sizeof(*mod->syms);
	}
	if (info.index.extable) {
		mod->extable = (void *)(unsigned long)info.sechdrs[info.index.extable].sh_addr;
		mod->num_exentries = info.sechdrs[info.index.extable].sh_size /
				     sizeof(*mod->extable);
	}
	if (info.index.param) {
		mod->kp = (void *)(unsigned long)info.sechdrs[info.index.param].sh_addr;
		mod->num_kp = info.sechdrs[info.index.param].sh_size / sizeof(*mod->kp);
	}

	/* In the list, invisible, so a second load of the same name fails. */
	mutex_lock(&module_mutex);
	if (find_module(mod->name)) {
		mutex_unlock(&module_mutex);
		pr_err("module %s: already loaded\n", mod->name);
		err = -EEXIST;
		goto free_mod_bits;
	}
	list_add_tail(&mod->list, &modules);

	ctx.mod = mod;
	ctx.gpl_ok = license_is_gpl_compatible(mod->license);
	for (;;) {
		ctx.waiting_for = NULL;
		err = elf_resolve_symbols(&info, resolve_symbol, &ctx);
		if (err != -EAGAIN)
			break;
		/* A provider is still in its init: wait until some module's
		 * state changes (seen under the mutex), then resolve again. */
		module_unload_free(mod);
		kfree(info.symvals);
		info.symvals = NULL;
		pr_info("module %s: waiting for %s to finish its init (Ctrl-C stops waiting)\n",
			mod->name, ctx.waiting_for);
		err = module_wait_change();
		if (err) {
			pr_info("module %s: interrupted waiting for %s\n", mod->name,
				ctx.waiting_for);
			break;
		}
	}
	if (!err)
		err = elf_apply_relocations(&info);
	if (err)
		goto unlink;
	build_kallsyms(mod, &info);
	build_module_sections(mod, &info);
	set_memory_ro((unsigned long)mod->core.base, mod->core.ro_size / PAGE_SIZE);

	if (!ctx.gpl_ok) {
		pr_warn("module %s: licence '%s' taints the kernel\n", mod->name,
			mod->license ? mod->license : "unspecified");
		mod->taints |= 1u << TAINT_PROPRIETARY_MODULE;
		add_taint(TAINT_PROPRIETARY_MODULE);
	}
	{
		char *copy = kstrdup(mod->args, GFP_KERNEL);

		err = copy ? parse_args(mod->name, copy, mod->kp, mod->num_kp) : -ENOMEM;
		kfree(copy);
		params_set = true;	/* some may be set even if a later one failed */
		if (err)
			goto unlink;
	}
	err = add_module_exports(mod);
	if (err)
		goto unlink;
	mod->state = MODULE_STATE_COMING;
	mutex_unlock(&module_mutex);

	/* /sys/module/NAME before init, so init sees itself there "coming";
	 * failing to make it fails the load as a failed init does. */
	ret = mod_sysfs_setup(mod);
	if (!ret)
		ret = module_notify_coming(mod);
	if (!ret) {
		module_debug_loaded(mod);
		ret = mod->init ? mod->init() : 0;
		/* Still COMING, so no rmmod can start before LIVE is told. */
		module_notify(mod, ret ? MODULE_STATE_GOING : MODULE_STATE_LIVE);
	}

	mutex_lock(&module_mutex);
	if (ret) {
		if (ret > 0) {
			pr_warn("module %s: init returned %d, which is not an error code; -EINVAL\n",
				mod->name, ret);
			ret = -EINVAL;
		}
		mod->state = MODULE_STATE_GOING;
		module_state_changed();
		/* As an unload: a two-stage init may have let users in, and the
		 * VFS has the last word on its filesystems. */
		module_release_failed_init(mod);
		mutex_unlock(&module_mutex);
		elf_free_info(&info);
		return ret;
	}
	mod->state = MODULE_STATE_LIVE;
	mod->live = 1;			/* try_module_get may succeed from now on */
	free_layout(&mod->init_layout);
	mod->init_layout.size = 0;
	module_state_changed();
	mutex_unlock(&module_mutex);
	elf_free_info(&info);
	return 0;

unlink:
	list_del(&mod->list);
	module_state_changed();
	remove_module_exports(mod);
	module_unload_free(mod);
	mutex_unlock(&module_mutex);
	if (params_set)		/* parameters are only ours once parsed */
		free_params(mod);
	free_kallsyms(mod);
	free_module_sections(mod);
free_mod_bits:
	kfree(mod->modinfo);
	kfree(mod->args);
free_mem:
	free_layout(&info.init);
	free_layout(&info.core);
free_info:
	elf_free_info(&info);
	return err;
}

/* The names of the modules using mod, comma-separated, for rmmod's message. */
int module_users(const char *name, char *buf, size_t size)
{
	struct module *mod;

	buf[0] = '\0';
	mutex_lock(&module_mutex);
	mod = find_module(name);
	if (mod)
		module_deps(mod, buf, size, true);
	mutex_unlock(&module_mutex);
	return mod ? 0 : -ENOENT;
}

/* Walk the modules under module_mutex (for lsmod and /proc/modules). */
void for_each_module(void (*fn)(struct module *mod, void *arg), void *arg)
{
	struct module *m;

	mutex_lock(&module_mutex);
	list_for_each_entry(m, &modules, list)
		if (m->state != MODULE_STATE_UNFORMED)
			fn(m, arg);
	mutex_unlock(&module_mutex);
}

/* "a,b" of the modules mod uses (its dependencies); under module_mutex. */
void module_deps(struct module *mod, char *buf, size_t size, bool users)
{
	struct module_use *u;
	size_t n = 0;

	buf[0] = '\0';
	if (users) {
		list_for_each_entry(u, &mod->source_list, source_list)
			n += scnprintf(buf + n, size - n, "%s%s", n ? "," : "", u->source->name);
	} else {
		list_for_each_entry(u, &mod->target_list, target_list)
			n += scnprintf(buf + n, size - n, "%s%s", n ? "," : "", u->target->name);
	}
}

/*
 * The count lsmod, /proc/modules and /sys/module/NAME/refcnt show, as
 * Linux shows it: the references (a best-effort sum, read with the CPUs
 * running) plus one for each module that uses this one, which on Linux
 * holds a reference of its own (ref_module). modlab keeps those uses in
 * source_list instead, so the unload refuses them by name. Under
 * module_mutex.
 */
int module_use_count(struct module *mod)
{
	struct module_use *u;
	int n = module_refcount(mod);

	list_for_each_entry(u, &mod->source_list, source_list)
		n++;
	return n;
}

const char *module_state_name(enum module_state s)
{
	switch (s) {
	case MODULE_STATE_LIVE:
		return "Live";
	case MODULE_STATE_COMING:
		return "Loading";
	case MODULE_STATE_GOING:
		return "Unloading";
	default:
		return "Unformed";
	}
}

/* Find the value of tag in a loaded module's .modinfo (under module_mutex). */
const char *module_get_modinfo(struct module *mod, const char *tag)
{
	return modinfo_get(mod->modinfo, mod->modinfo_len, tag);
}

void modules_init(void)
{
	exports_init();
}

/* A copy of a module file's .modinfo, after checking the image (modinfo). */
int module_file_modinfo(const void *image, unsigned long len, char **out, size_t *out_len)
{
	struct load_info info = { .name = "(file)", .image = image, .len = len };
	const Elf32_Shdr *s;
	int err = elf_check(&info);

	if (!err && !info.index.info)
		err = elf_err(&info, "no .modinfo section");
	if (!err) {
		s = &info.sechdrs[info.index.info];
		*out = kmalloc(s->sh_size + 1, GFP_KERNEL);
		if (*out) {
			memcpy(*out, info.image + s->sh_offset, s->sh_size);
			*out_len = s->sh_size;
		} else {
			err = -ENOMEM;
		}
	}
	elf_free_info(&info);
	return err;
}
