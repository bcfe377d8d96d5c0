/*
 * Terminals for drivers, a small form of Linux's tty layer (kernel/tty_io.c).
 *
 * A driver describes its lines with a struct tty_driver (tty_alloc_driver,
 * tty_set_operations, tty_register_driver): one character major, a minor
 * per line. Each line has a struct tty_port the driver owns; bytes the
 * device receives go into the port's flip buffer (tty_insert_flip_char)
 * and become readable at tty_flip_buffer_push. Opening /dev/NAMEn makes
 * (or reuses) the line's struct tty_struct and calls the driver's open;
 * write hands the caller's bytes to the driver's write; the last close
 * calls its close and frees the tty_struct.
 *
 * What modlab's layer leaves out: line disciplines (reads are raw: what
 * the port pushed, no echo, no line editing, no ^C from the line), job
 * control and controlling terminals (current->signal->tty is NULL),
 * termios changes (nothing calls set_termios: there is no TCSETS), hang-up,
 * flow control and /proc/tty. The serial core (linux/serial_core.h) is
 * built on this layer.
 */
#ifndef _LINUX_TTY_H
#define _LINUX_TTY_H

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/fs.h>
#include <linux/termios.h>
#include <linux/bitops.h>
#include <linux/tty_driver.h>

#define TTY_NORMAL	0
#define TTY_BREAK	1
#define TTY_FRAME	2
#define TTY_PARITY	3
#define TTY_OVERRUN	4

#define N_TTY		0

/* The flip buffer's size: bytes pushed and not yet read beyond it are
 * dropped (counted in tty_port.dropped), as a full Linux buffer drops. */
#define TTY_FLIPBUF_SIZE	4096

struct tty_struct;

/*
 * A line's hardware side; the driver owns it (often a static array) and
 * links it to its driver line with tty_port_link_device.
 *
 * Locking: lock (interrupts off; receive paths run in interrupts and
 * timers) protects buf, head, commit, tail, dropped and tty.
 */
struct tty_port {
	spinlock_t lock;
	struct tty_struct *tty;		/* the open line, or NULL */
	wait_queue_head_t read_wait;	/* readers wait here for a push */
	/* A ring: [tail, commit) is readable, [commit, head) inserted but
	 * not pushed yet. Indexes run free; the ring holds
	 * TTY_FLIPBUF_SIZE bytes. */
	unsigned char buf[TTY_FLIPBUF_SIZE];
	unsigned int head, commit, tail;
	unsigned long dropped;
	int count;			/* Linux's: open count, for the driver */
	unsigned long flags;
};

/* One open line (made at the first open, freed at the last close). */
struct tty_struct {
	struct tty_driver *driver;
	const struct tty_operations *ops;
	int index;			/* the line: minor - minor_start */
	struct ktermios termios;
	struct tty_port *port;
	void *driver_data;		/* the driver's own */
	int count;			/* open files; under the driver's mutex */
	unsigned long flags;		/* TTY_IO_ERROR; atomic bit operations */
	wait_queue_head_t write_wait;	/* woken by tty_wakeup: output went */
	struct {
		bool stopped;		/* output held (never set here: no ^S) */
		bool tco_stopped;
	} flow;
	char name[64];
};

/* tty_struct.flags bits. TTY_IO_ERROR: reads and writes fail with EIO
 * (the serial core sets it on a line with no working port). */
#define TTY_IO_ERROR		1

static inline bool tty_io_error(struct tty_struct *tty)
{
	return test_bit(TTY_IO_ERROR, &tty->flags);
}

/* tty_port.flags bits. */
#define TTY_PORT_INITIALIZED	0	/* the hardware is set up (startup ran) */
#define TTY_PORT_ACTIVE		2

static inline bool tty_port_initialized(const struct tty_port *port)
{
	return test_bit(TTY_PORT_INITIALIZED, &port->flags);
}

static inline void tty_port_set_initialized(struct tty_port *port, bool val)
{
	if (val)
		set_bit(TTY_PORT_INITIALIZED, &port->flags);
	else
		clear_bit(TTY_PORT_INITIALIZED, &port->flags);
}

extern const struct ktermios tty_std_termios;

/* The current thread's terminal: the console for the shell and the
 * commands and jobs it starts, NULL for other kernel threads
 * (kernel/tty_console.c). Writing to it goes to the serial port and the
 * screen, past a '>' redirection, as /dev/tty does on Linux. The reference
 * is dropped with tty_kref_put (the console never goes away). */
struct tty_struct *get_current_tty(void);
struct tty_struct *tty_kref_get(struct tty_struct *tty);
void tty_kref_put(struct tty_struct *tty);
const char *tty_name(const struct tty_struct *tty);
unsigned int tty_write_room(struct tty_struct *tty);

#define C_BAUD(tty)	((tty)->termios.c_cflag & CBAUD)
#define C_CSIZE(tty)	((tty)->termios.c_cflag & CSIZE)
#define C_CRTSCTS(tty)	((tty)->termios.c_cflag & CRTSCTS)
#define C_CLOCAL(tty)	((tty)->termios.c_cflag & CLOCAL)
#define I_IXON(tty)	((tty)->termios.c_iflag & IXON)
#define I_IXOFF(tty)	((tty)->termios.c_iflag & IXOFF)
#define L_ECHO(tty)	((tty)->termios.c_lflag & ECHO)
#define L_ICANON(tty)	((tty)->termios.c_lflag & ICANON)
#define START_CHAR(tty)	((tty)->termios.c_cc[VSTART])
#define STOP_CHAR(tty)	((tty)->termios.c_cc[VSTOP])
#define INTR_CHAR(tty)	((tty)->termios.c_cc[VINTR])

void tty_port_init(struct tty_port *port);
/* Nothing to free in modlab's port; there for Linux's pairing. */
void tty_port_destroy(struct tty_port *port);
void tty_port_link_device(struct tty_port *port, struct tty_driver *driver, unsigned int index);

/* The speed termios asks for, in bits per second. */
speed_t tty_termios_baud_rate(const struct ktermios *termios);
/* Make termios ask for obaud (ibaud is taken to be the same): its B code
 * when one is within 2%, else BOTHER with c_ospeed = obaud. */
void tty_termios_encode_baud_rate(struct ktermios *termios, speed_t ibaud, speed_t obaud);
/* Bits on the wire per character for cflag: start, data, parity, stop. */
unsigned char tty_get_frame_size(unsigned int cflag);

static inline speed_t tty_get_baud_rate(struct tty_struct *tty)
{
	return tty_termios_baud_rate(&tty->termios);
}

/* The device number of the line. */
dev_t tty_devnum(struct tty_struct *tty);

/* The driver's output went: wake who waits on tty->write_wait (modlab's
 * writes never wait; the serial core's last close waits for its ring to
 * drain). Any context. */
void tty_wakeup(struct tty_struct *tty);

#endif
