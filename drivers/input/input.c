/*
 * The input core: input devices (a keyboard, a virtual one a module makes)
 * report events; each event goes to every open handle of the device, and a
 * handle is one handler's (evdev's, a module's) connection to the device.
 * Registering a device connects it to every handler whose id_table takes
 * it, and registering a handler connects it to every device.
 *
 * The core keeps each device's state (which keys are down, switch and LED
 * states, absolute axis values) and drops events that change nothing: a
 * second "pressed" for a key already down, an empty SYN_REPORT. So a
 * reader sees what changed, as on Linux.
 *
 * Locking, in nesting order:
 *  - input_mutex protects input_dev_list, input_handler_list and every
 *    handler's h_list; connect and disconnect run under it.
 *  - dev->mutex protects dev->users and the calls to dev->open/close.
 *  - dev->event_lock (a spin lock taken with interrupts off: events come
 *    from interrupt handlers) protects the device's state, dev->h_list and
 *    every handle's open count; handlers' event() run under it.
 * A handle is added to and taken off dev->h_list under all three, so a walk
 * of it under event_lock alone is safe.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <linux/input.h>
#include <modlab/input.h>

static char *input_devnode(struct device *dev, umode_t *mode)
{
	return kasprintf(GFP_KERNEL, "input/%s", dev_name(dev));
}

/* /sys/class/input: input devices (inputN) and their handlers' (eventN). */
struct class input_class = {
	.name = "input",
	.devnode = input_devnode,
};
EXPORT_SYMBOL_GPL(input_class);

static LIST_HEAD(input_dev_list);
static LIST_HEAD(input_handler_list);
static DEFINE_MUTEX(input_mutex);	/* the two lists, handlers' h_lists */
static atomic_t input_no = ATOMIC_INIT(-1);	/* the last inputN number given out */

/* ---- events ---- */

/* Under event_lock: hand the event to every open handle. */
static void input_pass_event(struct input_dev *dev, unsigned int type, unsigned int code,
			     int value)
{
	struct input_handle *handle;

	list_for_each_entry(handle, &dev->h_list, d_node)
		if (handle->open)
			handle->handler->event(handle, type, code, value);
}

/* Under event_lock: does a key or switch event change the state? If so,
 * record it. value 2 is a key's autorepeat: only while the key is down. */
static bool input_toggle(unsigned long *state, unsigned int code, int value)
{
	if (value == 2)
		return test_bit(code, state);
	if (!!test_bit(code, state) == !!value)
		return false;
	change_bit(code, state);
	return true;
}

/* Under event_lock: is the event one to pass on? Updates the state. */
static bool input_handle_state(struct input_dev *dev, unsigned int type, unsigned int code,
			       int value)
{
	switch (type) {
	case EV_SYN:
		if (code != SYN_REPORT)
			return true;
		if (!dev->num_vals)
			return false;	/* nothing since the last report */
		dev->num_vals = 0;
		return true;
	case EV_KEY:
		return code <= KEY_MAX && test_bit(code, dev->keybit) &&
		       input_toggle(dev->key, code, value);
	case EV_SW:
		return code <= SW_MAX && test_bit(code, dev->swbit) &&
		       input_toggle(dev->sw, code, value);
	case EV_REL:
		return code <= REL_MAX && test_bit(code, dev->relbit) && value;
	case EV_ABS:
		if (code > ABS_MAX || !test_bit(code, dev->absbit))
			return false;
		if (dev->absinfo) {
			if (dev->absinfo[code].value == value)
				return false;
			dev->absinfo[code].value = value;
		}
		return true;
	case EV_MSC:
		return code <= MSC_MAX && test_bit(code, dev->mscbit);
	case EV_LED:
		return code <= LED_MAX && test_bit(code, dev->ledbit) &&
		       input_toggle(dev->led, code, !!value);
	case EV_SND:
		return code <= SND_MAX && test_bit(code, dev->sndbit) &&
		       input_toggle(dev->snd, code, !!value);
	case EV_REP:
		if (code > REP_MAX || value < 0 || dev->rep[code] == value)
			return false;
		dev->rep[code] = value;
		return true;
	}
	return false;
}

void input_event(struct input_dev *dev, unsigned int type, unsigned int code, int value)
{
	unsigned long flags;

	if (type > EV_MAX || !test_bit(type, dev->evbit))
		return;
	spin_lock_irqsave(&dev->event_lock, flags);
	if (input_handle_state(dev, type, code, value)) {
		if (type != EV_SYN)
			dev->num_vals++;
		input_pass_event(dev, type, code, value);
	}
	spin_unlock_irqrestore(&dev->event_lock, flags);
}
EXPORT_SYMBOL(input_event);

void input_inject_event(struct input_handle *handle, unsigned int type, unsigned int code,
			int value)
{
	struct input_dev *dev = handle->dev;
	unsigned long flags;

	if (type > EV_MAX || !test_bit(type, dev->evbit))
		return;
	spin_lock_irqsave(&dev->event_lock, flags);
	if (input_handle_state(dev, type, code, value)) {
		if ((type == EV_LED || type == EV_SND) && dev->event)
			dev->event(dev, type, code, value);
		if (type != EV_SYN)
			dev->num_vals++;
		input_pass_event(dev, type, code, value);
	}
	spin_unlock_irqrestore(&dev->event_lock, flags);
}
EXPORT_SYMBOL(input_inject_event);

/* On unregister: every key still down goes up, so no reader is left
 * with a key held forever. */
static void input_release_keys(struct input_dev *dev)
{
	unsigned long flags;
	unsigned int code;
	bool any = false;

	spin_lock_irqsave(&dev->event_lock, flags);
	for (code = 0; code <= KEY_MAX; code++) {
		if (!test_bit(code, dev->key))
			continue;
		clear_bit(code, dev->key);
		input_pass_event(dev, EV_KEY, code, 0);
		any = true;
	}
	if (any)
		input_pass_event(dev, EV_SYN, SYN_REPORT, 0);
	dev->num_vals = 0;
	spin_unlock_irqrestore(&dev->event_lock, flags);
}

/* ---- capabilities ---- */

void input_set_capability(struct input_dev *dev, unsigned int type, unsigned int code)
{
	unsigned long *bits;
	unsigned int max;

	switch (type) {
	case EV_KEY: bits = dev->keybit; max = KEY_MAX; break;
	case EV_REL: bits = dev->relbit; max = REL_MAX; break;
	case EV_ABS: input_alloc_absinfo(dev); bits = dev->absbit; max = ABS_MAX; break;
	case EV_MSC: bits = dev->mscbit; max = MSC_MAX; break;
	case EV_SW: bits = dev->swbit; max = SW_MAX; break;
	case EV_LED: bits = dev->ledbit; max = LED_MAX; break;
	case EV_SND: bits = dev->sndbit; max = SND_MAX; break;
	case EV_FF: bits = dev->ffbit; max = FF_MAX; break;
	case EV_PWR: bits = NULL; max = 0; break;	/* no codes */
	default:
		pr_err("input_set_capability: unknown type %u (code %u)\n", type, code);
		return;
	}
	if (bits && code > max) {
		pr_err("input_set_capability: code %u too large for type %u\n", code, type);
		return;
	}
	if (bits)
		set_bit(code, bits);
	set_bit(type, dev->evbit);
}
EXPORT_SYMBOL(input_set_capability);

void input_alloc_absinfo(struct input_dev *dev)
{
	if (!dev->absinfo)
		dev->absinfo = kcalloc(ABS_CNT, sizeof(*dev->absinfo), GFP_KERNEL);
	if (!dev->absinfo)
		pr_err("input_alloc_absinfo: out of memory\n");
}
EXPORT_SYMBOL(input_alloc_absinfo);

void input_set_abs_params(struct input_dev *dev, unsigned int axis, int min, int max,
			  int fuzz, int flat)
{
	struct input_absinfo *abs;

	if (axis > ABS_MAX)
		return;
	input_alloc_absinfo(dev);
	if (!dev->absinfo)
		return;
	abs = &dev->absinfo[axis];
	abs->minimum = min;
	abs->maximum = max;
	abs->fuzz = fuzz;
	abs->flat = flat;
	set_bit(EV_ABS, dev->evbit);
	set_bit(axis, dev->absbit);
}
EXPORT_SYMBOL(input_set_abs_params);

/* ---- devices ---- */

static void input_dev_release(struct device *device)
{
	struct input_dev *dev = to_input_dev(device);

	kfree(dev->absinfo);
	kfree(dev);
}

struct input_dev *input_allocate_device(void)
{
	struct input_dev *dev = kzalloc(sizeof(*dev), GFP_KERNEL);

	if (!dev)
		return NULL;
	spin_lock_init(&dev->event_lock);
	mutex_init(&dev->mutex);
	INIT_LIST_HEAD(&dev->h_list);
	INIT_LIST_HEAD(&dev->node);
	device_initialize(&dev->dev);
	dev->dev.class = &input_class;
	dev->dev.release = input_dev_release;
	return dev;
}
EXPORT_SYMBOL(input_allocate_device);

void input_free_device(struct input_dev *dev)
{
	if (!dev)
		return;
	if (dev->registered) {
		pr_err("input_free_device: %s is registered: unregister it instead\n",
		       dev->name ?: "(unnamed)");
		return;
	}
	put_device(&dev->dev);
}
EXPORT_SYMBOL(input_free_device);

/* Is every bit of a (nbits of them) set in b? */
static bool bits_subset(const unsigned long *a, const unsigned long *b, unsigned int nbits)
{
	unsigned int i;

	for (i = 0; i < BITS_TO_LONGS(nbits); i++)
		if (a[i] & ~b[i])
			return false;
	return true;
}

/* The first id_table entry of handler that dev matches, or NULL. */
static const struct input_device_id *input_match_device(struct input_handler *handler,
							 struct input_dev *dev)
{
	const struct input_device_id *id;

	for (id = handler->id_table; id && (id->flags || id->driver_info); id++) {
		if ((id->flags & INPUT_DEVICE_ID_MATCH_BUS) && id->bustype != dev->id.bustype)
			continue;
		if ((id->flags & INPUT_DEVICE_ID_MATCH_VENDOR) && id->vendor != dev->id.vendor)
			continue;
		if ((id->flags & INPUT_DEVICE_ID_MATCH_PRODUCT) && id->product != dev->id.product)
			continue;
		if ((id->flags & INPUT_DEVICE_ID_MATCH_VERSION) && id->version != dev->id.version)
			continue;
		if ((id->flags & INPUT_DEVICE_ID_MATCH_EVBIT) &&
		    !bits_subset(id->evbit, dev->evbit, EV_MAX + 1))
			continue;
		if ((id->flags & INPUT_DEVICE_ID_MATCH_KEYBIT) &&
		    !bits_subset(id->keybit, dev->keybit, KEY_MAX + 1))
			continue;
		if ((id->flags & INPUT_DEVICE_ID_MATCH_RELBIT) &&
		    !bits_subset(id->relbit, dev->relbit, REL_MAX + 1))
			continue;
		if ((id->flags & INPUT_DEVICE_ID_MATCH_ABSBIT) &&
		    !bits_subset(id->absbit, dev->absbit, ABS_MAX + 1))
			continue;
		if (!handler->match || handler->match(handler, dev))
			return id;
	}
	return NULL;
}

/* Under input_mutex. */
static void input_attach_handler(struct input_dev *dev, struct input_handler *handler)
{
	const struct input_device_id *id = input_match_device(handler, dev);
	int err;

	if (!id)
		return;
	err = handler->connect(handler, dev, id);
	if (err && err != -ENODEV)
		pr_err("input: failed to attach handler %s to device %s, error: %d\n",
		       handler->name, dev_name(&dev->dev), err);
}

int __input_register_device(struct input_dev *dev, struct module *owner)
{
	struct input_handler *handler;
	int err;

	if (!dev)
		return -EINVAL;
	if (dev->registered)
		return -EBUSY;
	__set_bit(EV_SYN, dev->evbit);		/* every device reports SYN_REPORT */
	__clear_bit(KEY_RESERVED, dev->keybit);	/* 0 is no key */
	dev->owner = owner;
	dev->going_away = false;
	err = dev_set_name(&dev->dev, "input%d", atomic_inc_return(&input_no));
	if (err)
		return err;
	err = device_add(&dev->dev);
	if (err)
		return err;
	mutex_lock(&input_mutex);
	list_add_tail(&dev->node, &input_dev_list);
	dev->registered = true;
	list_for_each_entry(handler, &input_handler_list, node)
		input_attach_handler(dev, handler);
	mutex_unlock(&input_mutex);
	pr_info("input: %s as %s\n", dev->name ?: "Unspecified device", dev_name(&dev->dev));
	return 0;
}
EXPORT_SYMBOL(__input_register_device);

void input_unregister_device(struct input_dev *dev)
{
	struct input_handle *handle, *next;

	if (!dev || !dev->registered) {
		pr_err("input_unregister_device: device not registered\n");
		return;
	}
	mutex_lock(&dev->mutex);
	dev->going_away = true;		/* no new opens */
	mutex_unlock(&dev->mutex);
	input_release_keys(dev);
	mutex_lock(&input_mutex);
	list_for_each_entry_safe(handle, next, &dev->h_list, d_node)
		handle->handler->disconnect(handle);
	list_del_init(&dev->node);
	dev->registered = false;
	mutex_unlock(&input_mutex);
	device_del(&dev->dev);
	put_device(&dev->dev);
}
EXPORT_SYMBOL(input_unregister_device);

/* ---- handlers and handles ---- */

int __input_register_handler(struct input_handler *handler, struct module *owner)
{
	struct input_dev *dev;

	if (!handler || !handler->connect || !handler->disconnect || !handler->event)
		return -EINVAL;
	INIT_LIST_HEAD(&handler->h_list);
	handler->owner = owner;
	mutex_lock(&input_mutex);
	list_add_tail(&handler->node, &input_handler_list);
	list_for_each_entry(dev, &input_dev_list, node)
		input_attach_handler(dev, handler);
	mutex_unlock(&input_mutex);
	return 0;
}
EXPORT_SYMBOL(__input_register_handler);

void input_unregister_handler(struct input_handler *handler)
{
	struct input_handle *handle, *next;

	mutex_lock(&input_mutex);
	list_for_each_entry_safe(handle, next, &handler->h_list, h_node)
		handler->disconnect(handle);
	list_del_init(&handler->node);
	mutex_unlock(&input_mutex);
}
EXPORT_SYMBOL(input_unregister_handler);

/* From a handler's connect (input_mutex held). */
int input_register_handle(struct input_handle *handle)
{
	struct input_dev *dev = handle->dev;

	mutex_lock(&dev->mutex);
	spin_lock_irq(&dev->event_lock);
	list_add_tail(&handle->d_node, &dev->h_list);
	spin_unlock_irq(&dev->event_lock);
	mutex_unlock(&dev->mutex);
	list_add_tail(&handle->h_node, &handle->handler->h_list);
	if (handle->handler->start)
		handle->handler->start(handle);
	return 0;
}
EXPORT_SYMBOL(input_register_handle);

/* From a handler's disconnect (input_mutex held). */
void input_unregister_handle(struct input_handle *handle)
{
	struct input_dev *dev = handle->dev;

	list_del_init(&handle->h_node);
	mutex_lock(&dev->mutex);
	spin_lock_irq(&dev->event_lock);
	list_del_init(&handle->d_node);
	spin_unlock_irq(&dev->event_lock);
	mutex_unlock(&dev->mutex);
}
EXPORT_SYMBOL(input_unregister_handle);

int input_open_device(struct input_handle *handle)
{
	struct input_dev *dev = handle->dev;
	int err = 0;

	mutex_lock(&dev->mutex);
	if (dev->going_away) {
		err = -ENODEV;
		goto out;
	}
	if (dev->users++ == 0 && dev->open) {
		err = dev->open(dev);
		if (err) {
			dev->users--;
			goto out;
		}
	}
	spin_lock_irq(&dev->event_lock);
	handle->open++;
	spin_unlock_irq(&dev->event_lock);
out:
	mutex_unlock(&dev->mutex);
	return err;
}
EXPORT_SYMBOL(input_open_device);

void input_close_device(struct input_handle *handle)
{
	struct input_dev *dev = handle->dev;

	mutex_lock(&dev->mutex);
	spin_lock_irq(&dev->event_lock);
	handle->open--;		/* after this, no event() of ours runs */
	spin_unlock_irq(&dev->event_lock);
	if (--dev->users == 0 && dev->close)
		dev->close(dev);
	mutex_unlock(&dev->mutex);
}
EXPORT_SYMBOL(input_close_device);

/* Boot, after the device core: the input class, then evdev. */
void input_init(void)
{
	int err = class_register(&input_class);

	if (err) {
		pr_err("input: cannot register the input class: error %d\n", err);
		return;
	}
	evdev_init();
}
