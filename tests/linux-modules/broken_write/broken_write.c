/*
 * broken_write.c - a proc file whose write has a bug: it stores through a
 * NULL pointer, as a driver with a missing allocation would. Writing to
 * /proc/broken_write oopses; the kernel kills the writer and goes on.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/proc_fs.h>

static struct proc_dir_entry *entry;
static int *missing;	/* never allocated: the bug */

static ssize_t broken_write(struct file *file, const char __user *buf, size_t len,
			    loff_t *off)
{
	*missing = len;		/* NULL pointer dereference */
	return len;
}

static const struct proc_ops broken_ops = {
	.proc_write = broken_write,
};

static int __init broken_write_init(void)
{
	entry = proc_create("broken_write", 0200, NULL, &broken_ops);
	return entry ? 0 : -ENOMEM;
}

static void __exit broken_write_exit(void)
{
	proc_remove(entry);
}

module_init(broken_write_init);
module_exit(broken_write_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A proc file whose write oopses");
