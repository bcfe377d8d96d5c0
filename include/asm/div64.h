/* do_div(n, base): divide the u64 lvalue n in place by the u32 base and
 * evaluate to the remainder, as in Linux. */
#ifndef _ASM_DIV64_H
#define _ASM_DIV64_H

#include <linux/kernel.h>

#define do_div(n, base)								\
	({									\
		_Static_assert(sizeof(n) == 8, "do_div needs a 64-bit lvalue");	\
		div_u64_rem((u64 *)&(n), (base));				\
	})

#endif
