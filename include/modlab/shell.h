/*
 * The kernel shell's commands. Each command lives with the subsystem it
 * belongs to and registers itself with SHELL_COMMAND; the shell finds them
 * all in the .shell_commands section, so adding one touches no other file.
 */
#ifndef _MODLAB_SHELL_H
#define _MODLAB_SHELL_H

#include <linux/compiler.h>

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
#define SHELL_MAX_ARGS	32

/* Read a line with editing and history. Returns its length, or -E2BIG if
 * the line was longer than size - 1 (the rest was dropped). */
int readline(char *buf, int size);
void readline_add_history(const char *line);

/* Split line into words in place (quotes '...' and "..." group);
 * returns argc, or a negative errno with a message printed. */
int shell_split(char *line, char **argv, int max);
/* Run a command in a thread of its own and wait for it: an oops kills
 * the command, not the shell (kernel/shell/foreground.c). */
int shell_run_command(const struct shell_command *cmd, int argc, char **argv);
/* Run one command line; returns the command's status. */
int shell_run_line(char *line);
void shell_main(void) __noreturn;
/* Run line in a background job (kernel/shell/jobs.c). */
int shell_start_job(const char *line);

const struct shell_command *shell_find_command(const char *name);

#endif
