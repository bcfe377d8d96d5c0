/*
 * Terminal input: bytes from the keyboard and the serial line meet in one
 * ring buffer, which interrupt handlers fill and the shell drains.
 *
 * Locking: tty_lock (interrupts off) protects the ring. A reader that finds
 * it empty halts until the next interrupt; 'sti; hlt' leaves no window for
 * the wake-up to slip in between the check and the halt.
 */
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <modlab/console.h>

#define TTY_BUF_SIZE	1024	/* a power of two */

static char ring[TTY_BUF_SIZE];
static u32 head, tail;		/* head: next to write, tail: next to read */
static unsigned long dropped;
static DEFINE_SPINLOCK(tty_lock);

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
}

int tty_getc(void)
{
	unsigned long flags;
	char c;

	for (;;) {
		spin_lock_irqsave(&tty_lock, flags);
		if (head != tail) {
			c = ring[tail++ % TTY_BUF_SIZE];
			spin_unlock_irqrestore(&tty_lock, flags);
			return (u8)c;
		}
		spin_unlock(&tty_lock);
		/* Interrupts are still off here: nothing can arrive unseen
		 * before the halt, and sti;hlt wakes on the next one. */
		safe_halt();
		local_irq_restore(flags);
	}
}
