/*
 * fifo: a character device that is a pipe: what is written is read back
 * once, in order, from a ring buffer of size bytes.
 *
 *	insmod /lab/fifo.ko size=4096
 *	cat /proc/devices		(the line "MAJOR fifo")
 *	mknod /dev/fifo c MAJOR 0
 *	head -c 6 /dev/fifo &		(sleeps: the fifo is empty)
 *	echo hello > /dev/fifo		(wakes it: it prints "hello")
 *
 * A read returns what is there, up to what was asked, and sleeps while
 * there is nothing (or fails with -EAGAIN under O_NONBLOCK). A write of up
 * to size bytes goes in whole: it sleeps until there is room for all of
 * it; a larger write is refused with -EFBIG. Sleeps end early on a signal
 * (Ctrl-C) with -ERESTARTSYS. Any number of readers and writers may use
 * the fifo at once, on any CPUs: fifo_lock makes each read and each write
 * one step.
 *
 * While a file is open on the device, the module cannot be removed: the
 * open took a reference on the module named by .owner.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

static unsigned int size = 4096;
module_param(size, uint, 0444);
MODULE_PARM_DESC(size, "bytes the fifo holds, 8..65536 (default 4096)");

static dev_t fifo_devno;
static struct cdev fifo_cdev;

static DEFINE_MUTEX(fifo_lock);	/* protects fifo_buf's contents, fifo_head, fifo_len */
static char *fifo_buf;
static unsigned int fifo_head;	/* where the oldest byte is */
static unsigned int fifo_len;	/* bytes held, from fifo_head on, wrapping at size */
static DECLARE_WAIT_QUEUE_HEAD(fifo_readq);	/* readers waiting for bytes */
static DECLARE_WAIT_QUEUE_HEAD(fifo_writeq);	/* writers waiting for room */

/*
 * The wait conditions read fifo_len without the lock: a waiter only
 * decides from it whether to sleep on, and takes the lock and tests again
 * before it uses the bytes. wait_event_interruptible tests after it has
 * queued itself, so a wake-up sent between the test and the sleep is not
 * lost.
 */
static bool fifo_has_bytes(void)
{
	return READ_ONCE(fifo_len) > 0;
}

static bool fifo_has_room(size_t count)
{
	return size - READ_ONCE(fifo_len) >= count;
}

static ssize_t fifo_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	size_t n, first;

	if (!count)
		return 0;
	/* LAB(chardev) BEGIN: sleep until there are bytes; take up to count, across the ring's end */
	mutex_lock(&fifo_lock);
	while (fifo_len == 0) {
		mutex_unlock(&fifo_lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(fifo_readq, fifo_has_bytes()))
			return -ERESTARTSYS;
		mutex_lock(&fifo_lock);
	}
	n = min_t(size_t, count, fifo_len);
	first = min_t(size_t, n, size - fifo_head);
	if (copy_to_user(buf, fifo_buf + fifo_head, first) ||
	    copy_to_user(buf + first, fifo_buf, n - first)) {
		mutex_unlock(&fifo_lock);
		return -EFAULT;
	}
	fifo_head = (fifo_head + n) % size;
	fifo_len -= n;
	mutex_unlock(&fifo_lock);
	wake_up_interruptible(&fifo_writeq);
	return n;
	/* LAB(chardev) SKEL
	(void)n, (void)first, (void)fifo_has_bytes, (void)fifo_readq, (void)fifo_head;
	return 0;
	*/
	/* LAB(chardev) END */
}

static ssize_t fifo_write(struct file *file, const char __user *buf, size_t count,
			  loff_t *ppos)
{
	size_t tail, first;

	if (count > size)
		return -EFBIG;
	/* LAB(chardev) BEGIN: sleep until all count bytes fit; append them, across the ring's end */
	mutex_lock(&fifo_lock);
	while (size - fifo_len < count) {
		mutex_unlock(&fifo_lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(fifo_writeq, fifo_has_room(count)))
			return -ERESTARTSYS;
		mutex_lock(&fifo_lock);
	}
	tail = (fifo_head + fifo_len) % size;
	first = min_t(size_t, count, size - tail);
	if (copy_from_user(fifo_buf + tail, buf, first) ||
	    copy_from_user(fifo_buf, buf + first, count - first)) {
		mutex_unlock(&fifo_lock);
		return -EFAULT;
	}
	fifo_len += count;
	mutex_unlock(&fifo_lock);
	wake_up_interruptible(&fifo_readq);
	return count;
	/* LAB(chardev) SKEL
	(void)tail, (void)first, (void)fifo_has_room, (void)fifo_writeq;
	return count;
	*/
	/* LAB(chardev) END */
}

static int fifo_open(struct inode *inode, struct file *file)
{
	return stream_open(inode, file);
}

static const struct file_operations fifo_fops = {
	/* LAB(chardev) BEGIN: name the module that owns these operations, so an open file pins it */
	.owner = THIS_MODULE,
	/* LAB(chardev) END */
	.open = fifo_open,
	.read = fifo_read,
	.write = fifo_write,
	.llseek = no_llseek,
};

static int __init fifo_init(void)
{
	int ret;

	if (size < 8 || size > 65536) {
		pr_err("fifo: size=%u: should be 8..65536\n", size);
		return -EINVAL;
	}
	fifo_buf = kmalloc(size, GFP_KERNEL);
	if (!fifo_buf)
		return -ENOMEM;
	/* LAB(chardev) BEGIN: get a number named "fifo", then add fifo_cdev for it; undo on failure */
	ret = alloc_chrdev_region(&fifo_devno, 0, 1, "fifo");
	if (ret)
		goto free_buf;
	cdev_init(&fifo_cdev, &fifo_fops);
	fifo_cdev.owner = THIS_MODULE;
	ret = cdev_add(&fifo_cdev, fifo_devno, 1);
	if (ret)
		goto unregister;
	/* LAB(chardev) SKEL
	(void)fifo_fops, (void)fifo_cdev;
	ret = -ENODEV;
	goto free_buf;
	*/
	/* LAB(chardev) END */
	pr_info("fifo: major %u, %u bytes\n", MAJOR(fifo_devno), size);
	return 0;
/* LAB(chardev) BEGIN: the failure path's steps */
unregister:
	unregister_chrdev_region(fifo_devno, 1);
/* LAB(chardev) END */
free_buf:
	kfree(fifo_buf);
	return ret;
}

static void __exit fifo_exit(void)
{
	/* LAB(chardev) BEGIN: take the device away, in the reverse order of init */
	cdev_del(&fifo_cdev);
	unregister_chrdev_region(fifo_devno, 1);
	/* LAB(chardev) END */
	kfree(fifo_buf);
	pr_info("fifo: unloaded\n");
}

module_init(fifo_init);
module_exit(fifo_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A pipe as a character device: a ring buffer, blocking reads and writes");
