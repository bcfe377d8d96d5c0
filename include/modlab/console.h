/*
 * Consoles: where kernel messages and the shell's output go (the serial
 * port and the VGA screen), and where typed characters come from.
 */
#ifndef _MODLAB_CONSOLE_H
#define _MODLAB_CONSOLE_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <stdarg.h>

struct console {
	const char *name;
	/* Write len bytes; '\n' means newline (the driver adds '\r' if needed).
	 * Called with the console lock held and interrupts off. */
	void (*write)(struct console *con, const char *s, size_t len);
	struct console *next;
};

void register_console(struct console *con);

/* Output to every console, not into the kernel log: the shell's voice. */
int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list args);
void console_write(const char *s, size_t len);
/* Like console_write, but honours the thread's output redirection. */
void out_write(const char *s, size_t len);
void console_putc(char c);

/* Messages with a level below this go to the consoles too (all go to the log). */
extern int console_loglevel;

/* Copy the kernel log into buf (at most size - 1 bytes, NUL-terminated);
 * returns the number of bytes copied. */
size_t log_read(char *buf, size_t size);

/* Set once an oops has begun: printk then ignores a lock this CPU may hold. */
extern int oops_in_progress;

/* Keyboard and serial input: drivers push bytes, the shell pulls them. */
void tty_receive(char c);
int tty_getc(void);	/* sleeps until a byte arrives */
struct task_struct;
/* The thread running the shell's foreground command (Ctrl-C interrupts
 * it), or NULL when the command ends (which clears its SIGINT). The
 * thread must be one that never ends: the shell's. */
void tty_set_foreground(struct task_struct *t);

/* Drivers (arch/x86). */
void serial_init(void);
void serial_enable_input(void);
void vga_init(void);
void keyboard_init(void);

#endif
