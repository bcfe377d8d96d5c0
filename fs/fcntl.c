/*
 * Asynchronous notification lists (fasync_helper, kill_fasync), Linux's
 * fs/fcntl.c part that drivers call.
 *
 * A driver keeps a list of the files that asked for SIGIO; fasync_helper
 * adds and removes them, kill_fasync is called when data arrives. Linux
 * then signals each file's owner (F_SETOWN); modlab has no processes to
 * own a file, and a file without an owner is sent nothing, in Linux too.
 *
 * Locking: fasync_lock protects every list's links (the driver's head
 * pointer included). kill_fasync may be called from interrupts, so it is
 * taken with interrupts off.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/fs.h>
#include <linux/bug.h>

static DEFINE_SPINLOCK(fasync_lock);

static int fasync_remove_entry(struct file *filp, struct fasync_struct **fapp)
{
	struct fasync_struct *fa, **fp, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&fasync_lock, flags);
	for (fp = fapp; (fa = *fp) != NULL; fp = &fa->fa_next) {
		if (fa->fa_file == filp) {
			*fp = fa->fa_next;
			found = fa;
			break;
		}
	}
	spin_unlock_irqrestore(&fasync_lock, flags);
	kfree(found);
	return 0;
}

static int fasync_add_entry(int fd, struct file *filp, struct fasync_struct **fapp)
{
	struct fasync_struct *new, *fa;
	unsigned long flags;

	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	spin_lock_irqsave(&fasync_lock, flags);
	for (fa = *fapp; fa; fa = fa->fa_next) {
		if (fa->fa_file == filp) {	/* already there: refresh the fd */
			fa->fa_fd = fd;
			spin_unlock_irqrestore(&fasync_lock, flags);
			kfree(new);
			return 0;
		}
	}
	new->magic = FASYNC_MAGIC;
	new->fa_fd = fd;
	new->fa_file = filp;
	new->fa_next = *fapp;
	*fapp = new;
	spin_unlock_irqrestore(&fasync_lock, flags);
	filp->f_flags |= FASYNC;
	return 1;
}

int fasync_helper(int fd, struct file *filp, int on, struct fasync_struct **fapp)
{
	if (!on) {
		filp->f_flags &= ~FASYNC;
		return fasync_remove_entry(filp, fapp);
	}
	return fasync_add_entry(fd, filp, fapp);
}

void kill_fasync(struct fasync_struct **fp, int sig, int band)
{
	struct fasync_struct *fa;
	unsigned long flags;

	if (!*fp)
		return;
	spin_lock_irqsave(&fasync_lock, flags);
	for (fa = *fp; fa; fa = fa->fa_next)
		WARN_ON_ONCE(fa->magic != FASYNC_MAGIC);	/* a freed entry */
	/* No file has an owner to signal (there is no F_SETOWN). */
	spin_unlock_irqrestore(&fasync_lock, flags);
}

EXPORT_SYMBOL(fasync_helper);
EXPORT_SYMBOL(kill_fasync);
