// SPDX-License-Identifier: GPL-2.0
/*
 * uart_rival: a one-port UART driver that asks the serial core for things
 * it must refuse. By default it registers the dev_name uart_loop uses
 * ("ttyuloop") with one line; name=NAME registers another, nr=N asks for
 * N lines, line=N adds the port at line N, twice=1 adds the same port a
 * second time, unknown=1 leaves the port's type PORT_UNKNOWN (what no
 * probe identified: the core never starts it). A refused step fails the
 * load with the core's error, after undoing what came before.
 */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/tty.h>
#include <linux/serial.h>
#include <linux/serial_core.h>

static char *name = "ttyuloop";
module_param(name, charp, 0444);
MODULE_PARM_DESC(name, "dev_name to register");
static int line;
module_param(line, int, 0444);
MODULE_PARM_DESC(line, "the port's line");
static int nr = 1;
module_param(nr, int, 0444);
MODULE_PARM_DESC(nr, "lines the driver asks for");
static bool twice;
module_param(twice, bool, 0444);
MODULE_PARM_DESC(twice, "add the port twice");
static bool unknown;
module_param(unknown, bool, 0444);
MODULE_PARM_DESC(unknown, "leave the port's type PORT_UNKNOWN");

static void rival_nop(struct uart_port *port)
{
}

static unsigned int rival_tx_empty(struct uart_port *port)
{
	return TIOCSER_TEMT;
}

static unsigned int rival_get_mctrl(struct uart_port *port)
{
	return 0;
}

static void rival_set_mctrl(struct uart_port *port, unsigned int mctrl)
{
}

static int rival_startup(struct uart_port *port)
{
	pr_info("uart_rival: %s startup\n", port->name);
	return 0;
}

static void rival_set_termios(struct uart_port *port, struct ktermios *new,
			      const struct ktermios *old)
{
}

static const struct uart_ops rival_ops = {
	.tx_empty	= rival_tx_empty,
	.set_mctrl	= rival_set_mctrl,
	.get_mctrl	= rival_get_mctrl,
	.stop_tx	= rival_nop,
	.start_tx	= rival_nop,
	.stop_rx	= rival_nop,
	.startup	= rival_startup,
	.shutdown	= rival_nop,
	.set_termios	= rival_set_termios,
};

static struct uart_port rival_port = {
	.ops	= &rival_ops,
	.type	= PORT_16550A,
};

static struct uart_driver rival_driver = {
	.owner		= THIS_MODULE,
	.driver_name	= "uart_rival",
};

static int __init uart_rival_init(void)
{
	int err;

	rival_driver.dev_name = name;
	rival_port.line = line;
	rival_driver.nr = nr;
	if (unknown)
		rival_port.type = PORT_UNKNOWN;
	err = uart_register_driver(&rival_driver);
	if (err) {
		pr_err("uart_rival: uart_register_driver(%s): error %d\n", name, err);
		return err;
	}
	err = uart_add_one_port(&rival_driver, &rival_port);
	if (err) {
		pr_err("uart_rival: uart_add_one_port(line %d): error %d\n", line, err);
		goto err_unregister;
	}
	if (twice) {
		err = uart_add_one_port(&rival_driver, &rival_port);
		if (!err) {
			pr_err("uart_rival: the second add of line %d was taken\n", line);
			err = -EEXIST;
		} else {
			pr_err("uart_rival: second uart_add_one_port(line %d): error %d\n",
			       line, err);
		}
		goto err_remove;
	}
	pr_info("uart_rival: %s%d added\n", name, line);
	return 0;

err_remove:
	uart_remove_one_port(&rival_driver, &rival_port);
err_unregister:
	uart_unregister_driver(&rival_driver);
	return err;
}

static void __exit uart_rival_exit(void)
{
	uart_remove_one_port(&rival_driver, &rival_port);
	uart_unregister_driver(&rival_driver);
}

module_init(uart_rival_init);
module_exit(uart_rival_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A UART driver asking the serial core for what it must refuse");
