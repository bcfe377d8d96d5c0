/*
 * A tty driver's description and operations, as Linux 6.1 declares them
 * (the fields modlab's tty layer uses; see linux/tty.h for what it does).
 */
#ifndef _LINUX_TTY_DRIVER_H
#define _LINUX_TTY_DRIVER_H

#include <linux/types.h>
#include <linux/err.h>
#include <linux/cdev.h>
#include <linux/termios.h>

struct tty_struct;
struct tty_port;
struct tty_driver;
struct file;
struct seq_file;
struct serial_icounter_struct;

struct tty_operations {
	/* A file opened the line; the tty is new or already open. */
	int (*open)(struct tty_struct *tty, struct file *filp);
	/* Each close, also after a failed open (as in Linux). */
	void (*close)(struct tty_struct *tty, struct file *filp);
	/* Send count bytes; returns how many were taken, or -errno. */
	int (*write)(struct tty_struct *tty, const unsigned char *buf, int count);
	/* Send one byte (1 if taken); flush_chars sends what put_char queued. */
	int (*put_char)(struct tty_struct *tty, unsigned char ch);
	void (*flush_chars)(struct tty_struct *tty);
	/* How many bytes write would take now. */
	unsigned int (*write_room)(struct tty_struct *tty);
	unsigned int (*chars_in_buffer)(struct tty_struct *tty);
	int (*ioctl)(struct tty_struct *tty, unsigned int cmd, unsigned long arg);
	/* Never called: modlab has no TCSETS. */
	void (*set_termios)(struct tty_struct *tty, const struct ktermios *old);
	int (*tiocmget)(struct tty_struct *tty);
	int (*tiocmset)(struct tty_struct *tty, unsigned int set, unsigned int clear);
	int (*get_icount)(struct tty_struct *tty, struct serial_icounter_struct *icount);
	/* Never called: modlab has no /proc/tty/driver. */
	int (*proc_show)(struct seq_file *m, void *driver);
};

struct tty_driver {
	struct module *owner;
	const char *driver_name;
	const char *name;		/* the nodes are /dev/<name><line> */
	int name_base;			/* the first line's number in the node name */
	int major;			/* 0: a free one, filled in at registration */
	int minor_start;
	unsigned int num;		/* lines */
	short type;
	short subtype;
	struct ktermios init_termios;	/* each new tty starts with these */
	unsigned long flags;		/* TTY_DRIVER_* */
	const struct tty_operations *ops;
	void *driver_state;		/* the layer above's (the serial core's) */
	/* modlab, set up by tty_alloc_driver: */
	struct tty_port **ports;	/* per line, tty_port_link_device */
	struct tty_struct **ttys;	/* per line, the open tty or NULL */
	struct mutex tty_mutex;		/* protects ttys and every tty's count */
	struct cdev cdev;
	bool registered;
	unsigned long nodes;		/* lines with a /dev node (bit per line) */
};

#define TTY_DRIVER_INSTALLED		0x0001
#define TTY_DRIVER_RESET_TERMIOS	0x0002
#define TTY_DRIVER_REAL_RAW		0x0004
#define TTY_DRIVER_DYNAMIC_DEV		0x0008
#define TTY_DRIVER_DEVPTS_MEM		0x0010
#define TTY_DRIVER_HARDWARE_BREAK	0x0020
#define TTY_DRIVER_DYNAMIC_ALLOC	0x0040
#define TTY_DRIVER_UNNUMBERED_NODE	0x0080

#define TTY_DRIVER_TYPE_SYSTEM		0x0001
#define TTY_DRIVER_TYPE_CONSOLE		0x0002
#define TTY_DRIVER_TYPE_SERIAL		0x0003
#define TTY_DRIVER_TYPE_PTY		0x0004

#define SERIAL_TYPE_NORMAL	1

/* A driver for lines lines (at most BITS_PER_LONG here); ERR_PTR on
 * failure. Free it with tty_driver_kref_put. May sleep. */
struct tty_driver *__tty_alloc_driver(unsigned int lines, struct module *owner,
				      unsigned long flags);
#define tty_alloc_driver(lines, flags)	__tty_alloc_driver(lines, THIS_MODULE, flags)
void tty_driver_kref_put(struct tty_driver *driver);

/*
 * The names before Linux 5.15, which LDD3's tiny_tty still calls: NULL on
 * failure. Linux 6.1 no longer has them; modlab keeps them for such
 * drivers and marks them deprecated, so the build says to move on.
 */
static inline __attribute__((deprecated("use tty_alloc_driver (Linux 5.15+)")))
struct tty_driver *alloc_tty_driver(unsigned int lines)
{
	struct tty_driver *d = __tty_alloc_driver(lines, NULL, 0);

	return IS_ERR(d) ? NULL : d;
}

static inline __attribute__((deprecated("use tty_driver_kref_put (Linux 5.15+)")))
void put_tty_driver(struct tty_driver *driver)
{
	tty_driver_kref_put(driver);
}

static inline void tty_set_operations(struct tty_driver *driver, const struct tty_operations *op)
{
	driver->ops = op;
}

/* Claim the numbers and make the lines openable (and, unless
 * TTY_DRIVER_DYNAMIC_DEV, their /dev nodes). 0 or -errno. May sleep. */
int tty_register_driver(struct tty_driver *driver);
void tty_unregister_driver(struct tty_driver *driver);
/* Make /dev/<name><index> (the device argument is ignored: no device
 * model); returns NULL, which Linux code only tests with IS_ERR. */
struct device *tty_register_device(struct tty_driver *driver, unsigned int index,
				   struct device *device);
void tty_unregister_device(struct tty_driver *driver, unsigned int index);

#endif
