/*
 * proc_sized.c - a 64-byte notepad in /proc/notepad whose size shows in
 * ls -l (proc_set_size), owned by root (proc_set_user), and a file whose
 * read waits until told to go on, to show what removal does to a reader.
 *
 *	/proc/notepad		read and write; at most NOTEPAD_SIZE bytes
 *	/proc/notepad_slow	a read says "reader waiting" in the log, then
 *				waits until a write to /proc/notepad_go
 *	/proc/notepad_go	write anything: waiting readers go on
 */
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/wait.h>

#define NOTEPAD_SIZE 64

static char notepad[NOTEPAD_SIZE];
static size_t notepad_len;
static DEFINE_MUTEX(notepad_lock);
static struct proc_dir_entry *pad, *slow, *go;

static DECLARE_WAIT_QUEUE_HEAD(go_wait);
static int go_flag;

static ssize_t notepad_read(struct file *file, char __user *buf, size_t len, loff_t *off)
{
	ssize_t ret;

	mutex_lock(&notepad_lock);
	ret = simple_read_from_buffer(buf, len, off, notepad, notepad_len);
	mutex_unlock(&notepad_lock);
	return ret;
}

static ssize_t notepad_write(struct file *file, const char __user *buf, size_t len,
			     loff_t *off)
{
	ssize_t ret;

	if (*off + len > NOTEPAD_SIZE)
		return -ENOSPC;
	mutex_lock(&notepad_lock);
	ret = simple_write_to_buffer(notepad, NOTEPAD_SIZE, off, buf, len);
	if (ret > 0)
		notepad_len = max_t(size_t, notepad_len, *off);
	mutex_unlock(&notepad_lock);
	return ret;
}

static ssize_t slow_read(struct file *file, char __user *buf, size_t len, loff_t *off)
{
	static const char msg[] = "slow reader done\n";
	int err;

	if (*off)
		return 0;
	pr_info("notepad_slow: reader waiting\n");
	err = wait_event_interruptible(go_wait, READ_ONCE(go_flag));
	if (err)
		return err;
	pr_info("notepad_slow: reader going on\n");
	return simple_read_from_buffer(buf, len, off, msg, sizeof(msg) - 1);
}

static ssize_t go_write(struct file *file, const char __user *buf, size_t len, loff_t *off)
{
	WRITE_ONCE(go_flag, 1);
	wake_up_interruptible(&go_wait);
	return len;
}

static const struct proc_ops notepad_ops = {
	.proc_read = notepad_read,
	.proc_write = notepad_write,
	.proc_lseek = default_llseek,
};

static const struct proc_ops slow_ops = {
	.proc_read = slow_read,
};

static const struct proc_ops go_ops = {
	.proc_write = go_write,
};

static int __init proc_sized_init(void)
{
	pad = proc_create("notepad", 0644, NULL, &notepad_ops);
	slow = proc_create("notepad_slow", 0444, NULL, &slow_ops);
	go = proc_create("notepad_go", 0200, NULL, &go_ops);
	if (!pad || !slow || !go) {
		proc_remove(pad);
		proc_remove(slow);
		proc_remove(go);
		return -ENOMEM;
	}
	proc_set_size(pad, NOTEPAD_SIZE);
	proc_set_user(pad, GLOBAL_ROOT_UID, GLOBAL_ROOT_GID);
	pr_info("proc_sized: /proc/notepad holds %d bytes\n", NOTEPAD_SIZE);
	return 0;
}

static void __exit proc_sized_exit(void)
{
	proc_remove(pad);
	proc_remove(slow);		/* waits for a reader inside slow_read */
	pr_info("proc_sized: notepad_slow removed\n");
	proc_remove(go);
}

module_init(proc_sized_init);
module_exit(proc_sized_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A fixed-size proc file and a reader that outlives rmmod's start");
