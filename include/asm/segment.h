/* GDT selectors, shared by C and assembly. Every CPU has its own GDT with
 * this same layout, so the selectors mean the same on all of them. */
#ifndef _ASM_SEGMENT_H
#define _ASM_SEGMENT_H

#define GDT_ENTRY_KERNEL_CS	1
#define GDT_ENTRY_KERNEL_DS	2
#define GDT_ENTRY_TSS		3
#define GDT_ENTRY_DOUBLEFAULT_TSS 4
#define GDT_ENTRY_PERCPU	5	/* %fs: base at this CPU's struct cpu_data */
#define GDT_ENTRIES		6

#define __KERNEL_CS	(GDT_ENTRY_KERNEL_CS * 8)
#define __KERNEL_DS	(GDT_ENTRY_KERNEL_DS * 8)
#define __TSS		(GDT_ENTRY_TSS * 8)
#define __DOUBLEFAULT_TSS (GDT_ENTRY_DOUBLEFAULT_TSS * 8)
#define __PERCPU	(GDT_ENTRY_PERCPU * 8)

#endif
