/*
 * Serial port descriptions, Linux's linux/serial.h and its uapi part: what
 * TIOCGSERIAL and TIOCGICOUNT hand back, with Linux's layouts.
 */
#ifndef _LINUX_SERIAL_H
#define _LINUX_SERIAL_H

#include <linux/types.h>

struct serial_struct {
	int type;
	int line;
	unsigned int port;
	int irq;
	int flags;
	int xmit_fifo_size;
	int custom_divisor;
	int baud_base;
	unsigned short close_delay;
	char io_type;
	char reserved_char[1];
	int hub6;
	unsigned short closing_wait;
	unsigned short closing_wait2;
	unsigned char *iomem_base;
	unsigned short iomem_reg_shift;
	unsigned int port_high;
	unsigned long iomap_base;
};

#define PORT_UNKNOWN	0
#define PORT_8250	1
#define PORT_16450	2
#define PORT_16550	3
#define PORT_16550A	4
#define SERIAL_IO_PORT	0
#define SERIAL_IO_MEM	2

/* serial_struct.flags */
#define ASYNC_SKIP_TEST		(1U << 6)
#define ASYNC_AUTO_IRQ		(1U << 7)

/* Modem-line and data counters a driver keeps (TIOCGICOUNT reads them). */
struct async_icount {
	__u32 cts, dsr, rng, dcd, tx, rx;
	__u32 frame, parity, overrun, brk;
	__u32 buf_overrun;
};

struct serial_icounter_struct {
	int cts, dsr, rng, dcd;
	int rx, tx;
	int frame, overrun, parity, brk;
	int buf_overrun;
	int reserved[9];
};

#endif
