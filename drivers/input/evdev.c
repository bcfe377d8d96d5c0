/*
 * evdev: the input handler that makes /dev/input/eventN (character major
 * 13, minors 64 and up) for every input device. Each open file is a client
 * with a ring of struct input_event; read() blocks until a whole report
 * (events up to a SYN_REPORT) is there and returns as many whole events as
 * fit. A client that falls behind loses its unread events and reads a
 * SYN_DROPPED in their place, as on Linux.
 *
 * While a client is open, the module that registered the input device is
 * pinned (try_module_get of its owner at open): rmmod of it says "in use".
 * A device unregistered for another reason (a virtual one taken away)
 * wakes its readers, who read what was queued and then get -ENODEV.
 *
 * Locking, in nesting order: input_mutex (the core's, held in connect and
 * disconnect), evdev_table_mutex (the minor table), evdev->mutex (exist,
 * open), the device's mutex and event_lock (the core's), then
 * evdev->client_lock (client_list) and each client's buffer_lock (its
 * ring). evdev_event runs under the device's event_lock with interrupts
 * off, so client_lock and buffer_lock are plain spin locks taken with
 * interrupts off everywhere else too.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/wait.h>
#include <linux/uaccess.h>
#include <linux/timekeeping.h>
#include <linux/input.h>
#include <linux/major.h>
#include <modlab/input.h>

#define EVDEV_MINOR_BASE	64
#define EVDEV_MINORS		32
#define EVDEV_BUFFER_SIZE	64	/* events per client; a power of two */

struct evdev {
	struct input_handle handle;
	struct device dev;		/* /sys/class/input/eventN and /dev/input/eventN;
					 * referenced by the table and each client */
	struct mutex mutex;		/* exist, open */
	bool exist;			/* false once disconnected */
	int open;			/* clients */
	int minor;			/* 0..EVDEV_MINORS-1 */
	wait_queue_head_t wait;		/* readers and pollers */
	spinlock_t client_lock;		/* client_list */
	struct list_head client_list;
};

struct evdev_client {
	struct evdev *evdev;
	struct module *owner;		/* the device's, pinned while open */
	struct list_head node;		/* in evdev->client_list */
	spinlock_t buffer_lock;		/* head, packet_head, tail, buffer */
	unsigned int head;		/* next slot written */
	unsigned int packet_head;	/* end of the last whole report */
	unsigned int tail;		/* next slot read */
	struct input_event buffer[EVDEV_BUFFER_SIZE];
};

static struct evdev *evdev_table[EVDEV_MINORS];
static DEFINE_MUTEX(evdev_table_mutex);	/* evdev_table */

static void evdev_free(struct device *dev)
{
	kfree(container_of(dev, struct evdev, dev));
}

/* ---- events in ---- */

/* Under buffer_lock: append one event. On overflow, forget what is unread
 * and put a SYN_DROPPED before this event to say so. */
static void evdev_queue(struct evdev_client *client, const struct input_event *ev)
{
	unsigned int mask = EVDEV_BUFFER_SIZE - 1;

	client->buffer[client->head++ & mask] = *ev;
	if (client->head - client->tail == EVDEV_BUFFER_SIZE) {
		client->tail = client->head - 2;
		client->buffer[client->tail & mask] = (struct input_event){
			.__sec = ev->__sec, .__usec = ev->__usec,
			.type = EV_SYN, .code = SYN_DROPPED, .value = 0,
		};
		client->packet_head = client->tail + 1;
	}
	if (ev->type == EV_SYN && ev->code == SYN_REPORT)
		client->packet_head = client->head;
}

/* The core's event callback: under the device's event_lock, irqs off. */
static void evdev_event(struct input_handle *handle, unsigned int type, unsigned int code,
			int value)
{
	struct evdev *evdev = handle->private;
	struct evdev_client *client;
	struct timespec64 ts;
	struct input_event ev;

	ktime_get_real_ts64(&ts);
	ev = (struct input_event){
		.__sec = ts.tv_sec, .__usec = ts.tv_nsec / 1000,
		.type = type, .code = code, .value = value,
	};
	spin_lock(&evdev->client_lock);
	list_for_each_entry(client, &evdev->client_list, node) {
		spin_lock(&client->buffer_lock);
		evdev_queue(client, &ev);
		spin_unlock(&client->buffer_lock);
	}
	spin_unlock(&evdev->client_lock);
	if (type == EV_SYN && code == SYN_REPORT)
		wake_up_interruptible(&evdev->wait);
}

/* ---- the character device ---- */

static int evdev_open(struct inode *inode, struct file *file)
{
	unsigned int minor = iminor(inode) - EVDEV_MINOR_BASE;
	struct evdev_client *client;
	struct evdev *evdev = NULL;
	int err;

	mutex_lock(&evdev_table_mutex);
	if (minor < EVDEV_MINORS)
		evdev = evdev_table[minor];
	if (evdev)
		get_device(&evdev->dev);
	mutex_unlock(&evdev_table_mutex);
	if (!evdev)
		return -ENODEV;
	client = kzalloc(sizeof(*client), GFP_KERNEL);
	err = -ENOMEM;
	if (!client)
		goto err_put;
	client->evdev = evdev;
	spin_lock_init(&client->buffer_lock);
	mutex_lock(&evdev->mutex);
	err = -ENODEV;
	if (!evdev->exist)
		goto err_unlock;
	client->owner = evdev->handle.dev->owner;
	if (!try_module_get(client->owner))
		goto err_unlock;	/* its module is going */
	if (evdev->open == 0) {
		err = input_open_device(&evdev->handle);
		if (err)
			goto err_module;
	}
	evdev->open++;
	spin_lock_irq(&evdev->client_lock);
	list_add_tail(&client->node, &evdev->client_list);
	spin_unlock_irq(&evdev->client_lock);
	mutex_unlock(&evdev->mutex);
	file->private_data = client;
	return 0;

err_module:
	module_put(client->owner);
err_unlock:
	mutex_unlock(&evdev->mutex);
	kfree(client);
err_put:
	put_device(&evdev->dev);
	return err;
}

static int evdev_release(struct inode *inode, struct file *file)
{
	struct evdev_client *client = file->private_data;
	struct evdev *evdev = client->evdev;

	mutex_lock(&evdev->mutex);
	spin_lock_irq(&evdev->client_lock);
	list_del(&client->node);
	spin_unlock_irq(&evdev->client_lock);
	if (--evdev->open == 0 && evdev->exist)
		input_close_device(&evdev->handle);
	mutex_unlock(&evdev->mutex);
	module_put(client->owner);
	kfree(client);
	put_device(&evdev->dev);
	return 0;
}

/* Take the next event of a whole report, if there is one. */
static bool evdev_fetch(struct evdev_client *client, struct input_event *ev)
{
	bool have;

	spin_lock_irq(&client->buffer_lock);
	have = client->tail != client->packet_head;
	if (have)
		*ev = client->buffer[client->tail++ & (EVDEV_BUFFER_SIZE - 1)];
	spin_unlock_irq(&client->buffer_lock);
	return have;
}

static bool evdev_ready(struct evdev_client *client)
{
	return READ_ONCE(client->packet_head) != READ_ONCE(client->tail);
}

static ssize_t evdev_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct evdev_client *client = file->private_data;
	struct evdev *evdev = client->evdev;
	struct input_event ev;
	size_t done = 0;
	int err;

	if (count < sizeof(ev))
		return -EINVAL;
	for (;;) {
		while (done + sizeof(ev) <= count && evdev_fetch(client, &ev)) {
			if (copy_to_user(buf + done, &ev, sizeof(ev)))
				return done ? (ssize_t)done : -EFAULT;
			done += sizeof(ev);
		}
		if (done)
			return done;
		if (!READ_ONCE(evdev->exist))
			return -ENODEV;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		err = wait_event_interruptible(evdev->wait,
					       evdev_ready(client) || !READ_ONCE(evdev->exist));
		if (err)
			return err;
	}
}

static __poll_t evdev_poll(struct file *file, struct poll_table_struct *wait)
{
	struct evdev_client *client = file->private_data;
	struct evdev *evdev = client->evdev;
	__poll_t mask;

	poll_wait(file, &evdev->wait, wait);
	mask = READ_ONCE(evdev->exist) ? 0 : EPOLLHUP | EPOLLERR;
	if (evdev_ready(client))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static const struct file_operations evdev_fops = {
	.owner = THIS_MODULE,
	.open = evdev_open,
	.release = evdev_release,
	.read = evdev_read,
	.poll = evdev_poll,
	.llseek = no_llseek,
};

/* ---- the handler ---- */

static int evdev_connect(struct input_handler *handler, struct input_dev *dev,
			 const struct input_device_id *id)
{
	struct evdev *evdev;
	int minor, err;

	evdev = kzalloc(sizeof(*evdev), GFP_KERNEL);
	if (!evdev)
		return -ENOMEM;
	mutex_init(&evdev->mutex);
	init_waitqueue_head(&evdev->wait);
	spin_lock_init(&evdev->client_lock);
	INIT_LIST_HEAD(&evdev->client_list);
	evdev->exist = true;
	evdev->handle.dev = dev;
	evdev->handle.handler = handler;
	evdev->handle.private = evdev;
	device_initialize(&evdev->dev);
	evdev->dev.class = &input_class;
	evdev->dev.parent = &dev->dev;
	evdev->dev.release = evdev_free;

	mutex_lock(&evdev_table_mutex);
	for (minor = 0; minor < EVDEV_MINORS && evdev_table[minor]; minor++)
		;
	if (minor == EVDEV_MINORS) {
		mutex_unlock(&evdev_table_mutex);
		pr_err("evdev: no free minor for %s\n", dev->name ?: "(unnamed)");
		put_device(&evdev->dev);
		return -ENFILE;
	}
	evdev->minor = minor;
	evdev->dev.devt = MKDEV(INPUT_MAJOR, EVDEV_MINOR_BASE + minor);
	err = dev_set_name(&evdev->dev, "event%d", minor);
	if (err)
		goto err_unlock;
	evdev->handle.name = dev_name(&evdev->dev);
	input_register_handle(&evdev->handle);
	err = device_add(&evdev->dev);		/* makes /dev/input/eventN */
	if (err) {
		input_unregister_handle(&evdev->handle);
		goto err_unlock;
	}
	evdev_table[minor] = evdev;	/* opens find it from here on */
	mutex_unlock(&evdev_table_mutex);
	return 0;

err_unlock:
	mutex_unlock(&evdev_table_mutex);
	put_device(&evdev->dev);
	return err;
}

static void evdev_disconnect(struct input_handle *handle)
{
	struct evdev *evdev = handle->private;

	mutex_lock(&evdev_table_mutex);
	evdev_table[evdev->minor] = NULL;	/* no new opens */
	mutex_unlock(&evdev_table_mutex);
	device_del(&evdev->dev);		/* the node goes */
	mutex_lock(&evdev->mutex);
	WRITE_ONCE(evdev->exist, false);
	if (evdev->open)
		input_close_device(handle);
	mutex_unlock(&evdev->mutex);
	wake_up_interruptible_all(&evdev->wait);
	input_unregister_handle(handle);
	put_device(&evdev->dev);	/* the table's */
}

static const struct input_device_id evdev_ids[] = {
	{ .driver_info = 1 },	/* every device */
	{ },
};

static struct input_handler evdev_handler = {
	.event = evdev_event,
	.connect = evdev_connect,
	.disconnect = evdev_disconnect,
	.name = "evdev",
	.id_table = evdev_ids,
};

/* Boot, after /dev is mounted: claim the minors, register the handler. */
void evdev_init(void)
{
	int err = __register_chrdev(INPUT_MAJOR, EVDEV_MINOR_BASE, EVDEV_MINORS, "input",
				    &evdev_fops);

	if (err < 0) {
		pr_err("evdev: cannot register major %d: error %d\n", INPUT_MAJOR, err);
		return;
	}
	err = input_register_handler(&evdev_handler);
	if (err)
		pr_err("evdev: cannot register the handler: error %d\n", err);
}
