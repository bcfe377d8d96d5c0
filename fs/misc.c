/*
 * Misc devices (linux/miscdevice.h): major 10 is one character device
 * whose open looks the minor up among the registered misc devices and
 * hands the file to that driver's operations; each device also gets a
 * /dev node. /proc/misc lists them ("minor name").
 *
 * misc_mtx protects misc_list and the dynamic-minor map; misc_open holds
 * it while it pins the driver's module (fops_get), so a device being
 * deregistered is either found with its module pinned or not found.
 * Order: misc_mtx, then vfs_lock (taken by devfs_add_chr/devfs_remove_chr);
 * misc_open runs without vfs_lock (filp_open drops it before ->open).
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <modlab/fs.h>

#define DYNAMIC_MINORS	128	/* minors 127 down to 0 are given out dynamically */

static LIST_HEAD(misc_list);
static DEFINE_MUTEX(misc_mtx);
static unsigned long misc_minors[DYNAMIC_MINORS / BITS_PER_LONG];	/* under misc_mtx */

static int misc_open(struct inode *inode, struct file *file)
{
	unsigned int minor = iminor(inode);
	const struct file_operations *new_fops = NULL;
	struct miscdevice *c;
	int err = -ENODEV;

	mutex_lock(&misc_mtx);
	list_for_each_entry(c, &misc_list, list) {
		if (c->minor == (int)minor) {
			new_fops = fops_get(c->fops);
			break;
		}
	}
	if (!new_fops)
		goto out;	/* no such device, or its module is going */
	file->private_data = c;
	replace_fops(file, new_fops);
	err = 0;
	if (file->f_op->open)
		err = file->f_op->open(inode, file);
out:
	mutex_unlock(&misc_mtx);
	return err;
}

static const struct file_operations misc_fops = {
	.owner = THIS_MODULE,
	.open = misc_open,
	.llseek = noop_llseek,
};

static const char *node_name(const struct miscdevice *misc)
{
	return misc->nodename ? misc->nodename : misc->name;
}

int misc_register(struct miscdevice *misc)
{
	struct miscdevice *c;
	int err = 0;
	bool dynamic = misc->minor == MISC_DYNAMIC_MINOR;

	if (!misc->name || !misc->fops)
		return -EINVAL;
	INIT_LIST_HEAD(&misc->list);
	mutex_lock(&misc_mtx);
	if (dynamic) {
		unsigned int i;

		for (i = 0; i < DYNAMIC_MINORS && test_bit(i, misc_minors); i++)
			;
		if (i >= DYNAMIC_MINORS) {
			err = -EBUSY;
			goto out;
		}
		misc->minor = DYNAMIC_MINORS - i - 1;
		set_bit(i, misc_minors);
	} else {
		list_for_each_entry(c, &misc_list, list) {
			if (c->minor == misc->minor) {
				err = -EBUSY;
				goto out;
			}
		}
	}
	err = devfs_add_chr(node_name(misc), misc->mode ? misc->mode : 0600,
			    MKDEV(MISC_MAJOR, misc->minor));
	if (err) {
		if (dynamic) {
			clear_bit(DYNAMIC_MINORS - misc->minor - 1, misc_minors);
			misc->minor = MISC_DYNAMIC_MINOR;
		}
		goto out;
	}
	list_add(&misc->list, &misc_list);
out:
	mutex_unlock(&misc_mtx);
	return err;
}

void misc_deregister(struct miscdevice *misc)
{
	if (list_empty(&misc->list)) {
		pr_warn("misc_deregister: %s was not registered\n", misc->name);
		return;
	}
	mutex_lock(&misc_mtx);
	list_del_init(&misc->list);
	devfs_remove_chr(node_name(misc));
	if (misc->minor < DYNAMIC_MINORS && misc->minor >= 0)
		clear_bit(DYNAMIC_MINORS - misc->minor - 1, misc_minors);
	mutex_unlock(&misc_mtx);
}

static int misc_show(struct seq_file *m, void *v)
{
	struct miscdevice *c;

	mutex_lock(&misc_mtx);
	list_for_each_entry(c, &misc_list, list)
		seq_printf(m, "%3i %s\n", c->minor, c->name);
	mutex_unlock(&misc_mtx);
	return 0;
}

/* Boot: claim major 10 and make /proc/misc. */
void misc_init(void)
{
	int err = register_chrdev(MISC_MAJOR, "misc", &misc_fops);

	if (err)
		pr_err("misc: cannot register major %d: error %d\n", MISC_MAJOR, err);
	proc_create_single("misc", 0444, NULL, misc_show);
}

EXPORT_SYMBOL(misc_register);
EXPORT_SYMBOL(misc_deregister);
