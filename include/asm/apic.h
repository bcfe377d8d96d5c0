/* The local APIC: each CPU's interrupt controller, timer and IPI sender. */
#ifndef _ASM_APIC_H
#define _ASM_APIC_H

#include <linux/types.h>

/* Map the registers (once) and switch this CPU's local APIC on. */
void lapic_init(u32 phys);
void lapic_setup_cpu(void);
u32 lapic_id(void);
/* This CPU's task priority (see irq_vectors.h). */
u32 lapic_get_tpr(void);
void lapic_set_tpr(u32 tpr);
void lapic_eoi(void);
/* Fixed interrupt 'vector' to the CPU with this APIC ID. */
void lapic_send_ipi(u32 apic_id, u8 vector);
/* Fixed interrupt to every CPU but this one. */
void lapic_send_ipi_allbutself(u8 vector);
/* An NMI to every CPU but this one (halting them on panic). */
void lapic_send_nmi_allbutself(void);
/* An NMI to one CPU (backtraces of a CPU that may have interrupts off). */
void lapic_send_nmi(u32 apic_id);
/* The INIT and start-up IPIs that wake an application processor. */
void lapic_send_init(u32 apic_id);
void lapic_send_init_deassert(u32 apic_id);
void lapic_send_sipi(u32 apic_id, u8 page);
/* Measure the timer (boot CPU), then start this CPU's periodic tick. */
void lapic_timer_free_run(void);
u32 lapic_timer_count(void);
void lapic_timer_set_rate(u32 counts_per_ms);
void lapic_timer_start(void);
bool lapic_present(void);

#endif
