// SPDX-License-Identifier: GPL-2.0
/*
 * uart_loop: two UARTs on the serial core, /dev/ttyuloop0 and 1, each with
 * its transmit line wired to its own receive line. A write lands in the
 * core's transmit ring; start_tx arms a timer that plays the part of the
 * "transmitter empty" interrupt and moves up to a FIFO's worth of bytes
 * per tick from the ring to the receive side, swapping the case of
 * letters so a reader can tell they went through the wire.
 *
 * The ioctl UART_LOOP_UNPLUG (_IO('U', 1), argument a line) pulls a port
 * out while the module stays, as a hot-unplugged device would: readers
 * and writers of that line get EIO. The removal runs from a work item,
 * not from the ioctl itself: the serial core holds a reference on the
 * port the ioctl came through, and uart_remove_one_port waits for every
 * reference to go, so unplugging line 0 through line 0 would wait for
 * itself.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/timer.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/ioctl.h>
#include <linux/tty.h>
#include <linux/tty_flip.h>
#include <linux/serial.h>
#include <linux/serial_core.h>

#define LOOP_PORTS	2
#define LOOP_FIFO	16
#define LOOP_CLOCK	1843200		/* the PC UART's crystal: base baud 115200 */

struct loop_uart {
	struct uart_port port;
	struct timer_list tx_timer;	/* the transmit interrupt */
	bool running;			/* between startup and shutdown; port.lock */
	bool tx_busy;			/* the timer is armed; port.lock */
	unsigned int baud;
};

#define UART_LOOP_UNPLUG	_IO('U', 1)

static struct loop_uart loops[LOOP_PORTS];
static struct uart_driver loop_driver;

static DEFINE_MUTEX(plug_lock);		/* protects plugged and unplug_line */
static bool plugged[LOOP_PORTS];	/* added to the serial core */
static int unplug_line = -1;		/* the line unplug_work removes */

static void loop_unplug(struct work_struct *work)
{
	int line;

	mutex_lock(&plug_lock);
	line = unplug_line;
	unplug_line = -1;
	mutex_unlock(&plug_lock);
	if (line < 0)
		return;
	uart_remove_one_port(&loop_driver, &loops[line].port);
	pr_info("uart_loop: line %d unplugged\n", line);
}

static DECLARE_WORK(unplug_work, loop_unplug);

static unsigned char loop_wire(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 'A';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 'a';
	return c;
}

/* The transmit interrupt: one FIFO's worth from the ring to the receiver. */
static void loop_tx_tick(struct timer_list *t)
{
	struct loop_uart *lu = from_timer(lu, t, tx_timer);
	struct uart_port *port = &lu->port;
	struct circ_buf *xmit;
	unsigned long flags;
	int budget = LOOP_FIFO;

	spin_lock_irqsave(&port->lock, flags);
	if (!lu->running || !port->state->xmit.buf) {
		lu->tx_busy = false;
		spin_unlock_irqrestore(&port->lock, flags);
		return;
	}
	xmit = &port->state->xmit;
	if (port->x_char) {
		uart_insert_char(port, 0, 0, port->x_char, TTY_NORMAL);
		port->icount.tx++;
		port->icount.rx++;
		port->x_char = 0;
		budget--;
	}
	while (budget-- > 0 && !uart_circ_empty(xmit) && !uart_tx_stopped(port)) {
		unsigned char c = xmit->buf[xmit->tail];

		uart_xmit_advance(port, 1);
		uart_insert_char(port, 0, 0, loop_wire(c), TTY_NORMAL);
		port->icount.rx++;
	}
	if (uart_circ_chars_pending(xmit) < WAKEUP_CHARS)
		uart_write_wakeup(port);
	lu->tx_busy = !uart_circ_empty(xmit) && !uart_tx_stopped(port);
	if (lu->tx_busy)
		mod_timer(&lu->tx_timer, jiffies + 1);
	spin_unlock_irqrestore(&port->lock, flags);
	tty_flip_buffer_push(&port->state->port);
}

/* port->lock held by the core. */
static void loop_start_tx(struct uart_port *port)
{
	struct loop_uart *lu = container_of(port, struct loop_uart, port);

	if (lu->running && !lu->tx_busy) {
		lu->tx_busy = true;
		mod_timer(&lu->tx_timer, jiffies + 1);
	}
}

static void loop_stop_tx(struct uart_port *port)
{
}

static void loop_stop_rx(struct uart_port *port)
{
}

static unsigned int loop_tx_empty(struct uart_port *port)
{
	struct loop_uart *lu = container_of(port, struct loop_uart, port);
	unsigned long flags;
	bool empty;

	spin_lock_irqsave(&port->lock, flags);
	empty = !lu->tx_busy;
	spin_unlock_irqrestore(&port->lock, flags);
	return empty ? TIOCSER_TEMT : 0;
}

/* The far end is ourselves: carrier, DSR and CTS always up. */
static unsigned int loop_get_mctrl(struct uart_port *port)
{
	return TIOCM_CAR | TIOCM_DSR | TIOCM_CTS;
}

static void loop_set_mctrl(struct uart_port *port, unsigned int mctrl)
{
}

static void loop_break_ctl(struct uart_port *port, int ctl)
{
}

static int loop_startup(struct uart_port *port)
{
	struct loop_uart *lu = container_of(port, struct loop_uart, port);
	unsigned long flags;

	spin_lock_irqsave(&port->lock, flags);
	lu->running = true;
	spin_unlock_irqrestore(&port->lock, flags);
	pr_info("uart_loop: %s startup\n", port->name);
	return 0;
}

static void loop_shutdown(struct uart_port *port)
{
	struct loop_uart *lu = container_of(port, struct loop_uart, port);
	unsigned long flags;

	spin_lock_irqsave(&port->lock, flags);
	lu->running = false;
	spin_unlock_irqrestore(&port->lock, flags);
	/* running is false: a tick that starts now does nothing and does not
	 * re-arm, so after this the timer is idle for good. */
	del_timer_sync(&lu->tx_timer);
	pr_info("uart_loop: %s shutdown after %u bytes sent, %u received\n", port->name,
		port->icount.tx, port->icount.rx);
}

static void loop_set_termios(struct uart_port *port, struct ktermios *new,
			     const struct ktermios *old)
{
	struct loop_uart *lu = container_of(port, struct loop_uart, port);
	unsigned int baud, divisor;
	unsigned long flags;

	baud = uart_get_baud_rate(port, new, old, 50, port->uartclk / 16);
	divisor = uart_get_divisor(port, baud);
	spin_lock_irqsave(&port->lock, flags);
	uart_update_timeout(port, new->c_cflag, baud);
	lu->baud = baud;
	spin_unlock_irqrestore(&port->lock, flags);
	pr_info("uart_loop: %s at %u baud, divisor %u, %d data bits, frame %u ns\n", port->name,
		baud, divisor, (new->c_cflag & CSIZE) == CS8 ? 8 : 7, port->frame_time);
}

/* The core holds a reference on port: see the top of the file. */
static int loop_ioctl(struct uart_port *port, unsigned int cmd, unsigned long arg)
{
	int err = 0;

	if (cmd != UART_LOOP_UNPLUG)
		return -ENOIOCTLCMD;
	mutex_lock(&plug_lock);
	if (arg >= LOOP_PORTS || !plugged[arg])
		err = -ENODEV;
	else if (unplug_line >= 0)
		err = -EBUSY;		/* one unplug at a time */
	if (!err) {
		plugged[arg] = false;
		unplug_line = arg;
		schedule_work(&unplug_work);
	}
	mutex_unlock(&plug_lock);
	return err;
}

static const char *loop_type(struct uart_port *port)
{
	return "uart_loop";
}

static void loop_release_port(struct uart_port *port)
{
}

static int loop_request_port(struct uart_port *port)
{
	return 0;
}

static void loop_config_port(struct uart_port *port, int flags)
{
}

static int loop_verify_port(struct uart_port *port, struct serial_struct *ser)
{
	return ser->type != PORT_UNKNOWN && ser->type != PORT_16550A ? -EINVAL : 0;
}

static const struct uart_ops loop_ops = {
	.tx_empty	= loop_tx_empty,
	.set_mctrl	= loop_set_mctrl,
	.get_mctrl	= loop_get_mctrl,
	.stop_tx	= loop_stop_tx,
	.start_tx	= loop_start_tx,
	.stop_rx	= loop_stop_rx,
	.break_ctl	= loop_break_ctl,
	.startup	= loop_startup,
	.shutdown	= loop_shutdown,
	.set_termios	= loop_set_termios,
	.type		= loop_type,
	.release_port	= loop_release_port,
	.request_port	= loop_request_port,
	.config_port	= loop_config_port,
	.verify_port	= loop_verify_port,
	.ioctl		= loop_ioctl,
};

static struct uart_driver loop_driver = {
	.owner		= THIS_MODULE,
	.driver_name	= "uart_loop",
	.dev_name	= "ttyuloop",
	.major		= 0,
	.minor		= 0,
	.nr		= LOOP_PORTS,
};

static int __init uart_loop_init(void)
{
	int i, err;

	err = uart_register_driver(&loop_driver);
	if (err)
		return err;
	for (i = 0; i < LOOP_PORTS; i++) {
		struct uart_port *port = &loops[i].port;

		timer_setup(&loops[i].tx_timer, loop_tx_tick, 0);
		port->ops = &loop_ops;
		port->line = i;
		port->type = PORT_16550A;	/* no address to probe: we say what it is */
		port->uartclk = LOOP_CLOCK;
		port->fifosize = LOOP_FIFO;
		port->iotype = UPIO_MEM;
		port->flags = UPF_FIXED_TYPE;
		err = uart_add_one_port(&loop_driver, port);
		if (err)
			goto err_remove;
		plugged[i] = true;
	}
	pr_info("uart_loop: %d ports at major %d\n", LOOP_PORTS, loop_driver.tty_driver->major);
	return 0;

err_remove:
	while (--i >= 0)
		uart_remove_one_port(&loop_driver, &loops[i].port);
	uart_unregister_driver(&loop_driver);
	return err;
}

static void __exit uart_loop_exit(void)
{
	int i;

	/* No ioctl can come now (no line is open): a pending unplug is the last. */
	flush_work(&unplug_work);
	for (i = 0; i < LOOP_PORTS; i++)
		if (plugged[i])
			uart_remove_one_port(&loop_driver, &loops[i].port);
	uart_unregister_driver(&loop_driver);
}

module_init(uart_loop_init);
module_exit(uart_loop_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Two loopback UARTs on the serial core");
