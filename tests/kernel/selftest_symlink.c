/*
 * Symbolic-link self test: the errors the shell cannot reach. open with
 * O_NOFOLLOW on a link, vfs_readlink of a non-link, a spliced path longer
 * than PATH_MAX, an empty target, symlink creation over a link, and a
 * readlink buffer shorter than the target (truncated, as Linux's).
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <modlab/fs.h>
#include <modlab/errno.h>
#include "selftest.h"

#define DIR	"/tmp/symlink-selftest"

static int expect_err(const char *what, int seen, int want)
{
	if (seen == want)
		return 0;
	return selftest_fail("%s: expected %s, saw %d (%s)", what, strerror(want), seen,
			     seen < 0 ? strerror(seen) : "success");
}

static int open_err(const char *path, int flags)
{
	struct file *f = filp_open(path, flags, 0644);

	if (IS_ERR(f))
		return PTR_ERR(f);
	filp_close(f);
	return 0;
}

static int check_errors(char *long_target)
{
	char buf[8];
	struct path p;
	int err = 0, n;

	err |= expect_err("open(O_NOFOLLOW) of a link", open_err(DIR "/l", O_RDONLY | O_NOFOLLOW),
			  -ELOOP);
	err |= expect_err("open(O_CREAT|O_NOFOLLOW) of a link",
			  open_err(DIR "/l", O_WRONLY | O_CREAT | O_NOFOLLOW), -ELOOP);
	err |= expect_err("open(O_CREAT|O_EXCL) of a link",
			  open_err(DIR "/l", O_WRONLY | O_CREAT | O_EXCL), -EEXIST);
	err |= expect_err("open(O_CREAT) through a dangling link",
			  open_err(DIR "/dangling", O_WRONLY | O_CREAT), -ENOENT);
	err |= expect_err("open of a link to a file", open_err(DIR "/l", O_RDONLY), 0);
	err |= expect_err("symlink with an empty target", do_symlink("", DIR "/e"), -ENOENT);
	err |= expect_err("symlink over a link", do_symlink("x", DIR "/l"), -EEXIST);
	err |= expect_err("symlink named 'new/'", do_symlink("x", DIR "/new/"), -ENOENT);
	err |= expect_err("readlink of a file", do_readlink(DIR "/f", buf, sizeof(buf)), -EINVAL);
	/* A target of PATH_MAX - 1 bytes fits alone, but not with "/x" after it. */
	err |= expect_err("a long link made", do_symlink(long_target, DIR "/long"), 0);
	err |= expect_err("a spliced path past PATH_MAX", kern_path(DIR "/long/x", &p),
			  -ENAMETOOLONG);
	/* vfs_readlink copies what fits, without a NUL, as Linux's readlink. */
	if (kern_path(DIR, &p) == 0) {
		struct dentry *d;

		mutex_lock(&vfs_lock);	/* do_symlink put the link's dentry in the tree */
		d = d_lookup(p.dentry, "dangling");
		if (d)
			dget(d);
		mutex_unlock(&vfs_lock);
		if (!d)
			err |= selftest_fail("expected the link's dentry in the tree, saw none");
		if (d) {
			n = vfs_readlink(d, (__force char __user *)buf, 3);
			if (n != 3 || memcmp(buf, "/no", 3))
				err |= selftest_fail("readlink into 3 bytes: expected '/no', saw %d",
						     n);
			dput(d);
		}
		path_put(&p);
	}
	return err;
}

int selftest_symlink_errors(int argc, char **argv)
{
	char *long_target = kmalloc(PATH_MAX, GFP_KERNEL);
	struct file *f;
	int err;

	if (!long_target)
		return selftest_fail("expected memory for the test, saw none");
	memset(long_target, 'a', PATH_MAX - 1);
	long_target[PATH_MAX - 1] = '\0';
	do_mkdir(DIR, 0755);
	f = filp_open(DIR "/f", O_WRONLY | O_CREAT, 0644);
	if (!IS_ERR(f))
		filp_close(f);
	do_symlink("f", DIR "/l");
	do_symlink("/nowhere/at/all", DIR "/dangling");
	err = check_errors(long_target);
	do_unlink(DIR "/long");
	do_unlink(DIR "/dangling");
	do_unlink(DIR "/l");
	do_unlink(DIR "/f");
	if (do_rmdir(DIR))
		err |= selftest_fail("expected the test directory to be left empty, it was not");
	kfree(long_target);
	return err ? -EINVAL : 0;
}
