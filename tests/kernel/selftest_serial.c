/*
 * Self test of the serial core's speed arithmetic (drivers/tty/serial/
 * serial_core.c and the tty layer's baud helpers), the paths a loopback
 * driver at 9600 baud never takes:
 *
 *  uart-baud	uart_get_baud_rate keeps a speed in range, maps 38400 through
 *		the UPF_SPD_* flags and B0 to 9600, falls back to the old
 *		setting and then to the nearest limit, rewriting termios;
 *		uart_get_divisor and UPF_SPD_CUST; uart_update_timeout's
 *		frame time; BOTHER for a speed with no B code
 */
#include <linux/kernel.h>
#include <linux/tty.h>
#include <linux/serial_core.h>
#include "selftest.h"

static struct ktermios baud_termios(tcflag_t cflag)
{
	struct ktermios t = { .c_cflag = cflag | CS8 | CREAD };

	return t;
}

/* One uart_get_baud_rate case: the speed and what termios says after. */
static void baud_case(const char *what, struct uart_port *port, tcflag_t cflag,
		      const struct ktermios *old, unsigned int min, unsigned int max,
		      unsigned int want, speed_t want_termios)
{
	struct ktermios t = baud_termios(cflag);
	unsigned int got = uart_get_baud_rate(port, &t, old, min, max);
	speed_t says = tty_termios_baud_rate(&t);

	if (got != want || says != want_termios)
		selftest_fail("%s: expected %u baud (termios %u), saw %u (termios %u)", what,
			      want, want_termios, got, says);
}

int selftest_uart_baud(int argc, char **argv)
{
	struct uart_port port = { .uartclk = 1843200 };
	struct ktermios old = baud_termios(B19200);
	struct ktermios t;

	baud_case("B9600 in range", &port, B9600, NULL, 50, 115200, 9600, 9600);
	baud_case("B0 (hang-up) means 9600", &port, B0, NULL, 50, 115200, 9600, 0);
	port.flags = UPF_SPD_HI;
	baud_case("B38400 with UPF_SPD_HI", &port, B38400, NULL, 50, 115200, 57600, 38400);
	port.flags = UPF_SPD_VHI;
	baud_case("B38400 with UPF_SPD_VHI", &port, B38400, NULL, 50, 115200, 115200, 38400);
	port.flags = 0;
	baud_case("too fast: the old setting", &port, B115200, &old, 50, 38400, 19200, 19200);
	baud_case("too fast, no old: the limit", &port, B115200, NULL, 50, 38400, 38400, 38400);
	baud_case("too slow, no old: the limit", &port, B1200, NULL, 2400, 38400, 2400, 2400);

	if (uart_get_divisor(&port, 9600) != 12 || uart_get_divisor(&port, 115200) != 1)
		selftest_fail("uart_get_divisor at 1843200 Hz: expected 12 and 1, saw %u and %u",
			      uart_get_divisor(&port, 9600), uart_get_divisor(&port, 115200));
	port.flags = UPF_SPD_CUST;
	port.custom_divisor = 7;
	if (uart_get_divisor(&port, 38400) != 7)
		selftest_fail("uart_get_divisor with UPF_SPD_CUST: expected 7, saw %u",
			      uart_get_divisor(&port, 38400));

	/* 7 data bits, parity, 2 stop bits: 11 bits; 11e9 / 9600 rounded up. */
	uart_update_timeout(&port, CS7 | PARENB | CSTOPB, 9600);
	if (port.frame_time != 1145834)
		selftest_fail("frame time of 7E2 at 9600: expected 1145834 ns, saw %u",
			      port.frame_time);

	t = baud_termios(B9600);
	tty_termios_encode_baud_rate(&t, 31250, 31250);
	if ((t.c_cflag & CBAUD) != BOTHER || tty_termios_baud_rate(&t) != 31250)
		selftest_fail("31250 baud (MIDI): expected BOTHER and 31250, saw cbaud %#x and %u",
			      t.c_cflag & CBAUD, tty_termios_baud_rate(&t));
	tty_termios_encode_baud_rate(&t, 115000, 115000);
	if ((t.c_cflag & CBAUD) != B115200)
		selftest_fail("115000 baud: expected the B115200 code (within 2%%), saw %#x",
			      t.c_cflag & CBAUD);
	return selftest_failed();
}
