/*
 * Module parameters: "insmod m.ko n=3 s=abc arr=1,2,3 flag" sets the
 * variables the module declared with module_param before its init runs.
 * An unknown name or a bad value refuses the whole load.
 */
#define __MODLAB_PARAMS_C	/* our static param_set_* are not the exported ones */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/moduleparam.h>
#include <linux/mm.h>

/* The printers (kernel/module/params_linux.c, exported under Linux's names):
 * what /sys/module/NAME/parameters/P shows. */
int param_get_int(char *buffer, const struct kernel_param *kp);
int param_get_uint(char *buffer, const struct kernel_param *kp);
int param_get_short(char *buffer, const struct kernel_param *kp);
int param_get_ushort(char *buffer, const struct kernel_param *kp);
int param_get_long(char *buffer, const struct kernel_param *kp);
int param_get_ulong(char *buffer, const struct kernel_param *kp);
int param_get_bool(char *buffer, const struct kernel_param *kp);
int param_get_invbool(char *buffer, const struct kernel_param *kp);
int param_get_charp(char *buffer, const struct kernel_param *kp);

/* Parse with the wide function, then refuse what the type cannot hold
 * (the value must survive the conversion unchanged). */
#define INT_PARAM(name, type, parse, wide)					\
	static int param_set_##name(const char *val, const struct kernel_param *kp) \
	{									\
		wide v;								\
		int err;							\
										\
		if (!val)							\
			return -EINVAL;						\
		err = parse(val, 0, &v);					\
		if (err)							\
			return err;						\
		if ((wide)(type)v != v)						\
			return -ERANGE;						\
		*(type *)kp->arg = (type)v;					\
		return 0;							\
	}									\
	const struct kernel_param_ops param_ops_##name = {			\
		.set = param_set_##name, .get = param_get_##name		\
	}

INT_PARAM(int, int, kstrtol, long);
INT_PARAM(uint, unsigned int, kstrtoul, unsigned long);
INT_PARAM(short, short, kstrtol, long);
INT_PARAM(ushort, unsigned short, kstrtoul, unsigned long);
INT_PARAM(long, long, kstrtol, long);
INT_PARAM(ulong, unsigned long, kstrtoul, unsigned long);

/* y/n, 1/0, true/false, on/off (a bare name means true); one newline at
 * the end is allowed, as echo writes one to /sys/module/NAME/parameters/P. */
static int parse_bool(const char *val, bool *res)
{
	char buf[8];
	size_t n;

	if (!val || !*val)
		val = "1";
	n = strlen(val);
	if (n > 1 && val[n - 1] == '\n' && n <= sizeof(buf)) {
		memcpy(buf, val, n - 1);
		buf[n - 1] = '\0';
		val = buf;
	}
	if (!strcmp(val, "1") || !strcmp(val, "y") || !strcmp(val, "Y") ||
	    !strcmp(val, "true") || !strcmp(val, "on"))
		*res = true;
	else if (!strcmp(val, "0") || !strcmp(val, "n") || !strcmp(val, "N") ||
		 !strcmp(val, "false") || !strcmp(val, "off"))
		*res = false;
	else
		return -EINVAL;
	return 0;
}

static int param_set_bool(const char *val, const struct kernel_param *kp)
{
	bool b;
	int err = parse_bool(val, &b);

	if (!err)
		*(bool *)kp->arg = b;
	return err;
}

static int param_set_invbool(const char *val, const struct kernel_param *kp)
{
	bool b;
	int err = parse_bool(val, &b);

	if (!err)
		*(bool *)kp->arg = !b;
	return err;
}

const struct kernel_param_ops param_ops_bool = { .set = param_set_bool, .get = param_get_bool };
const struct kernel_param_ops param_ops_invbool = {
	.set = param_set_invbool,
	.get = param_get_invbool,
};

/*
 * charp values: the parser's copies of the strings given at insmod.
 *
 * A charp variable may point at the module's own default (a string in the
 * module's data, or an array element's default) or at a copy the parser
 * made. Only the copies may be freed, and only once: replacing a value
 * ("s=abc s=def") frees the first copy, and unloading frees the last. So
 * every copy is recorded here, and freeing a value that is not recorded
 * (a default) does nothing. kmalloced_params_lock protects the list.
 */
struct kmalloced_param {
	struct list_head list;
	char val[];
};
static LIST_HEAD(kmalloced_params);
static DEFINE_SPINLOCK(kmalloced_params_lock);

static char *kmalloc_parameter(const char *val)
{
	size_t len = strlen(val) + 1;
	struct kmalloced_param *p = kmalloc(sizeof(*p) + len, GFP_KERNEL);

	if (!p)
		return NULL;
	memcpy(p->val, val, len);
	spin_lock(&kmalloced_params_lock);
	list_add(&p->list, &kmalloced_params);
	spin_unlock(&kmalloced_params_lock);
	return p->val;
}

/* Free val if the parser allocated it; a module's default is left alone. */
static void maybe_kfree_parameter(void *val)
{
	struct kmalloced_param *p, *found = NULL;

	spin_lock(&kmalloced_params_lock);
	list_for_each_entry(p, &kmalloced_params, list) {
		if (p->val == val) {
			list_del(&p->list);
			found = p;
			break;
		}
	}
	spin_unlock(&kmalloced_params_lock);
	kfree(found);
}

static int param_set_charp(const char *val, const struct kernel_param *kp)
{
	char *copy;

	if (!val)
		return -EINVAL;
	copy = kmalloc_parameter(val);
	if (!copy)
		return -ENOMEM;
	maybe_kfree_parameter(*(char **)kp->arg);	/* a value given earlier */
	*(char **)kp->arg = copy;
	return 0;
}

static void param_free_charp(void *arg)
{
	maybe_kfree_parameter(*(char **)arg);
}

const struct kernel_param_ops param_ops_charp = {
	.set = param_set_charp,
	.get = param_get_charp,
	.free = param_free_charp,
};

/* "1,2,3": each element through the element type's set. */
static int param_array_set(const char *val, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	struct kernel_param elem = *kp;
	char buf[128];
	unsigned int n = 0;
	char *p, *tok;

	if (!val || strscpy(buf, val, sizeof(buf)) < 0)
		return -EINVAL;
	p = buf;
	while ((tok = strsep(&p, ","))) {
		int err;

		if (n == arr->max)
			return -EINVAL;		/* more values than elements */
		elem.ops = arr->ops;
		elem.arg = (char *)arr->elem + n * arr->elemsize;
		err = arr->ops->set(tok, &elem);
		if (err)
			return err;
		n++;
	}
	if (arr->num)
		*arr->num = n;
	return 0;
}

static void param_array_free(void *arg)
{
	const struct kparam_array *arr = arg;
	unsigned int i;

	if (arr->ops->free)
		for (i = 0; i < arr->max; i++)
			arr->ops->free((char *)arr->elem + i * arr->elemsize);
}

/* "1,2,3\n": the elements given (all of them if the count is not kept),
 * each printed by the element type's get, as Linux prints an array. */
static int param_array_get(char *buffer, const struct kernel_param *kp)
{
	const struct kparam_array *arr = kp->arr;
	struct kernel_param elem = *kp;
	unsigned int i, n = arr->num ? *arr->num : arr->max;
	int off = 0;

	for (i = 0; i < n; i++) {
		char one[128];
		int len;

		elem.arg = (char *)arr->elem + i * arr->elemsize;
		len = arr->ops->get(one, &elem);
		if (len > 0 && one[len - 1] == '\n')
			len--;			/* the last one's comes back below */
		if (off + len + 2 > (int)PAGE_SIZE)
			break;
		if (i)
			buffer[off++] = ',';
		memcpy(buffer + off, one, len);
		off += len;
	}
	buffer[off++] = '\n';
	buffer[off] = '\0';
	return off;
}

const struct kernel_param_ops param_array_ops = {
	.set = param_array_set,
	.get = param_array_get,
	.free = param_array_free,
};

int parse_args(const char *prefix, char *args, const struct kernel_param *params,
	       unsigned int num)
{
	char *p = args, *word;

	while ((word = strsep(&p, " \t"))) {
		char *val = strchr(word, '=');
		unsigned int i;
		int err = -ENOENT;

		if (!*word)
			continue;
		if (val)
			*val++ = '\0';
		for (i = 0; i < num; i++) {
			if (strcmp(params[i].name, word))
				continue;
			/* A bare name is only meaningful for a bool. */
			if (!val && params[i].ops != &param_ops_bool &&
			    params[i].ops != &param_ops_invbool)
				err = -EINVAL;
			else
				err = params[i].ops->set(val, &params[i]);
			break;
		}
		if (err == -ENOENT) {
			pr_err("%s: unknown parameter '%s'\n", prefix, word);
			return err;
		}
		if (err) {
			pr_err("%s: '%s' invalid for parameter '%s'\n", prefix, val ? val : "",
			       word);
			return -EINVAL;	/* out of range, not a number: all "invalid" */
		}
	}
	return 0;
}

/* For modules. */
EXPORT_SYMBOL(param_ops_int);
EXPORT_SYMBOL(param_ops_uint);
EXPORT_SYMBOL(param_ops_short);
EXPORT_SYMBOL(param_ops_ushort);
EXPORT_SYMBOL(param_ops_long);
EXPORT_SYMBOL(param_ops_ulong);
EXPORT_SYMBOL(param_ops_bool);
EXPORT_SYMBOL(param_ops_invbool);
EXPORT_SYMBOL(param_ops_charp);
EXPORT_SYMBOL(param_array_ops);
