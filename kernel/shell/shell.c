/*
 * The kernel shell: read a line, split it into words, run the command.
 *
 * Commands are not listed here: each registers itself with SHELL_COMMAND
 * next to the code it drives, and the linker gathers them into one table.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
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

int shell_run_line(char *line)
{
	char *argv[SHELL_MAX_ARGS + 1];
	const struct shell_command *cmd;
	int argc = shell_split(line, argv, SHELL_MAX_ARGS);

	if (argc <= 0)
		return argc;
	argv[argc] = NULL;
	cmd = shell_find_command(argv[0]);
	if (!cmd) {
		printf("sh: %s: command not found\n", argv[0]);
		return 127;
	}
	return cmd->fn(argc, argv);
}

void shell_main(void)
{
	char line[SHELL_LINE_MAX];

	pr_info("modlab: shell ready on the serial console and the screen; type 'help'\n");
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
