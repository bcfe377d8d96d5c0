/*
 * sh FILE: run a file's lines as if typed at the prompt, one after
 * another, each through the same parser and the same command threads.
 * Blank lines and lines starting with '#' do nothing. The status is the
 * last command's. A line too long for the shell stops the script (the rest
 * would run out of its context); so does Ctrl-C.
 *
 * A script may run scripts (even itself): each runs in a thread of its
 * own, so scripts_running bounds how many run at once, and a script that
 * runs itself for ever ends with a message instead of using up memory.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/atomic.h>
#include <linux/sched.h>
#include <modlab/console.h>
#include <modlab/shell.h>
#include <modlab/fs.h>
#include <modlab/errno.h>

#define MAX_SCRIPTS	16

static atomic_t scripts_running = ATOMIC_INIT(0);

static int run_script(const char *path, char *text, unsigned long len)
{
	char line[SHELL_LINE_MAX];
	unsigned long pos = 0, n;
	int status = 0, lineno = 0;

	while (pos < len) {
		char *nl = memchr(text + pos, '\n', len - pos);

		n = (nl ? (unsigned long)(nl - text) : len) - pos;
		lineno++;
		if (n >= sizeof(line)) {
			printf("sh: %s: line %d: longer than %d characters; stopped\n", path, lineno,
			       SHELL_LINE_MAX - 1);
			return 2;
		}
		memcpy(line, text + pos, n);
		line[n] = '\0';
		pos += n + 1;
		if (signal_pending(current)) {
			printf("sh: %s: interrupted at line %d\n", path, lineno);
			return 130;
		}
		if (line[strspn(line, " \t")])
			status = shell_run_line(line);
	}
	return status;
}

static int cmd_sh(int argc, char **argv)
{
	unsigned long len;
	char *text;
	int err, status;

	if (argc != 2) {
		printf("usage: sh FILE\n");
		return 2;
	}
	if (atomic_inc_return(&scripts_running) > MAX_SCRIPTS) {
		atomic_dec(&scripts_running);
		printf("sh: %s: too many scripts running at once (at most %d)\n", argv[1],
		       MAX_SCRIPTS);
		return 2;
	}
	text = kernel_read_whole_file(argv[1], &len, &err);
	if (!text) {
		atomic_dec(&scripts_running);
		printf("sh: %s: %s\n", argv[1], strerror(err));
		return 127;
	}
	status = run_script(argv[1], text, len);
	kfree(text);
	atomic_dec(&scripts_running);
	return status;
}
SHELL_COMMAND("sh", cmd_sh, "FILE", "run the commands in FILE, one line at a time");
