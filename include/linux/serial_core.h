/*
 * The serial core, Linux 6.1's linux/serial_core.h on modlab's tty layer
 * (drivers/tty/serial/serial_core.c has the code, docs/linux-compat.md
 * the differences).
 *
 * A UART driver describes its lines with one struct uart_driver
 * (uart_register_driver: a tty driver, a major, no nodes yet) and each
 * port it finds with a struct uart_port (uart_add_one_port: /dev/<dev_name>
 * <line> appears). The core does the tty side: the first open allocates
 * the port's transmit ring (state->xmit, UART_XMIT_SIZE bytes) and calls
 * ops->startup and ops->set_termios; a write copies the caller's bytes
 * into the ring and calls ops->start_tx; the driver drains the ring from
 * its transmit interrupt (or timer), hands received bytes to
 * uart_insert_char or tty_insert_flip_char on &port->state->port, and
 * pushes them with tty_flip_buffer_push; the last close calls
 * ops->shutdown and frees the ring.
 *
 * Locking: port->lock (taken with interrupts off) protects the ring, the
 * modem lines (mctrl), x_char, hw_stopped, status and icount. The core
 * holds it around start_tx, stop_tx, stop_rx, set_mctrl and get_mctrl,
 * as Linux does; startup, shutdown and set_termios run without it (they
 * may sleep) but serialised with each other by the tty driver's mutex.
 */
#ifndef LINUX_SERIAL_CORE_H
#define LINUX_SERIAL_CORE_H

#include <linux/bitops.h>
#include <linux/compiler.h>
#include <linux/interrupt.h>
#include <linux/circ_buf.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/tty.h>
#include <linux/mutex.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/serial.h>

/* No serial consoles here: a port is never the system console. */
#define uart_console(port)	({ (void)(port); 0; })

struct uart_port;
struct serial_struct;
struct device;
struct console;

struct uart_ops {
	unsigned int	(*tx_empty)(struct uart_port *);
	void		(*set_mctrl)(struct uart_port *, unsigned int mctrl);
	unsigned int	(*get_mctrl)(struct uart_port *);
	void		(*stop_tx)(struct uart_port *);
	void		(*start_tx)(struct uart_port *);
	void		(*throttle)(struct uart_port *);
	void		(*unthrottle)(struct uart_port *);
	void		(*send_xchar)(struct uart_port *, char ch);
	void		(*stop_rx)(struct uart_port *);
	void		(*start_rx)(struct uart_port *);
	void		(*enable_ms)(struct uart_port *);
	void		(*break_ctl)(struct uart_port *, int ctl);
	int		(*startup)(struct uart_port *);
	void		(*shutdown)(struct uart_port *);
	void		(*flush_buffer)(struct uart_port *);
	void		(*set_termios)(struct uart_port *, struct ktermios *new,
				       const struct ktermios *old);
	void		(*set_ldisc)(struct uart_port *, struct ktermios *);
	void		(*pm)(struct uart_port *, unsigned int state,
			      unsigned int oldstate);
	const char	*(*type)(struct uart_port *);
	void		(*release_port)(struct uart_port *);
	int		(*request_port)(struct uart_port *);
	void		(*config_port)(struct uart_port *, int);
	int		(*verify_port)(struct uart_port *, struct serial_struct *);
	int		(*ioctl)(struct uart_port *, unsigned int, unsigned long);
};

#define NO_POLL_CHAR		0x00ff0000
#define UART_CONFIG_TYPE	(1 << 0)
#define UART_CONFIG_IRQ		(1 << 1)

struct uart_icount {
	__u32	cts;
	__u32	dsr;
	__u32	rng;
	__u32	dcd;
	__u32	rx;
	__u32	tx;
	__u32	frame;
	__u32	overrun;
	__u32	parity;
	__u32	brk;
	__u32	buf_overrun;
};

typedef u64 __bitwise upf_t;
typedef unsigned int __bitwise upstat_t;

struct uart_state;

struct uart_port {
	spinlock_t		lock;			/* see the top of this file */
	unsigned long		iobase;			/* in/out[bwl] */
	unsigned char __iomem	*membase;		/* read/write[bwl] */
	unsigned int		(*serial_in)(struct uart_port *, int);
	void			(*serial_out)(struct uart_port *, int, int);
	void			(*set_termios)(struct uart_port *,
					       struct ktermios *new,
					       const struct ktermios *old);
	unsigned int		(*get_mctrl)(struct uart_port *);
	void			(*set_mctrl)(struct uart_port *, unsigned int);
	int			(*startup)(struct uart_port *port);
	void			(*shutdown)(struct uart_port *port);
	void			(*handle_break)(struct uart_port *);
	unsigned int		irq;			/* irq number */
	unsigned long		irqflags;		/* irq flags */
	unsigned int		uartclk;		/* base uart clock */
	unsigned int		fifosize;		/* tx fifo size */
	unsigned char		x_char;			/* xon/xoff char */
	unsigned char		regshift;		/* reg offset shift */
	unsigned char		iotype;			/* io access style */
	unsigned char		quirks;			/* internal quirks */

#define UPIO_UNKNOWN		((unsigned char)~0U)
#define UPIO_PORT		(SERIAL_IO_PORT)	/* 8b I/O port access */
#define UPIO_MEM		(SERIAL_IO_MEM)		/* driver-specific */

	unsigned int		read_status_mask;	/* driver specific */
	unsigned int		ignore_status_mask;	/* driver specific */
	struct uart_state	*state;			/* the core's side of the line */
	struct uart_icount	icount;			/* statistics */

	struct console		*cons;			/* always NULL here */
	upf_t			flags;			/* UPF_* */

/* The ASYNC_* values of Linux's uapi/linux/tty_flags.h. */
#define UPF_FOURPORT		((__force upf_t)(1U << 1))
#define UPF_SAK			((__force upf_t)(1U << 2))
#define UPF_SPD_HI		((__force upf_t)(1U << 4))
#define UPF_SPD_VHI		((__force upf_t)(1U << 5))
#define UPF_SPD_SHI		((__force upf_t)(1U << 12))
#define UPF_SPD_CUST		((__force upf_t)(UPF_SPD_HI | UPF_SPD_VHI))
#define UPF_SPD_WARP		((__force upf_t)(UPF_SPD_HI | UPF_SPD_SHI))
#define UPF_SPD_MASK		((__force upf_t)(UPF_SPD_HI | UPF_SPD_VHI | UPF_SPD_SHI))
#define UPF_SKIP_TEST		((__force upf_t)(1U << 6))
#define UPF_AUTO_IRQ		((__force upf_t)(1U << 7))
#define UPF_HARDPPS_CD		((__force upf_t)(1U << 11))
#define UPF_LOW_LATENCY		((__force upf_t)(1U << 13))
#define UPF_BUGGY_UART		((__force upf_t)(1U << 14))
#define UPF_MAGIC_MULTIPLIER	((__force upf_t)(1U << 16))
#define UPF_NO_THRE_TEST	((__force upf_t)BIT_ULL(19))
#define UPF_AUTO_CTS		((__force upf_t)BIT_ULL(20))
#define UPF_AUTO_RTS		((__force upf_t)BIT_ULL(21))
#define UPF_HARD_FLOW		((__force upf_t)(UPF_AUTO_CTS | UPF_AUTO_RTS))
#define UPF_SOFT_FLOW		((__force upf_t)BIT_ULL(22))
#define UPF_CONS_FLOW		((__force upf_t)BIT_ULL(23))
#define UPF_SHARE_IRQ		((__force upf_t)BIT_ULL(24))
#define UPF_EXAR_EFR		((__force upf_t)BIT_ULL(25))
#define UPF_BUG_THRE		((__force upf_t)BIT_ULL(26))
#define UPF_FIXED_TYPE		((__force upf_t)BIT_ULL(27))
#define UPF_BOOT_AUTOCONF	((__force upf_t)BIT_ULL(28))
#define UPF_FIXED_PORT		((__force upf_t)BIT_ULL(29))
#define UPF_DEAD		((__force upf_t)BIT_ULL(30))
#define UPF_IOREMAP		((__force upf_t)BIT_ULL(31))
#define UPF_FULL_PROBE		((__force upf_t)BIT_ULL(32))

	upstat_t		status;			/* UPSTAT_*, under lock */

#define UPSTAT_CTS_ENABLE	((__force upstat_t)(1 << 0))
#define UPSTAT_DCD_ENABLE	((__force upstat_t)(1 << 1))
#define UPSTAT_AUTORTS		((__force upstat_t)(1 << 2))
#define UPSTAT_AUTOCTS		((__force upstat_t)(1 << 3))
#define UPSTAT_AUTOXOFF		((__force upstat_t)(1 << 4))
#define UPSTAT_SYNC_FIFO	((__force upstat_t)(1 << 5))

	int			hw_stopped;		/* sw-assisted CTS flow state */
	unsigned int		mctrl;			/* current modem ctrl settings */
	unsigned int		frame_time;		/* ns per character frame */
	unsigned int		type;			/* PORT_*; PORT_UNKNOWN: no port */
	const struct uart_ops	*ops;
	unsigned int		custom_divisor;
	unsigned int		line;			/* port index */
	unsigned int		minor;
	resource_size_t		mapbase;		/* for ioremap */
	resource_size_t		mapsize;
	struct device		*dev;			/* parent device */
	unsigned char		hub6;
	unsigned char		suspended;
	const char		*name;			/* port name, e.g. ttyS0 */
	void			*private_data;		/* the driver's own */
};

static inline void uart_port_lock(struct uart_port *up)
{
	spin_lock(&up->lock);
}

static inline void uart_port_lock_irq(struct uart_port *up)
{
	spin_lock_irq(&up->lock);
}

#define uart_port_lock_irqsave(up, flagsp)	spin_lock_irqsave(&(up)->lock, *(flagsp))

static inline void uart_port_unlock(struct uart_port *up)
{
	spin_unlock(&up->lock);
}

static inline void uart_port_unlock_irq(struct uart_port *up)
{
	spin_unlock_irq(&up->lock);
}

static inline void uart_port_unlock_irqrestore(struct uart_port *up, unsigned long flags)
{
	spin_unlock_irqrestore(&up->lock, flags);
}

static inline int serial_port_in(struct uart_port *up, int offset)
{
	return up->serial_in(up, offset);
}

static inline void serial_port_out(struct uart_port *up, int offset, int value)
{
	up->serial_out(up, offset, value);
}

enum uart_pm_state {
	UART_PM_STATE_ON = 0,
	UART_PM_STATE_OFF = 3,
	UART_PM_STATE_UNDEFINED,
};

/*
 * The core's side of one line, one per line in uart_driver.state. port
 * (the tty port: flip buffer, readers, open count) lives from
 * uart_register_driver to uart_unregister_driver; uart_port while a port
 * is added. refcount is 1 while the port is added plus one per core call
 * using it; uart_remove_one_port drops the first and waits on remove_wait
 * for the others.
 */
struct uart_state {
	struct tty_port		port;

	enum uart_pm_state	pm_state;
	struct circ_buf		xmit;		/* under uart_port->lock */

	atomic_t		refcount;
	wait_queue_head_t	remove_wait;
	struct uart_port	*uart_port;
};

#define UART_XMIT_SIZE	PAGE_SIZE

/* A driver's transmit path wakes writers (uart_write_wakeup) once fewer
 * bytes than this wait in the ring. */
#define WAKEUP_CHARS		256

/* The driver took chars bytes from the ring's tail. Under port->lock. */
static inline void uart_xmit_advance(struct uart_port *up, unsigned int chars)
{
	struct circ_buf *xmit = &up->state->xmit;

	xmit->tail = (xmit->tail + chars) & (UART_XMIT_SIZE - 1);
	up->icount.tx += chars;
}

struct module;
struct tty_driver;

struct uart_driver {
	struct module		*owner;
	const char		*driver_name;
	const char		*dev_name;	/* nodes are /dev/<dev_name><line> */
	int			 major;		/* 0: a free one */
	int			 minor;		/* the first line's minor */
	int			 nr;		/* lines */
	struct console		*cons;

	/* The core's, set by uart_register_driver. */
	struct uart_state	*state;
	struct tty_driver	*tty_driver;
};

/* Writers may go on: call from the transmit path, port->lock held. */
void uart_write_wakeup(struct uart_port *port);

/* Set port->frame_time (ns per character) from cflag's frame and baud. */
void uart_update_timeout(struct uart_port *port, unsigned int cflag,
			 unsigned int baud);
/* The speed termios asks for, clipped to [min, max] (then termios says the
 * clipped speed); B0 means 9600 here. old, if not NULL, is tried second. */
unsigned int uart_get_baud_rate(struct uart_port *port, struct ktermios *termios,
				const struct ktermios *old, unsigned int min,
				unsigned int max);
/* uartclk / (16 * baud), rounded to nearest. */
unsigned int uart_get_divisor(struct uart_port *port, unsigned int baud);

/* How long the transmit FIFO takes to drain, with 20 ms of slack. */
static inline unsigned long uart_fifo_timeout(struct uart_port *port)
{
	u64 fifo_timeout = (u64)READ_ONCE(port->frame_time) * port->fifosize;

	fifo_timeout += 20 * NSEC_PER_MSEC;
	return max(nsecs_to_jiffies(fifo_timeout), 1UL);
}

static inline int uart_poll_timeout(struct uart_port *port)
{
	int timeout = uart_fifo_timeout(port);

	return timeout > 6 ? (timeout / 2 - 2) : 1;
}

/*
 * Registration. All may sleep; none may be called from interrupts.
 * uart_register_driver: 0, or -EINVAL (no dev_name, nr out of 1..32),
 * -EBUSY (the driver, or another of the same dev_name, is registered; the
 * major is taken), -ENOMEM. uart_add_one_port: 0, or -EINVAL (driver not
 * registered, port->line >= nr, the line already has a port), -ENOMEM.
 * On an error nothing has changed. uart_remove_one_port waits until no
 * uart_ops call of the port runs: never call it from one of them (a work
 * item will do; tests/linux-modules/uart_loop shows one).
 */
int uart_register_driver(struct uart_driver *uart);
void uart_unregister_driver(struct uart_driver *uart);
int uart_add_one_port(struct uart_driver *reg, struct uart_port *port);
void uart_remove_one_port(struct uart_driver *reg, struct uart_port *port);

#define uart_circ_empty(circ)		((circ)->head == (circ)->tail)
#define uart_circ_clear(circ)		((circ)->head = (circ)->tail = 0)

#define uart_circ_chars_pending(circ)	\
	(CIRC_CNT((circ)->head, (circ)->tail, UART_XMIT_SIZE))

#define uart_circ_chars_free(circ)	\
	(CIRC_SPACE((circ)->head, (circ)->tail, UART_XMIT_SIZE))

/* Output is held (by the tty or by CTS flow control). port->lock held. */
static inline int uart_tx_stopped(struct uart_port *port)
{
	struct tty_struct *tty = port->state->port.tty;

	if ((tty && tty->flow.stopped) || port->hw_stopped)
		return 1;
	return 0;
}

static inline bool uart_cts_enabled(struct uart_port *uport)
{
	return !!(uport->status & UPSTAT_CTS_ENABLE);
}

static inline bool uart_softcts_mode(struct uart_port *uport)
{
	upstat_t mask = UPSTAT_CTS_ENABLE | UPSTAT_AUTOCTS;

	return ((uport->status & mask) == UPSTAT_CTS_ENABLE);
}

/* Modem-status interrupts: count the change; CTS may stop or restart
 * output in software flow control. port->lock held. */
void uart_handle_dcd_change(struct uart_port *uport, bool active);
void uart_handle_cts_change(struct uart_port *uport, bool active);

/* One received character into the flip buffer, unless status says the
 * driver ignores it; an overrun (status & overrun) adds a 0 flagged
 * TTY_OVERRUN. A full buffer counts icount.buf_overrun. port->lock held. */
void uart_insert_char(struct uart_port *port, unsigned int status,
		      unsigned int overrun, unsigned int ch, unsigned int flag);

/* No magic SysRq over serial lines here: no character is swallowed. */
static inline int uart_handle_sysrq_char(struct uart_port *port, unsigned int ch)
{
	return 0;
}

static inline int uart_prepare_sysrq_char(struct uart_port *port, unsigned int ch)
{
	return 0;
}

static inline void uart_unlock_and_check_sysrq(struct uart_port *port)
{
	spin_unlock(&port->lock);
}

static inline void uart_unlock_and_check_sysrq_irqrestore(struct uart_port *port,
							  unsigned long flags)
{
	spin_unlock_irqrestore(&port->lock, flags);
}

/* A break arrived: the driver's handle_break hook; 0 (not swallowed). */
static inline int uart_handle_break(struct uart_port *port)
{
	if (port->handle_break)
		port->handle_break(port);
	return 0;
}

#define UART_ENABLE_MS(port, cflag)	((port)->flags & UPF_HARDPPS_CD || \
					 (cflag) & CRTSCTS || \
					 !((cflag) & CLOCAL))

#endif /* LINUX_SERIAL_CORE_H */
