/* What an interrupt handler returns: whether its device raised the line. */
#ifndef _LINUX_IRQRETURN_H
#define _LINUX_IRQRETURN_H

enum irqreturn {
	IRQ_NONE = 0,		/* not my device: a shared line's other handler */
	IRQ_HANDLED = 1,	/* my device, dealt with */
	IRQ_WAKE_THREAD = 2,	/* (threaded handlers: not in modlab) */
};
typedef enum irqreturn irqreturn_t;

#define IRQ_RETVAL(x)	((x) ? IRQ_HANDLED : IRQ_NONE)

#endif
