/*
 * Terminal input: bytes from the keyboard and the serial line meet in one
 * ring buffer, which interrupt handlers fill and the shell drains.
 *
 * Locking: tty_lock (interrupts off) protects the ring. A reader that finds
 * it empty sleeps on tty_wait; each received byte wakes it (wait_event
 * tests the ring after queueing the reader, so no wake-up is lost).
 */
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <modlab/console.h>

#define TTY_BUF_SIZE	1024	/* a power of two */

static char ring[TTY_BUF_SIZE];
static u32 head, tail;		/* head: next to write, tail: next to read */
static unsigned long dropped;
static DEFINE_SPINLOCK(tty_lock);
static DECLARE_WAIT_QUEUE_HEAD(tty_wait);

/* Called from interrupt handlers. A full ring drops the byte. */
void tty_receive(char c)
{
	unsigned long flags;

	spin_lock_irqsave(&tty_lock, flags);
	if (head - tail < TTY_BUF_SIZE)
		ring[head++ % TTY_BUF_SIZE] = c;
	else
		dropped++;
	spin_unlock_irqrestore(&tty_lock, flags);
	wake_up(&tty_wait);
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
