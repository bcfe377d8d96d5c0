/*
 * Module parameters, with Linux's names:
 *
 *	static int count = 1;
 *	module_param(count, int, 0444);
 *	MODULE_PARM_DESC(count, "how many times to say hello");
 *
 *	static int values[4]; static int nvalues;
 *	module_param_array(values, int, &nvalues, 0444);
 *
 * insmod m.ko count=3 values=1,2,3 sets them before the module's init runs.
 * Types: int, uint, short, ushort, long, ulong, bool, invbool, charp.
 */
#ifndef _LINUX_MODULEPARAM_H
#define _LINUX_MODULEPARAM_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/stringify.h>

struct kernel_param;

struct kernel_param_ops {
	/* Parse val into kp's variable; 0 or -EINVAL/-ERANGE. */
	int (*set)(const char *val, const struct kernel_param *kp);
	/* Print the value and a newline into buf (a page, as /sys/module/NAME/
	 * parameters/P reads it); returns the length. */
	int (*get)(char *buf, const struct kernel_param *kp);
	/* Free what set allocated (charp), when the module goes. Called for
	 * every parameter, given or not: it leaves a default alone. */
	void (*free)(void *arg);
};

struct kparam_array {
	unsigned int max;		/* elements */
	unsigned int elemsize;
	unsigned int *num;		/* where to store how many were given (may be NULL) */
	const struct kernel_param_ops *ops;
	void *elem;
};

struct kernel_param {
	const char *name;
	const struct kernel_param_ops *ops;
	u16 perm;
	union {
		void *arg;
		const struct kparam_array *arr;
	};
};

extern const struct kernel_param_ops param_ops_int, param_ops_uint, param_ops_short,
	param_ops_ushort, param_ops_long, param_ops_ulong, param_ops_bool, param_ops_invbool,
	param_ops_charp, param_array_ops;

/* Macro parameters are called prm/var so they cannot collide with the
 * field names in the initializers below (.name and the like). */
#define __MODULE_INFO(tag, id, info)						\
	static const char __UNIQUE_ID(id)[]					\
		__used __section(".modinfo") __aligned(1) = __stringify(tag) "=" info

#define __MODULE_PARM_TYPE(prm, _type)						\
	__MODULE_INFO(parmtype, prm##type, #prm ":" _type)

#define MODULE_PARM_DESC(_parm, desc)						\
	__MODULE_INFO(parm, _parm, #_parm ":" desc)

#define module_param_cb(prm, _ops, _arg, _perm)					\
	static const char __param_str_##prm[] = #prm;				\
	static const struct kernel_param __param_##prm				\
		__used __section("__param") __aligned(sizeof(void *)) = {	\
		.name = __param_str_##prm, .ops = (_ops), .perm = (_perm),	\
		{ .arg = (void *)(_arg) } }

#define module_param_named(prm, var, type, perm)				\
	module_param_cb(prm, &param_ops_##type, &(var), perm);			\
	__MODULE_PARM_TYPE(prm, #type)

#define module_param(var, type, perm)	module_param_named(var, var, type, perm)

#define module_param_array_named(prm, array, type, nump, perm)			\
	static const struct kparam_array __param_arr_##prm = {			\
		.max = sizeof(array) / sizeof((array)[0]),			\
		.elemsize = sizeof((array)[0]), .num = (unsigned int *)(nump),			\
		.ops = &param_ops_##type, .elem = (array) };			\
	module_param_cb(prm, &param_array_ops, &__param_arr_##prm, perm);	\
	__MODULE_PARM_TYPE(prm, "array of " #type)

#define module_param_array(var, type, nump, perm)				\
	module_param_array_named(var, var, type, nump, perm)

/*
 * Parse "name=value name2=value2 ..." against params[0..num): each name
 * must be one of them. Returns 0, or a negative errno after printing which
 * name or value was wrong (prefix names the module for messages).
 */
int parse_args(const char *prefix, char *args, const struct kernel_param *params,
	       unsigned int num);

/*
 * The standard set/get functions, for a module's own kernel_param_ops:
 *
 *	static int set_level(const char *val, const struct kernel_param *kp)
 *	{
 *		int err = param_set_int(val, kp);	parse and store
 *		if (!err) apply_level(level);
 *		return err;
 *	}
 *	static const struct kernel_param_ops level_ops = {
 *		.set = set_level, .get = param_get_int,
 *	};
 *	module_param_cb(level, &level_ops, &level, 0644);
 *
 * get prints the value and a newline into buffer and returns the length.
 * (kernel/module/params.c has static parsers of the same names, which
 * these call through param_ops_*: it defines __MODLAB_PARAMS_C.)
 */
#ifndef __MODLAB_PARAMS_C
int param_set_int(const char *val, const struct kernel_param *kp);
int param_get_int(char *buffer, const struct kernel_param *kp);
int param_set_uint(const char *val, const struct kernel_param *kp);
int param_get_uint(char *buffer, const struct kernel_param *kp);
int param_set_long(const char *val, const struct kernel_param *kp);
int param_get_long(char *buffer, const struct kernel_param *kp);
int param_set_ulong(const char *val, const struct kernel_param *kp);
int param_get_ulong(char *buffer, const struct kernel_param *kp);
int param_set_short(const char *val, const struct kernel_param *kp);
int param_get_short(char *buffer, const struct kernel_param *kp);
int param_set_ushort(const char *val, const struct kernel_param *kp);
int param_get_ushort(char *buffer, const struct kernel_param *kp);
int param_set_bool(const char *val, const struct kernel_param *kp);
int param_get_bool(char *buffer, const struct kernel_param *kp);
int param_get_invbool(char *buffer, const struct kernel_param *kp);
int param_set_charp(const char *val, const struct kernel_param *kp);
int param_get_charp(char *buffer, const struct kernel_param *kp);
#endif

/* A string parameter copied into a char array of len bytes (too long a
 * value is refused with -ENOSPC). */
struct kparam_string {
	unsigned int maxlen;
	char *string;
};

extern const struct kernel_param_ops param_ops_string;
int param_set_copystring(const char *val, const struct kernel_param *kp);
int param_get_string(char *buffer, const struct kernel_param *kp);

#define module_param_string(prm, string, len, perm)				\
	static const struct kparam_string __param_string_##prm = { len, string }; \
	module_param_cb(prm, &param_ops_string, &__param_string_##prm, perm);	\
	__MODULE_PARM_TYPE(prm, "string")

#endif
