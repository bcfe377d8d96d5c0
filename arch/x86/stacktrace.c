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

/* Walk the frames from ebp within the stack [lo, hi): fn(return address)
 * for each, at most max; returns how many. */
static unsigned int walk_stack(u32 ebp, u32 lo, u32 hi, unsigned int max,
			       void (*fn)(u32 ret, void *arg), void *arg)
{
	unsigned int n;

	for (n = 0; n < max; n++) {
		const u32 *frame = (const u32 *)ebp;

		if (ebp < lo || ebp + 8 > hi || (ebp & 3) || !frame[1])
			break;
		fn(frame[1], arg);
		if (frame[0] <= ebp)	/* frames must go up the stack */
			break;
		ebp = frame[0];
	}
	return n;
}

struct print_state {
	u32 last;
	unsigned int repeats;
};

static void print_one(u32 ret, void *arg)
{
	struct print_state *st = arg;

	print_frame(ret, &st->last, &st->repeats);
}

static void show_stack_within(u32 ebp, u32 lo, u32 hi)
{
	struct print_state st = { 0, 0 };

	if (walk_stack(ebp, lo, hi, MAX_FRAMES, print_one, &st) == MAX_FRAMES)
		pr_emerg(" ... (more frames)\n");
	print_frame(0, &st.last, &st.repeats);
}

void show_stack(u32 ebp)
{
	u32 lo, hi;

	if (!kernel_stack_bounds(ebp, &lo, &hi)) {
		pr_emerg(" (frame pointer %08x is not on a known kernel stack)\n", ebp);
		return;
	}
	show_stack_within(ebp, lo, hi);
}

/*
 * The stack of a thread that is switched out: __switch_to (switch.S)
 * pushed ebp, ebx, esi, edi below its return address, and left the stack
 * pointer in p->sp. The caller keeps p from running meanwhile or accepts a
 * torn trace (the walk stays inside p's stack either way), and keeps p's
 * stack from being freed (tasklist_lock, or a reference).
 */
void show_task_stack(struct task_struct *p)
{
	u32 lo = (u32)p->stack, hi = lo + THREAD_SIZE;

	if (p == current) {
		show_stack(read_frame_pointer());
		return;
	}
	if (READ_ONCE(p->on_cpu)) {
		pr_emerg(" (running on CPU %u: no trace of a running thread)\n", p->cpu);
		return;
	}
	if (!p->sp || p->sp < lo || p->sp + 20 > hi) {
		pr_emerg(" (no saved stack)\n");
		return;
	}
	print_frame(((const u32 *)p->sp)[4], &(u32){ 0 }, &(unsigned int){ 0 });
	show_stack_within(((const u32 *)p->sp)[3], lo, hi);
}

struct save_state {
	unsigned long *out;
	unsigned int n;
};

static void save_one(u32 ret, void *arg)
{
	struct save_state *st = arg;

	st->out[st->n++] = ret;
}

/* Record (not print) up to max return addresses from ebp on the current
 * stack: for an NMI handler, which must take no lock. */
unsigned int save_stack_trace(u32 ebp, unsigned long *out, unsigned int max)
{
	struct save_state st = { out, 0 };
	u32 lo, hi;

	if (!kernel_stack_bounds(ebp, &lo, &hi))
		return 0;
	walk_stack(ebp, lo, hi, max, save_one, &st);
	return st.n;
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
