/*
 * Shell commands for symbolic links: ln -s and readlink. Errors read as
 * coreutils' do, e.g. "ln: failed to create symbolic link 'b': File exists".
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <modlab/console.h>
#include <modlab/shell.h>
#include <modlab/errno.h>
#include <modlab/fs.h>

static int cmd_ln(int argc, char **argv)
{
	int err;

	/* Only symbolic links: modlab's filesystems have no hard links. */
	if (argc != 4 || strcmp(argv[1], "-s")) {
		printf("usage: ln -s TARGET LINK_NAME\n");
		return 1;
	}
	err = do_symlink(argv[2], argv[3]);
	if (err) {
		printf("ln: failed to create symbolic link '%s': %s\n", argv[3], strerror(err));
		return 1;
	}
	return 0;
}
SHELL_COMMAND("ln", cmd_ln, "-s TARGET LINK_NAME", "make a symbolic link to TARGET");

static int cmd_readlink(int argc, char **argv)
{
	char buf[PATH_MAX];
	int i, ret = 0;

	if (argc < 2) {
		printf("usage: readlink LINK...\n");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		int len = do_readlink(argv[i], buf, sizeof(buf));

		/* Like coreutils without -v, which prints nothing for a name
		 * that is not a link; modlab says why, on the same line. */
		if (len < 0) {
			printf("readlink: %s: %s\n", argv[i], strerror(len));
			ret = 1;
			continue;
		}
		printf("%s\n", buf);
	}
	return ret;
}
SHELL_COMMAND("readlink", cmd_readlink, "LINK...", "print the target of symbolic links");
