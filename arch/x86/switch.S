/*
 * Context switch between kernel threads.
 *
 * struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next)
 *
 * Saves the registers the C calling convention asks a callee to keep (ebp,
 * ebx, esi, edi) on prev's stack, stores prev's stack pointer in prev->sp
 * (offset 0), loads next's, and pops next's registers. The 'ret' then
 * returns wherever next was when it switched out: inside its own call of
 * __switch_to, or, for a thread that has never run, into ret_from_kthread.
 * EAX still holds prev, which is the function's return value on the other
 * side: the thread we came from.
 */
	.text
	.globl __switch_to
__switch_to:
	movl 4(%esp), %eax		/* prev */
	movl 8(%esp), %edx		/* next */
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	movl %esp, 0(%eax)		/* prev->sp */
	movl 0(%edx), %esp		/* next->sp */
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

/* A new thread's first instructions (see kthread_create's initial stack). */
	.globl ret_from_kthread
ret_from_kthread:
	pushl %eax			/* the thread we switched from */
	call schedule_tail
	addl $4, %esp
	call kthread_main		/* never returns */
1:	hlt
	jmp 1b
