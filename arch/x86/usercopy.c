/*
 * Copies to and from buffers a caller handed in (linux/uaccess.h), and the
 * exception-table fixup the page-fault handler calls first.
 *
 * Every instruction here that touches the caller's buffer is a
 * "rep movsb" or "rep stosb" with an exception-table entry. The CPU
 * counts ECX down as it goes, and a fault stops it with ECX = bytes not
 * yet moved, ESI/EDI at the faulting byte: the fixup is simply the next
 * instruction, so the count left is exact, byte for byte, even for a
 * buffer that runs from a mapped page into an unmapped one.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/extable.h>
#include <asm/ptrace.h>

/* Move n bytes; returns how many were not moved (a fault stopped us). */
static unsigned long copy_user_rep_movsb(void *to, const void *from, unsigned long n)
{
	__asm__ __volatile__("1:	rep movsb\n"
			     "2:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+c"(n), "+D"(to), "+S"(from)
			     :
			     : "memory");
	return n;
}

unsigned long _copy_from_user(void *to, const void __user *from, unsigned long n)
{
	unsigned long left = copy_user_rep_movsb(to, (__force const void *)from, n);

	/* As Linux: the part not copied is zeroed, so no stale kernel
	 * memory is ever taken for the caller's data. */
	if (left)
		memset((char *)to + (n - left), 0, left);
	return left;
}

unsigned long _copy_to_user(void __user *to, const void *from, unsigned long n)
{
	return copy_user_rep_movsb((__force void *)to, from, n);
}

unsigned long clear_user(void __user *to, unsigned long n)
{
	void *p = (__force void *)to;

	if (!access_ok(to, n))
		return n;
	__asm__ __volatile__("1:	rep stosb\n"
			     "2:\n"
			     _ASM_EXTABLE(1b, 2b)
			     : "+c"(n), "+D"(p)
			     : "a"(0)
			     : "memory");
	return n;
}

long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i;

	if (count <= 0)
		return 0;
	for (i = 0; i < count; i++) {
		char c;

		if (__get_user(c, src + i))
			return -EFAULT;
		dst[i] = c;
		if (!c)
			return i;
	}
	return count;		/* no NUL within count: dst is not terminated */
}

long strnlen_user(const char __user *str, long n)
{
	long i;

	for (i = 0; i < n; i++) {
		char c;

		if (__get_user(c, str + i))
			return 0;
		if (!c)
			return i + 1;
	}
	return n + 1;		/* longer than n, as Linux says it */
}

EXPORT_SYMBOL(_copy_from_user);
EXPORT_SYMBOL(_copy_to_user);
EXPORT_SYMBOL(clear_user);
EXPORT_SYMBOL(strncpy_from_user);
EXPORT_SYMBOL(strnlen_user);

/* ---- exception tables ---- */

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

const struct exception_table_entry *search_extable(const struct exception_table_entry *base,
						   size_t num, unsigned long addr)
{
	size_t i;

	/* A linear walk: the tables are short (tens of entries) and are
	 * only searched when an access has faulted. */
	for (i = 0; i < num; i++)
		if (base[i].insn == addr)
			return &base[i];
	return NULL;
}

const struct exception_table_entry *search_exception_tables(unsigned long addr)
{
	const struct exception_table_entry *e;

	e = search_extable(__start___ex_table, __stop___ex_table - __start___ex_table, addr);
	return e ? e : search_module_extables(addr);
}

/*
 * Called first by the fault handlers: if the faulting instruction is one
 * that may fault on purpose, resume at its fixup and say so (true); the
 * fault is then no bug and no oops is printed.
 */
bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->eip);

	if (!e)
		return false;
	regs->eip = e->fixup;
	return true;
}
