/*
 * The tty layer for drivers (linux/tty.h has the picture and what is left
 * out): driver registration, the character-device side of each line
 * (open, read, write, ioctl, release) and the flip buffers that carry
 * received bytes from the driver to readers.
 *
 * Locking:
 *  - driver->tty_mutex protects driver->ttys and each tty's count: open
 *    and the last close make and free a tty under it, so a tty_struct
 *    lives exactly while some file has the line open.
 *  - port->lock (interrupts off) protects the port's ring and port->tty;
 *    drivers insert from timers and interrupts.
 * Order: tty_mutex, then port->lock. Driver callbacks (open, close) run
 * under tty_mutex; write, ioctl and reads do not hold it (a file's
 * reference keeps its tty alive), so a driver serialises them itself, as
 * on Linux.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/bug.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/uaccess.h>
#include <linux/tty.h>
#include <linux/tty_flip.h>
#include <modlab/fs.h>

const struct ktermios tty_std_termios = {
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0 },
	.c_ispeed = 38400,
	.c_ospeed = 38400,
};

/* ---- ports and flip buffers ---- */

void tty_port_init(struct tty_port *port)
{
	memset(port, 0, sizeof(*port));
	spin_lock_init(&port->lock);
	init_waitqueue_head(&port->read_wait);
}

void tty_port_destroy(struct tty_port *port)
{
	WARN_ON(port->tty);
}

void tty_port_link_device(struct tty_port *port, struct tty_driver *driver, unsigned int index)
{
	if (WARN_ON(index >= driver->num))
		return;
	driver->ports[index] = port;
}

/* Free bytes in the ring. Under port->lock. */
static unsigned int flip_room(const struct tty_port *port)
{
	return TTY_FLIPBUF_SIZE - (port->head - port->tail);
}

int tty_buffer_request_room(struct tty_port *port, size_t size)
{
	unsigned long flags;
	unsigned int room;

	spin_lock_irqsave(&port->lock, flags);
	room = flip_room(port);
	spin_unlock_irqrestore(&port->lock, flags);
	return min_t(size_t, room, size);
}

int tty_insert_flip_string_fixed_flag(struct tty_port *port, const unsigned char *chars,
				      char flag, size_t size)
{
	unsigned long flags;
	size_t i, n;

	spin_lock_irqsave(&port->lock, flags);
	n = min_t(size_t, flip_room(port), size);
	for (i = 0; i < n; i++)
		port->buf[port->head++ % TTY_FLIPBUF_SIZE] = chars[i];
	port->dropped += size - n;
	spin_unlock_irqrestore(&port->lock, flags);
	return n;
}

void tty_flip_buffer_push(struct tty_port *port)
{
	unsigned long flags;

	spin_lock_irqsave(&port->lock, flags);
	port->commit = port->head;
	spin_unlock_irqrestore(&port->lock, flags);
	wake_up_interruptible(&port->read_wait);
}

/* Copy out up to count pushed bytes; 0 if none. */
static size_t flip_read(struct tty_port *port, unsigned char *to, size_t count)
{
	unsigned long flags;
	size_t n = 0;

	spin_lock_irqsave(&port->lock, flags);
	while (n < count && port->tail != port->commit)
		to[n++] = port->buf[port->tail++ % TTY_FLIPBUF_SIZE];
	spin_unlock_irqrestore(&port->lock, flags);
	return n;
}

static bool flip_readable(struct tty_port *port)
{
	return READ_ONCE(port->tail) != READ_ONCE(port->commit);
}

/* ---- the lines as character devices ---- */

static struct tty_driver *driver_of(struct inode *inode)
{
	return container_of(inode->i_cdev, struct tty_driver, cdev);
}

/* The line's tty, made at its first open. Under tty_mutex. */
static struct tty_struct *tty_get_line(struct tty_driver *driver, int index)
{
	struct tty_struct *tty = driver->ttys[index];
	struct tty_port *port = driver->ports[index];
	unsigned long flags;

	if (tty) {
		tty->count++;
		return tty;
	}
	if (!port)
		return ERR_PTR(-ENODEV);	/* the driver linked no port */
	tty = kzalloc(sizeof(*tty), GFP_KERNEL);
	if (!tty)
		return ERR_PTR(-ENOMEM);
	tty->driver = driver;
	tty->ops = driver->ops;
	tty->index = index;
	tty->termios = driver->init_termios;
	tty->port = port;
	tty->count = 1;
	init_waitqueue_head(&tty->write_wait);
	snprintf(tty->name, sizeof(tty->name), "%s%d", driver->name, index + driver->name_base);
	spin_lock_irqsave(&port->lock, flags);
	port->tty = tty;
	port->tail = port->commit;	/* what came while closed is not for us */
	spin_unlock_irqrestore(&port->lock, flags);
	driver->ttys[index] = tty;
	return tty;
}

/* Drop a file's hold; the last one frees the tty. Under tty_mutex. */
static void tty_put_line(struct tty_struct *tty)
{
	struct tty_port *port = tty->port;
	unsigned long flags;

	if (--tty->count)
		return;
	spin_lock_irqsave(&port->lock, flags);
	port->tty = NULL;
	spin_unlock_irqrestore(&port->lock, flags);
	tty->driver->ttys[tty->index] = NULL;
	kfree(tty);
}

static int tty_open(struct inode *inode, struct file *filp)
{
	struct tty_driver *driver = driver_of(inode);
	int index = MINOR(inode->i_rdev) - driver->minor_start;
	struct tty_struct *tty;
	int err = 0;

	mutex_lock(&driver->tty_mutex);
	tty = tty_get_line(driver, index);
	if (IS_ERR(tty)) {
		mutex_unlock(&driver->tty_mutex);
		return PTR_ERR(tty);
	}
	if (tty->ops->open)
		err = tty->ops->open(tty, filp);
	if (err) {
		/* Linux calls close after a failed open, and so do we. */
		if (tty->ops->close)
			tty->ops->close(tty, filp);
		tty_put_line(tty);
	} else {
		filp->private_data = tty;
	}
	mutex_unlock(&driver->tty_mutex);
	return err;
}

static int tty_release(struct inode *inode, struct file *filp)
{
	struct tty_struct *tty = filp->private_data;
	struct tty_driver *driver = tty->driver;

	mutex_lock(&driver->tty_mutex);
	if (tty->ops->close)
		tty->ops->close(tty, filp);
	tty_put_line(tty);
	mutex_unlock(&driver->tty_mutex);
	return 0;
}

/* Raw reads: what the port pushed, at least one byte unless O_NONBLOCK. */
static ssize_t tty_read(struct file *filp, char __user *buf, size_t count, loff_t *pos)
{
	struct tty_struct *tty = filp->private_data;
	struct tty_port *port = tty->port;
	unsigned char chunk[128];
	size_t n;
	int err;

	if (!count)
		return 0;
	while (!flip_readable(port)) {
		if (tty_io_error(tty))
			return -EIO;
		if (filp->f_flags & O_NONBLOCK)
			return -EAGAIN;
		/* A line whose port goes away (uart_remove_one_port) sets
		 * TTY_IO_ERROR and wakes us: the wait ends there too. */
		err = wait_event_interruptible(port->read_wait,
					       flip_readable(port) || tty_io_error(tty));
		if (err)
			return err;
	}
	n = flip_read(port, chunk, min(count, sizeof(chunk)));
	if (copy_to_user(buf, chunk, n))
		return -EFAULT;
	return n;
}

static ssize_t tty_write(struct file *filp, const char __user *buf, size_t count, loff_t *pos)
{
	struct tty_struct *tty = filp->private_data;
	unsigned char chunk[256];
	size_t done = 0;
	int n;

	if (!tty->ops->write || tty_io_error(tty))
		return -EIO;
	while (done < count) {
		size_t len = min(count - done, sizeof(chunk));

		if (tty->ops->write_room)
			len = min_t(size_t, len, tty->ops->write_room(tty));
		if (!len)
			break;		/* the device is full: report what went */
		if (copy_from_user(chunk, buf + done, len))
			return done ? (ssize_t)done : -EFAULT;
		n = tty->ops->write(tty, chunk, len);
		if (n < 0)
			return done ? (ssize_t)done : n;
		done += n;
		if ((size_t)n < len)
			break;
	}
	return done ? (ssize_t)done : -EAGAIN;
}

static long tty_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct tty_struct *tty = filp->private_data;
	int __user *p = (int __user *)arg;
	int val;

	switch (cmd) {
	case TCGETS:
		return copy_to_user((void __user *)arg, &tty->termios, sizeof(tty->termios)) ?
		       -EFAULT : 0;
	case TIOCMGET:
		if (!tty->ops->tiocmget)
			return -ENOTTY;
		val = tty->ops->tiocmget(tty);
		return val < 0 ? val : put_user(val, p);
	case TIOCMSET:
		if (!tty->ops->tiocmset)
			return -ENOTTY;
		if (get_user(val, p))
			return -EFAULT;
		return tty->ops->tiocmset(tty, val, ~val);
	}
	if (!tty->ops->ioctl)
		return -ENOTTY;
	return tty->ops->ioctl(tty, cmd, arg);
}

static const struct file_operations tty_fops = {
	.owner = THIS_MODULE,
	.open = tty_open,
	.read = tty_read,
	.write = tty_write,
	.unlocked_ioctl = tty_ioctl,
	.release = tty_release,
};

/* ---- drivers ---- */

struct tty_driver *__tty_alloc_driver(unsigned int lines, struct module *owner,
				      unsigned long flags)
{
	struct tty_driver *driver;

	if (!lines || lines > BITS_PER_LONG)
		return ERR_PTR(-EINVAL);
	driver = kzalloc(sizeof(*driver), GFP_KERNEL);
	if (!driver)
		return ERR_PTR(-ENOMEM);
	driver->ports = kcalloc(lines, sizeof(*driver->ports), GFP_KERNEL);
	driver->ttys = kcalloc(lines, sizeof(*driver->ttys), GFP_KERNEL);
	if (!driver->ports || !driver->ttys) {
		kfree(driver->ports);
		kfree(driver->ttys);
		kfree(driver);
		return ERR_PTR(-ENOMEM);
	}
	driver->owner = owner;
	driver->num = lines;
	driver->flags = flags;
	driver->init_termios = tty_std_termios;
	mutex_init(&driver->tty_mutex);
	return driver;
}

void tty_driver_kref_put(struct tty_driver *driver)
{
	if (!driver)
		return;
	WARN_ON(driver->registered);
	kfree(driver->ports);
	kfree(driver->ttys);
	kfree(driver);
}

int tty_register_driver(struct tty_driver *driver)
{
	dev_t dev;
	unsigned int i;
	int err;

	if (driver->major) {
		dev = MKDEV(driver->major, driver->minor_start);
		err = register_chrdev_region(dev, driver->num, driver->name);
	} else {
		err = alloc_chrdev_region(&dev, driver->minor_start, driver->num, driver->name);
	}
	if (err < 0)
		return err;
	driver->major = MAJOR(dev);
	cdev_init(&driver->cdev, &tty_fops);
	driver->cdev.owner = driver->owner;
	err = cdev_add(&driver->cdev, dev, driver->num);
	if (err) {
		unregister_chrdev_region(dev, driver->num);
		return err;
	}
	driver->registered = true;
	if (!(driver->flags & TTY_DRIVER_DYNAMIC_DEV))
		for (i = 0; i < driver->num; i++)
			tty_register_device(driver, i, NULL);
	return 0;
}

void tty_unregister_driver(struct tty_driver *driver)
{
	unsigned int i;

	for (i = 0; i < driver->num; i++)
		if (driver->nodes & (1UL << i))
			tty_unregister_device(driver, i);
	cdev_del(&driver->cdev);
	unregister_chrdev_region(MKDEV(driver->major, driver->minor_start), driver->num);
	driver->registered = false;
}

static void node_name(struct tty_driver *driver, unsigned int index, char *buf, size_t size)
{
	snprintf(buf, size, "%s%u", driver->name, index + driver->name_base);
}

struct device *tty_register_device(struct tty_driver *driver, unsigned int index,
				   struct device *device)
{
	char name[64];
	int err;

	if (index >= driver->num)
		return ERR_PTR(-EINVAL);
	node_name(driver, index, name, sizeof(name));
	err = devfs_add_chr(name, S_IFCHR | 0666,
			    MKDEV(driver->major, driver->minor_start + index));
	if (err) {
		pr_err("tty: cannot make /dev/%s: error %d\n", name, err);
		return ERR_PTR(err);
	}
	driver->nodes |= 1UL << index;
	return NULL;
}

void tty_unregister_device(struct tty_driver *driver, unsigned int index)
{
	char name[64];

	if (index >= driver->num || !(driver->nodes & (1UL << index)))
		return;
	node_name(driver, index, name, sizeof(name));
	devfs_remove_chr(name);
	driver->nodes &= ~(1UL << index);
}

/* ---- helpers ---- */

/* The speeds of the B codes: B0..B38400 are 0..15, B57600.. are CBAUDEX
 * plus 1..15 (CBAUDEX alone is BOTHER: the speed is in c_ospeed). */
static const speed_t baud_low[] = { 0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800,
				    2400, 4800, 9600, 19200, 38400 };
static const speed_t baud_high[] = { 0, 57600, 115200, 230400, 460800, 500000, 576000,
				     921600, 1000000, 1152000, 1500000, 2000000, 2500000,
				     3000000, 3500000, 4000000 };

speed_t tty_termios_baud_rate(const struct ktermios *termios)
{
	unsigned int cbaud = termios->c_cflag & CBAUD;

	if (cbaud == BOTHER)
		return termios->c_ospeed;
	if (!(cbaud & CBAUDEX))
		return baud_low[cbaud];
	return baud_high[cbaud & ~CBAUDEX];
}

/* |a - b| within 2% of b. */
static bool baud_close(speed_t a, speed_t b)
{
	speed_t slack = b / 50;

	return a + slack >= b && a <= b + slack;
}

void tty_termios_encode_baud_rate(struct ktermios *termios, speed_t ibaud, speed_t obaud)
{
	tcflag_t code = BOTHER;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(baud_low) && code == BOTHER; i++)
		if (baud_close(obaud, baud_low[i]))
			code = i;
	for (i = 1; i < ARRAY_SIZE(baud_high) && code == BOTHER; i++)
		if (baud_close(obaud, baud_high[i]))
			code = CBAUDEX | i;
	termios->c_cflag = (termios->c_cflag & ~CBAUD) | code;
	termios->c_ispeed = ibaud;
	termios->c_ospeed = obaud;
}

unsigned char tty_get_frame_size(unsigned int cflag)
{
	static const unsigned char data_bits[] = { 5, 6, 7, 8 };
	unsigned char bits = 1 + data_bits[(cflag & CSIZE) >> 4];	/* start + data */

	if (cflag & PARENB)
		bits++;
	if (cflag & CSTOPB)
		bits++;
	return bits + 1;		/* the first stop bit */
}

dev_t tty_devnum(struct tty_struct *tty)
{
	return MKDEV(tty->driver->major, tty->driver->minor_start) + tty->index;
}

void tty_wakeup(struct tty_struct *tty)
{
	wake_up_interruptible(&tty->write_wait);
}

EXPORT_SYMBOL(tty_std_termios);
EXPORT_SYMBOL(tty_port_init);
EXPORT_SYMBOL(tty_port_destroy);
EXPORT_SYMBOL(tty_port_link_device);
EXPORT_SYMBOL(tty_buffer_request_room);
EXPORT_SYMBOL(tty_insert_flip_string_fixed_flag);
EXPORT_SYMBOL(tty_flip_buffer_push);
EXPORT_SYMBOL(__tty_alloc_driver);
EXPORT_SYMBOL(tty_driver_kref_put);
EXPORT_SYMBOL(tty_register_driver);
EXPORT_SYMBOL(tty_unregister_driver);
EXPORT_SYMBOL(tty_register_device);
EXPORT_SYMBOL(tty_unregister_device);
EXPORT_SYMBOL(tty_termios_baud_rate);
EXPORT_SYMBOL(tty_termios_encode_baud_rate);
EXPORT_SYMBOL(tty_get_frame_size);
EXPORT_SYMBOL(tty_devnum);
EXPORT_SYMBOL(tty_wakeup);
