// SPDX-License-Identifier: GPL-2.0
/*
 * tiny_tty_loop: two tty lines, /dev/ttytiny0 and 1, wired back to
 * themselves: what is written to a line comes back as its input, upper-
 * cased so a reader can tell it went through the driver.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include <linux/tty_flip.h>

#define LINES	2

static struct tty_driver *loop_driver;
static struct tty_port loop_port[LINES];

static int loop_open(struct tty_struct *tty, struct file *filp)
{
	pr_info("tiny_tty_loop: %s opened\n", tty->name);
	return 0;
}

static void loop_close(struct tty_struct *tty, struct file *filp)
{
}

static int loop_write(struct tty_struct *tty, const unsigned char *buf, int count)
{
	int i;

	for (i = 0; i < count; i++) {
		unsigned char c = buf[i];

		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (!tty_insert_flip_char(tty->port, c, TTY_NORMAL))
			break;
	}
	tty_flip_buffer_push(tty->port);
	return i;
}

static unsigned int loop_write_room(struct tty_struct *tty)
{
	return tty_buffer_request_room(tty->port, 512);
}

static const struct tty_operations loop_ops = {
	.open = loop_open,
	.close = loop_close,
	.write = loop_write,
	.write_room = loop_write_room,
};

static int __init tiny_tty_loop_init(void)
{
	int i, err;

	loop_driver = tty_alloc_driver(LINES, TTY_DRIVER_REAL_RAW | TTY_DRIVER_DYNAMIC_DEV);
	if (IS_ERR(loop_driver))
		return PTR_ERR(loop_driver);
	loop_driver->driver_name = "tiny_tty_loop";
	loop_driver->name = "ttytiny";
	loop_driver->type = TTY_DRIVER_TYPE_SERIAL;
	loop_driver->subtype = SERIAL_TYPE_NORMAL;
	loop_driver->init_termios = tty_std_termios;
	loop_driver->init_termios.c_cflag = B9600 | CS8 | CREAD | CLOCAL;
	tty_set_operations(loop_driver, &loop_ops);
	for (i = 0; i < LINES; i++) {
		tty_port_init(&loop_port[i]);
		tty_port_link_device(&loop_port[i], loop_driver, i);
	}
	err = tty_register_driver(loop_driver);
	if (err) {
		tty_driver_kref_put(loop_driver);
		return err;
	}
	for (i = 0; i < LINES; i++)
		tty_register_device(loop_driver, i, NULL);
	pr_info("tiny_tty_loop: %d lines at major %d, %u baud\n", LINES, loop_driver->major,
		tty_termios_baud_rate(&loop_driver->init_termios));
	return 0;
}

static void __exit tiny_tty_loop_exit(void)
{
	int i;

	for (i = 0; i < LINES; i++) {
		tty_unregister_device(loop_driver, i);
		tty_port_destroy(&loop_port[i]);
	}
	tty_unregister_driver(loop_driver);
	tty_driver_kref_put(loop_driver);
}

module_init(tiny_tty_loop_init);
module_exit(tiny_tty_loop_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Two tty lines that read back what is written, upper-cased");
