/*
 * floor: the smallest useful multiboot (v1) kernel.
 *
 * It prints "floor: up" on COM1 and asks QEMU to quit through the
 * isa-debug-exit device at port 0xf4.  Timing QEMU from process start to
 * that line gives the lower bound for any kernel booted the same way.
 */

	.set	MB_MAGIC, 0x1BADB002
	.set	MB_FLAGS, 0
	.set	COM1, 0x3f8
	.set	COM1_LSR, COM1 + 5
	.set	LSR_THRE, 0x20		/* transmit holding register empty */
	.set	DEBUG_EXIT, 0xf4

	.section .multiboot, "a"
	.balign	4
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)

	.text
	.globl	_start
	.type	_start, @function
_start:
	cli
	movl	$msg, %esi
next:
	movb	(%esi), %bl
	testb	%bl, %bl
	jz	done
	movw	$COM1_LSR, %dx
wait:
	inb	%dx, %al
	testb	$LSR_THRE, %al
	jz	wait
	movw	$COM1, %dx
	movb	%bl, %al
	outb	%al, %dx
	incl	%esi
	jmp	next
done:
	/* QEMU exits with status (0 << 1) | 1 = 1. */
	movw	$DEBUG_EXIT, %dx
	xorl	%eax, %eax
	outb	%al, %dx
halt:					/* only reached without the device */
	hlt
	jmp	halt
	.size	_start, . - _start

	.section .rodata
msg:
	.asciz	"floor: up\r\n"

	.section .note.GNU-stack, "", @progbits
