/*
 * Walking the kernel stack for a backtrace.
 *
 * The kernel is built with frame pointers: each function's frame starts with
 * the caller's EBP and, above it, the return address. Following the EBP
 * chain gives the calls that led here. Each frame is checked to lie inside
 * the same stack and above the previous one, so a corrupt stack ends the
 * trace instead of faulting inside the oops.
 */
#include <linux/kernel.h>
#include <linux/sched.h>
#include <asm/boot.h>
#include <asm/desc.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <modlab/panic.h>
#include <modlab/kallsyms.h>

#define MAX_FRAMES	1000	/* recursion is folded; this only bounds the walk */

bool kernel_stack_bounds(u32 sp, u32 *lo, u32 *hi)
{
	struct task_struct *p = current;

	/* The guard page counts as part of the stack: a pointer into it is an
	 * overflowed stack, not an unknown one. */
	if (p && p->stack && sp >= (u32)p->stack - PAGE_SIZE &&
	    sp <= (u32)p->stack + THREAD_SIZE) {
		*lo = (u32)p->stack;
		*hi = (u32)p->stack + THREAD_SIZE;
		return true;
	}
	if (sp >= (u32)boot_stack_guard && sp <= (u32)boot_stack_top) {
		*lo = (u32)boot_stack_bottom;
		*hi = (u32)boot_stack_top;
		return true;
	}
	return false;
}

bool stack_overflowed(u32 sp)
{
	u32 lo, hi;

	return kernel_stack_bounds(sp, &lo, &hi) && sp <= lo;
}

/* Runs of one return address (deep recursion) print once, with a count. */
static void print_frame(u32 ret, u32 *last, unsigned int *repeats)
{
	char sym[KSYM_SYMBOL_LEN];

	if (ret && ret == *last) {
		(*repeats)++;
		return;
	}
	if (*repeats)
		pr_emerg("  ... the frame above repeats %u more times\n", *repeats);
	*repeats = 0;
	*last = ret;
	if (ret) {
		sprint_symbol(sym, ret);
		pr_emerg(" [<%08x>] %s\n", ret, sym);
	}
}

void show_stack(u32 ebp)
{
	u32 lo, hi, last = 0;
	unsigned int n, repeats = 0;

	if (!kernel_stack_bounds(ebp, &lo, &hi)) {
		pr_emerg(" (frame pointer %08x is not on a known kernel stack)\n", ebp);
		return;
	}
	for (n = 0; n < MAX_FRAMES; n++) {
		const u32 *frame = (const u32 *)ebp;

		if (ebp < lo || ebp + 8 > hi || (ebp & 3) || !frame[1])
			break;
		print_frame(frame[1], &last, &repeats);
		if (frame[0] <= ebp)	/* frames must go up the stack */
			break;
		ebp = frame[0];
	}
	print_frame(0, &last, &repeats);
	if (n == MAX_FRAMES)
		pr_emerg(" ... (more frames)\n");
}

/*
 * isa-debug-exit: QEMU exits with status (value << 1) | 1 when this port
 * is written; without the device the write does nothing and we halt.
 */
#define QEMU_DEBUG_EXIT_PORT	0xf4

void arch_halt_after_panic(void)
{
	local_irq_disable();
	outl(1, QEMU_DEBUG_EXIT_PORT);
	for (;;)
		halt();
}
