/*
 * sysfs_kobj.c: a directory of its own under /sys/kernel, written as a
 * Linux 6.1 module would be.
 *
 *	/sys/kernel/sysfs_kobj/level	 read-write, an integer 0..100
 *	/sys/kernel/sysfs_kobj/motto	 read-write, a line of text
 *	/sys/kernel/sysfs_kobj/reads	 read-only, how often level was read
 *	/sys/kernel/sysfs_kobj/slow	 read-only, sleeps pause_ms before answering
 *	/sys/kernel/sysfs_kobj/info/...	 a named attribute group
 *
 * Parameters show in /sys/module/sysfs_kobj/parameters: pause_ms (0644),
 * tag (0644, a string), step (0644, through ops of its own, even numbers
 * only) and secret (perm 0: not shown at all).
 */
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>

static int pause_ms = 50;
module_param(pause_ms, int, 0644);
MODULE_PARM_DESC(pause_ms, "how long reading 'slow' takes, in ms");

static char *tag = "plain";
module_param(tag, charp, 0644);
MODULE_PARM_DESC(tag, "a word shown in info/tag");

static int secret = 42;
module_param(secret, int, 0);
MODULE_PARM_DESC(secret, "not in sysfs (perm 0)");

static int step = 2;

static int step_set(const char *val, const struct kernel_param *kp)
{
	int n, err = kstrtoint(val, 10, &n);

	if (err)
		return err;
	if (n % 2)
		return -EINVAL;		/* odd steps are refused, nothing changes */
	return param_set_int(val, kp);
}

static const struct kernel_param_ops step_ops = {
	.set = step_set,
	.get = param_get_int,
};
module_param_cb(step, &step_ops, &step, 0644);
MODULE_PARM_DESC(step, "an even number");

static struct kobject *demo_kobj;
static DEFINE_MUTEX(demo_lock);		/* protects level, motto and reads */
static int level = 10;
static char motto[64] = "keep it simple";
static int reads;

static ssize_t level_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	int v;

	mutex_lock(&demo_lock);
	v = level;
	reads++;
	mutex_unlock(&demo_lock);
	return sysfs_emit(buf, "%d\n", v);
}

static ssize_t level_store(struct kobject *kobj, struct kobj_attribute *attr, const char *buf,
			   size_t count)
{
	int v, err = kstrtoint(buf, 10, &v);

	if (err)
		return err;
	if (v < 0 || v > 100)
		return -ERANGE;
	mutex_lock(&demo_lock);
	level = v;
	mutex_unlock(&demo_lock);
	pr_info("sysfs_kobj: level set to %d\n", v);
	return count;
}

static ssize_t motto_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	ssize_t n;

	mutex_lock(&demo_lock);
	n = sysfs_emit(buf, "%s\n", motto);
	mutex_unlock(&demo_lock);
	return n;
}

static ssize_t motto_store(struct kobject *kobj, struct kobj_attribute *attr, const char *buf,
			   size_t count)
{
	size_t len = count;

	if (len && buf[len - 1] == '\n')
		len--;
	if (!len)
		return -EINVAL;
	if (len >= sizeof(motto))
		return -ENAMETOOLONG;
	mutex_lock(&demo_lock);
	memcpy(motto, buf, len);
	motto[len] = '\0';
	mutex_unlock(&demo_lock);
	return count;
}

static ssize_t reads_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	int v;

	mutex_lock(&demo_lock);
	v = reads;
	mutex_unlock(&demo_lock);
	return sysfs_emit(buf, "%d\n", v);
}

/* Slow on purpose: the module may be removed while this runs. */
static ssize_t slow_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	pr_info("sysfs_kobj: slow read begins\n");
	msleep(pause_ms);
	pr_info("sysfs_kobj: slow read ends\n");
	return sysfs_emit(buf, "slept %d ms\n", pause_ms);
}

static struct kobj_attribute level_attr = __ATTR(level, 0644, level_show, level_store);
static struct kobj_attribute motto_attr = __ATTR_RW(motto);
static struct kobj_attribute reads_attr = __ATTR_RO(reads);
static struct kobj_attribute slow_attr = __ATTR_RO(slow);

static ssize_t tag_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", tag);
}

static ssize_t cpus_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	int len = sysfs_emit(buf, "online:");

	len += sysfs_emit_at(buf, len, " %u\n", num_online_cpus());
	return len;
}

static struct kobj_attribute tag_attr = __ATTR_RO(tag);
static struct kobj_attribute cpus_attr = __ATTR_RO(cpus);

static struct attribute *info_attrs[] = {
	&tag_attr.attr,
	&cpus_attr.attr,
	NULL,
};

static const struct attribute_group info_group = {
	.name = "info",
	.attrs = info_attrs,
};

/* What /sys/module/sysfs_kobj/initstate says from inside the module. */
static void say_initstate(const char *when)
{
	struct file *f = filp_open("/sys/module/sysfs_kobj/initstate", O_RDONLY, 0);
	char state[16] = "";
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f)) {
		pr_err("sysfs_kobj: %s: cannot open my initstate: %ld\n", when, PTR_ERR(f));
		return;
	}
	n = kernel_read(f, state, sizeof(state) - 1, &pos);
	filp_close(f, NULL);
	if (n > 0 && state[n - 1] == '\n')
		state[n - 1] = '\0';
	pr_info("sysfs_kobj: %s: initstate is %s\n", when, n > 0 ? state : "unreadable");
}

static int __init sysfs_kobj_init(void)
{
	int err;

	say_initstate("init");
	demo_kobj = kobject_create_and_add("sysfs_kobj", kernel_kobj);
	if (!demo_kobj)
		return -ENOMEM;
	err = sysfs_create_file(demo_kobj, &level_attr.attr);
	if (!err)
		err = sysfs_create_file(demo_kobj, &motto_attr.attr);
	if (!err)
		err = sysfs_create_file(demo_kobj, &reads_attr.attr);
	if (!err)
		err = sysfs_create_file(demo_kobj, &slow_attr.attr);
	if (!err)
		err = sysfs_create_group(demo_kobj, &info_group);
	if (err) {
		pr_err("sysfs_kobj: cannot make my files: %d\n", err);
		kobject_put(demo_kobj);
		return err;
	}
	pr_info("sysfs_kobj: /sys/kernel/%s ready (secret %d)\n", kobject_name(demo_kobj), secret);
	return 0;
}

static void __exit sysfs_kobj_exit(void)
{
	say_initstate("exit");
	sysfs_remove_group(demo_kobj, &info_group);
	kobject_put(demo_kobj);		/* waits for a slow read in progress */
	pr_info("sysfs_kobj: removed\n");
}

module_init(sysfs_kobj_init);
module_exit(sysfs_kobj_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A kobject with attribute files under /sys/kernel");
