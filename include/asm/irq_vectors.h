/* Which interrupt vector carries what. */
#ifndef _ASM_IRQ_VECTORS_H
#define _ASM_IRQ_VECTORS_H

/*
 * The local APIC delivers an interrupt only if its priority class (vector
 * >> 4) is above the one in the task priority register (TPR). A CPU stopped
 * by stop_machine sets TPR to STOP_MACHINE_TPR, which holds off every
 * vector below 0xf0 (devices, timer, reschedule, cross-CPU calls, APIC
 * errors), so STOP_MACHINE_VECTOR must be the only one at 0xf0 or above
 * besides the spurious vector, which has no handler.
 */
#define FIRST_EXTERNAL_VECTOR	32
#define IRQ_BASE_VECTOR		32	/* ISA IRQ n arrives on vector 32 + n */
#define ERROR_APIC_VECTOR	0xeb
#define LOCAL_TIMER_VECTOR	0xec	/* each CPU's local APIC timer */
#define RESCHEDULE_VECTOR	0xed	/* IPI: run the scheduler */
#define CALL_FUNCTION_VECTOR	0xee	/* IPI: run queued function calls */
#define STOP_MACHINE_TPR	0xe0	/* a stopped CPU: classes 0-14 held off */
#define STOP_MACHINE_VECTOR	0xf0	/* IPI: stop_machine's release and wake-up */
#define SPURIOUS_APIC_VECTOR	0xff

#endif
