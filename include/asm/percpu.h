/*
 * x86: each CPU's %fs segment has its base at that CPU's struct cpu_data,
 * so "%fs:offset" is this CPU's copy of a field. One instruction reads or
 * writes it, and an interrupt cannot split an 'incl %fs:x': so local
 * counters need no lock and no 'lock' prefix (other CPUs never write them).
 *
 * Note the CPU can change between two of these (the thread may be moved or
 * preempted) unless preemption is off: see linux/preempt.h.
 */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#include <linux/compiler.h>

#define __percpu_off(field)	__builtin_offsetof(struct cpu_data, field)

#define this_cpu_read(field)							\
	({									\
		__typeof__(((struct cpu_data *)0)->field) __v;			\
		_Static_assert(sizeof(__v) == 4, "per-CPU fields are 4 bytes");	\
		__asm__ __volatile__("movl %%fs:%c1, %0"			\
				     : "=r"(__v) : "i"(__percpu_off(field)));	\
		__v;								\
	})

#define this_cpu_write(field, val)						\
	do {									\
		__typeof__(((struct cpu_data *)0)->field) __v = (val);		\
		_Static_assert(sizeof(__v) == 4, "per-CPU fields are 4 bytes");	\
		__asm__ __volatile__("movl %0, %%fs:%c1"			\
				     : : "r"(__v), "i"(__percpu_off(field)) : "memory"); \
	} while (0)

#define this_cpu_inc(field)							\
	__asm__ __volatile__("incl %%fs:%c0" : : "i"(__percpu_off(field)) : "memory")
#define this_cpu_dec(field)							\
	__asm__ __volatile__("decl %%fs:%c0" : : "i"(__percpu_off(field)) : "memory")

/* One 'addl'/'subl', so an interrupt cannot split the read-modify-write. */
#define this_cpu_add(field, val)						\
	__asm__ __volatile__("addl %0, %%fs:%c1"				\
			     : : "ri"((int)(val)), "i"(__percpu_off(field)) : "memory")
#define this_cpu_sub(field, val)	this_cpu_add(field, -(int)(val))

#define this_cpu_ptr()	((struct cpu_data *)this_cpu_read(self))

/*
 * local_inc/local_dec: one unlocked increment of a counter that only this
 * CPU writes (a per-CPU slot of an array such as a module's reference
 * counts). An interrupt on this CPU cannot split a single 'incl', and no
 * other CPU writes the slot, so no 'lock' prefix is needed; readers on other
 * CPUs see the old or the new value, never a torn one.
 */
typedef struct {
	long counter;
} local_t;

static inline void local_inc(local_t *l)
{
	__asm__ __volatile__("incl %0" : "+m"(l->counter));
}

static inline void local_dec(local_t *l)
{
	__asm__ __volatile__("decl %0" : "+m"(l->counter));
}

static inline long local_read(const local_t *l)
{
	return READ_ONCE(l->counter);
}

#endif
