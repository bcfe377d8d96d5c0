/*
 * sysfs_holder.c: keeps a file open from its init to its exit, to show
 * what happens to an open sysfs file whose owner goes away.
 *
 * insmod sysfs_holder.ko path=/sys/kernel/sysfs_kobj/level reads the file
 * once at init and again at exit, and says what each read gave.
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>

static char *path = "/sys/kernel/sysfs_kobj/level";
module_param(path, charp, 0444);
MODULE_PARM_DESC(path, "the file to hold open");

static struct file *held;

static void read_held(const char *when)
{
	char buf[64] = "";
	loff_t pos = 0;
	ssize_t n = kernel_read(held, buf, sizeof(buf) - 1, &pos);

	if (n < 0) {
		pr_info("sysfs_holder: %s: read gave error %d\n", when, (int)n);
		return;
	}
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	pr_info("sysfs_holder: %s: read '%s'\n", when, buf);
}

static int __init holder_init(void)
{
	held = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(held)) {
		pr_err("sysfs_holder: cannot open %s: %ld\n", path, PTR_ERR(held));
		return PTR_ERR(held);
	}
	read_held("init");
	return 0;
}

static void __exit holder_exit(void)
{
	read_held("exit");
	filp_close(held, NULL);
}

module_init(holder_init);
module_exit(holder_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Holds a file open across another module's unload");
