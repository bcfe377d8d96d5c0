// SPDX-License-Identifier: GPL-2.0
/*
 * kfifo_misc - a byte queue behind a misc device.
 *
 * /dev/kfifo_misc keeps what is written to it in a kfifo of `size` bytes
 * (rounded up to a power of two by kfifo_alloc) until it is read: a write
 * stores what fits and returns that count (-ENOSPC when nothing fits), a
 * read takes what is there. At load time a second, statically declared
 * fifo of ints shows the element-typed calls.
 *
 * Writers are serialised by a mutex, readers by another: one writer and
 * one reader may run at the same time without a shared lock, which is
 * what kfifo guarantees.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/kfifo.h>
#include <linux/uaccess.h>

static unsigned int size = 100;
module_param(size, uint, 0444);
MODULE_PARM_DESC(size, "bytes the queue holds (rounded up to a power of two)");

static struct kfifo queue;
static DEFINE_MUTEX(write_lock);	/* one writer at a time */
static DEFINE_MUTEX(read_lock);		/* one reader at a time */

static DEFINE_KFIFO(squares, int, 8);

static ssize_t kq_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	unsigned int copied;
	int ret;

	if (mutex_lock_interruptible(&read_lock))
		return -ERESTARTSYS;
	ret = kfifo_to_user(&queue, buf, count, &copied);
	mutex_unlock(&read_lock);
	return ret ? ret : copied;
}

static ssize_t kq_write(struct file *file, const char __user *buf, size_t count,
			loff_t *ppos)
{
	unsigned int copied;
	int ret;

	if (mutex_lock_interruptible(&write_lock))
		return -ERESTARTSYS;
	ret = kfifo_from_user(&queue, buf, count, &copied);
	mutex_unlock(&write_lock);
	if (ret)
		return ret;
	return copied ? copied : -ENOSPC;
}

static const struct file_operations kq_fops = {
	.owner	= THIS_MODULE,
	.read	= kq_read,
	.write	= kq_write,
	.llseek	= noop_llseek,
};

static struct miscdevice kq_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "kfifo_misc",
	.fops	= &kq_fops,
	.mode	= 0666,
};

/* Fill the int fifo past its size, then drain it: what went in, in order. */
static void squares_demo(void)
{
	int i, v, stored = 0, sum = 0, first = -1;

	for (i = 1; i <= 10; i++)
		stored += kfifo_put(&squares, i * i);
	kfifo_peek(&squares, &first);
	pr_info("kfifo_misc: int fifo of %u took %d of 10, full=%d, first=%d\n",
		kfifo_size(&squares), stored, kfifo_is_full(&squares), first);
	while (kfifo_get(&squares, &v))
		sum += v;
	pr_info("kfifo_misc: drained sum=%d, empty=%d\n", sum, kfifo_is_empty(&squares));
}

static int __init kq_init(void)
{
	int ret;

	ret = kfifo_alloc(&queue, size, GFP_KERNEL);
	if (ret) {
		pr_err("kfifo_misc: cannot make a queue of %u bytes: %d\n", size, ret);
		return ret;
	}
	ret = misc_register(&kq_dev);
	if (ret) {
		kfifo_free(&queue);
		return ret;
	}
	squares_demo();
	pr_info("kfifo_misc: /dev/%s holds %u bytes\n", kq_dev.name, kfifo_size(&queue));
	return 0;
}

static void __exit kq_exit(void)
{
	misc_deregister(&kq_dev);
	pr_info("kfifo_misc: %u bytes left unread\n", kfifo_len(&queue));
	kfifo_free(&queue);
}

module_init(kq_init)
module_exit(kq_exit)

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A byte queue (kfifo) behind a misc device");
