// SPDX-License-Identifier: GPL-2.0
/*
 * lkpipe: a pipe as a misc device (/dev/lkpipe). Readers sleep until
 * there is data (wait_event_interruptible) and see end of file once every
 * writer that came after them has closed; writers append to a 4 KiB
 * buffer and wake the readers. /proc/lkpipe shows the state, and writing
 * "hangup" to it ends every waiting read, as a last writer's close would.
 */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/uaccess.h>

#define LKPIPE_SIZE 4096

static DEFINE_MUTEX(lkpipe_lock);	/* protects everything below */
static DECLARE_WAIT_QUEUE_HEAD(lkpipe_readq);
static char lkpipe_buf[LKPIPE_SIZE];
static size_t lkpipe_len;
static int lkpipe_writers;
static unsigned long lkpipe_closes;	/* writers' closes (and hangups) so far */
static unsigned long lkpipe_reads, lkpipe_opens;

struct lkpipe_reader {
	unsigned long closes_at_open;
};

static bool lkpipe_eof(struct lkpipe_reader *r)
{
	return lkpipe_writers == 0 && lkpipe_closes != r->closes_at_open;
}

static int lkpipe_open(struct inode *inode, struct file *file)
{
	struct lkpipe_reader *r = kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return -ENOMEM;
	mutex_lock(&lkpipe_lock);
	r->closes_at_open = lkpipe_closes;
	if (file->f_mode & FMODE_WRITE)
		lkpipe_writers++;
	lkpipe_opens++;
	mutex_unlock(&lkpipe_lock);
	file->private_data = r;
	return stream_open(inode, file);
}

static int lkpipe_release(struct inode *inode, struct file *file)
{
	mutex_lock(&lkpipe_lock);
	if (file->f_mode & FMODE_WRITE) {
		lkpipe_writers--;
		lkpipe_closes++;
	}
	mutex_unlock(&lkpipe_lock);
	wake_up_interruptible(&lkpipe_readq);
	kfree(file->private_data);
	return 0;
}

static ssize_t lkpipe_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct lkpipe_reader *r = file->private_data;
	size_t n;

	mutex_lock(&lkpipe_lock);
	while (lkpipe_len == 0) {
		if (lkpipe_eof(r)) {
			mutex_unlock(&lkpipe_lock);
			return 0;
		}
		mutex_unlock(&lkpipe_lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(lkpipe_readq, lkpipe_len > 0 || lkpipe_eof(r)))
			return -ERESTARTSYS;
		mutex_lock(&lkpipe_lock);
	}
	n = min(count, lkpipe_len);
	if (copy_to_user(buf, lkpipe_buf, n)) {
		mutex_unlock(&lkpipe_lock);
		return -EFAULT;
	}
	memmove(lkpipe_buf, lkpipe_buf + n, lkpipe_len - n);
	lkpipe_len -= n;
	lkpipe_reads++;
	mutex_unlock(&lkpipe_lock);
	return n;
}

static ssize_t lkpipe_write(struct file *file, const char __user *buf, size_t count,
			    loff_t *ppos)
{
	size_t n;

	mutex_lock(&lkpipe_lock);
	n = min(count, LKPIPE_SIZE - lkpipe_len);
	if (!n) {
		mutex_unlock(&lkpipe_lock);
		return -ENOSPC;
	}
	if (copy_from_user(lkpipe_buf + lkpipe_len, buf, n)) {
		mutex_unlock(&lkpipe_lock);
		return -EFAULT;
	}
	lkpipe_len += n;
	mutex_unlock(&lkpipe_lock);
	wake_up_interruptible(&lkpipe_readq);
	return n;
}

static __poll_t lkpipe_poll(struct file *file, poll_table *wait)
{
	__poll_t mask = 0;

	poll_wait(file, &lkpipe_readq, wait);
	mutex_lock(&lkpipe_lock);
	if (lkpipe_len)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (lkpipe_len < LKPIPE_SIZE)
		mask |= EPOLLOUT | EPOLLWRNORM;
	mutex_unlock(&lkpipe_lock);
	return mask;
}

static const struct file_operations lkpipe_fops = {
	.owner = THIS_MODULE,
	.open = lkpipe_open,
	.release = lkpipe_release,
	.read = lkpipe_read,
	.write = lkpipe_write,
	.poll = lkpipe_poll,
	.llseek = no_llseek,
};

static struct miscdevice lkpipe_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "lkpipe",
	.fops = &lkpipe_fops,
	.mode = 0666,
};

static int lkpipe_show(struct seq_file *m, void *v)
{
	mutex_lock(&lkpipe_lock);
	seq_printf(m, "buffered %zu writers %d opens %lu reads %lu minor %d\n", lkpipe_len,
		   lkpipe_writers, lkpipe_opens, lkpipe_reads, lkpipe_dev.minor);
	mutex_unlock(&lkpipe_lock);
	return 0;
}

static ssize_t lkpipe_proc_write(struct file *file, const char __user *buf, size_t count,
				 loff_t *ppos)
{
	char cmd[8] = "";

	if (copy_from_user(cmd, buf, min(count, sizeof(cmd) - 1)))
		return -EFAULT;
	if (strncmp(cmd, "hangup", 6))
		return -EINVAL;
	mutex_lock(&lkpipe_lock);
	lkpipe_closes++;
	mutex_unlock(&lkpipe_lock);
	wake_up_interruptible(&lkpipe_readq);
	return count;
}

static int lkpipe_proc_open(struct inode *inode, struct file *file)
{
	return single_open(file, lkpipe_show, NULL);
}

static const struct proc_ops lkpipe_proc_ops = {
	.proc_open = lkpipe_proc_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = lkpipe_proc_write,
};

static int __init lkpipe_init(void)
{
	int ret = misc_register(&lkpipe_dev);

	if (ret)
		return ret;
	if (!proc_create("lkpipe", 0666, NULL, &lkpipe_proc_ops)) {
		misc_deregister(&lkpipe_dev);
		return -ENOMEM;
	}
	return 0;
}

static void __exit lkpipe_exit(void)
{
	remove_proc_entry("lkpipe", NULL);
	misc_deregister(&lkpipe_dev);
}

module_init(lkpipe_init);
module_exit(lkpipe_exit);
MODULE_LICENSE("GPL");
