/*
 * The PS/2 keyboard: turns scan codes (set 1, which the i8042 controller
 * translates to by default) into the bytes a terminal would send, so the
 * shell reads one format from the keyboard and the serial line alike:
 * arrows become ESC [ A/B/C/D, Home/End ESC [ H/F, Delete ESC [ 3 ~.
 */
#include <linux/kernel.h>
#include <asm/io.h>
#include <modlab/console.h>
#include <modlab/irq.h>

#define KBD_DATA	0x60
#define KBD_STATUS	0x64
#define KBD_IRQ		1
#define STATUS_OUTPUT_FULL 0x01

#define SC_RELEASE	0x80
#define SC_EXTENDED	0xe0
#define SC_LSHIFT	0x2a
#define SC_RSHIFT	0x36
#define SC_CTRL		0x1d
#define SC_CAPSLOCK	0x3a

static const char normal_map[128] = {
	0, 27, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '-', '=', '\x7f', '\t',
	'q', 'w', 'e', 'r', 't', 'y', 'u', 'i', 'o', 'p', '[', ']', '\r', 0, 'a', 's',
	'd', 'f', 'g', 'h', 'j', 'k', 'l', ';', '\'', '`', 0, '\\', 'z', 'x', 'c', 'v',
	'b', 'n', 'm', ',', '.', '/', 0, '*', 0, ' ',
};

static const char shift_map[128] = {
	0, 27, '!', '@', '#', '$', '%', '^', '&', '*', '(', ')', '_', '+', '\x7f', '\t',
	'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', '{', '}', '\r', 0, 'A', 'S',
	'D', 'F', 'G', 'H', 'J', 'K', 'L', ':', '"', '~', 0, '|', 'Z', 'X', 'C', 'V',
	'B', 'N', 'M', '<', '>', '?', 0, '*', 0, ' ',
};

/* Keypad keys 0x47-0x53 without the extended prefix. */
static const char keypad_map[13] = {
	'7', '8', '9', '-', '4', '5', '6', '+', '1', '2', '3', '0', '.',
};

static bool lshift, rshift, ctrl, capslock, extended;

static void send_sequence(const char *s)
{
	while (*s)
		tty_receive(*s++);
}

static void extended_key(u8 code)
{
	switch (code) {
	case 0x48: send_sequence("\x1b[A"); break;	/* up */
	case 0x50: send_sequence("\x1b[B"); break;	/* down */
	case 0x4d: send_sequence("\x1b[C"); break;	/* right */
	case 0x4b: send_sequence("\x1b[D"); break;	/* left */
	case 0x47: send_sequence("\x1b[H"); break;	/* home */
	case 0x4f: send_sequence("\x1b[F"); break;	/* end */
	case 0x53: send_sequence("\x1b[3~"); break;	/* delete */
	case 0x1c: tty_receive('\r'); break;		/* keypad enter */
	case 0x35: tty_receive('/'); break;		/* keypad slash */
	}
}

static int kbd_dev;	/* our dev_id on the shared line */

static irqreturn_t keyboard_interrupt(int irq, void *dev)
{
	irqreturn_t ret = IRQ_NONE;

	while (inb(KBD_STATUS) & STATUS_OUTPUT_FULL) {
		u8 sc = inb(KBD_DATA);
		bool release = sc & SC_RELEASE;
		u8 code = sc & ~SC_RELEASE;
		char c;

		ret = IRQ_HANDLED;
		if (sc == SC_EXTENDED) {
			extended = true;
			continue;
		}
		if (extended) {
			extended = false;
			if (code == SC_CTRL)
				ctrl = !release;
			else if (!release)
				extended_key(code);
			continue;
		}
		if (code == SC_LSHIFT) {
			lshift = !release;
			continue;
		}
		if (code == SC_RSHIFT) {
			rshift = !release;
			continue;
		}
		if (code == SC_CTRL) {
			ctrl = !release;
			continue;
		}
		if (release)
			continue;
		if (code == SC_CAPSLOCK) {
			capslock = !capslock;
			continue;
		}
		c = (lshift || rshift) ? shift_map[code] : normal_map[code];
		if (!c && code >= 0x47 && code <= 0x53)
			c = keypad_map[code - 0x47];	/* keypad, Num Lock assumed on */
		if (capslock && c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		else if (capslock && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			c &= 0x1f;	/* Ctrl-A is 1, Ctrl-C is 3, ... */
		if (c)
			tty_receive(c);
	}
	return ret;
}

void keyboard_init(void)
{
	while (inb(KBD_STATUS) & STATUS_OUTPUT_FULL)	/* drop stale bytes */
		inb(KBD_DATA);
	/* Shared, as on a PC: a module may listen on IRQ 1 too (it must not
	 * read the data port, or it takes the key from us). */
	if (request_irq(KBD_IRQ, keyboard_interrupt, IRQF_SHARED, "keyboard", &kbd_dev))
		pr_err("keyboard: cannot get IRQ %u\n", KBD_IRQ);
}
