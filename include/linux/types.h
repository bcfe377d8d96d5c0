/* Fixed-size integer types and the other basic types, with Linux's names. */
#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <stddef.h>
#include <stdint.h>

/* bool as a type, not stdbool.h's macro, so that module_param(x, bool, ...)
 * pastes to param_ops_bool rather than param_ops__Bool. */
#ifndef __bool_true_false_are_defined
typedef _Bool bool;
#define true	1
#define false	0
#define __bool_true_false_are_defined 1
#endif

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* The names Linux's user-visible headers use (uapi), and the old BSD ones.
 * (Host unit tests get the BSD names, dev_t and pid_t from the C library.) */
typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s8 __s8;
typedef s16 __s16;
typedef s32 __s32;
typedef s64 __s64;
typedef u16 __le16;
typedef u32 __le32;
typedef u64 __le64;
typedef u16 __be16;
typedef u32 __be32;
typedef u64 __be64;
#ifndef MODLAB_HOST_TEST
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned char unchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;
typedef u32 dev_t;			/* MKDEV(major, minor): see linux/kdev_t.h */
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
#else
#include <sys/types.h>		/* dev_t (struct kstat's rdev) and the BSD names */
#endif

typedef long ssize_t;
typedef __INT64_TYPE__ loff_t;
typedef unsigned int gfp_t;
typedef u32 phys_addr_t;
typedef u32 dma_addr_t;
typedef phys_addr_t resource_size_t;
typedef unsigned short umode_t;		/* file type and permission bits */
typedef unsigned int fmode_t;		/* FMODE_* in linux/fs.h */
typedef u64 sector_t;			/* a block device's 512-byte sectors */
typedef unsigned int __poll_t;		/* EPOLL* bits, see linux/poll.h */
typedef void *fl_owner_t;

/* Linux declares the atomic integer types here; their operations are in
 * linux/atomic.h. */
typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

struct list_head {
	struct list_head *next, *prev;
};

#endif
