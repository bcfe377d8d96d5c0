/*
 * fsprobe: the fs lab grader's probe. It calls the kernel's registration
 * functions the way a filesystem module would, and prints what they
 * returned, so the grader judges fs/filesystems.c by its results rather
 * than by anything the student's module says.
 *
 *	insmod fsprobe.ko name=T		register a type called T (it can
 *						never be mounted); print the result
 *	insmod fsprobe.ko name=T unregister=1	find type T (get_fs_type) and
 *						unregister it; print the result
 *
 * Each prints one line, "fsprobe: register_filesystem(T) = ERR" or
 * "fsprobe: unregister_filesystem(T) = ERR" (or "fsprobe: no type T"),
 * and the module stays loaded until rmmod.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/fs.h>

static char *name = "fsprobe";
module_param(name, charp, 0444);
MODULE_PARM_DESC(name, "the filesystem type to register or unregister");

static bool unregister;
module_param(unregister, bool, 0444);
MODULE_PARM_DESC(unregister, "unregister the type called name instead of registering one");

static struct super_block *fsprobe_mount(struct file_system_type *fs, const char *source,
					 void *data)
{
	return ERR_PTR(-ENODEV);
}

static struct file_system_type fsprobe_type = {
	.mount = fsprobe_mount,
	.owner = THIS_MODULE,
};

static int __init fsprobe_init(void)
{
	struct file_system_type *fs;
	int err;

	if (!unregister) {
		fsprobe_type.name = name;
		err = register_filesystem(&fsprobe_type);
		pr_info("fsprobe: register_filesystem(%s) = %d\n", name, err);
		return 0;
	}
	fs = get_fs_type(name);		/* pins its module while we use it */
	if (!fs) {
		pr_info("fsprobe: no type %s\n", name);
		return 0;
	}
	err = unregister_filesystem(fs);
	pr_info("fsprobe: unregister_filesystem(%s) = %d\n", name, err);
	put_filesystem(fs);
	return 0;
}

static void __exit fsprobe_exit(void)
{
}

module_init(fsprobe_init);
module_exit(fsprobe_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("the fs lab's probe: register and unregister filesystem types, print results");
