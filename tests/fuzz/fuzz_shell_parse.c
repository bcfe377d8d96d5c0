/*
 * libFuzzer harness for the shell's command-line parser
 * (kernel/shell/parse.c).
 *
 * Each input becomes a line in a heap block of exactly its length and its
 * NUL, and the result in a heap block of exactly its size (buf, where the
 * words go, is its last field), so AddressSanitizer sees a read past the
 * line or a write past the words. Then it checks what shell_parse()
 * promises: on success, argc words, NULL after them, each word and each
 * redirection's name a string inside buf, the '&' where it is said to be;
 * on failure, an errno it names and a message. A broken promise is a
 * crash (abort), which libFuzzer reports with the input that did it.
 *
 *     make fuzz                          run for FUZZ_TIME seconds (300)
 *     build/fuzz/fuzz_shell_parse FILE   replay one input
 */
#include <stdint.h>
#include <stdlib.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <modlab/shell.h>

/* s is a NUL-terminated string that lies inside cmd->buf. */
static void check_in_buf(const struct shell_cmdline *cmd, const char *s)
{
	const char *end = cmd->buf + sizeof(cmd->buf);

	if (s < cmd->buf || s >= end || !memchr(s, '\0', end - s))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct shell_cmdline *cmd = malloc(sizeof(*cmd));
	char *line = malloc(len + 1), err[96];
	int i, ret;

	if (!cmd || !line)
		abort();
	memcpy(line, data, len);
	line[len] = '\0';
	err[0] = '\0';
	ret = shell_parse(line, cmd, err, sizeof(err));
	if (ret) {
		if ((ret != -EINVAL && ret != -E2BIG && ret != -ENAMETOOLONG) || !err[0] ||
		    !memchr(err, '\0', sizeof(err)))
			abort();
		if (ret == -ENAMETOOLONG && strlen(line) < sizeof(cmd->buf))
			abort();
		goto out;
	}
	if (strlen(line) >= sizeof(cmd->buf))
		abort();	/* a line too long must be refused */
	if (cmd->argc < 0 || cmd->argc > SHELL_MAX_ARGS || cmd->argv[cmd->argc])
		abort();
	for (i = 0; i < cmd->argc; i++)
		check_in_buf(cmd, cmd->argv[i]);
	if (cmd->nr_redirects < 0 || cmd->nr_redirects > SHELL_MAX_REDIRECTS)
		abort();
	for (i = 0; i < cmd->nr_redirects; i++)
		check_in_buf(cmd, cmd->redirects[i].path);
	if (cmd->background && (cmd->background_at >= strlen(line) ||
				line[cmd->background_at] != '&' ||
				(!cmd->argc && !cmd->nr_redirects)))
		abort();
out:
	free(line);
	free(cmd);
	return 0;
}
