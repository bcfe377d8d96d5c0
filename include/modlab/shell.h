/*
 * The kernel shell's commands. Each command lives with the subsystem it
 * belongs to and registers itself with SHELL_COMMAND; the shell finds them
 * all in the .shell_commands section, so adding one touches no other file.
 */
#ifndef _MODLAB_SHELL_H
#define _MODLAB_SHELL_H

#include <linux/compiler.h>
#include <linux/types.h>

struct shell_command {
	const char *name;
	const char *usage;	/* arguments, e.g. "[-n] [STRING...]" */
	const char *help;	/* one line */
	int (*fn)(int argc, char **argv);	/* returns 0 on success */
};

#define SHELL_COMMAND(cname, func, cusage, chelp)				\
	static const struct shell_command __shell_cmd_##func			\
	__used __section(".shell_commands") __aligned(4) = {			\
		.name = cname, .usage = cusage, .help = chelp, .fn = func,	\
	}

#define SHELL_LINE_MAX	256	/* bytes in an input line, with its NUL */
#define SHELL_MAX_ARGS	(SHELL_LINE_MAX / 2)	/* as many words as a line can hold */
#define SHELL_MAX_REDIRECTS	16

/* Read a line with editing and history. Returns its length, or -E2BIG if
 * the line was longer than size - 1 (the rest was dropped). */
int readline(char *buf, int size);
void readline_add_history(const char *line);

/* An output redirection: "> path" (truncate) or ">> path" (append). */
struct shell_redirect {
	const char *path;
	bool append;
};

/* A parsed command line (kernel/shell/parse.c). */
struct shell_cmdline {
	int argc;
	char *argv[SHELL_MAX_ARGS + 1];		/* NULL after the last */
	int nr_redirects;
	struct shell_redirect redirects[SHELL_MAX_REDIRECTS];	/* in the line's order */
	bool background;			/* the line ended in '&' */
	size_t background_at;			/* and the '&' is line[background_at] */
	char buf[SHELL_LINE_MAX];		/* the words' text */
};

/* The one tokeniser every command line goes through: words (quotes
 * removed), redirections, a final '&'. Returns 0 or a negative errno with
 * err holding the reason (without the "sh: "). */
int shell_parse(const char *line, struct shell_cmdline *cmd, char *err, size_t err_size);
/* Run one command line; returns the command's status (2: syntax error). */
int shell_run_line(const char *line);
/* Run argv[0] with its arguments (127 if there is no such command). */
int shell_exec(int argc, char **argv);
/* Run a command in a thread of its own and wait for it: an oops kills
 * the command, not the shell (kernel/shell/foreground.c). */
int shell_run_command(const struct shell_command *cmd, int argc, char **argv);
void shell_main(void) __noreturn;
/* Run line in a background job (kernel/shell/jobs.c). */
int shell_start_job(const char *line);

const struct shell_command *shell_find_command(const char *name);

#endif
