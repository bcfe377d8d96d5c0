/* Sizes fixed at boot, shared by C and assembly. */
#ifndef _ASM_BOOT_H
#define _ASM_BOOT_H

#define PAGE_SHIFT	12
#ifdef __ASSEMBLY__
#define PAGE_SIZE	(1 << PAGE_SHIFT)
#else
#define PAGE_SIZE	(1UL << PAGE_SHIFT)	/* unsigned long, as Linux's */
#endif

#define BOOT_STACK_SIZE	(4 * PAGE_SIZE)	/* the boot CPU's stack: CPU 0's idle thread later, so THREAD_SIZE */
#define KERNEL_LOAD_ADDR 0x100000	/* 1 MiB: where the loader puts the kernel */

#endif
