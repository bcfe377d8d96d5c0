/*
 * Linux's named parameter functions (linux/moduleparam.h), for modules that
 * write their own kernel_param_ops around the standard parsing: set goes
 * through the ops in params.c, get prints the value. Also string
 * parameters (module_param_string).
 */
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#define PARAM_GET_LEN	128	/* what kernel_param_ops' get may write */

#define STD_PARAM(name, type, fmt)						\
	int param_set_##name(const char *val, const struct kernel_param *kp)	\
	{									\
		return param_ops_##name.set(val, kp);				\
	}									\
	int param_get_##name(char *buffer, const struct kernel_param *kp)	\
	{									\
		return scnprintf(buffer, PARAM_GET_LEN, fmt "\n", *(type *)kp->arg); \
	}									\
	EXPORT_SYMBOL(param_set_##name);					\
	EXPORT_SYMBOL(param_get_##name)

STD_PARAM(int, int, "%d");
STD_PARAM(uint, unsigned int, "%u");
STD_PARAM(long, long, "%ld");
STD_PARAM(ulong, unsigned long, "%lu");
STD_PARAM(short, short, "%hd");
STD_PARAM(ushort, unsigned short, "%hu");

int param_set_bool(const char *val, const struct kernel_param *kp)
{
	return param_ops_bool.set(val, kp);
}

int param_get_bool(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PARAM_GET_LEN, "%c\n", *(bool *)kp->arg ? 'Y' : 'N');
}

int param_get_invbool(char *buffer, const struct kernel_param *kp)
{
	return scnprintf(buffer, PARAM_GET_LEN, "%c\n", *(bool *)kp->arg ? 'N' : 'Y');
}

int param_set_charp(const char *val, const struct kernel_param *kp)
{
	return param_ops_charp.set(val, kp);
}

int param_get_charp(char *buffer, const struct kernel_param *kp)
{
	const char *s = *(const char **)kp->arg;

	return scnprintf(buffer, PARAM_GET_LEN, "%s\n", s ? s : "(null)");
}

int param_set_copystring(const char *val, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->arg;

	if (!val)
		return -EINVAL;
	if (strlen(val) + 1 > kps->maxlen) {
		pr_err("%s: string parameter too long (at most %u characters)\n", kp->name,
		       kps->maxlen - 1);
		return -ENOSPC;
	}
	strscpy(kps->string, val, kps->maxlen);
	return 0;
}

int param_get_string(char *buffer, const struct kernel_param *kp)
{
	const struct kparam_string *kps = kp->arg;

	return scnprintf(buffer, PARAM_GET_LEN, "%s\n", kps->string);
}

const struct kernel_param_ops param_ops_string = {
	.set = param_set_copystring,
	.get = param_get_string,
};

EXPORT_SYMBOL(param_set_bool);
EXPORT_SYMBOL(param_get_bool);
EXPORT_SYMBOL(param_get_invbool);
EXPORT_SYMBOL(param_set_charp);
EXPORT_SYMBOL(param_get_charp);
EXPORT_SYMBOL(param_set_copystring);
EXPORT_SYMBOL(param_get_string);
EXPORT_SYMBOL(param_ops_string);
