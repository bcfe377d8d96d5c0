/*
 * Line input with editing and history, for the serial line and the VGA
 * console alike. Keys arrive as a terminal sends them (the keyboard driver
 * translates to the same bytes):
 *   Enter (\r, \n or \r\n)  end the line
 *   Backspace (DEL or ^H)   delete left     Delete (ESC [ 3 ~)  delete here
 *   Left/Right, ^B/^F       move            Home/End, ^A/^E     line start/end
 *   Up/Down, ^P/^N          history         ^U  kill line       ^C  cancel line
 * Escape sequences are read whole (with a modifier, ESC [1;5C, an arrow is
 * still that arrow); unknown ones are dropped, never typed into the line.
 * The screen is redrawn with printable characters, spaces and backspaces
 * only, which every terminal and the VGA console understand.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <modlab/console.h>
#include <modlab/shell.h>

#define HISTORY_SIZE	32
#define CTRL(c)		((c) & 0x1f)
#define KEY_DEL		0x7f
#define KEY_ESC		0x1b

/* Keys after decoding escape sequences. */
enum {
	K_UP = 0x100, K_DOWN, K_LEFT, K_RIGHT, K_HOME, K_END, K_DELETE, K_UNKNOWN,
};

static char history[HISTORY_SIZE][SHELL_LINE_MAX];
static unsigned int history_count;	/* lines ever added; newest at (count-1) % SIZE */
static bool last_was_cr;		/* to treat \r\n as one Enter */

struct line {
	char *buf;
	int size, len, pos;		/* pos: cursor, 0..len */
	bool overflow;			/* characters were dropped since the last edit */
};

void readline_add_history(const char *line)
{
	if (!*line)
		return;
	if (history_count && !strcmp(history[(history_count - 1) % HISTORY_SIZE], line))
		return;		/* no duplicates in a row */
	strscpy(history[history_count % HISTORY_SIZE], line, SHELL_LINE_MAX);
	history_count++;
}

/* The key a sequence's final byte (and first parameter) stands for. */
static int final_key(int c, int first)
{
	switch (c) {
	case 'A': return K_UP;
	case 'B': return K_DOWN;
	case 'C': return K_RIGHT;
	case 'D': return K_LEFT;
	case 'H': return K_HOME;
	case 'F': return K_END;
	case '~':
		switch (first) {
		case 1: case 7: return K_HOME;
		case 4: case 8: return K_END;
		case 3: return K_DELETE;
		}
	}
	return K_UNKNOWN;
}

/*
 * The rest of an escape sequence, after ESC. A CSI sequence (ESC [) is
 * read whole, however many parameters it has: parameter bytes 0x30-0x3f
 * ("1;5"), intermediate bytes 0x20-0x2f, then one final byte 0x40-0x7e
 * (ECMA-48 5.4). Anything not known is dropped whole, so no part of it
 * lands in the line. With a modifier (ESC [1;5C is Ctrl-Right), an arrow
 * or Home/End is the same key.
 */
static int read_escape(void)
{
	int c = tty_getc(), first = 0;	/* the first parameter: 3 in ESC [3~ */
	bool in_first = true;

	if (c == 'O') {			/* SS3: ESC O A..D, ESC O H, ESC O F */
		c = tty_getc();
		return c < 0x20 || c == KEY_DEL ? c : c == '~' ? K_UNKNOWN : final_key(c, 0);
	}
	if (c < 0x20 || c == KEY_DEL)
		return c;		/* a lone Escape, then Enter (say): the key counts */
	if (c != '[')
		return K_UNKNOWN;	/* ESC x (Alt-x): both dropped */
	while ((c = tty_getc()) >= 0x30 && c <= 0x3f) {
		if (c < '0' || c > '9')
			in_first = false;
		else if (in_first && first < 1000)
			first = first * 10 + c - '0';
	}
	while (c >= 0x20 && c <= 0x2f)
		c = tty_getc();
	if (c < 0x20 || c == KEY_DEL)
		return c;		/* a sequence cut short by a key: keep the key */
	return final_key(c, first);
}

static int read_key(void)
{
	int c = tty_getc();

	return c == KEY_ESC ? read_escape() : c;
}

static void backspaces(int n)
{
	while (n-- > 0)
		console_putc('\b');
}

/* Redraw from the cursor to the end, blanking 'extra' old characters,
 * and put the cursor back. */
static void redraw_tail(struct line *l, int extra)
{
	int i;

	console_write(l->buf + l->pos, l->len - l->pos);
	for (i = 0; i < extra; i++)
		console_putc(' ');
	backspaces(l->len - l->pos + extra);
}

static void move_to(struct line *l, int pos)
{
	if (pos < l->pos)
		backspaces(l->pos - pos);
	else
		console_write(l->buf + l->pos, pos - l->pos);
	l->pos = pos;
}

static void insert_char(struct line *l, char c)
{
	if (l->len >= l->size - 1) {
		if (!l->overflow)
			console_putc('\a');	/* the bell: no more room */
		l->overflow = true;
		return;
	}
	memmove(l->buf + l->pos + 1, l->buf + l->pos, l->len - l->pos);
	l->buf[l->pos] = c;
	l->len++;
	console_putc(c);
	l->pos++;
	redraw_tail(l, 0);
}

/*
 * A full line refuses more characters (with the bell) and is refused at
 * Enter, so that a pasted line whose end was dropped does not run cut
 * short. Once the user deletes, the line on the screen is again the
 * whole line and is taken as it is.
 */
static void delete_at_cursor(struct line *l)
{
	if (l->pos == l->len)
		return;
	l->overflow = false;
	memmove(l->buf + l->pos, l->buf + l->pos + 1, l->len - l->pos - 1);
	l->len--;
	redraw_tail(l, 1);
}

/* Replace the whole line with text (history, kill line). */
static void replace_line(struct line *l, const char *text)
{
	int old_len = l->len;

	l->overflow = false;	/* a new line: nothing of it was dropped */
	move_to(l, 0);
	l->len = strscpy(l->buf, text, l->size);
	if (l->len < 0)
		l->len = l->size - 1;
	console_write(l->buf, l->len);
	l->pos = l->len;
	if (old_len > l->len) {
		int i;

		for (i = 0; i < old_len - l->len; i++)
			console_putc(' ');
		backspaces(old_len - l->len);
	}
}

int readline(char *buf, int size)
{
	struct line l = { .buf = buf, .size = size };
	unsigned int browse = history_count;	/* history_count: the line being typed */
	static char draft[SHELL_LINE_MAX];	/* the typed line while browsing history */

	buf[0] = '\0';
	for (;;) {
		int c = read_key();

		if (c == '\n' && last_was_cr) {
			last_was_cr = false;
			continue;
		}
		last_was_cr = c == '\r';
		switch (c) {
		case '\r':
		case '\n':
			buf[l.len] = '\0';
			console_putc('\n');
			return l.overflow ? -E2BIG : l.len;
		case KEY_DEL:
		case CTRL('H'):
			if (l.pos > 0) {
				move_to(&l, l.pos - 1);
				delete_at_cursor(&l);
			}
			break;
		case K_DELETE:
			delete_at_cursor(&l);
			break;
		case K_LEFT:
		case CTRL('B'):
			if (l.pos > 0)
				move_to(&l, l.pos - 1);
			break;
		case K_RIGHT:
		case CTRL('F'):
			if (l.pos < l.len)
				move_to(&l, l.pos + 1);
			break;
		case K_HOME:
		case CTRL('A'):
			move_to(&l, 0);
			break;
		case K_END:
		case CTRL('E'):
			move_to(&l, l.len);
			break;
		case CTRL('U'):
			l.buf[l.len] = '\0';
			replace_line(&l, "");
			break;
		case CTRL('C'):
			console_write("^C\n", 3);
			buf[0] = '\0';
			return 0;
		case K_UP:
		case CTRL('P'):
			/* Stop at the oldest line still kept. */
			if (history_count - browse >= min(history_count, (unsigned int)HISTORY_SIZE))
				break;
			if (browse == history_count) {
				buf[l.len] = '\0';
				strscpy(draft, buf, sizeof(draft));
			}
			browse--;
			replace_line(&l, history[browse % HISTORY_SIZE]);
			break;
		case K_DOWN:
		case CTRL('N'):
			if (browse == history_count)
				break;
			browse++;
			replace_line(&l, browse == history_count ? draft :
				     history[browse % HISTORY_SIZE]);
			break;
		default:
			if (c >= ' ' && c < KEY_DEL)
				insert_char(&l, c);
			break;
		}
	}
}
