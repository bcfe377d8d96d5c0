/*
 * Where an application processor starts. A start-up IPI wakes it in 16-bit
 * real mode at TRAMPOLINE_ADDR (the IPI names the page), so this code is
 * copied there, below 1 MiB, by smpboot.c. It switches to protected mode
 * with a flat GDT of its own, turns on paging with the kernel's page
 * tables and the boot CPU's CR0, takes the stack of the CPU's idle thread and calls the C entry
 * with the CPU's number. The boot CPU fills in the parameters at the end
 * before each start-up IPI and starts one CPU at a time.
 */
#include <asm/smpboot.h>

#define REL(x)	((x) - trampoline_start + TRAMPOLINE_ADDR)

	.text
	.code16
	.globl trampoline_start
trampoline_start:
	cli
	cld
	xorw %ax, %ax
	movw %ax, %ds
	lgdtl REL(tramp_gdt_desc)
	movl %cr0, %eax
	orl $1, %eax			/* PE: protected mode */
	movl %eax, %cr0
	ljmpl $0x08, $REL(tramp_32)

	.code32
tramp_32:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl REL(tramp_cr3), %eax
	movl %eax, %cr3
	/*
	 * The boot CPU's CR0 as a whole: PG, WP (honour read-only pages) and,
	 * as important, CD and NW clear. A CPU leaves reset with CD|NW set
	 * (caches off, SDM vol. 3, 9.1.1) and nothing else clears them; an AP
	 * that kept them ran every access uncached. Going from CD=1 to CD=0
	 * needs no cache flush: nothing was cached.
	 */
	movl REL(tramp_cr0), %eax
	movl %eax, %cr0
	movl REL(tramp_stack), %esp
	xorl %ebp, %ebp			/* ends backtraces */
	pushl REL(tramp_cpu)
	movl REL(tramp_entry), %eax
	call *%eax			/* secondary_start_kernel(cpu): never returns */
1:	hlt
	jmp 1b

	.align 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: flat 32-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: flat 32-bit data */
tramp_gdt_desc:
	.word 3 * 8 - 1
	.long REL(tramp_gdt)

/* Parameters, written by smpboot.c at their copied address. */
	.align 4
	.globl tramp_params
tramp_params:
tramp_cr3:	.long 0
tramp_stack:	.long 0
tramp_entry:	.long 0
tramp_cpu:	.long 0
tramp_cr0:	.long 0
	.globl trampoline_end
trampoline_end:
