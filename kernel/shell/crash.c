/*
 * 'crash': make the kernel fail on purpose, to see (and test) how an oops
 * reports each kind of fault. Each fault happens in a function of its own,
 * so the report must name that function.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <modlab/console.h>
#include <modlab/shell.h>

/* The compiler must not see that these are faults, or it would remove
 * them or replace them by a trap of its own; the volatiles stop that. */
static noinline void crash_null_deref(void)
{
	volatile int *volatile p = NULL;

	*p = 1;
}

static noinline void crash_divide_by_zero(void)
{
	volatile int zero = 0;
	volatile int x = 42 / zero;

	(void)x;
}

/* Recursion with a frame that cannot be optimised away, until the stack's
 * guard page is hit. 'keep_going' is never cleared; it only hides the
 * endlessness from the compiler's warning. */
static volatile bool keep_going = true;

static noinline __attribute__((noipa)) int crash_stack_overflow(int depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (!keep_going)
		return 0;
	return crash_stack_overflow(depth + 1) + frame[0];
}

static int cmd_crash(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "null"))
		crash_null_deref();
	else if (argc == 2 && !strcmp(argv[1], "div0"))
		crash_divide_by_zero();
	else if (argc == 2 && !strcmp(argv[1], "stack"))
		crash_stack_overflow(0);
	else {
		printf("usage: crash null|div0|stack\n");
		return 1;
	}
	printf("crash: still alive?\n");
	return 1;
}
SHELL_COMMAND("crash", cmd_crash, "null|div0|stack",
	      "crash the kernel on purpose: NULL dereference, divide by zero, stack overflow");
