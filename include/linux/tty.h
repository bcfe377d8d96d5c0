/*
 * Terminals, as Linux 6.1's linux/tty.h. The shell and the commands it
 * runs (insmod included) have the console as their controlling terminal:
 * get_current_tty() gives it to them, and writing to it goes to the serial
 * port and the screen, past any '>' redirection of the command's output,
 * as writing to /dev/tty does on Linux. Other kernel threads have no
 * terminal: NULL.
 */
#ifndef _LINUX_TTY_H
#define _LINUX_TTY_H

#include <linux/types.h>
#include <linux/tty_driver.h>
#include <linux/sched.h>
#include <linux/fs.h>

struct tty_struct {
	int index;
	struct tty_driver *driver;
	const struct tty_operations *ops;
	char name[64];
};

/* The current thread's controlling terminal, or NULL. The reference it
 * returns is dropped with tty_kref_put (the console never goes away). */
struct tty_struct *get_current_tty(void);
struct tty_struct *tty_kref_get(struct tty_struct *tty);
void tty_kref_put(struct tty_struct *tty);
const char *tty_name(const struct tty_struct *tty);
unsigned int tty_write_room(struct tty_struct *tty);

#endif
