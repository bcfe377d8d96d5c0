/*
 * Handing received bytes to the tty layer, Linux's names (kernel/tty_io.c):
 * insert them into the port's flip buffer, then push to make them
 * readable and wake readers. Any context, interrupts included.
 */
#ifndef _LINUX_TTY_FLIP_H
#define _LINUX_TTY_FLIP_H

#include <linux/tty.h>

/* Room for how many more bytes (at most size). */
int tty_buffer_request_room(struct tty_port *port, size_t size);
/* Queue bytes; returns how many fit. flag is TTY_NORMAL or an error kind,
 * which modlab's raw reads do not report. */
int tty_insert_flip_string_fixed_flag(struct tty_port *port, const unsigned char *chars,
				      char flag, size_t size);
void tty_flip_buffer_push(struct tty_port *port);

static inline int tty_insert_flip_char(struct tty_port *port, unsigned char ch, char flag)
{
	return tty_insert_flip_string_fixed_flag(port, &ch, flag, 1);
}

static inline int tty_insert_flip_string(struct tty_port *port, const unsigned char *chars,
					 size_t size)
{
	return tty_insert_flip_string_fixed_flag(port, chars, TTY_NORMAL, size);
}

#endif
