/*
 * The 16550 UART on COM1: a console for kernel messages and the shell, and
 * interrupt-driven input (each received byte goes to the tty).
 */
#include <linux/kernel.h>
#include <asm/io.h>
#include <modlab/console.h>
#include <modlab/irq.h>

#define COM1		0x3f8
#define COM1_IRQ	4
#define UART_RBR	0	/* receive buffer (read) */
#define UART_THR	0	/* transmit holding (write) */
#define UART_IER	1	/* interrupt enable */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define UART_DLL	0	/* divisor latch, with LCR bit 7 set */
#define UART_DLM	1

#define LSR_DATA_READY	0x01
#define LSR_THR_EMPTY	0x20
#define IER_RX_AVAILABLE 0x01
#define MCR_DTR_RTS_OUT2 0x0b	/* OUT2 gates the UART's IRQ line */

static bool present;

static void serial_putc(char c)
{
	int spins = 100000;

	/* Bounded wait: a missing or stuck UART must not hang printk. */
	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY) && --spins)
		;
	outb(c, COM1 + UART_THR);
}

static void serial_write(struct console *con, const char *s, size_t len)
{
	while (len--) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s++);
	}
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
};

void serial_init(void)
{
	/* A UART that is not there reads back all ones. */
	present = inb(COM1 + UART_LSR) != 0xff;
	if (!present)
		return;
	outb(0x00, COM1 + UART_IER);		/* no interrupts yet */
	outb(0x80, COM1 + UART_LCR);		/* divisor latch on */
	outb(1, COM1 + UART_DLL);		/* 115200 baud */
	outb(0, COM1 + UART_DLM);
	outb(0x03, COM1 + UART_LCR);		/* 8 bits, no parity, 1 stop bit */
	/* Turning the FIFOs on empties them (QEMU does, as 16550s may): first
	 * keep what was typed while the machine started. */
	while (inb(COM1 + UART_LSR) & LSR_DATA_READY)
		tty_receive(inb(COM1 + UART_RBR));
	outb(0xc7, COM1 + UART_FCR);		/* FIFOs on, 14-byte trigger */
	outb(MCR_DTR_RTS_OUT2, COM1 + UART_MCR);
	register_console(&serial_console);
}

static int serial_dev;	/* our dev_id */

static irqreturn_t serial_interrupt(int irq, void *dev)
{
	irqreturn_t ret = IRQ_NONE;

	while (inb(COM1 + UART_LSR) & LSR_DATA_READY) {
		tty_receive(inb(COM1 + UART_RBR));
		ret = IRQ_HANDLED;
	}
	return ret;
}

void serial_enable_input(void)
{
	if (!present)
		return;
	if (request_irq(COM1_IRQ, serial_interrupt, 0, "serial", &serial_dev))
		pr_err("serial: cannot get IRQ %u\n", COM1_IRQ);
	outb(IER_RX_AVAILABLE, COM1 + UART_IER);
	serial_interrupt(COM1_IRQ, &serial_dev);	/* anything typed before now */
}
