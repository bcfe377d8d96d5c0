/*
 * The VGA text screen (80x25 at 0xb8000) as a console: newline, carriage
 * return, backspace and tab, scrolling, and the blinking hardware cursor.
 *
 * Like a terminal, it wraps lazily: after a character in the last column
 * the cursor waits there (col == COLS) and only the next printable
 * character moves to a new row, so a line of exactly 80 characters and its
 * newline take one row. Backspace at the start of a row goes back to the
 * end of the row above, so the line editor can move across wrapped lines.
 *
 * Scrolling moves the screen, not the text. The text window at 0xb8000
 * holds 32 KiB, room for 204 rows, and the CRT controller shows the 25
 * that start at its start address (origin here). A scroll moves origin
 * down a row and blanks the one new row: 80 writes. Copying 24 rows up
 * instead would read and write 3840 cells of video memory for every new
 * line, and under QEMU each of those accesses is an emulated device access,
 * which made every line printed cost a fraction of a millisecond. When
 * origin reaches the window's end, the screen is copied back to its start
 * once from a copy in RAM (shadow), so video memory is never read.
 *
 * Locking: printk calls vga_write under console_lock, which serialises
 * everything here (row, col, origin, shadow); see kernel/printk.c for the
 * one exception, an oops that gave up waiting for that lock.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/io.h>
#include <modlab/console.h>

#define VGA_TEXT	((volatile u16 *)0xb8000)
#define WINDOW_CELLS	(32 * 1024 / 2)	/* the text window's size in cells */
#define COLS		80
#define ROWS		25
#define ATTR		0x07	/* light grey on black */
#define BLANK		((ATTR << 8) | ' ')
#define CRTC_INDEX	0x3d4
#define CRTC_DATA	0x3d5
#define CRTC_START_HI	0x0c	/* the cell the screen starts at */
#define CRTC_START_LO	0x0d
#define CRTC_CURSOR_HI	0x0e	/* the cell the cursor is on (not relative to the start) */
#define CRTC_CURSOR_LO	0x0f

static unsigned int row, col;
static unsigned int origin;		/* the cell of the window at the top left */
static u16 shadow[ROWS * COLS];		/* the screen's cells, top row first */

static void crtc_write16(u8 hi_index, u8 lo_index, u16 value)
{
	outb(lo_index, CRTC_INDEX);
	outb(value & 0xff, CRTC_DATA);
	outb(hi_index, CRTC_INDEX);
	outb(value >> 8, CRTC_DATA);
}

static void set_cell(unsigned int r, unsigned int c, u16 cell)
{
	shadow[r * COLS + c] = cell;
	VGA_TEXT[origin + r * COLS + c] = cell;
}

static void put_cell(unsigned int r, unsigned int c, char ch)
{
	set_cell(r, c, (ATTR << 8) | (u8)ch);
}

static void scroll(void)
{
	unsigned int c;

	memmove(shadow, shadow + COLS, (ROWS - 1) * COLS * sizeof(shadow[0]));
	if (origin + (ROWS + 1) * COLS <= WINDOW_CELLS) {
		origin += COLS;
	} else {
		/* Back to the window's start: rows 1.. of the old screen, once. */
		origin = 0;
		for (c = 0; c < (ROWS - 1) * COLS; c++)
			VGA_TEXT[c] = shadow[c];
	}
	for (c = 0; c < COLS; c++)
		set_cell(ROWS - 1, c, BLANK);
	crtc_write16(CRTC_START_HI, CRTC_START_LO, origin);
	row = ROWS - 1;
}

static void move_cursor(void)
{
	crtc_write16(CRTC_CURSOR_HI, CRTC_CURSOR_LO, origin + row * COLS + min(col, COLS - 1));
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

	origin = 0;
	for (r = 0; r < ROWS; r++)
		for (c = 0; c < COLS; c++)
			set_cell(r, c, BLANK);
	row = col = 0;
	crtc_write16(CRTC_START_HI, CRTC_START_LO, origin);
	move_cursor();
	register_console(&vga_console);
}
