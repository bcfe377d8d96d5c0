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

typedef long ssize_t;
typedef __INT64_TYPE__ loff_t;
typedef unsigned int gfp_t;
typedef u32 phys_addr_t;

#endif
