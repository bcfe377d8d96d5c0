/*
 * Multiboot (version 1) header and the kernel's first instructions.
 *
 * GRUB or QEMU's -kernel loads the ELF image at 1 MiB and jumps to _start in
 * 32-bit protected mode with paging off, EAX = the multiboot magic and EBX =
 * the physical address of the multiboot information structure.
 */
#include <asm/boot.h>

#define MB_MAGIC	0x1BADB002
#define MB_FLAGS	(MB_PAGE_ALIGN | MB_MEMORY_INFO)
#define MB_PAGE_ALIGN	(1 << 0)	/* load modules on page boundaries */
#define MB_MEMORY_INFO	(1 << 1)	/* we want the memory map */

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.text
	.globl _start
	.type _start, @function
_start:
	cli
	cld
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp			/* ends the backtrace's frame chain */
	pushl $0			/* EFLAGS: interrupts off, IOPL 0, DF clear */
	popfl
	pushl %ebx			/* multiboot info */
	pushl %eax			/* multiboot magic */
	call start_kernel
1:	hlt
	jmp 1b
	.size _start, . - _start

/*
 * The boot CPU's stack. The page below it is left unmapped by the paging
 * code (boot_stack_guard), so running off the bottom faults at once and the
 * double-fault handler reports a stack overflow.
 */
	.section .bss.stack, "aw", @nobits
	.align PAGE_SIZE
	.globl boot_stack_guard
boot_stack_guard:
	.skip PAGE_SIZE
	.globl boot_stack_bottom
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
	.globl boot_stack_top
boot_stack_top:
