/* The registers saved on the stack when an interrupt or exception enters the kernel. */
#ifndef _ASM_PTRACE_H
#define _ASM_PTRACE_H

#include <linux/types.h>

/* Laid out by entry.S: pusha, then the segment registers, then the stub's
 * vector and error code, then what the CPU pushed. */
struct pt_regs {
	u32 edi, esi, ebp;
	u32 esp;	/* the interrupted code's stack pointer (entry.S fills it in) */
	u32 ebx, edx, ecx, eax;
	u32 gs, fs, es, ds;
	u32 vector;
	u32 error_code;
	u32 eip, cs, eflags;
	/* No esp/ss here: the CPU pushes them only when coming from user
	 * mode, which this kernel does not have. */
};

#endif
