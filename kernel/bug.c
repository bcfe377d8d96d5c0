/*
 * WARN and BUG reports (linux/bug.h): where, on which CPU and thread, and
 * the call trace. A warning taints the kernel with W; a BUG then traps.
 */
#include <linux/bug.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <modlab/panic.h>

void __warn_printk(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vprintk(fmt, args);
	va_end(args);
}

void __warn(const char *file, int line)
{
	struct task_struct *t = current;

	printk(KERN_WARNING "------------[ cut here ]------------\n");
	printk(KERN_WARNING "WARNING: CPU: %u PID: %d at %s:%d (%s)\n", smp_processor_id(),
	       t ? t->pid : 0, file, line, t ? t->comm : "(none)");
	dump_stack();
	add_taint(TAINT_WARN);
	printk(KERN_WARNING "---[ end trace ]---\n");
}

void __bug_report(const char *file, int line)
{
	printk(KERN_EMERG "------------[ cut here ]------------\n");
	printk(KERN_EMERG "kernel BUG at %s:%d!\n", file, line);
}

EXPORT_SYMBOL(__warn_printk);
EXPORT_SYMBOL(__warn);
EXPORT_SYMBOL(__bug_report);
