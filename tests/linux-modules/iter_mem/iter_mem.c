// SPDX-License-Identifier: GPL-2.0
/*
 * iter_mem: a scull-style memory device that has only read_iter and
 * write_iter. Minor 0 keeps what was written (a 4 KiB store, reads from
 * the file position); minor 1 is a pipe whose reads block until a writer
 * comes. An ioctl clears the store, for CAP_SYS_ADMIN only.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/uio.h>
#include <linux/wait.h>
#include <linux/mutex.h>
#include <linux/ioctl.h>
#include <linux/capability.h>
#include <linux/kobject.h>
#include <linux/sched/signal.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#define STORE_SIZE	4096
#define ITER_MEM_CLEAR	_IO('i', 1)

struct iter_mem_dev {
	struct cdev cdev;
	struct mutex lock;		/* protects data and len */
	char *data;
	size_t len;
	bool is_pipe;
	wait_queue_head_t readq;	/* pipe readers wait for len > 0 */
};

static dev_t first;
static struct iter_mem_dev devs[2];

static int iter_mem_open(struct inode *inode, struct file *filp)
{
	filp->private_data = container_of(inode->i_cdev, struct iter_mem_dev, cdev);
	return 0;
}

static ssize_t store_read(struct iter_mem_dev *d, struct kiocb *iocb, struct iov_iter *to)
{
	size_t n;

	if (iocb->ki_pos >= d->len)
		return 0;
	n = copy_to_iter(d->data + iocb->ki_pos, d->len - iocb->ki_pos, to);
	if (!n)
		return -EFAULT;
	iocb->ki_pos += n;
	return n;
}

static ssize_t pipe_read(struct iter_mem_dev *d, struct kiocb *iocb, struct iov_iter *to)
{
	size_t n;

	while (!d->len) {
		mutex_unlock(&d->lock);
		if (iocb->ki_filp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(d->readq, READ_ONCE(d->len) > 0))
			return -ERESTARTSYS;
		if (mutex_lock_interruptible(&d->lock))
			return -ERESTARTSYS;
	}
	n = copy_to_iter(d->data, d->len, to);
	memmove(d->data, d->data + n, d->len - n);
	d->len -= n;
	return n ? n : -EFAULT;
}

static ssize_t iter_mem_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct iter_mem_dev *d = iocb->ki_filp->private_data;
	ssize_t ret;

	if (mutex_lock_interruptible(&d->lock))
		return -ERESTARTSYS;
	ret = d->is_pipe ? pipe_read(d, iocb, to) : store_read(d, iocb, to);
	if (ret != -ERESTARTSYS && ret != -EAGAIN)
		mutex_unlock(&d->lock);
	return ret;
}

static ssize_t iter_mem_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct iter_mem_dev *d = iocb->ki_filp->private_data;
	size_t want = iov_iter_count(from), n;
	loff_t pos;

	if (mutex_lock_interruptible(&d->lock))
		return -ERESTARTSYS;
	pos = d->is_pipe ? d->len : iocb->ki_pos;
	if (pos >= STORE_SIZE) {
		mutex_unlock(&d->lock);
		return -ENOSPC;
	}
	n = copy_from_iter(d->data + pos, min_t(size_t, want, STORE_SIZE - pos), from);
	if (pos + n > d->len)
		d->len = pos + n;
	mutex_unlock(&d->lock);
	if (!n)
		return -EFAULT;
	if (!d->is_pipe)
		iocb->ki_pos = pos + n;
	wake_up_interruptible(&d->readq);
	return n;
}

/* /proc/iter_mem: one record per device, walked by a seq_operations. */
static void *iter_mem_seq_start(struct seq_file *m, loff_t *pos)
{
	return *pos < ARRAY_SIZE(devs) ? &devs[*pos] : NULL;
}

static void *iter_mem_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return iter_mem_seq_start(m, pos);
}

static void iter_mem_seq_stop(struct seq_file *m, void *v)
{
}

static int iter_mem_seq_show(struct seq_file *m, void *v)
{
	struct iter_mem_dev *d = v;

	mutex_lock(&d->lock);
	seq_printf(m, "%s %d: %zu bytes\n", d->is_pipe ? "pipe" : "store", (int)(d - devs), d->len);
	mutex_unlock(&d->lock);
	return 0;
}

static const struct seq_operations iter_mem_seq_ops = {
	.start = iter_mem_seq_start,
	.next = iter_mem_seq_next,
	.stop = iter_mem_seq_stop,
	.show = iter_mem_seq_show,
};

static int iter_mem_proc_open(struct inode *inode, struct file *file)
{
	return seq_open(file, &iter_mem_seq_ops);
}

static const struct proc_ops iter_mem_proc_ops = {
	.proc_open = iter_mem_proc_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = seq_release,
};

static long iter_mem_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct iter_mem_dev *d = filp->private_data;

	if (cmd != ITER_MEM_CLEAR)
		return -ENOTTY;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	mutex_lock(&d->lock);
	d->len = 0;
	mutex_unlock(&d->lock);
	pr_info("iter_mem: store cleared\n");
	return 0;
}

static const struct file_operations iter_mem_fops = {
	.owner = THIS_MODULE,
	.open = iter_mem_open,
	.read_iter = iter_mem_read_iter,
	.write_iter = iter_mem_write_iter,
	.unlocked_ioctl = iter_mem_ioctl,
	.llseek = default_llseek,
};

static int __init iter_mem_init(void)
{
	int i, err;

	err = alloc_chrdev_region(&first, 0, 2, "iter_mem");
	if (err)
		return err;
	for (i = 0; i < 2; i++) {
		devs[i].data = kzalloc(STORE_SIZE, GFP_KERNEL);
		if (!devs[i].data) {
			err = -ENOMEM;
			goto fail;
		}
		mutex_init(&devs[i].lock);
		init_waitqueue_head(&devs[i].readq);
		devs[i].len = 0;
		devs[i].is_pipe = i == 1;
		cdev_init(&devs[i].cdev, &iter_mem_fops);
		devs[i].cdev.owner = THIS_MODULE;
		err = cdev_add(&devs[i].cdev, first + i, 1);
		if (err) {
			kfree(devs[i].data);
			goto fail;
		}
	}
	if (!proc_create("iter_mem", 0444, NULL, &iter_mem_proc_ops)) {
		err = -ENOMEM;
		goto fail;
	}
	kobject_set_name(&devs[0].cdev.kobj, "iter_mem%d", 0);
	pr_info("iter_mem: major %d, first cdev named %s, %s controlling tty\n", MAJOR(first),
		kobject_name(&devs[0].cdev.kobj), current->signal->tty ? "a" : "no");
	return 0;
fail:
	/* i devices were made (all of them if the proc file failed). */
	while (--i >= 0) {
		cdev_del(&devs[i].cdev);
		kfree(devs[i].data);
	}
	unregister_chrdev_region(first, 2);
	return err;
}

static void __exit iter_mem_exit(void)
{
	int i;

	remove_proc_entry("iter_mem", NULL);
	for (i = 0; i < 2; i++) {
		cdev_del(&devs[i].cdev);
		kfree(devs[i].data);
	}
	unregister_chrdev_region(first, 2);
	pr_info("iter_mem: gone\n");
}

module_init(iter_mem_init);
module_exit(iter_mem_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A memory device and a pipe with read_iter/write_iter only");
