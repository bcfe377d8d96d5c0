/*
 * memhog: take every free page of memory, and give it back on rmmod.
 *
 * What it is for: seeing (and testing) what each command does when memory
 * runs out. While it holds the memory every page allocation fails, and
 * so does any kmalloc that needs a new page; each command must then say
 * "Cannot allocate memory" and change nothing:
 *
 *	insmod /lib/modules/memhog.ko
 *	echo > /proc/memhog	take again what was freed since (insmod's
 *				own buffers, for one)
 *	cat /proc/meminfo	-> cat: /proc/meminfo: Cannot allocate memory
 *	rmmod memhog
 *
 * The pages are kept in a list threaded through the pages themselves
 * (the first word of each holds the next), so holding them costs nothing
 * more. Objects already in slab caches are left alone: small kmallocs may
 * still succeed from them.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>

static DEFINE_MUTEX(hog_lock);	/* protects held and nr_held */
static void *held;		/* the first page held; each holds the next */
static unsigned long nr_held;
static struct proc_dir_entry *proc_entry;

/* Take every free page; returns how many were taken. */
static unsigned long take_all(void)
{
	unsigned long n = 0;
	void **page;

	mutex_lock(&hog_lock);
	while ((page = (void **)__get_free_page(GFP_KERNEL))) {
		*page = held;
		held = page;
		n++;
	}
	nr_held += n;
	mutex_unlock(&hog_lock);
	return n;
}

static ssize_t memhog_write(struct file *file, const char *buf, size_t count, loff_t *pos)
{
	unsigned long n = take_all();

	pr_info("memhog: took %lu more pages (%lu held)\n", n, nr_held);
	return count;
}

static const struct proc_ops memhog_ops = {
	.proc_write = memhog_write,
};

static int __init memhog_init(void)
{
	proc_entry = proc_create("memhog", 0200, NULL, &memhog_ops);
	if (!proc_entry)
		return -ENOMEM;
	take_all();
	pr_info("memhog: holding %lu pages; rmmod memhog gives them back\n", nr_held);
	return 0;
}

static void __exit memhog_exit(void)
{
	proc_remove(proc_entry);	/* no writer can take more after this */
	while (held) {
		void *next = *(void **)held;

		free_page((unsigned long)held);
		held = next;
	}
	pr_info("memhog: gave back %lu pages\n", nr_held);
}

module_init(memhog_init);
module_exit(memhog_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("modlab");
MODULE_DESCRIPTION("takes all free pages until unloaded, to test out-of-memory errors");
