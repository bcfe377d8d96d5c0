/* The fault handlers' use of the exception tables (linux/extable.h). */
#ifndef _ASM_EXTABLE_H
#define _ASM_EXTABLE_H

#include <linux/types.h>

struct pt_regs;

/* If regs->eip is listed in an exception table, point it at the fixup and
 * return true (the fault is handled); else false. */
bool fixup_exception(struct pt_regs *regs);

#endif
