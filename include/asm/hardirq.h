/* Interrupt context, as Linux's asm/hardirq.h (which linux/hardirq.h wraps). */
#ifndef _ASM_HARDIRQ_H
#define _ASM_HARDIRQ_H

#include <linux/hardirq.h>

#endif
