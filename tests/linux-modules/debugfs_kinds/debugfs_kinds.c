/*
 * debugfs_kinds.c - one debugfs file of each kind under
 * /sys/kernel/debug/kinds, and two files whose read waits until told to
 * go on, to show what removal does to a reader.
 *
 *	byte, half, word, quad		u8, u16, u32, u64 (read-write)
 *	mask				x32 (read-write)
 *	flag				bool (read-write)
 *	hits				atomic_t, counted up by each read of summary
 *	limit				u32, read-only
 *	banner				a blob
 *	summary				a seq_file (DEFINE_SHOW_ATTRIBUTE) showing them all
 *	slow, slow_pinned		a read logs "reader waiting" and waits for a
 *				write to /proc/debugfs_kinds_go; slow_pinned's
 *				fops name this module as owner, slow's do not
 */
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

static struct dentry *dir;
static struct proc_dir_entry *go;

static u8 byte = 200;
static u16 half = 60000;
static u32 word = 4000000000u;
static u64 quad = 18000000000000000000ull;
static u32 mask = 0xbeef;
static bool flag = true;
static atomic_t hits = ATOMIC_INIT(0);
static u32 limit = 42;
static char banner_text[] = "kinds: one file of each sort\n";
static struct debugfs_blob_wrapper banner = {
	.data = banner_text,
	.size = sizeof(banner_text) - 1,
};

static DECLARE_WAIT_QUEUE_HEAD(go_wait);
static int go_flag;

static int summary_show(struct seq_file *m, void *v)
{
	atomic_inc(&hits);
	seq_printf(m, "byte=%u half=%u word=%u quad=%llu\n", byte, half, word, quad);
	seq_printf(m, "mask=%#x flag=%d hits=%d limit=%u\n", mask, flag, atomic_read(&hits),
		   limit);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(summary);

static ssize_t slow_read(struct file *file, char __user *buf, size_t len, loff_t *off)
{
	static const char msg[] = "slow reader done\n";
	int err;

	if (*off)
		return 0;
	pr_info("debugfs_kinds: %s: reader waiting\n", file->f_path.dentry->d_name.name);
	err = wait_event_interruptible(go_wait, READ_ONCE(go_flag));
	if (err)
		return err;
	return simple_read_from_buffer(buf, len, off, msg, sizeof(msg) - 1);
}

static const struct file_operations slow_fops = {
	.read = slow_read,
};

static const struct file_operations slow_pinned_fops = {
	.owner = THIS_MODULE,
	.read = slow_read,
};

static ssize_t go_write(struct file *file, const char __user *buf, size_t len, loff_t *off)
{
	WRITE_ONCE(go_flag, 1);
	wake_up_interruptible(&go_wait);
	return len;
}

static const struct proc_ops go_ops = {
	.proc_write = go_write,
};

static int __init debugfs_kinds_init(void)
{
	dir = debugfs_create_dir("kinds", NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	debugfs_create_u8("byte", 0644, dir, &byte);
	debugfs_create_u16("half", 0644, dir, &half);
	debugfs_create_u32("word", 0644, dir, &word);
	debugfs_create_u64("quad", 0644, dir, &quad);
	debugfs_create_x32("mask", 0644, dir, &mask);
	debugfs_create_bool("flag", 0644, dir, &flag);
	debugfs_create_atomic_t("hits", 0444, dir, &hits);
	debugfs_create_u32("limit", 0444, dir, &limit);
	debugfs_create_blob("banner", 0444, dir, &banner);
	debugfs_create_file("summary", 0444, dir, NULL, &summary_fops);
	debugfs_create_file("slow", 0444, dir, NULL, &slow_fops);
	debugfs_create_file("slow_pinned", 0444, dir, NULL, &slow_pinned_fops);
	go = proc_create("debugfs_kinds_go", 0200, NULL, &go_ops);
	if (!go) {
		debugfs_remove(dir);
		return -ENOMEM;
	}
	pr_info("debugfs_kinds: files under /sys/kernel/debug/kinds\n");
	return 0;
}

static void __exit debugfs_kinds_exit(void)
{
	debugfs_remove_recursive(dir);	/* waits for a reader inside slow_read */
	pr_info("debugfs_kinds: kinds removed\n");
	proc_remove(go);
}

module_init(debugfs_kinds_init);
module_exit(debugfs_kinds_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("One debugfs file of each kind");
