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
 *	echo all > /proc/memhog	also every free kmalloc object, of each size
 *	rmmod memhog
 *
 * Without "all", objects already in slab caches are left alone, so small
 * kmallocs still succeed: opening a file works, a page-sized buffer does
 * not. What is held is kept in lists threaded through the memory itself
 * (the first word of each page or object holds the next), so holding it
 * costs nothing more.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>

#define SMALLEST_KMALLOC	16
#define LARGEST_SLAB_KMALLOC	2048

static DEFINE_MUTEX(hog_lock);	/* protects the lists and counts below */
static void *held;		/* the first page held; each holds the next */
static unsigned long nr_held;
static void *held_objects;	/* the first kmalloc object held, likewise */
static unsigned long nr_objects;
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

/* Take every free kmalloc object of each slab size; returns how many. */
static unsigned long take_objects(void)
{
	unsigned long n = 0;
	size_t size;
	void **obj;

	mutex_lock(&hog_lock);
	for (size = SMALLEST_KMALLOC; size <= LARGEST_SLAB_KMALLOC; size *= 2) {
		while ((obj = kmalloc(size, GFP_KERNEL))) {
			*obj = held_objects;
			held_objects = obj;
			n++;
		}
	}
	nr_objects += n;
	mutex_unlock(&hog_lock);
	return n;
}

static ssize_t memhog_write(struct file *file, const char *buf, size_t count, loff_t *pos)
{
	unsigned long n = take_all();

	pr_info("memhog: took %lu more pages (%lu held)\n", n, nr_held);
	if (count >= 3 && !memcmp(buf, "all", 3)) {
		n = take_objects();
		pr_info("memhog: took %lu kmalloc objects (%lu held)\n", n, nr_objects);
	}
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
	while (held_objects) {
		void *next = *(void **)held_objects;

		kfree(held_objects);
		held_objects = next;
	}
	while (held) {
		void *next = *(void **)held;

		free_page((unsigned long)held);
		held = next;
	}
	pr_info("memhog: gave back %lu pages and %lu kmalloc objects\n", nr_held, nr_objects);
}

module_init(memhog_init);
module_exit(memhog_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("modlab");
MODULE_DESCRIPTION("takes all free pages until unloaded, to test out-of-memory errors");
