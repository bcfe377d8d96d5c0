/*
 * Host unit tests: one "CPU", whose data is an ordinary variable (the
 * kernel's %fs-based accessors would touch the host's thread-local storage).
 */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#include <linux/compiler.h>

#define this_cpu_read(field)		(cpu_data[0].field)
#define this_cpu_write(field, val)	(cpu_data[0].field = (val))
#define this_cpu_inc(field)		(cpu_data[0].field++)
#define this_cpu_dec(field)		(cpu_data[0].field--)
#define this_cpu_add(field, val)	(cpu_data[0].field += (val))
#define this_cpu_sub(field, val)	(cpu_data[0].field -= (val))
#define this_cpu_ptr()			(&cpu_data[0])

typedef struct {
	long counter;
} local_t;

static inline void local_inc(local_t *l) { l->counter++; }
static inline void local_dec(local_t *l) { l->counter--; }
static inline long local_read(const local_t *l) { return l->counter; }

#endif
