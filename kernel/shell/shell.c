/*
 * The kernel shell: read a line, parse it (parse.c), run the command.
 *
 * Commands are not listed here: each registers itself with SHELL_COMMAND
 * next to the code it drives, and the linker gathers them into one table.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <modlab/console.h>
#include <modlab/shell.h>
#include <modlab/time.h>
#include <modlab/errno.h>
#include <modlab/sched.h>

extern const struct shell_command __shell_commands_start[], __shell_commands_end[];

const struct shell_command *shell_find_command(const char *name)
{
	const struct shell_command *c;

	for (c = __shell_commands_start; c < __shell_commands_end; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/*
 * Output redirection: '> FILE' truncates, '>> FILE' appends. Output is
 * gathered and written in as few writes as possible (one for a short
 * command), as a shell's echo does: a /proc control file then sees
 * "hold 3\n" whole, not word by word.
 */
#define REDIRECT_BUF	1024

struct redirect {
	struct file *file;
	int err;		/* first write error */
	size_t len;
	char buf[REDIRECT_BUF];
};

static void redirect_flush(struct redirect *r)
{
	size_t len = r->len;
	ssize_t n;

	/* Emptied first: if the driver's write oopses, the thread that
	 * flushed dies and nobody writes these bytes again. */
	r->len = 0;
	if (!r->err && len) {
		n = kernel_write(r->file, r->buf, len, &r->file->f_pos);
		if (n < 0)
			r->err = n;
	}
}

/* The end of a command, in its own thread (task_struct.out_flush). */
static void redirect_finish(void *ctx)
{
	redirect_flush(ctx);
}

static void redirect_write(void *ctx, const char *s, size_t len)
{
	struct redirect *r = ctx;

	while (len) {
		size_t n = min(len, REDIRECT_BUF - r->len);

		memcpy(r->buf + r->len, s, n);
		r->len += n;
		s += n;
		len -= n;
		if (r->len == REDIRECT_BUF)
			redirect_flush(r);
	}
}

/*
 * Open each redirection in the line's order, as sh does: every file is
 * created (and truncated, for '>'), the last one gets the output. Returns
 * 0, or 1 after saying which file could not be opened.
 */
static int open_redirects(const struct shell_cmdline *cmd, struct redirect *r)
{
	int i;

	for (i = 0; i < cmd->nr_redirects; i++) {
		const struct shell_redirect *rd = &cmd->redirects[i];
		struct file *f = filp_open(rd->path, O_WRONLY | O_CREAT |
					   (rd->append ? O_APPEND : O_TRUNC), 0644);

		if (IS_ERR(f)) {
			printf("sh: %s: %s\n", rd->path, strerror(PTR_ERR(f)));
			return 1;
		}
		if (r->file)
			filp_close(r->file);
		r->file = f;
	}
	return 0;
}

int shell_exec(int argc, char **argv)
{
	const struct shell_command *cmd = shell_find_command(argv[0]);

	if (!cmd) {
		printf("sh: %s: command not found\n", argv[0]);
		return 127;
	}
	if (!cmd->usage[0] && argc > 1) {	/* it takes no arguments */
		printf("%s: extra operand '%s'\n", argv[0], argv[1]);
		return 1;
	}
	return shell_run_command(cmd, argc, argv);	/* in a thread of its own */
}

/* Run a parsed command in this thread, its output redirected if asked. */
static int run_command(struct shell_cmdline *cmd)
{
	struct redirect r = { .file = NULL };
	struct task_struct *self = current;
	int ret = open_redirects(cmd, &r);

	if (!ret && cmd->argc) {
		if (r.file) {
			self->out_ctx = &r;
			self->out_write = redirect_write;
			self->out_flush = redirect_finish;
		}
		ret = shell_exec(cmd->argc, cmd->argv);
		self->out_write = NULL;
		self->out_flush = NULL;
		self->out_ctx = NULL;
	}
	if (r.file) {
		redirect_flush(&r);
		filp_close(r.file);
		if (r.err) {
			printf("sh: write error: %s\n", strerror(r.err));
			ret = 1;
		}
	}
	return ret;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Start the line up to its '&', without the blanks around, as a job. */
static int run_in_background(const char *line, size_t amp)
{
	char job[SHELL_LINE_MAX];
	size_t start = 0;

	while (blank(line[start]))
		start++;
	while (amp > start && blank(line[amp - 1]))
		amp--;
	/* amp < SHELL_LINE_MAX: the parser refuses longer lines. */
	memcpy(job, line + start, amp - start);
	job[amp - start] = '\0';
	return shell_start_job(job) ? 1 : 0;
}

int shell_run_line(const char *line)
{
	struct shell_cmdline cmd;
	char err[96];

	if (shell_parse(line, &cmd, err, sizeof(err))) {
		printf("sh: %s\n", err);
		return 2;	/* sh's status for a syntax error */
	}
	if (cmd.background)
		return run_in_background(line, cmd.background_at);
	return run_command(&cmd);
}

void shell_main(void)
{
	char line[SHELL_LINE_MAX];

	current->tty = &console_tty;
	pr_info("modlab: shell ready on the serial console and the screen; type 'help'\n");
	if (console_loglevel <= LOGLEVEL_INFO)	/* 'quiet': say it on the console anyway */
		printf("modlab: shell ready; type 'help'\n");
	for (;;) {
		int n;

		printf("# ");
		n = readline(line, sizeof(line));
		if (n == -E2BIG) {
			printf("sh: line too long (more than %d characters); ignored\n",
			       SHELL_LINE_MAX - 1);
			continue;
		}
		readline_add_history(line);
		tty_set_foreground(current);	/* Ctrl-C interrupts the command */
		shell_run_line(line);
		tty_set_foreground(NULL);
	}
}

/*
 * time COMMAND: run it and say how long it took by the clock on the wall
 * (ktime_get_ns, the TSC), as a shell's time does. The figure goes to the
 * console even when the command's output is redirected, after that output.
 */
static int cmd_time(int argc, char **argv)
{
	char msg[48];
	u64 start, ns;
	u32 us;
	int ret, len;

	if (argc < 2) {
		printf("usage: time COMMAND [ARG...]\n");
		return 1;
	}
	start = ktime_get_ns();
	ret = shell_exec(argc - 1, argv + 1);
	ns = ktime_get_ns();
	/* The command may have moved to another CPU: should that CPU's TSC
	 * be behind, say 0 rather than a time near 2^64 ns. */
	ns = ns > start ? ns - start : 0;
	do_div(ns, 1000);			/* ns is now in microseconds */
	us = do_div(ns, 1000000);		/* and now in seconds */
	len = scnprintf(msg, sizeof(msg), "real %llu.%06us\n", (unsigned long long)ns, us);
	console_write(msg, len);
	return ret;
}
SHELL_COMMAND("time", cmd_time, "COMMAND [ARG...]",
	      "run COMMAND and print the wall time it took (real SECONDS)");

static int cmd_help(int argc, char **argv)
{
	const struct shell_command *c, *best;
	const char *last = "";

	if (argc > 1) {
		c = shell_find_command(argv[1]);
		if (!c) {
			printf("help: no command '%s'; 'help' lists them\n", argv[1]);
			return 1;
		}
		printf("usage: %s %s\n  %s\n", c->name, c->usage, c->help);
		return 0;
	}
	/* Alphabetical order, whatever order the linker chose. */
	for (;;) {
		best = NULL;
		for (c = __shell_commands_start; c < __shell_commands_end; c++)
			if (strcmp(c->name, last) > 0 && (!best || strcmp(c->name, best->name) < 0))
				best = c;
		if (!best)
			return 0;
		printf("  %-10s %s\n", best->name, best->help);
		last = best->name;
	}
}
SHELL_COMMAND("help", cmd_help, "[COMMAND]", "list commands, or show how to use one");
