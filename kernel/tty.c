/*
 * Terminal input: bytes from the keyboard and the serial line meet in one
 * ring buffer, which interrupt handlers fill and the shell drains.
 *
 * Ctrl-C while the shell runs a command in the foreground does not go into
 * the ring: it interrupts the command, as a terminal's SIGINT does. The
 * command's thread gets SIGINT pending, and its TASK_INTERRUPTIBLE sleeps end
 * (wait_event_interruptible returns -ERESTARTSYS, msleep_interruptible
 * early); the shell clears it when the command ends. At the prompt, Ctrl-C
 * is a key like the others (readline cancels the line).
 *
 * Locking: tty_lock (interrupts off) protects the ring and tty_fg. A reader
 * that finds the ring empty sleeps on tty_wait; each received byte wakes it
 * (wait_event tests the ring after queueing the reader, so no wake-up is
 * lost).
 */
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <modlab/console.h>
#include <modlab/sched.h>

#define TTY_BUF_SIZE	1024	/* a power of two */
#define TTY_INTR	0x03	/* Ctrl-C */

static char ring[TTY_BUF_SIZE];
static u32 head, tail;		/* head: next to write, tail: next to read */
static unsigned long dropped;
static struct task_struct *tty_fg;	/* running a foreground command, or NULL */
static DEFINE_SPINLOCK(tty_lock);
static DECLARE_WAIT_QUEUE_HEAD(tty_wait);

/* Called from interrupt handlers. A full ring drops the byte. */
void tty_receive(char c)
{
	struct task_struct *fg = NULL;
	unsigned long flags;

	spin_lock_irqsave(&tty_lock, flags);
	if (c == TTY_INTR && tty_fg) {
		fg = tty_fg;
		task_set_sigint(fg, true);
	} else if (head - tail < TTY_BUF_SIZE) {
		ring[head++ % TTY_BUF_SIZE] = c;
	} else {
		dropped++;
	}
	spin_unlock_irqrestore(&tty_lock, flags);
	if (fg) {
		/* fg is the shell's own thread, which never ends, so it may be
		 * woken after the lock is dropped. SIGINT is set first:
		 * a sleeper either sees it before sleeping (it sets its state,
		 * then tests signal_pending) or is TASK_INTERRUPTIBLE here. */
		console_write("^C\n", 3);
		wake_up_state(fg, TASK_INTERRUPTIBLE);
		return;
	}
	wake_up(&tty_wait);
}

void tty_set_foreground(struct task_struct *t)
{
	struct task_struct *old;
	unsigned long flags;
	bool early = false;

	spin_lock_irqsave(&tty_lock, flags);
	old = tty_fg;
	tty_fg = t;
	if (old)
		task_set_sigint(old, false);	/* an interrupt ends with its command */
	/* A Ctrl-C typed right after Enter, before the command started, is
	 * for the command, not for the next line. */
	if (t && head != tail && ring[tail % TTY_BUF_SIZE] == TTY_INTR) {
		tail++;
		task_set_sigint(t, true);
		early = true;
	}
	spin_unlock_irqrestore(&tty_lock, flags);
	if (early)
		console_write("^C\n", 3);
}

static bool tty_empty(void)
{
	return READ_ONCE(head) == READ_ONCE(tail);
}

/* Next input byte; sleeps until there is one. */
int tty_getc(void)
{
	unsigned long flags;
	char c;

	for (;;) {
		wait_event_idle(tty_wait, !tty_empty());	/* not a hung task */
		spin_lock_irqsave(&tty_lock, flags);
		if (head != tail) {
			c = ring[tail++ % TTY_BUF_SIZE];
			spin_unlock_irqrestore(&tty_lock, flags);
			return (u8)c;
		}
		spin_unlock_irqrestore(&tty_lock, flags);	/* another reader was first */
	}
}
