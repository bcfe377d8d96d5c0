/*
 * The serial core: UART drivers (struct uart_driver, uart_port, uart_ops)
 * on the drivers' tty layer (kernel/tty_io.c). linux/serial_core.h has the
 * picture; this file turns tty operations into uart_ops calls.
 *
 * Locking, outermost first:
 *  - uart_drivers_lock (a mutex) protects uart_drivers, the registered
 *    drivers, so two of one dev_name cannot both register.
 *  - the tty driver's tty_mutex (kernel/tty_io.c holds it around our open
 *    and close) serialises open, close, uart_add_one_port and
 *    uart_remove_one_port on a driver: startup, shutdown, set_termios and
 *    the xmit page's allocation and freeing happen under it, and so does
 *    each state's port.count.
 *  - uart_port->lock (interrupts off) protects the xmit ring's contents
 *    and indexes, mctrl, x_char, status and hw_stopped.
 *  - the tty port's own lock (tty_port.lock) nests inside uart_port->lock:
 *    a driver inserts received bytes with its port lock held.
 * state->refcount keeps state->uart_port alive for write, ioctl and the
 * other calls that do not take tty_mutex (see uart_port_ref).
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/sched/signal.h>
#include <linux/tty.h>
#include <linux/tty_flip.h>
#include <linux/serial.h>
#include <linux/serial_core.h>

/* A registered driver, for the dev_name check. */
struct uart_driver_entry {
	struct list_head list;
	struct uart_driver *drv;
};

static LIST_HEAD(uart_drivers);		/* of uart_driver_entry */
static DEFINE_MUTEX(uart_drivers_lock);	/* protects uart_drivers */

/* ---- the port's lifetime against remove ---- */

/*
 * The line's port, with a reference that keeps it (NULL once it is being
 * removed). Lock-free: the count is 0 exactly when no port is added or
 * uart_remove_one_port has dropped the port's own reference, and
 * atomic_inc_not_zero (a locked cmpxchg, a full barrier) never revives a
 * count that reached 0; uart_add_one_port sets uart_port before it sets the
 * count to 1, so a reader that got its reference sees the pointer.
 */
static struct uart_port *uart_port_ref(struct uart_state *state)
{
	if (atomic_inc_not_zero(&state->refcount))
		return state->uart_port;
	return NULL;
}

static void uart_port_deref(struct uart_state *state)
{
	if (atomic_dec_and_test(&state->refcount))
		wake_up(&state->remove_wait);
}

/* ---- modem lines and transmit ---- */

static void uart_update_mctrl(struct uart_port *uport, unsigned int set, unsigned int clear)
{
	unsigned long flags;
	unsigned int old;

	spin_lock_irqsave(&uport->lock, flags);
	old = uport->mctrl;
	uport->mctrl = (old & ~clear) | set;
	if (old != uport->mctrl && uport->ops->set_mctrl)
		uport->ops->set_mctrl(uport, uport->mctrl);
	spin_unlock_irqrestore(&uport->lock, flags);
}

#define uart_set_mctrl(port, set)	uart_update_mctrl(port, set, 0)
#define uart_clear_mctrl(port, clear)	uart_update_mctrl(port, 0, clear)

/* Ask the driver to send what the ring holds. uport->lock held. */
static void __uart_start(struct uart_port *uport)
{
	if (uport->state->xmit.buf && !uart_tx_stopped(uport))
		uport->ops->start_tx(uport);
}

/* Free the transmit page. The pointer is cleared under the port lock, so a
 * transmit interrupt running now sees either the page or no ring. */
static void uart_free_xmit(struct uart_state *state, struct uart_port *uport)
{
	unsigned long flags;
	char *buf;

	spin_lock_irqsave(&uport->lock, flags);
	buf = state->xmit.buf;
	state->xmit.buf = NULL;
	uart_circ_clear(&state->xmit);
	spin_unlock_irqrestore(&uport->lock, flags);
	if (buf)
		free_page((unsigned long)buf);
}

/* ---- open and close: startup, set_termios, shutdown ---- */

/* Tell the driver the line's settings; update the core's flow-control
 * view of them. Under tty_mutex. */
static void uart_change_speed(struct tty_struct *tty, struct uart_port *uport,
			      const struct ktermios *old)
{
	struct ktermios *termios = &tty->termios;
	unsigned long flags;

	if (uport->type == PORT_UNKNOWN)
		return;
	uport->ops->set_termios(uport, termios, old);
	spin_lock_irqsave(&uport->lock, flags);
	if (termios->c_cflag & CRTSCTS)
		uport->status |= UPSTAT_CTS_ENABLE;
	else
		uport->status &= ~UPSTAT_CTS_ENABLE;
	if (termios->c_cflag & CLOCAL)
		uport->status &= ~UPSTAT_DCD_ENABLE;
	else
		uport->status |= UPSTAT_DCD_ENABLE;
	spin_unlock_irqrestore(&uport->lock, flags);
}

/*
 * The first open's work: the transmit page, ops->startup, set_termios and
 * DTR/RTS up. A port of type PORT_UNKNOWN (nothing configured it) is not
 * started: the open succeeds and reads and writes fail with EIO, as in
 * Linux. Under tty_mutex.
 */
static int uart_startup(struct tty_struct *tty, struct uart_state *state,
			struct uart_port *uport)
{
	unsigned long page, flags;
	int err;

	if (tty_port_initialized(&state->port))
		return 0;
	if (uport->type == PORT_UNKNOWN) {
		set_bit(TTY_IO_ERROR, &tty->flags);
		return 0;
	}
	page = get_zeroed_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	spin_lock_irqsave(&uport->lock, flags);
	state->xmit.buf = (char *)page;
	uart_circ_clear(&state->xmit);
	spin_unlock_irqrestore(&uport->lock, flags);

	err = uport->ops->startup(uport);
	if (err) {
		uart_free_xmit(state, uport);
		return err;
	}
	tty_port_set_initialized(&state->port, true);
	clear_bit(TTY_IO_ERROR, &tty->flags);
	uart_change_speed(tty, uport, NULL);
	if (C_BAUD(tty))
		uart_set_mctrl(uport, TIOCM_RTS | TIOCM_DTR);
	return 0;
}

/* The last close's work (or a removal's): the reverse of uart_startup.
 * uport may be NULL (already removed). Under tty_mutex. */
static void uart_shutdown(struct tty_struct *tty, struct uart_state *state,
			  struct uart_port *uport)
{
	unsigned long flags;

	if (tty)
		set_bit(TTY_IO_ERROR, &tty->flags);
	if (!uport)
		return;
	if (tty_port_initialized(&state->port)) {
		tty_port_set_initialized(&state->port, false);
		if (!tty || (tty->termios.c_cflag & HUPCL))
			uart_clear_mctrl(uport, TIOCM_DTR | TIOCM_RTS);
		if (uport->ops->stop_rx) {
			spin_lock_irqsave(&uport->lock, flags);
			uport->ops->stop_rx(uport);
			spin_unlock_irqrestore(&uport->lock, flags);
		}
		uport->ops->shutdown(uport);
	}
	uart_free_xmit(state, uport);
}

static struct uart_state *uart_state_of(struct tty_struct *tty)
{
	struct uart_driver *drv = tty->driver->driver_state;

	return drv->state + tty->index;
}

/* Each open, under tty_mutex. */
static int uart_open(struct tty_struct *tty, struct file *filp)
{
	struct uart_state *state = uart_state_of(tty);
	struct uart_port *uport;
	int err;

	tty->driver_data = state;
	state->port.count++;		/* uart_close drops it, also after a failure */
	uport = uart_port_ref(state);
	if (!uport)
		return -ENXIO;
	err = uart_startup(tty, state, uport);
	uart_port_deref(state);
	return err;
}

/*
 * Before the last close shuts the port down, let what was written go out,
 * as Linux's close does: first the ring (the driver's transmit path calls
 * uart_write_wakeup as it empties it), then the FIFO, for which hardware
 * gives no event: poll tx_empty once a frame time, as Linux does. Both
 * waits end at Ctrl-C or after UART_CLOSING_WAIT.
 */
#define UART_CLOSING_WAIT	(30 * HZ)	/* Linux's default closing_wait */

static void uart_wait_until_sent(struct tty_struct *tty, struct uart_state *state,
				 struct uart_port *uport)
{
	unsigned long deadline;
	unsigned int frame_ms;

	/* head and tail change under the port lock, and the waker calls
	 * wake_up after changing them: a stale read here only means one more
	 * wake-up to wait for, which the driver's next wake-up brings. */
	wait_event_interruptible_timeout(tty->write_wait,
					 READ_ONCE(state->xmit.head) == READ_ONCE(state->xmit.tail),
					 UART_CLOSING_WAIT);
	if (!uport->ops->tx_empty)
		return;
	frame_ms = max(1U, READ_ONCE(uport->frame_time) / 1000000);
	deadline = jiffies + 2 * uart_fifo_timeout(uport);
	while (!uport->ops->tx_empty(uport) && time_before(jiffies, deadline) &&
	       !signal_pending(current))
		msleep(frame_ms);
}

/* Each close, and after a failed open; under tty_mutex. */
static void uart_close(struct tty_struct *tty, struct file *filp)
{
	struct uart_state *state = tty->driver_data;
	struct uart_port *uport;

	if (WARN_ON(state->port.count <= 0) || --state->port.count)
		return;
	uport = uart_port_ref(state);
	if (uport && tty_port_initialized(&state->port))
		uart_wait_until_sent(tty, state, uport);
	uart_shutdown(tty, state, uport);
	if (uport)
		uart_port_deref(state);
}

/* ---- writes: into the ring, then start_tx ---- */

static int uart_write(struct tty_struct *tty, const unsigned char *buf, int count)
{
	struct uart_state *state = tty->driver_data;
	struct circ_buf *circ = &state->xmit;
	struct uart_port *uport = uart_port_ref(state);
	unsigned long flags;
	int c, done = 0;

	if (!uport)
		return -EIO;
	spin_lock_irqsave(&uport->lock, flags);
	while (circ->buf) {
		c = CIRC_SPACE_TO_END(circ->head, circ->tail, UART_XMIT_SIZE);
		c = min(c, count - done);
		if (c <= 0)
			break;
		memcpy(circ->buf + circ->head, buf + done, c);
		circ->head = (circ->head + c) & (UART_XMIT_SIZE - 1);
		done += c;
	}
	__uart_start(uport);
	spin_unlock_irqrestore(&uport->lock, flags);
	uart_port_deref(state);
	return done;
}

static int uart_put_char(struct tty_struct *tty, unsigned char ch)
{
	struct uart_state *state = tty->driver_data;
	struct circ_buf *circ = &state->xmit;
	struct uart_port *uport = uart_port_ref(state);
	unsigned long flags;
	int done = 0;

	if (!uport)
		return 0;
	spin_lock_irqsave(&uport->lock, flags);
	if (circ->buf && uart_circ_chars_free(circ)) {
		circ->buf[circ->head] = ch;
		circ->head = (circ->head + 1) & (UART_XMIT_SIZE - 1);
		done = 1;
	}
	spin_unlock_irqrestore(&uport->lock, flags);
	uart_port_deref(state);
	return done;
}

static void uart_flush_chars(struct tty_struct *tty)
{
	struct uart_state *state = tty->driver_data;
	struct uart_port *uport = uart_port_ref(state);
	unsigned long flags;

	if (!uport)
		return;
	spin_lock_irqsave(&uport->lock, flags);
	__uart_start(uport);
	spin_unlock_irqrestore(&uport->lock, flags);
	uart_port_deref(state);
}

/* Room (free) or backlog (pending) in the ring; 0 with no ring. */
static unsigned int uart_ring_count(struct tty_struct *tty, bool free)
{
	struct uart_state *state = tty->driver_data;
	struct uart_port *uport = uart_port_ref(state);
	unsigned long flags;
	unsigned int n = 0;

	if (!uport)
		return 0;
	spin_lock_irqsave(&uport->lock, flags);
	if (state->xmit.buf)
		n = free ? uart_circ_chars_free(&state->xmit) :
			   uart_circ_chars_pending(&state->xmit);
	spin_unlock_irqrestore(&uport->lock, flags);
	uart_port_deref(state);
	return n;
}

static unsigned int uart_write_room(struct tty_struct *tty)
{
	return uart_ring_count(tty, true);
}

static unsigned int uart_chars_in_buffer(struct tty_struct *tty)
{
	return uart_ring_count(tty, false);
}

/* ---- ioctls and settings ---- */

static int uart_tiocmget(struct tty_struct *tty)
{
	struct uart_state *state = tty->driver_data;
	struct uart_port *uport = uart_port_ref(state);
	unsigned long flags;
	int result;

	if (!uport)
		return -EIO;
	spin_lock_irqsave(&uport->lock, flags);
	result = uport->mctrl;
	if (uport->ops->get_mctrl)
		result |= uport->ops->get_mctrl(uport);
	spin_unlock_irqrestore(&uport->lock, flags);
	uart_port_deref(state);
	return result;
}

static int uart_tiocmset(struct tty_struct *tty, unsigned int set, unsigned int clear)
{
	struct uart_state *state = tty->driver_data;
	struct uart_port *uport = uart_port_ref(state);

	if (!uport)
		return -EIO;
	uart_update_mctrl(uport, set, clear);
	uart_port_deref(state);
	return 0;
}

/* TIOCGSERIAL, TIOCGICOUNT; others go to the driver's ioctl. */
static int uart_ioctl(struct tty_struct *tty, unsigned int cmd, unsigned long arg)
{
	struct uart_state *state = tty->driver_data;
	struct uart_port *uport = uart_port_ref(state);
	struct serial_icounter_struct ic = { 0 };
	struct serial_struct ss = { 0 };
	unsigned long flags;
	int err = -ENOTTY;

	if (!uport)
		return -EIO;
	switch (cmd) {
	case TIOCGSERIAL:
		ss.type = uport->type;
		ss.line = uport->line;
		ss.port = uport->iobase;
		ss.irq = uport->irq;
		ss.flags = (int)uport->flags;
		ss.xmit_fifo_size = uport->fifosize;
		ss.baud_base = uport->uartclk / 16;
		ss.custom_divisor = uport->custom_divisor;
		ss.io_type = uport->iotype;
		err = copy_to_user((void __user *)arg, &ss, sizeof(ss)) ? -EFAULT : 0;
		break;
	case TIOCGICOUNT:
		spin_lock_irqsave(&uport->lock, flags);
		ic.cts = uport->icount.cts;
		ic.dsr = uport->icount.dsr;
		ic.rng = uport->icount.rng;
		ic.dcd = uport->icount.dcd;
		ic.rx = uport->icount.rx;
		ic.tx = uport->icount.tx;
		ic.frame = uport->icount.frame;
		ic.overrun = uport->icount.overrun;
		ic.parity = uport->icount.parity;
		ic.brk = uport->icount.brk;
		ic.buf_overrun = uport->icount.buf_overrun;
		spin_unlock_irqrestore(&uport->lock, flags);
		err = copy_to_user((void __user *)arg, &ic, sizeof(ic)) ? -EFAULT : 0;
		break;
	default:
		if (uport->ops->ioctl)
			err = uport->ops->ioctl(uport, cmd, arg);
		if (err == -ENOIOCTLCMD)
			err = -ENOTTY;
	}
	uart_port_deref(state);
	return err;
}

/* The tty layer calls this when the settings change (modlab's has no
 * TCSETS yet; the first open calls set_termios through uart_startup). */
static void uart_set_termios(struct tty_struct *tty, const struct ktermios *old)
{
	struct uart_state *state = tty->driver_data;
	struct uart_port *uport = uart_port_ref(state);

	if (!uport)
		return;
	uart_change_speed(tty, uport, old);
	uart_port_deref(state);
}

static const struct tty_operations uart_tty_ops = {
	.open = uart_open,
	.close = uart_close,
	.write = uart_write,
	.put_char = uart_put_char,
	.flush_chars = uart_flush_chars,
	.write_room = uart_write_room,
	.chars_in_buffer = uart_chars_in_buffer,
	.ioctl = uart_ioctl,
	.set_termios = uart_set_termios,
	.tiocmget = uart_tiocmget,
	.tiocmset = uart_tiocmset,
};

/* ---- helpers for drivers ---- */

void uart_write_wakeup(struct uart_port *port)
{
	struct tty_port *tport = &port->state->port;
	unsigned long flags;

	/* port->tty changes under the tty port's lock (kernel/tty_io.c). */
	spin_lock_irqsave(&tport->lock, flags);
	if (tport->tty)
		tty_wakeup(tport->tty);
	spin_unlock_irqrestore(&tport->lock, flags);
}

void uart_insert_char(struct uart_port *port, unsigned int status,
		      unsigned int overrun, unsigned int ch, unsigned int flag)
{
	struct tty_port *tport = &port->state->port;

	if (!(status & port->ignore_status_mask & ~overrun) &&
	    !tty_insert_flip_char(tport, ch, flag))
		port->icount.buf_overrun++;
	/* The overrun lost a character after this one: say so after it. */
	if ((status & ~port->ignore_status_mask & overrun) &&
	    !tty_insert_flip_char(tport, 0, TTY_OVERRUN))
		port->icount.buf_overrun++;
}

void uart_handle_dcd_change(struct uart_port *uport, bool active)
{
	uport->icount.dcd++;
}

void uart_handle_cts_change(struct uart_port *uport, bool active)
{
	uport->icount.cts++;
	if (!uart_softcts_mode(uport))
		return;
	if (uport->hw_stopped && active) {
		uport->hw_stopped = 0;
		uport->ops->start_tx(uport);
		uart_write_wakeup(uport);
	} else if (!uport->hw_stopped && !active) {
		uport->hw_stopped = 1;
		uport->ops->stop_tx(uport);
	}
}

void uart_update_timeout(struct uart_port *port, unsigned int cflag, unsigned int baud)
{
	u64 ns = (u64)tty_get_frame_size(cflag) * NSEC_PER_SEC;

	if (WARN_ON(!baud))
		return;
	WRITE_ONCE(port->frame_time, (unsigned int)div_u64(ns + baud - 1, baud));
}

/* The 38400 code means another speed when the port's flags say so. */
static unsigned int uart_alt_speed(struct uart_port *port)
{
	switch (port->flags & UPF_SPD_MASK) {
	case UPF_SPD_HI:
		return 57600;
	case UPF_SPD_VHI:
		return 115200;
	case UPF_SPD_SHI:
		return 230400;
	case UPF_SPD_WARP:
		return 460800;
	}
	return 38400;
}

unsigned int uart_get_baud_rate(struct uart_port *port, struct ktermios *termios,
				const struct ktermios *old, unsigned int min, unsigned int max)
{
	bool hung_up = false;
	unsigned int baud;
	int try;

	for (try = 0; try < 2; try++) {
		baud = tty_termios_baud_rate(termios);
		if (try == 0 && baud == 38400)
			baud = uart_alt_speed(port);
		if (baud == 0) {		/* B0: hang up; any speed will do */
			hung_up = true;
			baud = 9600;
		}
		if (baud >= min && baud <= max)
			return baud;
		/* Out of range: the old setting, else the nearest limit. */
		termios->c_cflag &= ~CBAUD;
		if (old) {
			baud = tty_termios_baud_rate(old);
			if (!hung_up)
				tty_termios_encode_baud_rate(termios, baud, baud);
			old = NULL;
			continue;
		}
		if (!hung_up) {
			baud = baud <= min ? min + 1 : max - 1;
			tty_termios_encode_baud_rate(termios, baud, baud);
		}
	}
	/* Only when [min, max] holds no speed at all (max <= min + 1). */
	WARN_ON(1);
	return 0;
}

unsigned int uart_get_divisor(struct uart_port *port, unsigned int baud)
{
	if (baud == 38400 && (port->flags & UPF_SPD_MASK) == UPF_SPD_CUST)
		return port->custom_divisor;
	/* Linux divides by zero here; a warning keeps the kernel up. */
	if (WARN_ON(!baud))
		return 0;
	return DIV_ROUND_CLOSEST(port->uartclk, 16 * baud);
}

/* ---- registration ---- */

static struct uart_driver_entry *uart_driver_find(const char *dev_name)
{
	struct uart_driver_entry *e;

	list_for_each_entry(e, &uart_drivers, list)
		if (!strcmp(e->drv->dev_name, dev_name))
			return e;
	return NULL;
}

/* The tty driver for drv's lines; ERR_PTR on failure. */
static struct tty_driver *uart_alloc_tty_driver(struct uart_driver *drv)
{
	struct tty_driver *normal;

	normal = __tty_alloc_driver(drv->nr, drv->owner,
				    TTY_DRIVER_REAL_RAW | TTY_DRIVER_DYNAMIC_DEV);
	if (IS_ERR(normal))
		return normal;
	normal->driver_name = drv->driver_name;
	normal->name = drv->dev_name;
	normal->major = drv->major;
	normal->minor_start = drv->minor;
	normal->type = TTY_DRIVER_TYPE_SERIAL;
	normal->subtype = SERIAL_TYPE_NORMAL;
	normal->init_termios = tty_std_termios;
	normal->init_termios.c_cflag = B9600 | CS8 | CREAD | HUPCL | CLOCAL;
	normal->init_termios.c_ispeed = 9600;
	normal->init_termios.c_ospeed = 9600;
	normal->driver_state = drv;
	tty_set_operations(normal, &uart_tty_ops);
	return normal;
}

int uart_register_driver(struct uart_driver *drv)
{
	struct uart_driver_entry *entry;
	struct tty_driver *normal;
	int i, err;

	if (!drv->dev_name || drv->nr < 1 || drv->nr > BITS_PER_LONG) {
		pr_err("serial: %s: need a dev_name and 1 to %d lines, not %d\n",
		       drv->driver_name ? drv->driver_name : "?", BITS_PER_LONG, drv->nr);
		return -EINVAL;
	}
	entry = kzalloc(sizeof(*entry), GFP_KERNEL);
	if (!entry)
		return -ENOMEM;
	mutex_lock(&uart_drivers_lock);
	if (drv->state || uart_driver_find(drv->dev_name)) {
		pr_err("serial: a driver for %s lines is already registered\n", drv->dev_name);
		err = -EBUSY;
		goto err_unlock;
	}
	err = -ENOMEM;
	drv->state = kcalloc(drv->nr, sizeof(*drv->state), GFP_KERNEL);
	if (!drv->state)
		goto err_unlock;
	normal = uart_alloc_tty_driver(drv);
	if (IS_ERR(normal)) {
		err = PTR_ERR(normal);
		goto err_free_state;
	}
	for (i = 0; i < drv->nr; i++) {
		struct uart_state *state = drv->state + i;

		tty_port_init(&state->port);
		init_waitqueue_head(&state->remove_wait);
		tty_port_link_device(&state->port, normal, i);
	}
	err = tty_register_driver(normal);
	if (err) {
		pr_err("serial: %s: cannot register major %d: error %d\n", drv->dev_name,
		       drv->major, err);
		goto err_put_driver;
	}
	drv->tty_driver = normal;
	entry->drv = drv;
	list_add(&entry->list, &uart_drivers);
	mutex_unlock(&uart_drivers_lock);
	return 0;

err_put_driver:
	for (i = 0; i < drv->nr; i++)
		tty_port_destroy(&drv->state[i].port);
	tty_driver_kref_put(normal);
err_free_state:
	kfree(drv->state);
	drv->state = NULL;
err_unlock:
	mutex_unlock(&uart_drivers_lock);
	kfree(entry);
	return err;
}

void uart_unregister_driver(struct uart_driver *drv)
{
	struct tty_driver *normal = drv->tty_driver;
	struct uart_driver_entry *entry;
	int i;

	mutex_lock(&uart_drivers_lock);
	entry = drv->state ? uart_driver_find(drv->dev_name) : NULL;
	if (!entry || entry->drv != drv) {
		mutex_unlock(&uart_drivers_lock);
		pr_err("serial: %s: uart_unregister_driver of a driver not registered\n",
		       drv->dev_name ? drv->dev_name : "?");
		return;
	}
	list_del(&entry->list);
	mutex_unlock(&uart_drivers_lock);
	kfree(entry);

	tty_unregister_driver(normal);
	for (i = 0; i < drv->nr; i++) {
		/* A port still added is the driver's bug: its state goes now. */
		WARN_ON(drv->state[i].uart_port);
		tty_port_destroy(&drv->state[i].port);
	}
	tty_driver_kref_put(normal);
	kfree(drv->state);
	drv->state = NULL;
	drv->tty_driver = NULL;
}

/* Let a port at an address configure itself (Linux's autoconfiguration),
 * then set the modem lines and say what it is. */
static void uart_configure_port(struct uart_driver *drv, struct uart_port *uport)
{
	unsigned long flags;
	int cfg = 0;

	if (!uport->iobase && !uport->mapbase && !uport->membase)
		return;		/* no hardware address: the driver set type itself */
	if (uport->flags & UPF_AUTO_IRQ)
		cfg |= UART_CONFIG_IRQ;
	if ((uport->flags & UPF_BOOT_AUTOCONF) && uport->ops->config_port) {
		if (!(uport->flags & UPF_FIXED_TYPE)) {
			uport->type = PORT_UNKNOWN;
			cfg |= UART_CONFIG_TYPE;
		}
		uport->ops->config_port(uport, cfg);
	}
	if (uport->type == PORT_UNKNOWN)
		return;
	pr_info("%s at I/O %#lx, MMIO %#llx (irq = %u, base_baud = %u) is a %s\n", uport->name,
		uport->iobase, (unsigned long long)uport->mapbase, uport->irq,
		uport->uartclk / 16, uport->ops->type ? uport->ops->type(uport) : "UART");
	spin_lock_irqsave(&uport->lock, flags);
	if (uport->ops->set_mctrl)
		uport->ops->set_mctrl(uport, uport->mctrl & TIOCM_DTR);
	spin_unlock_irqrestore(&uport->lock, flags);
}

int uart_add_one_port(struct uart_driver *drv, struct uart_port *uport)
{
	struct tty_driver *normal = drv->tty_driver;
	struct uart_state *state;
	struct device *dev;
	char *name;
	int err = 0;

	if (!drv->state || !uport->ops) {
		pr_err("serial: uart_add_one_port: %s\n",
		       drv->state ? "the port has no uart_ops" : "the driver is not registered");
		return -EINVAL;
	}
	if (uport->line >= (unsigned int)drv->nr) {
		pr_err("serial: %s: port line %u out of range (0 to %d)\n", drv->dev_name,
		       uport->line, drv->nr - 1);
		return -EINVAL;
	}
	state = drv->state + uport->line;
	name = kasprintf(GFP_KERNEL, "%s%d", drv->dev_name, normal->name_base + uport->line);
	if (!name)
		return -ENOMEM;

	mutex_lock(&normal->tty_mutex);
	if (state->uart_port) {
		pr_err("serial: %s already has a port\n", name);
		err = -EINVAL;
		goto err_unlock;
	}
	spin_lock_init(&uport->lock);
	uport->state = state;
	uport->cons = drv->cons;
	uport->minor = normal->minor_start + uport->line;
	uport->name = name;
	state->pm_state = UART_PM_STATE_UNDEFINED;
	uart_configure_port(drv, uport);

	/* Published before the node: an open (which waits for tty_mutex)
	 * finds the port; see uart_port_ref for the order. */
	state->uart_port = uport;
	smp_wmb();
	atomic_set(&state->refcount, 1);
	dev = tty_register_device(normal, uport->line, uport->dev);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		atomic_set(&state->refcount, 0);	/* no node: nobody took one */
		state->uart_port = NULL;
		uport->state = NULL;
		uport->name = NULL;
		goto err_unlock;
	}
	mutex_unlock(&normal->tty_mutex);
	return 0;

err_unlock:
	mutex_unlock(&normal->tty_mutex);
	kfree(name);
	return err;
}

/*
 * Take the port away: its node goes; a line still open (only possible when
 * the driver removes a port while its module stays) is shut down and its
 * readers and writers get EIO; then we wait until no core call uses the
 * port any more. May sleep.
 */
void uart_remove_one_port(struct uart_driver *drv, struct uart_port *uport)
{
	struct tty_driver *normal = drv->tty_driver;
	struct uart_state *state;
	struct tty_struct *tty;

	if (!drv->state || uport->line >= (unsigned int)drv->nr)
		goto not_ours;
	state = drv->state + uport->line;
	mutex_lock(&normal->tty_mutex);
	if (state->uart_port != uport) {
		mutex_unlock(&normal->tty_mutex);
		goto not_ours;
	}
	tty_unregister_device(normal, uport->line);
	tty = normal->ttys[uport->line];
	if (tty) {
		uart_shutdown(tty, state, uport);
		wake_up_interruptible(&state->port.read_wait);
	}
	if (uport->type != PORT_UNKNOWN && uport->ops->release_port)
		uport->ops->release_port(uport);
	uport->type = PORT_UNKNOWN;

	/* Our callers that do not hold tty_mutex hold a reference each and
	 * never sleep with it: the wait is short. */
	atomic_dec(&state->refcount);
	wait_event(state->remove_wait, !atomic_read(&state->refcount));
	state->uart_port = NULL;
	kfree(uport->name);
	uport->name = NULL;
	mutex_unlock(&normal->tty_mutex);
	return;

not_ours:
	pr_err("serial: uart_remove_one_port: line %u is not an added port of %s\n",
	       uport->line, drv->dev_name ? drv->dev_name : "?");
}

EXPORT_SYMBOL(uart_write_wakeup);
EXPORT_SYMBOL(uart_insert_char);
EXPORT_SYMBOL(uart_handle_dcd_change);
EXPORT_SYMBOL(uart_handle_cts_change);
EXPORT_SYMBOL(uart_update_timeout);
EXPORT_SYMBOL(uart_get_baud_rate);
EXPORT_SYMBOL(uart_get_divisor);
EXPORT_SYMBOL(uart_register_driver);
EXPORT_SYMBOL(uart_unregister_driver);
EXPORT_SYMBOL(uart_add_one_port);
EXPORT_SYMBOL(uart_remove_one_port);
