/*
 * The PS/2 keyboard: turns scan codes (set 1, which the i8042 controller
 * translates to by default) into the bytes a terminal would send, so the
 * shell reads one format from the keyboard and the serial line alike:
 * arrows become ESC [ A/B/C/D, Home/End ESC [ H/F, Delete ESC [ 3 ~.
 *
 * Every key also goes to the input layer as a key press or release (value
 * 1 or 0; 2 for the keyboard's own repeat of a key held down), so
 * /dev/input/event0 reads the keyboard as on Linux, while the shell keeps
 * its bytes.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/input.h>
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

/* Set once, after registration (kbd_input_publish); NULL until then. The
 * interrupt handler reads it with acquire ordering, so it never sees the
 * pointer before the registered device it points to. */
static struct input_dev *kbd_input;

/* Set 1 codes after E0 and their key codes; without E0, codes 1-0x58 are
 * the key codes themselves (KEY_ESC is 1, KEY_F12 0x58). */
static const struct { u8 scan; u16 key; } extended_keys[] = {
	{ 0x1c, KEY_KPENTER }, { 0x1d, KEY_RIGHTCTRL }, { 0x35, KEY_KPSLASH },
	{ 0x38, KEY_RIGHTALT }, { 0x47, KEY_HOME }, { 0x48, KEY_UP }, { 0x49, KEY_PAGEUP },
	{ 0x4b, KEY_LEFT }, { 0x4d, KEY_RIGHT }, { 0x4f, KEY_END }, { 0x50, KEY_DOWN },
	{ 0x51, KEY_PAGEDOWN }, { 0x52, KEY_INSERT }, { 0x53, KEY_DELETE },
	{ 0x5b, KEY_LEFTMETA }, { 0x5c, KEY_RIGHTMETA }, { 0x5d, KEY_COMPOSE },
};

static unsigned int scan_to_key(u8 code, bool ext)
{
	unsigned int i;

	if (!ext)
		return (code >= 1 && code <= 0x58 && code != 0x54 && code != 0x55) ? code : 0;
	for (i = 0; i < ARRAY_SIZE(extended_keys); i++)
		if (extended_keys[i].scan == code)
			return extended_keys[i].key;
	return 0;	/* E0 2A/36 (fake shifts) and keys we do not name */
}

/* Tell the input layer (from the interrupt handler). */
static void kbd_report(u8 code, bool ext, bool release)
{
	struct input_dev *in = smp_load_acquire(&kbd_input);
	unsigned int key = scan_to_key(code, ext);

	if (!in || !key)
		return;
	/* A make code for a key already down is the keyboard's repeat. The
	 * state is read without event_lock: only this handler changes it. */
	input_event(in, EV_KEY, key, release ? 0 : test_bit(key, in->key) ? 2 : 1);
	input_sync(in);
}

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
		kbd_report(code, extended, release);
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

/* After /dev is mounted (the evdev handler is there): the keyboard as an
 * input device, "AT Translated Set 2 keyboard" as Linux calls it. */
void keyboard_input_init(void)
{
	struct input_dev *in = input_allocate_device();
	unsigned int i;
	int err;

	if (!in) {
		pr_err("keyboard: no memory for the input device\n");
		return;
	}
	in->name = "AT Translated Set 2 keyboard";
	in->phys = "isa0060/serio0/input0";
	in->id.bustype = BUS_I8042;
	in->id.vendor = 0x0001;
	in->id.product = 0x0001;
	in->id.version = 0xab41;
	for (i = 0; i < 0x80; i++)
		if (scan_to_key(i, false))
			input_set_capability(in, EV_KEY, scan_to_key(i, false));
	for (i = 0; i < ARRAY_SIZE(extended_keys); i++)
		input_set_capability(in, EV_KEY, extended_keys[i].key);
	err = input_register_device(in);
	if (err) {
		pr_err("keyboard: cannot register the input device: error %d\n", err);
		input_free_device(in);
		return;
	}
	smp_store_release(&kbd_input, in);
}
