/*
 * The console as a terminal (include/linux/tty.h): one tty_struct whose
 * driver writes to every console. Drivers' terminals are kernel/tty_io.c's. It is static and lives as long as the
 * kernel, so its references need no count.
 *
 * Which threads have it: the shell's, and each thread the shell starts
 * for a command or a background job (task_struct.tty, set before the
 * thread runs and never changed, so reading it needs no lock).
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/tty.h>
#include <modlab/console.h>
#include <modlab/sched.h>

static int console_tty_write(struct tty_struct *tty, const unsigned char *buf, int count)
{
	if (count <= 0)
		return 0;
	console_write((const char *)buf, count);
	return count;
}

static int console_tty_put_char(struct tty_struct *tty, unsigned char ch)
{
	console_write((const char *)&ch, 1);
	return 1;
}

/* console_write waits for the hardware, so there is always room. */
static unsigned int console_tty_write_room(struct tty_struct *tty)
{
	return 4096;
}

static const struct tty_operations console_tty_ops = {
	.write = console_tty_write,
	.put_char = console_tty_put_char,
	.write_room = console_tty_write_room,
};

static struct tty_driver console_driver = {
	.driver_name = "console",
	.name = "console",
	.major = 5,
	.minor_start = 1,
	.num = 1,
	.type = TTY_DRIVER_TYPE_CONSOLE,
	.ops = &console_tty_ops,
};

struct tty_struct console_tty = {
	.index = 0,
	.driver = &console_driver,
	.ops = &console_tty_ops,
	.name = "console",
};

struct tty_struct *get_current_tty(void)
{
	return current->tty;
}

struct tty_struct *tty_kref_get(struct tty_struct *tty)
{
	return tty;
}

void tty_kref_put(struct tty_struct *tty)
{
}

const char *tty_name(const struct tty_struct *tty)
{
	return tty ? tty->name : "NULL tty";
}

unsigned int tty_write_room(struct tty_struct *tty)
{
	return tty->ops->write_room ? tty->ops->write_room(tty) : 2048;
}

/* For modules. */
EXPORT_SYMBOL(get_current_tty);
EXPORT_SYMBOL(tty_kref_get);
EXPORT_SYMBOL(tty_kref_put);
EXPORT_SYMBOL(tty_name);
EXPORT_SYMBOL(tty_write_room);
