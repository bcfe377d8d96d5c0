/*
 * Entry points for all 256 interrupt vectors.
 *
 * Each vector has a small stub that makes the stack look the same for every
 * vector (it pushes a dummy error code where the CPU pushed none, then the
 * vector number) and jumps to trap_common, which saves the registers as a
 * struct pt_regs and calls trap_dispatch(regs) in traps.c.
 */
#include <asm/segment.h>


	.text
	.align 16
	.globl trap_stubs
trap_stubs:
	.set vec, 0
	/* The CPU pushes an error code itself for vectors 8, 10-14, 17, 21, 29, 30. */
	.rept 256
	.align 16
	.if !(vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21 || vec == 29 || vec == 30)
	pushl $0
	.endif
	pushl $vec
	jmp trap_common
	.set vec, vec + 1
	.endr

trap_common:
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	pushal
	/* pusha stored its own ESP; store the interrupted code's instead:
	 * above us are pusha (32 bytes), 4 segments, vector and error code,
	 * and EIP, CS, EFLAGS (no privilege change, so no ESP/SS). */
	leal 68(%esp), %eax
	movl %eax, 12(%esp)
	movl $__KERNEL_DS, %eax
	movl %eax, %ds
	movl %eax, %es
	cld
	pushl %esp			/* struct pt_regs * */
	call trap_dispatch
	addl $4, %esp
	popal
	popl %gs
	popl %fs
	popl %es
	popl %ds
	addl $8, %esp			/* vector and error code */
	iret

/*
 * The double-fault task starts here, on its own stack, with the error code
 * (always 0) pushed. The faulting state is in kernel_tss; it never returns.
 */
	.globl doublefault_entry
doublefault_entry:
	xorl %ebp, %ebp
	call doublefault_task
1:	cli
	hlt
	jmp 1b
