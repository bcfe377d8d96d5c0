/*
 * The VGA text screen (80x25 at 0xb8000) as a console: newline, carriage
 * return, backspace and tab, scrolling, and the blinking hardware cursor.
 *
 * Like a terminal, it wraps lazily: after a character in the last column
 * the cursor waits there (col == COLS) and only the next printable
 * character moves to a new row, so a line of exactly 80 characters and its
 * newline take one row. Backspace at the start of a row goes back to the
 * end of the row above, so the line editor can move across wrapped lines.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/io.h>
#include <modlab/console.h>

#define VGA_TEXT	((volatile u16 *)0xb8000)
#define COLS		80
#define ROWS		25
#define ATTR		0x07	/* light grey on black */
#define CRTC_INDEX	0x3d4
#define CRTC_DATA	0x3d5

static unsigned int row, col;

static void put_cell(unsigned int r, unsigned int c, char ch)
{
	VGA_TEXT[r * COLS + c] = (ATTR << 8) | (u8)ch;
}

static void scroll(void)
{
	unsigned int c;

	for (c = 0; c < (ROWS - 1) * COLS; c++)
		VGA_TEXT[c] = VGA_TEXT[c + COLS];
	for (c = 0; c < COLS; c++)
		put_cell(ROWS - 1, c, ' ');
	row = ROWS - 1;
}

static void move_cursor(void)
{
	u16 pos = row * COLS + min(col, COLS - 1);

	outb(0x0f, CRTC_INDEX);
	outb(pos & 0xff, CRTC_DATA);
	outb(0x0e, CRTC_INDEX);
	outb(pos >> 8, CRTC_DATA);
}

static void vga_putc(char ch)
{
	switch (ch) {
	case '\n':
		col = 0;
		row++;
		break;
	case '\r':
		col = 0;
		break;
	case '\b':
		if (col) {
			col--;
		} else if (row) {
			row--;
			col = COLS - 1;
		}
		break;
	case '\t':
		do
			vga_putc(' ');
		while (col % 8 && col < COLS);
		return;
	default:
		if ((u8)ch < ' ')
			return;		/* other control characters are not shown */
		if (col >= COLS) {	/* the wrap that was waiting */
			col = 0;
			row++;
			if (row >= ROWS)
				scroll();
		}
		put_cell(row, col, ch);
		col++;
		return;
	}
	if (row >= ROWS)
		scroll();
}

static void vga_write(struct console *con, const char *s, size_t len)
{
	while (len--)
		vga_putc(*s++);
	move_cursor();
}

static struct console vga_console = {
	.name = "tty0",
	.write = vga_write,
};

void vga_init(void)
{
	unsigned int r, c;

	for (r = 0; r < ROWS; r++)
		for (c = 0; c < COLS; c++)
			put_cell(r, c, ' ');
	row = col = 0;
	move_cursor();
	register_console(&vga_console);
}
