/*
 * The input layer (drivers/input/): a driver describes what its device can
 * report with capability bitmaps and then reports events; handlers (evdev,
 * which makes /dev/input/eventN) receive them.
 *
 *	struct input_dev *in = input_allocate_device();
 *	in->name = "my keys";
 *	input_set_capability(in, EV_KEY, KEY_A);	(or set_bit in evbit/keybit)
 *	err = input_register_device(in);
 *	...
 *	input_report_key(in, KEY_A, 1);		(pressed)
 *	input_sync(in);				(end of one report)
 *	...
 *	input_unregister_device(in);		(frees it: no input_free_device after)
 *
 * input_free_device is for a device that was never registered. Events may
 * be reported from any context, interrupt handlers included.
 *
 * modlab: no software autorepeat (EV_REP is accepted and rep[] kept, but
 * no repeat events are made up), no force feedback, no multitouch slots.
 * While a /dev/input/eventN of a device is open, the module that
 * registered the device is pinned (rmmod says it is in use); Linux instead
 * lets the device go and the reader sees ENODEV.
 */
#ifndef _LINUX_INPUT_H
#define _LINUX_INPUT_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/bitops.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/fs.h>
#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/input-event-codes.h>

/* What a reader of /dev/input/eventN gets, one per event (16 bytes on
 * i386: seconds and microseconds of the event as unsigned longs). */
struct input_event {
	unsigned long __sec;
	unsigned long __usec;
	__u16 type;
	__u16 code;
	__s32 value;
};
#define input_event_sec		__sec
#define input_event_usec	__usec

/* EVIOCGVERSION's answer */
#define EV_VERSION		0x010001

/* Bus types for input_id.bustype */
#define BUS_PCI			0x01
#define BUS_ISAPNP		0x02
#define BUS_USB			0x03
#define BUS_HIL			0x04
#define BUS_BLUETOOTH		0x05
#define BUS_VIRTUAL		0x06
#define BUS_ISA			0x10
#define BUS_I8042		0x11
#define BUS_XTKBD		0x12
#define BUS_RS232		0x13
#define BUS_GAMEPORT		0x14
#define BUS_PARPORT		0x15
#define BUS_HOST		0x19
#define BUS_I2C			0x18
#define BUS_SPI			0x1C

struct input_id {
	__u16 bustype;
	__u16 vendor;
	__u16 product;
	__u16 version;
};

/* The range of one absolute axis (input_set_abs_params). */
struct input_absinfo {
	__s32 value;
	__s32 minimum;
	__s32 maximum;
	__s32 fuzz;
	__s32 flat;
	__s32 resolution;
};

struct input_handle;

extern struct class input_class;

struct input_dev {
	const char *name;
	const char *phys;
	const char *uniq;
	struct input_id id;

	unsigned long propbit[BITS_TO_LONGS(INPUT_PROP_CNT)];

	/* What the device can report: evbit the types, the others the codes. */
	unsigned long evbit[BITS_TO_LONGS(EV_CNT)];
	unsigned long keybit[BITS_TO_LONGS(KEY_CNT)];
	unsigned long relbit[BITS_TO_LONGS(REL_CNT)];
	unsigned long absbit[BITS_TO_LONGS(ABS_CNT)];
	unsigned long mscbit[BITS_TO_LONGS(MSC_CNT)];
	unsigned long ledbit[BITS_TO_LONGS(LED_CNT)];
	unsigned long sndbit[BITS_TO_LONGS(SND_CNT)];
	unsigned long ffbit[BITS_TO_LONGS(FF_CNT)];
	unsigned long swbit[BITS_TO_LONGS(SW_CNT)];

	unsigned int hint_events_per_packet;

	/* The driver's scan-code to key-code table, if it has one. */
	unsigned int keycodemax;
	unsigned int keycodesize;
	void *keycode;

	int rep[REP_CNT];		/* kept, not acted on (no autorepeat) */

	struct input_absinfo *absinfo;	/* ABS_CNT of them, or NULL */

	/* The device's state, under event_lock: which keys are down... */
	unsigned long key[BITS_TO_LONGS(KEY_CNT)];
	unsigned long led[BITS_TO_LONGS(LED_CNT)];
	unsigned long snd[BITS_TO_LONGS(SND_CNT)];
	unsigned long sw[BITS_TO_LONGS(SW_CNT)];

	/* Called on the first open of a handle and after the last close. */
	int (*open)(struct input_dev *dev);
	void (*close)(struct input_dev *dev);
	int (*flush)(struct input_dev *dev, struct file *file);
	/* Events sent to the device (EV_LED, EV_SND), with event_lock held. */
	int (*event)(struct input_dev *dev, unsigned int type, unsigned int code, int value);

	spinlock_t event_lock;		/* the state above and h_list's walk */
	struct mutex mutex;		/* users, open/close */
	unsigned int users;		/* open handles */
	bool going_away;
	unsigned int num_vals;		/* events since the last SYN_REPORT (event_lock) */

	struct device dev;

	struct list_head h_list;	/* its handles (input_mutex and event_lock) */
	struct list_head node;		/* in input_dev_list (input_mutex) */

	struct module *owner;		/* modlab: pinned while an evdev is open */
	bool registered;		/* modlab: between register and unregister */
};
#define to_input_dev(d) container_of(d, struct input_dev, dev)

/*
 * A consumer of events from every device that matches its id_table. connect
 * makes and registers a handle (input_register_handle) and opens it
 * (input_open_device); disconnect undoes it. event is called with the
 * device's event_lock held and interrupts off: it must not sleep.
 */
struct input_handler {
	void *private;
	void (*event)(struct input_handle *handle, unsigned int type, unsigned int code,
		      int value);
	bool (*match)(struct input_handler *handler, struct input_dev *dev);
	int (*connect)(struct input_handler *handler, struct input_dev *dev,
		       const struct input_device_id *id);
	void (*disconnect)(struct input_handle *handle);
	void (*start)(struct input_handle *handle);
	const char *name;
	const struct input_device_id *id_table;
	struct list_head h_list;	/* its handles */
	struct list_head node;		/* in input_handler_list */
	struct module *owner;		/* modlab: set by input_register_handler */
};

/* One (device, handler) connection. */
struct input_handle {
	void *private;
	int open;			/* input_open_device count, under dev->mutex */
	const char *name;
	struct input_dev *dev;
	struct input_handler *handler;
	struct list_head d_node;	/* in dev->h_list */
	struct list_head h_node;	/* in handler->h_list */
};

/* A new device, zeroed, not registered; NULL if out of memory. May sleep. */
struct input_dev *input_allocate_device(void);
/* For a device never registered (or after a failed register). */
void input_free_device(struct input_dev *dev);

/* Attach the device to the handlers that want it. 0, -EINVAL (no name...),
 * -ENOMEM, -EBUSY (registered already). May sleep. The device's module is
 * the caller's (THIS_MODULE). */
int __input_register_device(struct input_dev *dev, struct module *owner);
#define input_register_device(dev)	__input_register_device(dev, THIS_MODULE)
/* Detach and free: the device must not be used afterwards. May sleep. */
void input_unregister_device(struct input_dev *dev);

/* Report an event. Events the device did not declare, and key events that
 * change nothing, are dropped. Any context. */
void input_event(struct input_dev *dev, unsigned int type, unsigned int code, int value);
/* Send an event to the device (LEDs...): calls dev->event. Any context. */
void input_inject_event(struct input_handle *handle, unsigned int type, unsigned int code,
			int value);

static inline void input_report_key(struct input_dev *dev, unsigned int code, int value)
{
	input_event(dev, EV_KEY, code, !!value);
}

static inline void input_report_rel(struct input_dev *dev, unsigned int code, int value)
{
	input_event(dev, EV_REL, code, value);
}

static inline void input_report_abs(struct input_dev *dev, unsigned int code, int value)
{
	input_event(dev, EV_ABS, code, value);
}

static inline void input_report_switch(struct input_dev *dev, unsigned int code, int value)
{
	input_event(dev, EV_SW, code, !!value);
}

static inline void input_sync(struct input_dev *dev)
{
	input_event(dev, EV_SYN, SYN_REPORT, 0);
}

static inline void input_mt_sync(struct input_dev *dev)
{
	input_event(dev, EV_SYN, SYN_MT_REPORT, 0);
}

/* Say the device can report (type, code): sets the bits. */
void input_set_capability(struct input_dev *dev, unsigned int type, unsigned int code);
/* An absolute axis's range; makes the device an EV_ABS one. */
void input_set_abs_params(struct input_dev *dev, unsigned int axis, int min, int max,
			  int fuzz, int flat);
void input_alloc_absinfo(struct input_dev *dev);

static inline int input_abs_get_min(struct input_dev *dev, unsigned int axis)
{
	return dev->absinfo ? dev->absinfo[axis].minimum : 0;
}

static inline int input_abs_get_max(struct input_dev *dev, unsigned int axis)
{
	return dev->absinfo ? dev->absinfo[axis].maximum : 0;
}

static inline void *input_get_drvdata(struct input_dev *dev)
{
	return dev_get_drvdata(&dev->dev);
}

static inline void input_set_drvdata(struct input_dev *dev, void *data)
{
	dev_set_drvdata(&dev->dev, data);
}

static inline struct input_dev *input_get_device(struct input_dev *dev)
{
	if (dev)
		get_device(&dev->dev);
	return dev;
}

static inline void input_put_device(struct input_dev *dev)
{
	if (dev)
		put_device(&dev->dev);
}

/* Handlers. register/unregister may sleep. */
int __input_register_handler(struct input_handler *handler, struct module *owner);
#define input_register_handler(h)	__input_register_handler(h, THIS_MODULE)
void input_unregister_handler(struct input_handler *handler);
int input_register_handle(struct input_handle *handle);
void input_unregister_handle(struct input_handle *handle);
/* Start (first open calls dev->open) and stop receiving events. */
int input_open_device(struct input_handle *handle);
void input_close_device(struct input_handle *handle);

#endif
