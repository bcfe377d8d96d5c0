/*
 * The shell's evtest: read struct input_event records from an event device
 * and print them one a line, as the Linux tool of that name does:
 *
 *	# evtest -c 2 /dev/input/event0
 *	Event: time 12.345678, type 1 (EV_KEY), code 30 (KEY_A), value 1
 *	Event: time 12.345678, -------------- SYN_REPORT ------------
 *
 * It reads the file through the VFS like any program would, so it shows
 * what a reader of the device gets. Ctrl-C ends it.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/input.h>
#include <modlab/console.h>
#include <modlab/shell.h>
#include <modlab/errno.h>

static const char *const type_names[EV_CNT] = {
	[EV_SYN] = "EV_SYN", [EV_KEY] = "EV_KEY", [EV_REL] = "EV_REL", [EV_ABS] = "EV_ABS",
	[EV_MSC] = "EV_MSC", [EV_SW] = "EV_SW", [EV_LED] = "EV_LED", [EV_SND] = "EV_SND",
	[EV_REP] = "EV_REP", [EV_FF] = "EV_FF", [EV_PWR] = "EV_PWR",
};

/* Names of the keys a test or a student types most; others print bare. */
static const char *const key_names[] = {
	[KEY_ESC] = "KEY_ESC", [KEY_1] = "KEY_1", [KEY_2] = "KEY_2", [KEY_3] = "KEY_3",
	[KEY_BACKSPACE] = "KEY_BACKSPACE", [KEY_TAB] = "KEY_TAB", [KEY_Q] = "KEY_Q",
	[KEY_W] = "KEY_W", [KEY_E] = "KEY_E", [KEY_R] = "KEY_R", [KEY_T] = "KEY_T",
	[KEY_Y] = "KEY_Y", [KEY_U] = "KEY_U", [KEY_I] = "KEY_I", [KEY_O] = "KEY_O",
	[KEY_P] = "KEY_P", [KEY_ENTER] = "KEY_ENTER", [KEY_LEFTCTRL] = "KEY_LEFTCTRL",
	[KEY_A] = "KEY_A", [KEY_S] = "KEY_S", [KEY_D] = "KEY_D", [KEY_F] = "KEY_F",
	[KEY_G] = "KEY_G", [KEY_H] = "KEY_H", [KEY_J] = "KEY_J", [KEY_K] = "KEY_K",
	[KEY_L] = "KEY_L", [KEY_LEFTSHIFT] = "KEY_LEFTSHIFT", [KEY_Z] = "KEY_Z",
	[KEY_X] = "KEY_X", [KEY_C] = "KEY_C", [KEY_V] = "KEY_V", [KEY_B] = "KEY_B",
	[KEY_N] = "KEY_N", [KEY_M] = "KEY_M", [KEY_SPACE] = "KEY_SPACE",
	[KEY_UP] = "KEY_UP", [KEY_LEFT] = "KEY_LEFT", [KEY_RIGHT] = "KEY_RIGHT",
	[KEY_DOWN] = "KEY_DOWN",
};

static void print_event(const struct input_event *ev)
{
	const char *type = ev->type < EV_CNT ? type_names[ev->type] : NULL;
	const char *code = NULL;

	printf("Event: time %lu.%06lu, ", ev->input_event_sec, ev->input_event_usec);
	if (ev->type == EV_SYN && ev->code == SYN_REPORT) {
		printf("-------------- SYN_REPORT ------------\n");
		return;
	}
	if (ev->type == EV_SYN && ev->code == SYN_DROPPED) {
		printf("-------------- SYN_DROPPED ------------\n");
		return;
	}
	if (ev->type == EV_KEY && ev->code < ARRAY_SIZE(key_names))
		code = key_names[ev->code];
	printf("type %u (%s), code %u", ev->type, type ?: "?", ev->code);
	if (code)
		printf(" (%s)", code);
	printf(", value %d\n", ev->value);
}

static int cmd_evtest(int argc, char **argv)
{
	unsigned long count = 0, seen = 0;	/* 0: until Ctrl-C */
	struct input_event ev[4];
	struct file *f;
	loff_t pos = 0;
	int i = 1, ret = 0;

	if (argc > 2 && !strcmp(argv[1], "-c")) {
		if (kstrtoul(argv[2], 10, &count) || !count) {
			printf("evtest: invalid event count '%s'\n", argv[2]);
			return 1;
		}
		i = 3;
	}
	if (argc - i != 1) {
		printf("usage: evtest [-c COUNT] DEVICE\n");
		return 1;
	}
	f = filp_open(argv[i], O_RDONLY, 0);
	if (IS_ERR(f)) {
		printf("evtest: %s: %s\n", argv[i], strerror(PTR_ERR(f)));
		return 1;
	}
	while (!count || seen < count) {
		size_t want = count ? min_t(unsigned long, count - seen, ARRAY_SIZE(ev)) :
				      ARRAY_SIZE(ev);
		ssize_t n = kernel_read(f, ev, want * sizeof(ev[0]), &pos), j;

		if (n == -ERESTARTSYS || n == -EINTR)
			break;		/* Ctrl-C */
		if (n <= 0 || n % sizeof(ev[0])) {
			printf("evtest: error reading '%s': %s\n", argv[i],
			       n ? strerror(n < 0 ? n : -EIO) : "end of file");
			ret = 1;
			break;
		}
		for (j = 0; j < n / (ssize_t)sizeof(ev[0]); j++)
			print_event(&ev[j]);
		seen += n / sizeof(ev[0]);
	}
	filp_close(f);
	return ret;
}
SHELL_COMMAND("evtest", cmd_evtest, "[-c COUNT] DEVICE",
	      "print the events an input device (/dev/input/eventN) reports");
