/*
 * Character devices: device-number regions, struct cdev, and the open of
 * a character special file, with Linux's names and behaviour.
 *
 * Two tables, as in Linux:
 *  - chrdevs: which driver (by name) owns which range of numbers
 *    (register_chrdev_region, alloc_chrdev_region); /proc/devices lists it.
 *  - the device map: which struct cdev serves which numbers (cdev_add).
 * Opening an inode with S_IFCHR runs chrdev_open (def_chr_fops): it finds
 * the cdev for the inode's i_rdev, pins the cdev's module, and swaps the
 * file's operations for the driver's (fops_get pins their owner too), then
 * calls the driver's open. The close (filp_close) drops both.
 *
 * Locking: chrdevs_lock (a mutex) protects the region list; cdev_lock (a
 * spin lock) protects the device map and every cdev's users/deleted
 * flags. A module's cdev is safe to touch under cdev_lock while it is in
 * the map: the module's exit takes it out (cdev_del, under cdev_lock)
 * before its memory can go, and an open that found it has pinned the
 * module (try_module_get under the same lock) before dropping the lock.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/major.h>
#include <linux/seq_file.h>
#include "internal.h"

/* ---- device-number regions ---- */

struct char_device_struct {
	struct list_head list;		/* in chrdevs, by major then first minor */
	unsigned int major;
	unsigned int baseminor;
	unsigned int minorct;
	char name[64];
	struct cdev *cdev;		/* register_chrdev's own cdev */
};

static LIST_HEAD(chrdevs);
static DEFINE_MUTEX(chrdevs_lock);	/* protects chrdevs */

static bool major_in_use(unsigned int major)
{
	struct char_device_struct *cd;

	list_for_each_entry(cd, &chrdevs, list)
		if (cd->major == major)
			return true;
	return false;
}

/* A free major for a dynamic request, as Linux picks them: from 254 down
 * to 234, then from 511 down to 384; 0 if none. Under chrdevs_lock. */
static unsigned int find_dynamic_major(void)
{
	unsigned int i;

	for (i = CHRDEV_MAJOR_HASH_SIZE - 1; i >= CHRDEV_MAJOR_DYN_END; i--)
		if (!major_in_use(i))
			return i;
	for (i = CHRDEV_MAJOR_DYN_EXT_START; i >= CHRDEV_MAJOR_DYN_EXT_END; i--)
		if (!major_in_use(i))
			return i;
	return 0;
}

/* Claim minors [baseminor, baseminor + minorct) of major (0: any free
 * major). -EBUSY if they overlap a region already held. */
static struct char_device_struct *__register_chrdev_region(unsigned int major,
							   unsigned int baseminor,
							   unsigned int minorct, const char *name)
{
	struct char_device_struct *cd, *pos;
	int err = -EBUSY;

	if (major >= CHRDEV_MAJOR_MAX) {
		pr_err("CHRDEV \"%s\" major requested (%u) is greater than the maximum (%u)\n",
		       name, major, CHRDEV_MAJOR_MAX - 1);
		return ERR_PTR(-EINVAL);
	}
	if (!minorct || minorct > MINORMASK + 1 - baseminor || baseminor > MINORMASK)
		return ERR_PTR(-EINVAL);
	cd = kzalloc(sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&chrdevs_lock);
	if (!major) {
		major = find_dynamic_major();
		if (!major) {
			pr_err("CHRDEV \"%s\" dynamic allocation region is full\n", name);
			goto fail;
		}
	}
	list_for_each_entry(pos, &chrdevs, list) {
		if (pos->major != major)
			continue;
		if (baseminor < pos->baseminor + pos->minorct &&
		    pos->baseminor < baseminor + minorct)
			goto fail;	/* overlap */
	}
	cd->major = major;
	cd->baseminor = baseminor;
	cd->minorct = minorct;
	strscpy(cd->name, name, sizeof(cd->name));
	/* keep the list sorted, as /proc/devices prints it */
	list_for_each_entry(pos, &chrdevs, list)
		if (pos->major > major || (pos->major == major && pos->baseminor > baseminor))
			break;
	list_add_tail(&cd->list, &pos->list);
	mutex_unlock(&chrdevs_lock);
	return cd;
fail:
	mutex_unlock(&chrdevs_lock);
	kfree(cd);
	return ERR_PTR(err);
}

static struct char_device_struct *__unregister_chrdev_region(unsigned int major,
							     unsigned int baseminor,
							     unsigned int minorct)
{
	struct char_device_struct *cd;

	mutex_lock(&chrdevs_lock);
	list_for_each_entry(cd, &chrdevs, list) {
		if (cd->major == major && cd->baseminor == baseminor && cd->minorct == minorct) {
			list_del(&cd->list);
			mutex_unlock(&chrdevs_lock);
			return cd;
		}
	}
	mutex_unlock(&chrdevs_lock);
	return NULL;
}

/* Regions that cross a major boundary are split into one per major, as
 * Linux does. */
int register_chrdev_region(dev_t from, unsigned int count, const char *name)
{
	dev_t to = from + count, n, next;
	struct char_device_struct *cd;

	for (n = from; n < to; n = next) {
		next = MKDEV(MAJOR(n) + 1, 0);
		if (next > to)
			next = to;
		cd = __register_chrdev_region(MAJOR(n), MINOR(n), next - n, name);
		if (IS_ERR(cd)) {
			to = n;
			for (n = from; n < to; n = next) {
				next = MKDEV(MAJOR(n) + 1, 0);
				kfree(__unregister_chrdev_region(MAJOR(n), MINOR(n),
								 (next > to ? to : next) - n));
			}
			return PTR_ERR(cd);
		}
	}
	return 0;
}

int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count,
			const char *name)
{
	struct char_device_struct *cd = __register_chrdev_region(0, baseminor, count, name);

	if (IS_ERR(cd))
		return PTR_ERR(cd);
	*dev = MKDEV(cd->major, cd->baseminor);
	return 0;
}

void unregister_chrdev_region(dev_t from, unsigned int count)
{
	dev_t to = from + count, n, next;

	for (n = from; n < to; n = next) {
		next = MKDEV(MAJOR(n) + 1, 0);
		if (next > to)
			next = to;
		kfree(__unregister_chrdev_region(MAJOR(n), MINOR(n), next - n));
	}
}

int __register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count,
		      const char *name, const struct file_operations *fops)
{
	struct char_device_struct *cd;
	struct cdev *cdev;
	int err;

	cd = __register_chrdev_region(major, baseminor, count, name);
	if (IS_ERR(cd))
		return PTR_ERR(cd);
	cdev = cdev_alloc();
	if (!cdev) {
		err = -ENOMEM;
		goto out_region;
	}
	cdev->owner = fops->owner;
	cdev->ops = fops;
	err = cdev_add(cdev, MKDEV(cd->major, baseminor), count);
	if (err) {
		kfree(cdev);
		goto out_region;
	}
	cd->cdev = cdev;
	return major ? 0 : cd->major;
out_region:
	kfree(__unregister_chrdev_region(cd->major, baseminor, count));
	return err;
}

void __unregister_chrdev(unsigned int major, unsigned int baseminor, unsigned int count,
			 const char *name)
{
	struct char_device_struct *cd = __unregister_chrdev_region(major, baseminor, count);

	if (cd && cd->cdev)
		cdev_del(cd->cdev);
	kfree(cd);
}

/* ---- the device map and struct cdev ---- */

static LIST_HEAD(cdev_map);		/* newest first: a later cdev_add shadows */
static DEFINE_SPINLOCK(cdev_lock);	/* protects cdev_map and cdevs' users/deleted */

void cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	memset(cdev, 0, sizeof(*cdev));
	INIT_LIST_HEAD(&cdev->list);
	cdev->ops = fops;
}

struct cdev *cdev_alloc(void)
{
	struct cdev *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (p) {
		INIT_LIST_HEAD(&p->list);
		p->allocated = true;
	}
	return p;
}

int cdev_add(struct cdev *p, dev_t dev, unsigned int count)
{
	if (!count || dev + count < dev)
		return -EINVAL;
	p->dev = dev;
	p->count = count;
	spin_lock(&cdev_lock);
	p->deleted = false;
	list_add(&p->list, &cdev_map);
	spin_unlock(&cdev_lock);
	return 0;
}

void cdev_del(struct cdev *p)
{
	bool free_now;

	spin_lock(&cdev_lock);
	if (!list_empty(&p->list))
		list_del_init(&p->list);
	p->deleted = true;
	free_now = p->allocated && p->users == 0;
	spin_unlock(&cdev_lock);
	/* The cdev's kobject is never added to sysfs: only a name that
	 * kobject_set_name (LDD3's scull) may have given it is ours to free. */
	kfree(p->kobj.name);
	p->kobj.name = NULL;
	if (free_now)
		kfree(p);
}

/* An inode's i_cdev is only read by the driver's open, which chrdev_open
 * has just set it for; forgetting it is enough. */
void cd_forget(struct inode *inode)
{
	inode->i_cdev = NULL;
}

/* Under cdev_lock. */
static struct cdev *cdev_lookup(dev_t dev)
{
	struct cdev *p;

	list_for_each_entry(p, &cdev_map, list)
		if (dev >= p->dev && dev - p->dev < p->count)
			return p;
	return NULL;
}

void cdev_put_file(struct file *file)
{
	struct cdev *p = file->f_cdev;
	struct module *owner;
	bool free_now;

	if (!p)
		return;
	file->f_cdev = NULL;
	owner = p->owner;
	spin_lock(&cdev_lock);
	free_now = --p->users == 0 && p->deleted && p->allocated;
	spin_unlock(&cdev_lock);
	if (free_now)
		kfree(p);
	module_put(owner);
}

static int chrdev_open(struct inode *inode, struct file *filp)
{
	const struct file_operations *fops;
	struct cdev *p;
	int err = 0;

	spin_lock(&cdev_lock);
	p = cdev_lookup(inode->i_rdev);
	if (!p || !try_module_get(p->owner)) {
		spin_unlock(&cdev_lock);
		return -ENXIO;	/* no driver for this number, or it is going */
	}
	p->users++;
	inode->i_cdev = p;	/* for the driver's open: container_of(inode->i_cdev...) */
	spin_unlock(&cdev_lock);
	filp->f_cdev = p;	/* filp_close (or open's failure path) drops it */

	fops = fops_get(p->ops);
	if (!fops)
		return -ENXIO;
	replace_fops(filp, fops);
	if (filp->f_op->open)
		err = filp->f_op->open(inode, filp);
	return err;
}

/* What every character special file opens with: find the driver. */
const struct file_operations def_chr_fops = {
	.open = chrdev_open,
	.llseek = noop_llseek,
};

void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = rdev;
	} else {
		pr_debug("init_special_inode: bogus i_mode (%o) for inode %lu\n", mode,
			 inode->i_ino);
	}
}

/* ---- /proc/devices ---- */

int chrdev_show(struct seq_file *m, void *v)
{
	struct char_device_struct *cd;

	seq_puts(m, "Character devices:\n");
	mutex_lock(&chrdevs_lock);
	list_for_each_entry(cd, &chrdevs, list)
		seq_printf(m, "%3u %s\n", cd->major, cd->name);
	mutex_unlock(&chrdevs_lock);
	return 0;
}

EXPORT_SYMBOL(register_chrdev_region);
EXPORT_SYMBOL(alloc_chrdev_region);
EXPORT_SYMBOL(unregister_chrdev_region);
EXPORT_SYMBOL(__register_chrdev);
EXPORT_SYMBOL(__unregister_chrdev);
EXPORT_SYMBOL(cdev_init);
EXPORT_SYMBOL(cdev_alloc);
EXPORT_SYMBOL(cdev_add);
EXPORT_SYMBOL(cdev_del);
EXPORT_SYMBOL(init_special_inode);
