/*
 * Loadable modules, with Linux's names.
 *
 *	#include <linux/module.h>
 *
 *	static int __init hello_init(void) { pr_info("hello\n"); return 0; }
 *	static void __exit hello_exit(void) { pr_info("bye\n"); }
 *	module_init(hello_init);
 *	module_exit(hello_exit);
 *	MODULE_LICENSE("GPL");
 *
 * A module is a relocatable ELF file (.ko). insmod hands the whole file to
 * the kernel (init_module), which checks it, lays out its sections, links
 * it against the kernel's and other modules' exports, and runs its init.
 *
 * Every module has a struct module, THIS_MODULE: the build puts one in the
 * module's section .gnu.linkonce.this_module with its name and entry
 * points, and the loader makes that copy the module's record. In the kernel
 * proper THIS_MODULE is NULL ("built in").
 */
#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/compiler.h>
#include <linux/init.h>
#include <linux/export.h>
#include <linux/moduleparam.h>
#include <linux/stringify.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <modlab/version.h>
#include <modlab/percpu.h>
#include <modlab/config.h>
#include <linux/preempt.h>
/* What Linux's module.h makes reachable through its own includes. */
#include <linux/string.h>
#include <linux/stat.h>
#include <linux/gfp.h>
#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/sched.h>
#include <linux/jiffies.h>
#include <linux/ioctl.h>
#include <linux/kobject.h>
#include <linux/completion.h>
#include <linux/workqueue.h>	/* Linux: through linux/kmod.h */
#include <asm/page.h>

#define MODULE_NAME_LEN	56

enum module_state {
	MODULE_STATE_LIVE,	/* normal */
	MODULE_STATE_COMING,	/* running its init */
	MODULE_STATE_GOING,	/* being removed (or its init failed) */
	MODULE_STATE_UNFORMED,	/* still being linked: invisible */
};

struct module_layout {
	void *base;		/* page-aligned memory */
	unsigned int size;	/* bytes in use */
	unsigned int text_size;	/* the first text_size bytes are code (then read-only data) */
	unsigned int ro_size;	/* bytes that become read-only after linking */
};

struct mod_kallsyms;
struct notifier_block;

/* The module notifier chain (linux/notifier.h for the block): callbacks
 * get (MODULE_STATE_COMING, mod) before a module's init runs, and may veto
 * the load by returning notifier_from_errno(err); MODULE_STATE_LIVE once
 * init has succeeded; MODULE_STATE_GOING when init failed or after exit
 * ran. Called in the loading or unloading thread; callbacks may sleep. */
int register_module_notifier(struct notifier_block *nb);
int unregister_module_notifier(struct notifier_block *nb);

/* Where the loader put each of a module's sections (for debuggers: see
 * kernel/module/sections.c). */
struct module_sect_attr {
	const char *name;
	unsigned long address;
	bool init;		/* freed once init has run */
};

struct module_sect_attrs {
	unsigned int nsections;
	struct module_sect_attr attrs[];
};
struct exception_table_entry;
struct module_use;
struct task_struct;

/* A module's directory, /sys/module/NAME (kernel/module/sysfs.c). */
struct module_param_attrs;
struct module_kobject {
	struct kobject kobj;
	struct module *mod;
	struct kobject *drivers_dir;
	struct module_param_attrs *mp;		/* its parameters/ files */
	struct completion *kobj_completion;	/* the teardown waits for the release */
};

/* A file in /sys/module/NAME. */
struct module_attribute {
	struct attribute attr;
	ssize_t (*show)(struct module_attribute *attr, struct module_kobject *mk, char *buf);
	ssize_t (*store)(struct module_attribute *attr, struct module_kobject *mk,
			 const char *buf, size_t count);
	void (*setup)(struct module *mod, const char *val);
	int (*test)(struct module *mod);
	void (*free)(struct module *mod);
};

/* /sys/module */
extern struct kset *module_kset;
extern const struct kobj_type module_ktype;

/* One CPU's reference count, alone on its cache line: CPUs counting at
 * once never write the same line. */
struct module_ref {
	local_t count;
} __attribute__((aligned(64)));

struct module {
	enum module_state state;
	struct list_head list;			/* in the module list */
	char name[MODULE_NAME_LEN];
	int (*init)(void);
	void (*exit)(void);

	/* Everything below is filled in by the loader. */
	struct module_layout core, init_layout;
	const struct kernel_symbol *syms, *gpl_syms;	/* exports */
	unsigned int num_syms, num_gpl_syms;
	const struct exception_table_entry *extable;	/* its __ex_table (linux/extable.h) */
	unsigned int num_exentries;
	const struct kernel_param *kp;
	unsigned int num_kp;
	char *modinfo;				/* a copy of .modinfo */
	unsigned int modinfo_len;
	const char *license;
	const char *version;			/* MODULE_VERSION's, or NULL (as Linux's) */
	const char *srcversion;			/* always NULL: modpost makes none here */
	struct mod_kallsyms *kallsyms;		/* its functions, for backtraces */
	struct module_sect_attrs *sect_attrs;	/* its sections' addresses */
	unsigned int taints;
	struct list_head source_list;		/* modules using us (struct module_use) */
	struct list_head target_list;		/* modules we use */
	char *args;				/* the parameters given to insmod */

	/* Reference counts (see try_module_get below and kernel/module/unload.c). */
	int live;				/* try_module_get may succeed */
	struct task_struct *waiter;		/* rmmod --wait, woken by module_put */
	/* Under module_mutex: an rmmod --wait sleeps for this module's
	 * references, and rmmod -f told it to stop waiting and remove it. */
	bool unload_waiting, unload_forced;
	struct module_ref refs[NR_CPUS];	/* this CPU's gets minus puts */

	struct module_kobject mkobj;		/* /sys/module/NAME, while it is loaded */
	struct kobject *holders_dir;		/* /sys/module/NAME/holders: links to users */
};

/* "module source uses module target": on target's source_list and
 * source's target_list (under module_mutex), as Linux 6.1's. */
struct module_use {
	struct list_head source_list, target_list;
	struct module *source, *target;
};

#ifdef MODULE
extern struct module __this_module;
#define THIS_MODULE	(&__this_module)
/* A module's entry points are the functions init_module/cleanup_module;
 * module_init(fn) makes init_module another name for fn. Each expansion
 * ends with its own ';', as Linux's does, so both "module_init(fn);" and
 * "module_init(fn)" with no semicolon compile. */
#define module_init(fn)								\
	static inline initcall_t __maybe_unused __inittest(void) { return fn; }	\
	int init_module(void) __attribute__((alias(#fn)));
#define module_exit(fn)								\
	static inline exitcall_t __maybe_unused __exittest(void) { return fn; }	\
	void cleanup_module(void) __attribute__((alias(#fn)));
#else
#define THIS_MODULE	((struct module *)0)
#endif

#ifndef MODULE_DEVICE_TABLE
/* Linux defines it here; it feeds Linux's module tools (aliases), and
 * modlab loads modules by name only. */
#define MODULE_DEVICE_TABLE(type, name)
#endif

#define MODULE_INFO(tag, info)		__MODULE_INFO(tag, tag, info)
#define MODULE_LICENSE(l)		MODULE_INFO(license, l)
#define MODULE_AUTHOR(a)		MODULE_INFO(author, a)
#define MODULE_DESCRIPTION(d)		MODULE_INFO(description, d)
#define MODULE_VERSION(v)		MODULE_INFO(version, v)
#define MODULE_ALIAS(a)			MODULE_INFO(alias, a)

/* The string every module must carry to be loaded by this kernel. */
#define VERMAGIC_STRING	"modlab-" MODLAB_VERSION " i686 SMP"

/* Taint flags: Linux's bit numbers and letters (the bits are what
 * /proc/sys/kernel/tainted shows): P proprietary module, R forced unload,
 * D the kernel oopsed and went on, L a soft lockup was seen. */
#define TAINT_PROPRIETARY_MODULE	0
#define TAINT_FORCED_RMMOD		3
#define TAINT_DIE			7
#define TAINT_WARN			9	/* a WARN() fired */
#define TAINT_SOFTLOCKUP		14

struct module *find_module(const char *name);

/*
 * Reference counts (kernel/module/refcount.c, where the argument for their
 * safety is written beside the code):
 *  try_module_get - take a reference unless the module is going; NULL
 *	(the kernel) always succeeds. Any context.
 *  __module_get   - another reference for someone who holds one.
 *  module_put     - drop a reference; wakes an rmmod --wait once the
 *	module is no longer live. Any context.
 */
bool try_module_get(struct module *m);
void __module_get(struct module *m);
void module_put(struct module *m);

/* The sum of the counters: exact only with every CPU stopped (the unload);
 * elsewhere a best-effort figure (lsmod). */
int module_refcount(struct module *m);

/* End the calling thread and drop a reference on its module in one step,
 * so that a module's own thread can let go of its module without returning
 * into the module's code (which may be gone the moment the reference is). */
void __module_put_and_kthread_exit(struct module *m, long code) __noreturn;
#define module_put_and_kthread_exit(code) __module_put_and_kthread_exit(THIS_MODULE, code)
/* The module whose code or data holds addr, or NULL. */
struct module *__module_address(unsigned long addr);

void add_taint(unsigned int flag);

#endif
