/*
 * Terminal settings with Linux's (x86) values: struct ktermios, the flag
 * bits, the baud-rate codes and the tty ioctl numbers.
 */
#ifndef _LINUX_TERMIOS_H
#define _LINUX_TERMIOS_H

#include <linux/types.h>

typedef unsigned char cc_t;
typedef unsigned int speed_t;
typedef unsigned int tcflag_t;

#define NCCS	19

struct ktermios {
	tcflag_t c_iflag;		/* input modes */
	tcflag_t c_oflag;		/* output modes */
	tcflag_t c_cflag;		/* control modes */
	tcflag_t c_lflag;		/* local modes */
	cc_t c_line;			/* line discipline */
	cc_t c_cc[NCCS];		/* control characters */
	speed_t c_ispeed;		/* input speed */
	speed_t c_ospeed;		/* output speed */
};

/* c_cc indexes */
#define VINTR	0
#define VQUIT	1
#define VERASE	2
#define VKILL	3
#define VEOF	4
#define VTIME	5
#define VMIN	6
#define VSTART	8
#define VSTOP	9
#define VSUSP	10

/* c_iflag */
#define IGNBRK	0x001
#define BRKINT	0x002
#define IGNPAR	0x004
#define PARMRK	0x008
#define INPCK	0x010
#define ISTRIP	0x020
#define INLCR	0x040
#define IGNCR	0x080
#define ICRNL	0x100
#define IXON	0x0400
#define IXANY	0x0800
#define IXOFF	0x1000

/* c_oflag */
#define OPOST	0x01
#define ONLCR	0x04

/* c_cflag */
#define CBAUD	0x0000100f
#define B0	0x00000000
#define B1200	0x00000009
#define B2400	0x0000000b
#define B4800	0x0000000c
#define B9600	0x0000000d
#define B19200	0x0000000e
#define B38400	0x0000000f
#define CSIZE	0x00000030
#define CS5	0x00000000
#define CS6	0x00000010
#define CS7	0x00000020
#define CS8	0x00000030
#define CSTOPB	0x00000040
#define CREAD	0x00000080
#define PARENB	0x00000100
#define PARODD	0x00000200
#define HUPCL	0x00000400
#define CLOCAL	0x00000800
#define CBAUDEX	0x00001000
#define BOTHER	0x00001000	/* the speed is c_ospeed */
#define B57600	0x00001001
#define B115200	0x00001002
#define CRTSCTS	0x80000000

/* c_lflag */
#define ISIG	0x00001
#define ICANON	0x00002
#define ECHO	0x00008
#define ECHOE	0x00010
#define ECHOK	0x00020
#define ECHOCTL	0x00200
#define ECHOKE	0x00800
#define IEXTEN	0x08000

/* tty ioctls (asm-generic/ioctls.h) */
#define TCGETS		0x5401
#define TCSETS		0x5402
#define TIOCMGET	0x5415
#define TIOCMBIS	0x5416
#define TIOCMBIC	0x5417
#define TIOCMSET	0x5418
#define TIOCGSERIAL	0x541E
#define TIOCSSERIAL	0x541F
#define TIOCMIWAIT	0x545C
#define TIOCGICOUNT	0x545D
#define TIOCSERGETLSR	0x5459

/* TIOCSERGETLSR's answer, and what uart_ops.tx_empty returns when empty. */
#define TIOCSER_TEMT	0x01

/* modem lines (TIOCMGET/TIOCMSET) */
#define TIOCM_LE	0x001
#define TIOCM_DTR	0x002
#define TIOCM_RTS	0x004
#define TIOCM_ST	0x008
#define TIOCM_SR	0x010
#define TIOCM_CTS	0x020
#define TIOCM_CAR	0x040
#define TIOCM_RNG	0x080
#define TIOCM_DSR	0x100
#define TIOCM_CD	TIOCM_CAR
#define TIOCM_RI	TIOCM_RNG
#define TIOCM_OUT1	0x2000
#define TIOCM_OUT2	0x4000
#define TIOCM_LOOP	0x8000

#endif
