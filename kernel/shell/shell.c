/*
 * The kernel shell: read a line, split it into words, run the command.
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

extern const struct shell_command __shell_commands_start[], __shell_commands_end[];

const struct shell_command *shell_find_command(const char *name)
{
	const struct shell_command *c;

	for (c = __shell_commands_start; c < __shell_commands_end; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

int shell_split(char *line, char **argv, int max)
{
	char *in = line, *out = line;
	int argc = 0;

	for (;;) {
		char quote = 0;

		while (*in == ' ' || *in == '\t')
			in++;
		if (!*in)
			break;
		if (argc == max) {
			printf("sh: too many arguments (at most %d)\n", max);
			return -E2BIG;
		}
		argv[argc++] = out;
		/* Copy the word down over its quotes; out never passes in. */
		for (; *in; in++) {
			if (quote) {
				if (*in == quote)
					quote = 0;
				else
					*out++ = *in;
			} else if (*in == '\'' || *in == '"') {
				quote = *in;
			} else if (*in == ' ' || *in == '\t') {
				in++;
				break;
			} else {
				*out++ = *in;
			}
		}
		if (quote) {
			printf("sh: unterminated %c quote\n", quote);
			return -EINVAL;
		}
		*out++ = '\0';
	}
	return argc;
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
	ssize_t n;

	if (!r->err && r->len) {
		n = kernel_write(r->file, r->buf, r->len, &r->file->f_pos);
		if (n < 0)
			r->err = n;
	}
	r->len = 0;
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
 * Find a redirection in argv ("> f", ">> f", ">f", ">>f"), take it out of
 * argv and open the file. Returns the new argc, or a negative errno after
 * saying what went wrong.
 */
static int parse_redirect(int argc, char **argv, struct redirect *r)
{
	int i, flags, words;
	const char *name;

	for (i = 0; i < argc; i++) {
		if (argv[i][0] != '>')
			continue;
		flags = O_WRONLY | O_CREAT | (argv[i][1] == '>' ? O_APPEND : O_TRUNC);
		name = argv[i] + (argv[i][1] == '>' ? 2 : 1);
		words = 1;
		if (!*name) {
			if (i + 1 >= argc) {
				printf("sh: syntax error: no file name after '%s'\n", argv[i]);
				return -EINVAL;
			}
			name = argv[i + 1];
			words = 2;
		}
		r->file = filp_open(name, flags, 0644);
		if (IS_ERR(r->file)) {
			printf("sh: %s: %s\n", name, strerror(PTR_ERR(r->file)));
			r->file = NULL;
			return -EINVAL;
		}
		for (; i + words <= argc; i++)
			argv[i] = argv[i + words];
		return argc - words;
	}
	return argc;
}

int shell_run_line(char *line)
{
	char *argv[SHELL_MAX_ARGS + 1];
	const struct shell_command *cmd;
	struct redirect r = { .file = NULL };
	struct task_struct *self = current;
	int argc = shell_split(line, argv, SHELL_MAX_ARGS), ret;

	if (argc <= 0)
		return argc;
	argc = parse_redirect(argc, argv, &r);
	if (argc < 0)
		return 1;
	argv[argc] = NULL;
	cmd = argc ? shell_find_command(argv[0]) : NULL;
	if (!cmd) {
		if (argc)
			printf("sh: %s: command not found\n", argv[0]);
		ret = argc ? 127 : 0;
	} else {
		if (r.file) {
			self->out_ctx = &r;
			self->out_write = redirect_write;
		}
		ret = shell_run_command(cmd, argc, argv);
		self->out_write = NULL;
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

/* A line ending in '&' runs as a job; returns true if it was one. */
static bool run_in_background(char *line)
{
	size_t n = strlen(line);

	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	if (!n || line[n - 1] != '&')
		return false;
	do
		line[--n] = '\0';	/* the '&' and the blanks before it */
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'));
	shell_start_job(line);
	return true;
}

void shell_main(void)
{
	char line[SHELL_LINE_MAX];

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
		if (!run_in_background(line))
			shell_run_line(line);
	}
}

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
