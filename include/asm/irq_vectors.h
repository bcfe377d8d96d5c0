/* Which interrupt vector carries what. */
#ifndef _ASM_IRQ_VECTORS_H
#define _ASM_IRQ_VECTORS_H

#define FIRST_EXTERNAL_VECTOR	32
#define IRQ_BASE_VECTOR		32	/* ISA IRQ n arrives on vector 32 + n */
#define LOCAL_TIMER_VECTOR	0xef	/* each CPU's local APIC timer */
#define RESCHEDULE_VECTOR	0xf0	/* IPI: run the scheduler */
#define CALL_FUNCTION_VECTOR	0xf1	/* IPI: run queued function calls */
#define STOP_VECTOR		0xf2	/* IPI: halt (another CPU panicked) */
#define ERROR_APIC_VECTOR	0xfe
#define SPURIOUS_APIC_VECTOR	0xff

#endif
