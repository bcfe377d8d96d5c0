/*
 * Shell commands for files: ls, cat, cd, pwd, mkdir, rmdir, rm, touch, mv,
 * mount, umount, df, stat (ln -s and readlink are in link_commands.c).
 * Errors read as the GNU tools' do, e.g.
 * "ls: cannot access '/nope': No such file or directory".
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <modlab/console.h>
#include <modlab/shell.h>
#include <modlab/errno.h>
#include <modlab/fs.h>

#define PAGE_SIZE_BUF	4096	/* cat reads this much at a time */

/* "drwxr-xr-x" for a mode. */
static void mode_string(umode_t mode, char *s)
{
	static const char rwx[] = "rwxrwxrwx";
	int i;

	s[0] = S_ISDIR(mode) ? 'd' : S_ISLNK(mode) ? 'l' : S_ISBLK(mode) ? 'b' :
	       S_ISCHR(mode) ? 'c' : '-';
	for (i = 0; i < 9; i++)
		s[i + 1] = (mode & (0400 >> i)) ? rwx[i] : '-';
	s[10] = '\0';
}

/* ---- ls ---- */

/* The names are kmalloc'd to their length: a directory may hold
 * thousands, and NAME_MAX + 1 bytes each would be megabytes. */
struct ls_entry {
	char *name;
	unsigned int type;
};

struct ls_list {
	struct ls_entry *entries;
	unsigned int n, max;
	int err;		/* out of memory: the listing is not whole */
	struct dir_context ctx;
};

static int ls_fill(struct dir_context *ctx, const char *name, int len, loff_t pos,
		   unsigned long ino, unsigned int type)
{
	struct ls_list *l = container_of(ctx, struct ls_list, ctx);
	char *copy;

	if (l->n == l->max) {
		struct ls_entry *bigger = kmalloc(2 * l->max * sizeof(*bigger), GFP_KERNEL);

		if (!bigger)
			return l->err = -ENOMEM;	/* stops the directory read */
		memcpy(bigger, l->entries, l->n * sizeof(*bigger));
		kfree(l->entries);
		l->entries = bigger;
		l->max *= 2;
	}
	copy = kmalloc(len + 1, GFP_KERNEL);
	if (!copy)
		return l->err = -ENOMEM;
	memcpy(copy, name, len);
	copy[len] = '\0';
	l->entries[l->n].name = copy;
	l->entries[l->n].type = type;
	l->n++;
	return 0;
}

static void ls_free(struct ls_list *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++)
		kfree(l->entries[i].name);
	kfree(l->entries);
}

/* Make e[root..n) a heap again, its root perhaps out of place. */
static void sift_down(struct ls_entry *e, unsigned int root, unsigned int n)
{
	for (;;) {
		unsigned int child = 2 * root + 1;
		struct ls_entry tmp;

		if (child >= n)
			return;
		if (child + 1 < n && strcmp(e[child].name, e[child + 1].name) < 0)
			child++;
		if (strcmp(e[root].name, e[child].name) >= 0)
			return;
		tmp = e[root];
		e[root] = e[child];
		e[child] = tmp;
		root = child;
	}
}

/*
 * Alphabetical, as ls prints. Heapsort: n log n comparisons and no extra
 * memory, whatever order the directory gives (an insertion sort here took
 * seconds on a directory of 10,000 files).
 */
static void sort_entries(struct ls_entry *e, unsigned int n)
{
	struct ls_entry tmp;
	unsigned int i;

	for (i = n / 2; i-- > 0;)
		sift_down(e, i, n);
	for (i = n; i-- > 1;) {
		tmp = e[0];
		e[0] = e[i];
		e[i] = tmp;
		sift_down(e, 0, i);
	}
}

/* "lrwxrwxrwx   1        4 name -> dest", as ls -l shows a link. */
static void ls_long_link(const char *path, const char *mode, const struct kstat *st,
			 const char *shown)
{
	char target[PATH_MAX];
	int err = do_readlink(path, target, sizeof(target));

	if (err < 0) {
		printf("ls: cannot read symbolic link '%s': %s\n", path, strerror(err));
		return;
	}
	printf("%s %3u %8lld %s -> %s\n", mode, st->nlink, (long long)st->size, shown, target);
}

static void ls_long(const char *path, const char *shown)
{
	struct kstat st;
	char mode[11];
	int err = vfs_lstat(path, &st);	/* a link is shown, not followed */

	if (err) {
		printf("ls: cannot access '%s': %s\n", path, strerror(err));
		return;
	}
	mode_string(st.mode, mode);
	/* A character device's numbers, as ls shows them; a block device's
	 * size, which says more here than its number. */
	if (S_ISCHR(st.mode))
		printf("%s %3u %3u, %3u %s\n", mode, st.nlink, MAJOR(st.rdev), MINOR(st.rdev),
		       shown);
	else if (S_ISLNK(st.mode))
		ls_long_link(path, mode, &st, shown);
	else
		printf("%s %3u %8lld %s\n", mode, st.nlink, (long long)st.size, shown);
}

static int ls_one(const char *path, bool longfmt)
{
	struct ls_list l = { .max = 32 };
	struct kstat st;
	struct file *dir;
	unsigned int i;
	int err;

	/* Look before opening: opening a device file would call its driver.
	 * A link named here is listed through (to its directory), except with
	 * -l or when it dangles, where the link itself is shown, as GNU ls. */
	err = vfs_lstat(path, &st);
	if (!err && S_ISLNK(st.mode) && !longfmt && vfs_stat(path, &st))
		err = vfs_lstat(path, &st);
	if (err) {
		printf("ls: cannot access '%s': %s\n", path, strerror(err));
		return 1;
	}
	if (!S_ISDIR(st.mode)) {
		if (longfmt)
			ls_long(path, path);
		else
			printf("%s\n", path);
		return 0;
	}
	dir = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(dir)) {
		printf("ls: cannot access '%s': %s\n", path, strerror(PTR_ERR(dir)));
		return 1;
	}
	l.entries = kmalloc(l.max * sizeof(*l.entries), GFP_KERNEL);
	l.ctx.actor = ls_fill;
	err = l.entries ? iterate_dir(dir, &l.ctx) : -ENOMEM;
	if (!err)
		err = l.err;
	filp_close(dir);
	if (err) {
		printf("ls: cannot read directory '%s': %s\n", path, strerror(err));
		ls_free(&l);
		return 1;
	}
	sort_entries(l.entries, l.n);
	for (i = 0; i < l.n; i++) {
		const char *name = l.entries[i].name;

		if (name[0] == '.')
			continue;	/* ., .. and hidden files, as ls does */
		if (longfmt) {
			char full[PATH_MAX];

			snprintf(full, sizeof(full), "%s/%s", path, name);
			ls_long(full, name);
		} else {
			printf("%s%s\n", name, l.entries[i].type == DT_DIR ? "/" : "");
		}
	}
	ls_free(&l);
	return 0;
}

static int cmd_ls(int argc, char **argv)
{
	bool longfmt = false;
	int i, ret = 0, paths = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-l"))
			longfmt = true;
		else
			paths++;
	}
	if (!paths)
		return ls_one(".", longfmt);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-l"))
			continue;
		if (paths > 1)
			printf("%s:\n", argv[i]);
		ret |= ls_one(argv[i], longfmt);
	}
	return ret;
}
SHELL_COMMAND("ls", cmd_ls, "[-l] [PATH...]",
	      "list a directory (-l: mode, links, size or device numbers)");

static int cmd_cat(int argc, char **argv)
{
	char *buf;
	int i, ret = 0;

	if (argc < 2) {
		printf("usage: cat FILE...\n");
		return 1;
	}
	buf = kmalloc(PAGE_SIZE_BUF, GFP_KERNEL);
	if (!buf) {
		/* Say so for each file, as if each failed to open. */
		for (i = 1; i < argc; i++)
			printf("cat: %s: %s\n", argv[i], strerror(-ENOMEM));
		return 1;
	}
	for (i = 1; i < argc; i++) {
		struct file *f = filp_open(argv[i], O_RDONLY, 0);
		loff_t pos = 0;
		ssize_t n;

		if (IS_ERR(f)) {
			printf("cat: %s: %s\n", argv[i], strerror(PTR_ERR(f)));
			ret = 1;
			continue;
		}
		while ((n = kernel_read(f, buf, PAGE_SIZE_BUF, &pos)) > 0)
			out_write(buf, n);
		if (n < 0) {
			printf("cat: %s: %s\n", argv[i], strerror(n));
			ret = 1;
		}
		filp_close(f);
	}
	kfree(buf);
	return ret;
}
SHELL_COMMAND("cat", cmd_cat, "FILE...", "print files");

static int cmd_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "/";
	int err = set_cwd(dir);

	if (err) {
		printf("cd: %s: %s\n", dir, strerror(err));
		return 1;
	}
	return 0;
}
SHELL_COMMAND("cd", cmd_cd, "[DIR]", "change the working directory (default /)");

static int cmd_pwd(int argc, char **argv)
{
	char buf[PATH_MAX];
	int n = get_cwd(buf, sizeof(buf));

	if (n < 0) {
		printf("pwd: %s\n", strerror(n));
		return 1;
	}
	printf("%s\n", buf);
	return 0;
}
SHELL_COMMAND("pwd", cmd_pwd, "", "print the working directory");

/* For mkdir -p: made now, or a directory already (even "/", "." or ".."). */
static int mkdir_or_have(const char *path)
{
	struct kstat st;
	int err = do_mkdir(path, 0755);

	if (err && !vfs_stat(path, &st) && S_ISDIR(st.mode))
		return 0;
	return err;
}

/*
 * mkdir -p: each missing directory along the path, as coreutils makes
 * them. A component ends at a '/' that follows something other than a
 * '/', so "//q//r//" makes "//q" and then the whole, and never asks for
 * "/" itself.
 */
static int mkdir_parents(const char *path)
{
	char buf[PATH_MAX];
	size_t i;
	int err;

	if (strscpy(buf, path, sizeof(buf)) < 0)
		return -ENAMETOOLONG;
	for (i = 1; buf[i]; i++) {
		if (buf[i] != '/' || buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		err = mkdir_or_have(buf);
		buf[i] = '/';
		if (err && err != -EEXIST)	/* a file there: the next step says ENOTDIR */
			return err;
	}
	return mkdir_or_have(buf);
}

static int cmd_mkdir(int argc, char **argv)
{
	bool parents = false;
	int i, ret = 0;

	for (i = 1; i < argc; i++) {
		int err;

		if (!strcmp(argv[i], "-p")) {
			parents = true;
			continue;
		}
		err = parents ? mkdir_parents(argv[i]) : do_mkdir(argv[i], 0755);
		if (err) {
			printf("mkdir: cannot create directory '%s': %s\n", argv[i], strerror(err));
			ret = 1;
		}
	}
	return ret;
}
SHELL_COMMAND("mkdir", cmd_mkdir, "[-p] DIR...", "make directories (-p: and their parents)");

static int cmd_rmdir(int argc, char **argv)
{
	int i, ret = 0;

	for (i = 1; i < argc; i++) {
		int err = do_rmdir(argv[i]);

		if (err) {
			printf("rmdir: failed to remove '%s': %s\n", argv[i], strerror(err));
			ret = 1;
		}
	}
	return ret;
}
SHELL_COMMAND("rmdir", cmd_rmdir, "DIR...", "remove empty directories");

static int cmd_rm(int argc, char **argv)
{
	int i, ret = 0;

	for (i = 1; i < argc; i++) {
		int err = do_unlink(argv[i]);

		if (err) {
			printf("rm: cannot remove '%s': %s\n", argv[i], strerror(err));
			ret = 1;
		}
	}
	return ret;
}
SHELL_COMMAND("rm", cmd_rm, "FILE...", "remove files");

static int cmd_touch(int argc, char **argv)
{
	int i, ret = 0;

	for (i = 1; i < argc; i++) {
		struct file *f = filp_open(argv[i], O_WRONLY | O_CREAT, 0644);

		if (IS_ERR(f)) {
			printf("touch: cannot touch '%s': %s\n", argv[i], strerror(PTR_ERR(f)));
			ret = 1;
			continue;
		}
		filp_close(f);
	}
	return ret;
}
SHELL_COMMAND("touch", cmd_touch, "FILE...", "create empty files");

static int cmd_mv(int argc, char **argv)
{
	char target[PATH_MAX];
	struct kstat st;
	const char *dst;
	int err;

	if (argc != 3) {
		printf("usage: mv SOURCE DEST\n");
		return 1;
	}
	dst = argv[2];
	/* Into an existing directory: keep the name, the source's last
	 * component ("a" of "x/a//"). */
	if (!vfs_stat(dst, &st) && S_ISDIR(st.mode)) {
		char base[NAME_MAX + 1];
		size_t end = strlen(argv[1]), start;

		while (end > 1 && argv[1][end - 1] == '/')
			end--;
		for (start = end; start > 0 && argv[1][start - 1] != '/'; start--)
			;
		snprintf(base, sizeof(base), "%.*s", (int)(end - start), argv[1] + start);
		if (snprintf(target, sizeof(target), "%s/%s", dst, base) >= (int)sizeof(target)) {
			printf("mv: cannot move '%s' to '%s/%s': %s\n", argv[1], dst, base,
			       strerror(-ENAMETOOLONG));
			return 1;
		}
		dst = target;
	}
	err = do_rename(argv[1], dst);
	if (err) {
		printf("mv: cannot move '%s' to '%s': %s\n", argv[1], dst, strerror(err));
		return 1;
	}
	return 0;
}
SHELL_COMMAND("mv", cmd_mv, "SOURCE DEST", "rename or move a file or directory");

static void show_mount(struct vfsmount *m, void *arg)
{
	char where[PATH_MAX];
	struct path root = { m, m->mnt_root };

	if (d_path(&root, where, sizeof(where)) < 0)
		strscpy(where, "?", sizeof(where));
	printf("%s on %s type %s (%s)\n", m->mnt_devname, where, m->mnt_sb->s_type->name,
	       m->mnt_sb->s_readonly ? "ro" : "rw");
}

static int cmd_mount(int argc, char **argv)
{
	int err;

	if (argc == 1) {
		for_each_mount(show_mount, NULL);
		return 0;
	}
	if (argc != 5 || strcmp(argv[1], "-t")) {
		printf("usage: mount [-t TYPE SOURCE TARGET]\n");
		return 1;
	}
	err = do_mount(argv[3], argv[4], argv[2], NULL);
	if (err == -ENODEV)
		printf("mount: %s: unknown filesystem type '%s'.\n", argv[4], argv[2]);
	else if (err)
		printf("mount: %s: %s.\n", argv[4], strerror(err));
	return err ? 1 : 0;
}
SHELL_COMMAND("mount", cmd_mount, "[-t TYPE SOURCE TARGET]",
	      "list mounts, or mount a filesystem of TYPE from SOURCE on TARGET");

static int cmd_umount(int argc, char **argv)
{
	int err;

	if (argc != 2) {
		printf("usage: umount TARGET\n");
		return 1;
	}
	err = do_umount(argv[1]);
	if (err == -EBUSY)
		printf("umount: %s: target is busy.\n", argv[1]);
	else if (err == -EINVAL)
		printf("umount: %s: not mounted.\n", argv[1]);
	else if (err)
		printf("umount: %s: %s.\n", argv[1], strerror(err));
	return err ? 1 : 0;
}
SHELL_COMMAND("umount", cmd_umount, "TARGET", "unmount the filesystem mounted on TARGET");

static void df_mount(struct vfsmount *m, void *arg)
{
	char where[PATH_MAX];
	struct path root = { m, m->mnt_root };
	struct super_block *sb = m->mnt_sb;
	unsigned long total = 0, used = 0;

	if (sb->s_op && sb->s_op->statfs)
		sb->s_op->statfs(sb, &total, &used);
	if (d_path(&root, where, sizeof(where)) < 0)
		strscpy(where, "?", sizeof(where));
	if (total)
		printf("%-15s %10lu %10lu %10lu %3lu%% %s\n", m->mnt_devname, total, used,
		       total - used, used * 100 / total, where);
	else
		printf("%-15s %10s %10lu %10s %4s %s\n", m->mnt_devname, "-", used, "-", "-", where);
}

static int cmd_df(int argc, char **argv)
{
	printf("%-15s %10s %10s %10s %4s %s\n", "Filesystem", "1K-blocks", "Used", "Available",
	       "Use%", "Mounted on");
	for_each_mount(df_mount, NULL);
	return 0;
}
SHELL_COMMAND("df", cmd_df, "", "space used on each mounted filesystem");

static int cmd_stat(int argc, char **argv)
{
	int i, ret = 0;

	for (i = 1; i < argc; i++) {
		struct kstat st;
		char mode[11];
		int err = vfs_lstat(argv[i], &st);	/* a link itself, as stat(1) */

		if (err) {
			printf("stat: cannot statx '%s': %s\n", argv[i], strerror(err));
			ret = 1;
			continue;
		}
		mode_string(st.mode, mode);
		printf("  File: %s\n", argv[i]);
		printf("  Size: %-10lld Blocks: %-8lu %s\n", (long long)st.size, st.blocks,
		       S_ISDIR(st.mode) ? "directory" : S_ISREG(st.mode) ? "regular file" :
		       S_ISLNK(st.mode) ? "symbolic link" : S_ISBLK(st.mode) ? "block special file" :
		       S_ISCHR(st.mode) ? "character special file" : "other");
		printf("Device: %lu (%s)  Inode: %lu  Links: %u\n", st.dev, st.fstype, st.ino,
		       st.nlink);
		printf("Access: (%04o/%s)\n", st.mode & 07777, mode);
	}
	if (argc < 2) {
		printf("usage: stat FILE...\n");
		return 1;
	}
	return ret;
}
SHELL_COMMAND("stat", cmd_stat, "FILE...", "show a file's size, type, inode and mode");
