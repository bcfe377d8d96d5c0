/*
 * Copying kernel memory that may not be mapped, without an oops: a page
 * fault on the copy's one instruction is caught by trap_dispatch
 * (traps.c), which resumes at the fixup label, so the copy returns
 * -EFAULT instead. Used by tests that must see whether a page faults on
 * a given CPU (the TLB shootdown test).
 *
 * long copy_from_kernel_nofault(void *dst, const void *src, size_t size)
 * long copy_to_kernel_nofault(void *dst, const void *src, size_t size)
 *
 * Both are the same copy: a fault on either side is caught. Returns 0 or
 * -EFAULT (14); on -EFAULT, part of dst may have been written.
 */
	.text
	.globl copy_from_kernel_nofault, copy_to_kernel_nofault
	.globl copy_nofault_insn, copy_nofault_fixup
copy_from_kernel_nofault:
copy_to_kernel_nofault:
	pushl %esi
	pushl %edi
	movl 12(%esp), %edi		/* dst */
	movl 16(%esp), %esi		/* src */
	movl 20(%esp), %ecx		/* size */
copy_nofault_insn:
	rep movsb			/* the only instruction that may fault */
	xorl %eax, %eax
	jmp 1f
copy_nofault_fixup:
	movl $-14, %eax			/* -EFAULT */
1:	popl %edi
	popl %esi
	ret
