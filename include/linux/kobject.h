/*
 * kobject: a named, reference-counted object that appears as a directory
 * in /sys, with Linux 6.1's names and shapes.
 *
 *	kobject_init(kobj, ktype);		count 1, not yet visible
 *	kobject_add(kobj, parent, "name");	/sys/.../parent/name
 *	kobject_get / kobject_put		the last put removes the
 *						directory, then calls
 *						ktype->release(kobj)
 *
 * A kobject is embedded in the structure it names (struct device, a
 * module's private struct); release frees that structure. A kobject may be
 * in a kset, a kobject that holds a list of others (/sys/class/NAME holds
 * that class's devices).
 *
 * Locking: kobj->kref is atomic; the sysfs tree a kobject owns is changed
 * under sysfs's lock (fs/sysfs/kernfs.c); a kset's list under its
 * list_lock. kobject_add, kobject_del and the last kobject_put may sleep.
 */
#ifndef _KOBJECT_H_
#define _KOBJECT_H_

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/sysfs.h>
#include <linux/compiler.h>
#include <linux/spinlock.h>
#include <linux/kref.h>
#include <linux/wait.h>
#include <linux/atomic.h>
#include <linux/cred.h>

struct kobj_type;
struct kset;
struct kobj_uevent_env;

struct kobject {
	const char *name;
	struct list_head entry;		/* in kset->list */
	struct kobject *parent;
	struct kset *kset;
	const struct kobj_type *ktype;
	struct kernfs_node *sd;		/* its sysfs directory */
	struct kref kref;
	unsigned int state_initialized:1;
	unsigned int state_in_sysfs:1;
	unsigned int state_add_uevent_sent:1;
	unsigned int state_remove_uevent_sent:1;
	unsigned int uevent_suppress:1;
};

/* What every kobject of one kind shares. */
struct kobj_type {
	void (*release)(struct kobject *kobj);	/* the last put: free the container */
	const struct sysfs_ops *sysfs_ops;	/* how its files call it */
	const struct attribute_group **default_groups;	/* made at kobject_add */
	const struct kobj_ns_type_operations *(*child_ns_type)(struct kobject *kobj);
	const void *(*namespace)(struct kobject *kobj);
	void (*get_ownership)(struct kobject *kobj, kuid_t *uid, kgid_t *gid);
};

/* An attribute of a plain kobject (kobject_create_and_add's). */
struct kobj_attribute {
	struct attribute attr;
	ssize_t (*show)(struct kobject *kobj, struct kobj_attribute *attr, char *buf);
	ssize_t (*store)(struct kobject *kobj, struct kobj_attribute *attr, const char *buf,
			 size_t count);
};

/* The sysfs_ops that call a kobj_attribute's show/store. */
extern const struct sysfs_ops kobj_sysfs_ops;

/* A kobject that holds a list of kobjects (they appear in its directory). */
struct kset {
	struct list_head list;		/* its kobjects, under list_lock */
	spinlock_t list_lock;
	struct kobject kobj;
	const struct kset_uevent_ops *uevent_ops;
};

__printf(2, 3) int kobject_set_name(struct kobject *kobj, const char *name, ...);
__printf(2, 0) int kobject_set_name_vargs(struct kobject *kobj, const char *fmt, va_list vargs);

static inline const char *kobject_name(const struct kobject *kobj)
{
	return kobj->name;
}

/* Count 1, not in sysfs. Initialising a kobject twice is reported. */
void kobject_init(struct kobject *kobj, const struct kobj_type *ktype);
/* Name it and make its directory under parent (NULL: its kset's, or /sys).
 * On failure the caller still owns the reference: kobject_put it. */
__printf(3, 4) __must_check
int kobject_add(struct kobject *kobj, struct kobject *parent, const char *fmt, ...);
__printf(4, 5) __must_check
int kobject_init_and_add(struct kobject *kobj, const struct kobj_type *ktype,
			 struct kobject *parent, const char *fmt, ...);
/* Take its directory out of sysfs now (waiting for running show/store);
 * the object lives on until its last put. */
void kobject_del(struct kobject *kobj);

/* A kobject with the default type (kobj_attribute files; release frees
 * it), added under parent. NULL on failure. */
struct kobject * __must_check kobject_create_and_add(const char *name, struct kobject *parent);

struct kobject *kobject_get(struct kobject *kobj);
struct kobject * __must_check kobject_get_unless_zero(struct kobject *kobj);
void kobject_put(struct kobject *kobj);

/* "/kernel/mymod" for /sys/kernel/mymod: kmalloc'd, the caller kfrees it. */
char *kobject_get_path(const struct kobject *kobj, gfp_t flag);

void kset_init(struct kset *kset);
int __must_check kset_register(struct kset *kset);
void kset_unregister(struct kset *kset);
struct kset * __must_check kset_create_and_add(const char *name,
					       const struct kset_uevent_ops *u,
					       struct kobject *parent_kobj);

static inline struct kset *to_kset(struct kobject *kobj)
{
	return kobj ? container_of(kobj, struct kset, kobj) : NULL;
}

static inline struct kset *kset_get(struct kset *k)
{
	return k ? to_kset(kobject_get(&k->kobj)) : NULL;
}

static inline void kset_put(struct kset *k)
{
	kobject_put(&k->kobj);
}

static inline const struct kobj_type *get_ktype(struct kobject *kobj)
{
	return kobj->ktype;
}

/* The kobject named name in kset (a reference taken), or NULL. */
struct kobject *kset_find_obj(struct kset *kset, const char *name);

/* /sys/kernel, for modules to hang their own directories on. */
extern struct kobject *kernel_kobj;
/* /sys/firmware */
extern struct kobject *firmware_kobj;

/*
 * Uevents tell user space (udev) that an object came or went. modlab has
 * no user space to tell: the device nodes a uevent would make are made by
 * the kernel itself (drivers/base/core.c), so these do nothing and
 * succeed, and callers written for Linux work unchanged.
 */
enum kobject_action {
	KOBJ_ADD,
	KOBJ_REMOVE,
	KOBJ_CHANGE,
	KOBJ_MOVE,
	KOBJ_ONLINE,
	KOBJ_OFFLINE,
	KOBJ_BIND,
	KOBJ_UNBIND,
};

#define UEVENT_NUM_ENVP		64	/* variables in one uevent */
#define UEVENT_BUFFER_SIZE	2048	/* bytes of them */

/* A uevent's environment, which buses' and classes' uevent callbacks fill
 * with add_uevent_var. */
struct kobj_uevent_env {
	char *argv[3];
	char *envp[UEVENT_NUM_ENVP];
	int envp_idx;
	char buf[UEVENT_BUFFER_SIZE];
	int buflen;
};

/* Append "NAME=value" (printf-style) to env: 0, or -ENOMEM when full.
 * kernel/lib/kobject_uevent.c. */
__printf(2, 3) int add_uevent_var(struct kobj_uevent_env *env, const char *format, ...);

static inline int kobject_uevent(struct kobject *kobj, enum kobject_action action)
{
	return 0;
}

static inline int kobject_uevent_env(struct kobject *kobj, enum kobject_action action,
				     char *envp[])
{
	return 0;
}

#endif
