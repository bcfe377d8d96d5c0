/*
 * Credentials, with Linux's names. modlab has no users: every thread is
 * root (uid 0, gid 0) and holds every capability, so capable() is true.
 * kuid_t and kgid_t are there so Linux code that reads and prints ids
 * compiles and prints 0.
 */
#ifndef _LINUX_CRED_H
#define _LINUX_CRED_H

#include <linux/types.h>
#include <linux/capability.h>
#include <linux/uidgid.h>

#define current_uid()	GLOBAL_ROOT_UID
#define current_gid()	GLOBAL_ROOT_GID
#define current_euid()	GLOBAL_ROOT_UID
#define current_egid()	GLOBAL_ROOT_GID
#define current_fsuid()	GLOBAL_ROOT_UID
#define current_fsgid()	GLOBAL_ROOT_GID

#endif
