// SPDX-License-Identifier: GPL-2.0
/*
 * uaccess_check: a misc device (/dev/uaccess_check) whose ioctls hand the
 * caller's argument, taken as a pointer, to the uaccess functions, so bad
 * pointers can be tried from the shell:
 *
 *	UA_COPY_TO   copy_to_user of 64 bytes; returns the bytes not copied
 *	UA_COPY_FROM copy_from_user of 64 bytes; returns the bytes not copied
 *	UA_GET       __get_user of an int (inline, so the faulting instruction
 *		     and its exception-table entry are in this module)
 *	UA_PUT       put_user of an int
 *	UA_STRLEN    strnlen_user of at most 64 bytes
 *
 * A driver must get -EFAULT or a short count for a bad pointer, and the
 * kernel must go on.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

#define UA_MAGIC	'u'
#define UA_COPY_TO	_IO(UA_MAGIC, 1)
#define UA_COPY_FROM	_IO(UA_MAGIC, 2)
#define UA_GET		_IO(UA_MAGIC, 3)
#define UA_PUT		_IO(UA_MAGIC, 4)
#define UA_STRLEN	_IO(UA_MAGIC, 5)

#define UA_LEN 64

static long uaccess_check_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *p = (void __user *)arg;
	char buf[UA_LEN];
	int v = 0, err;

	memset(buf, 'u', sizeof(buf));
	switch (cmd) {
	case UA_COPY_TO:
		return copy_to_user(p, buf, sizeof(buf));
	case UA_COPY_FROM:
		return copy_from_user(buf, p, sizeof(buf));
	case UA_GET:
		if (!access_ok(p, sizeof(int)))
			return -EFAULT;
		err = __get_user(v, (int __user *)p);
		return err ? err : v;
	case UA_PUT:
		return put_user(42, (int __user *)p);
	case UA_STRLEN:
		return strnlen_user(p, UA_LEN);
	}
	return -ENOTTY;
}

static const struct file_operations uaccess_check_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = uaccess_check_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice uaccess_check_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "uaccess_check",
	.fops = &uaccess_check_fops,
};

module_misc_device(uaccess_check_dev);
MODULE_LICENSE("GPL");
