/*
 * User and group ids, with Linux's names (linux/uidgid.h). There is one
 * user namespace, so an id is its number.
 */
#ifndef _LINUX_UIDGID_H
#define _LINUX_UIDGID_H

#include <linux/types.h>

typedef struct {
	u32 val;
} kuid_t;

typedef struct {
	u32 val;
} kgid_t;

struct user_namespace;
extern struct user_namespace init_user_ns;

#define GLOBAL_ROOT_UID	((kuid_t){ 0 })
#define GLOBAL_ROOT_GID	((kgid_t){ 0 })
#define KUIDT_INIT(v)	((kuid_t){ v })
#define KGIDT_INIT(v)	((kgid_t){ v })

static inline u32 __kuid_val(kuid_t uid)
{
	return uid.val;
}

static inline u32 __kgid_val(kgid_t gid)
{
	return gid.val;
}

static inline bool uid_eq(kuid_t a, kuid_t b)
{
	return a.val == b.val;
}

static inline bool gid_eq(kgid_t a, kgid_t b)
{
	return a.val == b.val;
}

/* The id as seen from ns: there is one namespace, so the id itself. */
static inline u32 from_kuid(struct user_namespace *ns, kuid_t uid)
{
	return uid.val;
}

static inline u32 from_kgid(struct user_namespace *ns, kgid_t gid)
{
	return gid.val;
}

#define from_kuid_munged(ns, uid)	from_kuid(ns, uid)
#define from_kgid_munged(ns, gid)	from_kgid(ns, gid)

static inline kuid_t make_kuid(struct user_namespace *ns, u32 uid)
{
	return (kuid_t){ uid };
}

static inline kgid_t make_kgid(struct user_namespace *ns, u32 gid)
{
	return (kgid_t){ gid };
}

#endif
