/*
 * Terminal drivers, as Linux 6.1's linux/tty_driver.h: a tty_driver and
 * the operations its terminals have. modlab has one terminal, the console
 * (serial port and screen); its driver is "console".
 */
#ifndef _LINUX_TTY_DRIVER_H
#define _LINUX_TTY_DRIVER_H

#include <linux/types.h>

struct tty_struct;
struct module;

struct tty_operations {
	/* Write count bytes; returns how many were taken (all, here). May be
	 * called in any context, with no lock held. */
	int (*write)(struct tty_struct *tty, const unsigned char *buf, int count);
	int (*put_char)(struct tty_struct *tty, unsigned char ch);
	void (*flush_chars)(struct tty_struct *tty);
	unsigned int (*write_room)(struct tty_struct *tty);
	unsigned int (*chars_in_buffer)(struct tty_struct *tty);
};

struct tty_driver {
	struct module *owner;
	const char *driver_name;
	const char *name;
	int name_base;
	int major;
	int minor_start;
	unsigned int num;
	short type;
	short subtype;
	unsigned long flags;
	const struct tty_operations *ops;
};

#define TTY_DRIVER_TYPE_SYSTEM		0x0001
#define TTY_DRIVER_TYPE_CONSOLE		0x0002
#define TTY_DRIVER_TYPE_SERIAL		0x0003

#endif
