/* Fatal errors: oops reports, panic, and warnings with a backtrace. */
#ifndef _MODLAB_PANIC_H
#define _MODLAB_PANIC_H

#include <linux/compiler.h>
#include <linux/types.h>

struct pt_regs;

/* Stop the machine with a message. Never returns. */
void panic(const char *fmt, ...) __noreturn __printf(1, 2);

/* An oops: begin (one report at a time), print what happened, then die:
 * kill the thread that faulted, or panic if that cannot be done safely. */
void oops_begin(void);
void die(const char *what, struct pt_regs *regs) __noreturn;
/* panic_on_oops=1 on the command line: every oops panics. */
extern int panic_on_oops;
void panic_setup(void);
/* /proc/sys/kernel/tainted (after the VFS is up). */
void panic_proc_init(void);

/* Print the call chain starting at a frame pointer (or at our caller). */
void show_stack(u32 ebp);
void dump_stack(void);
struct task_struct;
/* The stack of a thread that is not running (sysrq t, hung tasks). */
void show_task_stack(struct task_struct *p);
/* Return addresses from frame pointer ebp on this CPU's stack, at most max. */
unsigned int save_stack_trace(u32 ebp, unsigned long *out, unsigned int max);
void show_regs(const struct pt_regs *regs);

/* arch: is this stack pointer below the bottom of the stack it belongs to? */
bool stack_overflowed(u32 sp);
/* arch: the bounds of the kernel stack holding sp; false if none is known. */
bool kernel_stack_bounds(u32 sp, u32 *lo, u32 *hi);
/* arch: stop this CPU for good (and QEMU, when it has isa-debug-exit). */
void arch_halt_after_panic(void) __noreturn;

#endif
