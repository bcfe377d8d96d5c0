/*
 * printk: kernel messages, kept in a log ring buffer and echoed to the consoles.
 *
 * Every line gets a timestamp (seconds since boot) when it starts. The log
 * keeps the newest LOG_SIZE bytes as text, each line prefixed by its level
 * as "<N>", which dmesg strips. Messages whose level is below
 * console_loglevel also go to the consoles as they are written.
 *
 * Locking: console_lock (taken with interrupts off, since interrupt handlers
 * print too) protects the ring, the line state and the console drivers, so
 * lines from different CPUs never interleave mid-line. Once an oops is in
 * progress the CPU reporting it may already hold the lock; it then waits a
 * bounded time and writes anyway: a garbled line beats a silent hang.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <modlab/console.h>
#include <modlab/time.h>

#define LOG_SIZE	(64 * 1024)	/* a power of two */

static char log_buf[LOG_SIZE];
static u32 log_head;			/* total bytes ever written; index = head % LOG_SIZE */
static bool at_line_start = true;
static int line_level;			/* level of the line being written */

static struct console *consoles;
static DEFINE_SPINLOCK(console_lock);

int console_loglevel = 7;		/* everything but debug messages */
int oops_in_progress;

void register_console(struct console *con)
{
	unsigned long flags;

	spin_lock_irqsave(&console_lock, flags);
	con->next = consoles;
	consoles = con;
	spin_unlock_irqrestore(&console_lock, flags);
}

static int console_busted;	/* an oops gave up waiting for console_lock */

/* Returns whether the lock was taken (see the oops case above). */
static bool console_lock_irqsave(unsigned long *flags)
{
	int tries = 0;

	local_irq_save(*flags);
	if (!READ_ONCE(oops_in_progress)) {
		spin_lock(&console_lock);
		return true;
	}
	/* Once a wait has failed, the holder is a CPU that was stopped with
	 * the lock: do not wait again for each line of the report. */
	while (!spin_trylock(&console_lock)) {
		if (READ_ONCE(console_busted) || ++tries > 1000000) {
			WRITE_ONCE(console_busted, 1);
			return false;
		}
		cpu_relax();
	}
	return true;
}

static void console_unlock_irqrestore(bool locked, unsigned long flags)
{
	if (locked)
		spin_unlock(&console_lock);
	local_irq_restore(flags);
}

static void write_consoles(const char *s, size_t len)
{
	struct console *con;

	for (con = consoles; con; con = con->next)
		con->write(con, s, len);
}

static void log_store(const char *s, size_t len)
{
	while (len--)
		log_buf[log_head++ % LOG_SIZE] = *s++;
}

/* Store and show one piece of text that lies within a single line. */
static void emit(const char *s, size_t len)
{
	if (at_line_start) {
		char stamp[32];
		u64 ns = ktime_get_ns();
		u32 us, n;

		do_div(ns, 1000);		/* ns -> us */
		us = do_div(ns, 1000000);	/* ns now holds seconds */
		n = scnprintf(stamp, sizeof(stamp), "<%d>[%5u.%06u] ", line_level,
			      (u32)ns, us);
		log_store(stamp, n);
		if (line_level < console_loglevel)
			write_consoles(stamp + 3, n - 3);
		at_line_start = false;
	}
	log_store(s, len);
	if (line_level < console_loglevel)
		write_consoles(s, len);
	if (len && s[len - 1] == '\n')
		at_line_start = true;
}

int vprintk(const char *fmt, va_list args)
{
	char text[512];
	const char *p = text;
	unsigned long flags;
	int level = LOGLEVEL_DEFAULT, n;
	bool cont = false, locked;

	n = vscnprintf(text, sizeof(text), fmt, args);

	if (p[0] == KERN_SOH[0] && p[1]) {
		if (p[1] >= '0' && p[1] <= '7')
			level = p[1] - '0';
		cont = p[1] == 'c';
		p += 2;
		n -= 2;
	}

	locked = console_lock_irqsave(&flags);
	/* Only KERN_CONT continues an open line; any other message starts anew. */
	if (!at_line_start && !cont)
		emit("\n", 1);
	if (at_line_start)
		line_level = level;
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		int len = nl ? nl - p + 1 : n;

		emit(p, len);
		p += len;
		n -= len;
	}
	console_unlock_irqrestore(locked, flags);
	return 0;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

void console_write(const char *s, size_t len)
{
	unsigned long flags;
	bool locked = console_lock_irqsave(&flags);

	write_consoles(s, len);
	console_unlock_irqrestore(locked, flags);
}

void console_putc(char c)
{
	console_write(&c, 1);
}

/* The shell's output: the consoles, or where the thread redirected it. */
void out_write(const char *s, size_t len)
{
	struct task_struct *t = current;

	if (t && t->out_write)
		t->out_write(t->out_ctx, s, len);
	else
		console_write(s, len);
}

int vprintf(const char *fmt, va_list args)
{
	char text[512];
	int n = vscnprintf(text, sizeof(text), fmt, args);

	out_write(text, n);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintf(fmt, args);
	va_end(args);
	return n;
}

/*
 * Walk the log oldest first. When the ring has wrapped, the oldest line is
 * cut; start after its end so dmesg never shows half a line.
 */
static void log_for_each(void (*fn)(const char *s, size_t len, void *arg), void *arg)
{
	unsigned long flags;
	bool locked = console_lock_irqsave(&flags);
	u32 start = log_head > LOG_SIZE ? log_head - LOG_SIZE : 0;
	u32 end = log_head;

	if (start > 0) {
		while (start < end && log_buf[start % LOG_SIZE] != '\n')
			start++;
		start++;
	}
	while (start < end) {
		u32 idx = start % LOG_SIZE;
		u32 chunk = min(end - start, LOG_SIZE - idx);

		fn(&log_buf[idx], chunk, arg);
		start += chunk;
	}
	console_unlock_irqrestore(locked, flags);
}

struct log_copy {
	char *buf;
	size_t size, len;
};

static void copy_piece(const char *s, size_t len, void *arg)
{
	struct log_copy *c = arg;
	size_t n = min(len, c->size - 1 - c->len);

	memcpy(c->buf + c->len, s, n);
	c->len += n;
}

size_t log_read(char *buf, size_t size)
{
	struct log_copy c = { buf, size, 0 };

	if (!size)
		return 0;
	log_for_each(copy_piece, &c);
	buf[c.len] = '\0';
	return c.len;
}

/* For modules. */
EXPORT_SYMBOL(printk);
EXPORT_SYMBOL(vprintk);
