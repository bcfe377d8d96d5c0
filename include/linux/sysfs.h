/*
 * sysfs: files whose contents a kernel object makes on demand, as Linux
 * 6.1 declares them.
 *
 * A kobject added to the tree (linux/kobject.h) is a directory under /sys;
 * each struct attribute given to sysfs_create_file or in an
 * attribute_group becomes a file in it. Reading the file calls the
 * kobject type's sysfs_ops->show, which writes at most PAGE_SIZE bytes of
 * text into a page; writing it calls ->store with what was written.
 *
 * Removal is safe against readers: sysfs_remove_file (and kobject_del,
 * kobject_put) waits for every show/store already running on the file
 * and later calls fail with -ENODEV, so a module may remove its files in
 * its exit function and be freed right after (fs/sysfs/kernfs.c argues it).
 */
#ifndef _LINUX_SYSFS_H
#define _LINUX_SYSFS_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/list.h>
#include <linux/stringify.h>
#include <linux/stat.h>
#include <linux/atomic.h>

struct kobject;
struct module;
struct kernfs_node;
struct bin_attribute;

/* A file: its name and permission bits (0444, 0644, 0200, ...). */
struct attribute {
	const char *name;
	umode_t mode;
};

/*
 * Files made together, in the kobject's directory or, with name set, in a
 * subdirectory of that name. is_visible, if given, may hide an attribute
 * (return 0) or change its mode; n is its index in attrs.
 */
struct attribute_group {
	const char *name;
	umode_t (*is_visible)(struct kobject *kobj, struct attribute *attr, int n);
	umode_t (*is_bin_visible)(struct kobject *kobj, struct bin_attribute *attr, int n);
	struct attribute **attrs;		/* NULL-terminated */
	struct bin_attribute **bin_attrs;	/* not supported: must be NULL */
};

#ifndef BUILD_BUG_ON_ZERO
/* 0, or a compile error if e is true (an expression, unlike BUILD_BUG_ON):
 * an array of -1 chars does not compile. */
#define BUILD_BUG_ON_ZERO(e)	(0 * (int)sizeof(char[1 - 2 * !!(e)]))
#endif

/* The read (4) or write (2) bit of one class of a mode: 6 the owner's,
 * 3 the group's, 0 everyone else's. */
#define __SYSFS_MODE_BIT(m, shift, bit)	(((m) >> (shift)) & (bit))

/*
 * Linux checks at build time that a mode is sane, and so does modlab: it
 * is 0..0777 (an octal constant, not a decimal 644), read access widens
 * neither from group to owner nor from others to group, write access not
 * from group to owner, and others never write (a world-writable file in
 * /sys lets any user change kernel state).
 */
#define VERIFY_OCTAL_PERMISSIONS(perms)						\
	(BUILD_BUG_ON_ZERO((perms) < 0 || (perms) > 0777) +			\
	 BUILD_BUG_ON_ZERO(__SYSFS_MODE_BIT(perms, 3, 4) >			\
			   __SYSFS_MODE_BIT(perms, 6, 4) ||			\
			   __SYSFS_MODE_BIT(perms, 0, 4) >			\
			   __SYSFS_MODE_BIT(perms, 3, 4)) +			\
	 BUILD_BUG_ON_ZERO(__SYSFS_MODE_BIT(perms, 3, 2) >			\
			   __SYSFS_MODE_BIT(perms, 6, 2)) +			\
	 BUILD_BUG_ON_ZERO(__SYSFS_MODE_BIT(perms, 0, 2)) +			\
	 (perms))

#define __ATTR(_name, _mode, _show, _store) {					\
	.attr = { .name = __stringify(_name),					\
		  .mode = VERIFY_OCTAL_PERMISSIONS(_mode) },			\
	.show = _show,								\
	.store = _store,							\
}

#define __ATTR_RO(_name) {							\
	.attr = { .name = __stringify(_name), .mode = 0444 },			\
	.show = _name##_show,							\
}

#define __ATTR_RO_MODE(_name, _mode) {						\
	.attr = { .name = __stringify(_name),					\
		  .mode = VERIFY_OCTAL_PERMISSIONS(_mode) },			\
	.show = _name##_show,							\
}

#define __ATTR_WO(_name) {							\
	.attr = { .name = __stringify(_name), .mode = 0200 },			\
	.store = _name##_store,							\
}

#define __ATTR_RW(_name) __ATTR(_name, 0644, _name##_show, _name##_store)
#define __ATTR_RW_MODE(_name, _mode)						\
	__ATTR(_name, _mode, _name##_show, _name##_store)

#define __ATTR_NULL { .attr = { .name = NULL } }

#define __ATTRIBUTE_GROUPS(_name)						\
static const struct attribute_group *_name##_groups[] = {			\
	&_name##_group,								\
	NULL,									\
}

#define ATTRIBUTE_GROUPS(_name)							\
static const struct attribute_group _name##_group = {				\
	.attrs = _name##_attrs,							\
};										\
__ATTRIBUTE_GROUPS(_name)

/* How a kobject type turns a file access into a call on the object. */
struct sysfs_ops {
	ssize_t (*show)(struct kobject *kobj, struct attribute *attr, char *buf);
	ssize_t (*store)(struct kobject *kobj, struct attribute *attr, const char *buf,
			 size_t count);
};

/* The kobject's directory (kobject_add does this). */
int __must_check sysfs_create_dir_ns(struct kobject *kobj, const void *ns);
void sysfs_remove_dir(struct kobject *kobj);
/* An empty directory that only serves to mount on (/sys/kernel/debug). */
int __must_check sysfs_create_mount_point(struct kobject *parent_kobj, const char *name);
void sysfs_remove_mount_point(struct kobject *parent_kobj, const char *name);

/* Files. Return 0 or -errno (-EEXIST: the name is taken; -ENOENT: the
 * kobject is not in sysfs). Removing waits for running show/store calls. */
int __must_check sysfs_create_file_ns(struct kobject *kobj, const struct attribute *attr,
				      const void *ns);
int __must_check sysfs_create_files(struct kobject *kobj, const struct attribute * const *attr);
void sysfs_remove_file_ns(struct kobject *kobj, const struct attribute *attr, const void *ns);
void sysfs_remove_files(struct kobject *kobj, const struct attribute * const *attr);

static inline int __must_check sysfs_create_file(struct kobject *kobj,
						 const struct attribute *attr)
{
	return sysfs_create_file_ns(kobj, attr, NULL);
}

static inline void sysfs_remove_file(struct kobject *kobj, const struct attribute *attr)
{
	sysfs_remove_file_ns(kobj, attr, NULL);
}

/* Groups: all of a group's files or none. */
int __must_check sysfs_create_group(struct kobject *kobj, const struct attribute_group *grp);
int __must_check sysfs_create_groups(struct kobject *kobj,
				     const struct attribute_group **groups);
void sysfs_remove_group(struct kobject *kobj, const struct attribute_group *grp);
void sysfs_remove_groups(struct kobject *kobj, const struct attribute_group **groups);
int sysfs_update_group(struct kobject *kobj, const struct attribute_group *grp);

/* Nothing waits on sysfs files here (no poll), so there is no one to tell. */
static inline void sysfs_notify(struct kobject *kobj, const char *dir, const char *attr)
{
}

/*
 * Write a show() result into buf, the page sysfs gave it: like
 * scnprintf(buf, PAGE_SIZE, ...), and the number of bytes written.
 * sysfs_emit_at appends at offset 'at' of the same page.
 */
__printf(2, 3) int sysfs_emit(char *buf, const char *fmt, ...);
__printf(3, 4) int sysfs_emit_at(char *buf, int at, const char *fmt, ...);

/* Boot: /sys and its top directories. */
int sysfs_init(void);

/* Symbolic links between kobjects' directories (fs/sysfs/symlink.c):
 * 0 or -errno (-EEXIST, -ENOENT if either is not in sysfs). May sleep. */
int __must_check sysfs_create_link(struct kobject *kobj, struct kobject *target,
				   const char *name);
int __must_check sysfs_create_link_nowarn(struct kobject *kobj, struct kobject *target,
					  const char *name);
void sysfs_remove_link(struct kobject *kobj, const char *name);

#endif
