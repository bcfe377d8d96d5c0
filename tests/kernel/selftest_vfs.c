/*
 * VFS self tests: many threads on every CPU changing one directory at once,
 * the mount-count rule for unregistering a filesystem type, and umount of a
 * filesystem with a file open in it.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/proc_fs.h>
#include <modlab/fs.h>
#include "selftest.h"
#include <modlab/errno.h>

#define VFS_DIR		"/tmp/vfs-selftest"
#define FILES_PER_THREAD 40

struct vfs_worker {
	unsigned int id;
	int error;		/* first failure, or 0 */
	struct completion done;
};

static void file_name(char *buf, size_t size, unsigned int id, unsigned int i)
{
	snprintf(buf, size, VFS_DIR "/t%u-%u", id, i);
}

static int write_whole(const char *path, const char *text)
{
	struct file *f = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, text, strlen(text), &pos);
	filp_close(f);
	return n == (ssize_t)strlen(text) ? 0 : (n < 0 ? (int)n : -EIO);
}

static int read_whole(const char *path, char *buf, size_t size)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, size - 1, &pos);
	filp_close(f);
	if (n < 0)
		return n;
	buf[n] = '\0';
	return 0;
}

/* Create every file, check each reads back, then remove the even ones. */
static int vfs_worker_fn(void *data)
{
	struct vfs_worker *w = data;
	char path[64], want[64], got[64];
	unsigned int i;
	int err = 0;

	for (i = 0; i < FILES_PER_THREAD && !err; i++) {
		file_name(path, sizeof(path), w->id, i);
		snprintf(want, sizeof(want), "thread %u file %u\n", w->id, i);
		err = write_whole(path, want);
		if (!err)
			err = read_whole(path, got, sizeof(got));
		if (!err && strcmp(got, want))
			err = -EIO;
	}
	for (i = 0; i < FILES_PER_THREAD && !err; i += 2) {
		file_name(path, sizeof(path), w->id, i);
		err = do_unlink(path);
	}
	w->error = err;
	complete(&w->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

struct name_list {
	struct dir_context ctx;
	unsigned int count;
	unsigned int bad;	/* names that should not be there */
};

static int count_entry(struct dir_context *ctx, const char *name, int len, loff_t pos,
		       unsigned long ino, unsigned int type)
{
	struct name_list *l = container_of(ctx, struct name_list, ctx);
	unsigned int id, i;
	const char *p = name;

	if (name[0] == '.')
		return 0;
	l->count++;
	/* Survivors are t<id>-<odd i>. */
	if (*p++ != 't')
		goto bad;
	for (id = 0; *p >= '0' && *p <= '9'; p++)
		id = id * 10 + (*p - '0');
	if (*p++ != '-')
		goto bad;
	for (i = 0; *p >= '0' && *p <= '9'; p++)
		i = i * 10 + (*p - '0');
	if (p != name + len || i % 2 == 0 || i >= FILES_PER_THREAD)
		goto bad;
	return 0;
bad:
	l->bad++;
	return 0;
}

int selftest_vfs_concurrent(int argc, char **argv)
{
	unsigned int cpus[NR_CPUS], n = selftest_online_cpus(cpus), per_cpu = 2, i, k = 0;
	struct task_struct *t[2 * NR_CPUS];
	struct vfs_worker *w;
	struct name_list l = { .ctx.actor = count_entry };
	struct file *dir;
	char path[64], want[64], got[64];
	int err;

	err = do_mkdir(VFS_DIR, 0755);
	if (err)
		return selftest_fail("mkdir " VFS_DIR ": expected 0, saw %d", err);
	w = kcalloc(n * per_cpu, sizeof(*w), GFP_KERNEL);
	if (!w)
		return selftest_fail("out of memory");
	for (i = 0; i < n * per_cpu; i++) {
		w[i].id = i;
		init_completion(&w[i].done);
		t[k++] = selftest_thread_on(vfs_worker_fn, &w[i], cpus[i % n], "vfs/%u", i);
	}
	printf("%u threads on %u CPUs, %u files each, in " VFS_DIR "\n", k, n, FILES_PER_THREAD);
	for (i = 0; i < k; i++) {
		if (!wait_for_completion_timeout(&w[i].done, 20 * HZ))
			return selftest_fail("thread %u did not finish in 20 s", i);
		if (w[i].error)
			selftest_fail("thread %u: expected no error, saw %d", i, w[i].error);
	}
	if (selftest_stop_threads(t, k, NULL, 5000))
		return selftest_fail("threads did not stop");
	if (selftest_failed())
		return 1;

	/* Exactly the odd-numbered files of every thread are left, intact. */
	dir = filp_open(VFS_DIR, O_RDONLY | O_DIRECTORY, 0);
	if (IS_ERR(dir))
		return selftest_fail("open " VFS_DIR ": %ld", PTR_ERR(dir));
	err = iterate_dir(dir, &l.ctx);
	filp_close(dir);
	printf("%u entries left, %u unexpected\n", l.count, l.bad);
	if (err || l.bad || l.count != k * FILES_PER_THREAD / 2)
		return selftest_fail("expected %u entries all t<id>-<odd>, saw %u (%u unexpected)",
				     k * FILES_PER_THREAD / 2, l.count, l.bad);
	for (i = 0; i < k; i++) {
		unsigned int j;

		for (j = 1; j < FILES_PER_THREAD; j += 2) {
			file_name(path, sizeof(path), i, j);
			snprintf(want, sizeof(want), "thread %u file %u\n", i, j);
			err = read_whole(path, got, sizeof(got));
			if (err || strcmp(got, want))
				return selftest_fail("%s: expected \"%s\", saw error %d", path, want, err);
			do_unlink(path);
		}
	}
	err = do_rmdir(VFS_DIR);
	if (err)
		return selftest_fail("rmdir " VFS_DIR " afterwards: expected 0, saw %d", err);
	kfree(w);
	return 0;
}

/* A filesystem type of the test's own, which works like ramfs. */
static struct super_block *testfs_mount(struct file_system_type *fs, const char *source,
					void *data)
{
	return ramfs_fs_type.mount(fs, source, data);
}

static struct file_system_type testfs = {
	.name = "selftestfs",
	.mount = testfs_mount,
};

static bool testfs_listed_flag;

static void find_testfs(struct file_system_type *fs, void *arg)
{
	if (fs == &testfs)
		testfs_listed_flag = true;
}

static bool testfs_listed(void)
{
	testfs_listed_flag = false;
	for_each_filesystem(find_testfs, NULL);
	return testfs_listed_flag;
}

int selftest_fs_unregister_mounted(int argc, char **argv)
{
	const char *mp = "/tmp/selftestfs";
	int err;

	testfs.kill_sb = ramfs_fs_type.kill_sb;
	err = register_filesystem(&testfs);
	if (err)
		return selftest_fail("register: expected 0, saw %d", err);
	err = register_filesystem(&testfs);
	printf("register twice: %d (%s)\n", err, strerror(err));
	if (err != -EBUSY)
		selftest_fail("registering a name twice: expected -EBUSY, saw %d", err);
	do_mkdir(mp, 0755);
	err = do_mount("test", mp, "selftestfs", NULL);
	if (err)
		return selftest_fail("mount: expected 0, saw %d", err);
	err = unregister_filesystem(&testfs);
	printf("unregister while mounted: %d (%s)\n", err, strerror(err));
	if (err != -EBUSY)
		selftest_fail("unregister while mounted: expected -EBUSY, saw %d", err);
	if (!testfs_listed())
		selftest_fail("after the refused unregister: expected the type still listed, saw it gone");
	err = write_whole("/tmp/selftestfs/still-works", "yes\n");
	if (err)
		selftest_fail("using the mount after the refused unregister: expected 0, saw %d", err);
	err = do_umount(mp);
	if (err)
		return selftest_fail("umount: expected 0, saw %d", err);
	err = unregister_filesystem(&testfs);
	printf("unregister after umount: %d\n", err);
	if (err)
		selftest_fail("unregister after umount: expected 0, saw %d", err);
	err = do_mount("test", mp, "selftestfs", NULL);
	printf("mount after unregister: %d (%s)\n", err, strerror(err));
	if (err != -ENODEV)
		selftest_fail("mount after unregister: expected -ENODEV, saw %d", err);
	do_rmdir(mp);
	return selftest_failed();
}

int selftest_umount_busy(int argc, char **argv)
{
	const char *mp = "/tmp/busy-mnt";
	struct file *f;
	int err;

	do_mkdir(mp, 0755);
	err = do_mount("busy", mp, "ramfs", NULL);
	if (err)
		return selftest_fail("mount: expected 0, saw %d", err);
	f = filp_open("/tmp/busy-mnt/open-file", O_RDWR | O_CREAT, 0644);
	if (IS_ERR(f))
		return selftest_fail("open: %ld", PTR_ERR(f));
	err = do_umount(mp);
	printf("umount with a file open: %d (%s)\n", err, strerror(err));
	if (err != -EBUSY)
		selftest_fail("umount with a file open: expected -EBUSY, saw %d", err);
	/* An unlinked but open file keeps the mount busy too. */
	do_unlink("/tmp/busy-mnt/open-file");
	err = do_umount(mp);
	if (err != -EBUSY)
		selftest_fail("umount with an unlinked open file: expected -EBUSY, saw %d", err);
	filp_close(f);
	err = do_umount(mp);
	printf("umount after close: %d\n", err);
	if (err)
		selftest_fail("umount after close: expected 0, saw %d", err);
	do_rmdir(mp);
	return selftest_failed();
}

/* filp_open's error, or 0 (closing the file at once). */
static int open_err(const char *path, int flags)
{
	struct file *f = filp_open(path, flags, 0644);

	return IS_ERR(f) ? (int)PTR_ERR(f) : filp_close(f);
}

/* Each error the VFS promises, from the kernel calls themselves. */
int selftest_vfs_errors(int argc, char **argv)
{
	static char longname[PATH_MAX + 64];
	int err;

#define EXPECT_ERR(call, want)								\
	do {										\
		err = (call);								\
		printf("%-48s -> %d (%s)\n", #call, err, err ? strerror(err) : "ok");	\
		if (err != (want))							\
			selftest_fail("%s: expected %d, saw %d", #call, want, err);	\
	} while (0)

	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	longname[300] = '\0';			/* one component of 299 bytes */
	EXPECT_ERR(do_mkdir(longname, 0755), -ENAMETOOLONG);	/* a 299-byte name */
	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	for (err = 100; err < (int)sizeof(longname) - 1; err += 100)
		longname[err] = '/';		/* short components, a path past PATH_MAX */
	longname[sizeof(longname) - 1] = '\0';
	EXPECT_ERR(do_mkdir(longname, 0755), -ENAMETOOLONG);	/* a path past PATH_MAX */

	EXPECT_ERR(do_mkdir("/tmp/vfs-errors", 0755), 0);
	EXPECT_ERR(do_mkdir("/tmp/vfs-errors", 0755), -EEXIST);
	EXPECT_ERR(do_rmdir("/tmp/nope"), -ENOENT);
	EXPECT_ERR(do_mkdir("/tmp/nope/sub", 0755), -ENOENT);
	EXPECT_ERR(open_err("/tmp/vfs-errors/file", O_WRONLY | O_CREAT | O_EXCL), 0);
	EXPECT_ERR(open_err("/tmp/vfs-errors/file", O_WRONLY | O_CREAT | O_EXCL), -EEXIST);
	EXPECT_ERR(open_err("/tmp/vfs-errors/file/x", O_RDONLY), -ENOTDIR);
	EXPECT_ERR(open_err("/tmp/vfs-errors", O_WRONLY), -EISDIR);
	EXPECT_ERR(open_err("/tmp/vfs-errors/file", O_RDONLY | O_DIRECTORY), -ENOTDIR);
	EXPECT_ERR(do_rmdir("/tmp/vfs-errors"), -ENOTEMPTY);
	EXPECT_ERR(do_rmdir("/tmp/vfs-errors/file"), -ENOTDIR);
	EXPECT_ERR(do_unlink("/tmp/vfs-errors"), -EISDIR);
	EXPECT_ERR(do_rmdir("/proc"), -EBUSY);		/* a mount point */
	EXPECT_ERR(do_rename("/tmp/vfs-errors/file", "/proc/file"), -EXDEV);
	EXPECT_ERR(do_rename("/tmp/vfs-errors", "/tmp/vfs-errors/inside"), -EINVAL);
	EXPECT_ERR(do_rmdir("/tmp/vfs-errors/."), -EINVAL);
	EXPECT_ERR(do_mount("x", "/tmp/vfs-errors/file", "ramfs", NULL), -ENOTDIR);
	EXPECT_ERR(do_mount("x", "/tmp/vfs-errors", "nosuchfs", NULL), -ENODEV);
	EXPECT_ERR(do_umount("/tmp/vfs-errors"), -EINVAL);	/* not a mount point */
	EXPECT_ERR(do_umount("/"), -EBUSY);
	EXPECT_ERR(set_cwd("/tmp/vfs-errors/file"), -ENOTDIR);
	/* Nothing above changed the tree: the file and directory are as made. */
	EXPECT_ERR(do_unlink("/tmp/vfs-errors/file"), 0);
	EXPECT_ERR(do_rmdir("/tmp/vfs-errors"), 0);
#undef EXPECT_ERR
	return selftest_failed();
}

/*
 * A removed directory takes no new names, from the VFS (IS_DEADDIR) and
 * from the filesystem itself, and a removed proc directory takes no new
 * entries. Works in ARGV[1] (default /tmp), so it runs on any filesystem.
 */
int selftest_vfs_dead_dir(int argc, char **argv)
{
	const char *base = argc > 1 ? argv[1] : "/tmp";
	char dd[64], a[80], b[80], saved_cwd[PATH_MAX];
	struct proc_dir_entry *pde, *late;
	struct inode *dir, *inode;
	struct file *f;
	int err;

#define EXPECT_ERR(call, want)								\
	do {										\
		err = (call);								\
		printf("%-52s -> %d (%s)\n", #call, err, err ? strerror(err) : "ok");	\
		if (err != (want))							\
			selftest_fail("%s: expected %d, saw %d", #call, want, err);	\
	} while (0)

	snprintf(dd, sizeof(dd), "%s/dead-selftest", base);
	snprintf(a, sizeof(a), "%s/a", dd);
	snprintf(b, sizeof(b), "%s/b", dd);
	if (get_cwd(saved_cwd, sizeof(saved_cwd)) < 0)
		strscpy(saved_cwd, "/", sizeof(saved_cwd));
	EXPECT_ERR(do_mkdir(dd, 0755), 0);
	EXPECT_ERR(do_mkdir(a, 0755), 0);
	EXPECT_ERR(do_mkdir(b, 0755), 0);
	EXPECT_ERR(write_whole("/tmp/dead-selftest-file", "x\n"), 0);
	if (selftest_failed())
		return 1;

	/* b replaced by a (rename over an empty directory): b is dead for
	 * whoever still has it, here as the working directory. */
	EXPECT_ERR(set_cwd(b), 0);
	f = filp_open(".", O_RDONLY | O_DIRECTORY, 0);
	if (IS_ERR(f))
		return selftest_fail("open the working directory: %ld", PTR_ERR(f));
	EXPECT_ERR(do_rename(a, b), 0);
	EXPECT_ERR(do_mkdir("x", 0755), -ENOENT);
	EXPECT_ERR(open_err("y", O_WRONLY | O_CREAT), -ENOENT);
	EXPECT_ERR(do_mount("none", ".", "ramfs", NULL), -ENOENT);
	EXPECT_ERR(get_cwd(a, sizeof(a)), -ENOENT);
	EXPECT_ERR(do_rename("/tmp/dead-selftest-file", "./z"), strcmp(base, "/tmp") ? -EXDEV :
		   -ENOENT);
	/* The filesystem refuses by itself too, asked directly. */
	dir = f->f_inode;
	mutex_lock(&vfs_lock);
	inode = dir->i_op->mkdir(dir, "direct", S_IFDIR | 0755);
	mutex_unlock(&vfs_lock);
	err = IS_ERR(inode) ? (int)PTR_ERR(inode) : 0;
	printf("%-52s -> %d (%s)\n", "i_op->mkdir(dead dir)", err, err ? strerror(err) : "ok");
	if (!IS_ERR(inode)) {
		iput(inode);
		selftest_fail("i_op->mkdir in a removed directory: expected -ENOENT, saw 0");
	} else if (err != -ENOENT) {
		selftest_fail("i_op->mkdir in a removed directory: expected -ENOENT, saw %d", err);
	}
	filp_close(f);
	EXPECT_ERR(set_cwd(saved_cwd), 0);
	EXPECT_ERR(do_unlink("/tmp/dead-selftest-file"), 0);
	EXPECT_ERR(do_rmdir(b), 0);
	EXPECT_ERR(do_rmdir(dd), 0);

	/* A proc directory being removed, held open: nothing is added to it. */
	pde = proc_mkdir("dead-selftest", NULL);
	if (!pde)
		return selftest_fail("proc_mkdir: expected an entry, saw NULL");
	f = filp_open("/proc/dead-selftest", O_RDONLY | O_DIRECTORY, 0);
	if (IS_ERR(f))
		return selftest_fail("open /proc/dead-selftest: %ld", PTR_ERR(f));
	proc_remove(pde);	/* the open directory keeps the entry's memory */
	late = proc_mkdir("late", pde);
	printf("%-52s -> %s\n", "proc_mkdir(\"late\", removed dir)", late ? "an entry" : "NULL");
	if (late)
		selftest_fail("proc_mkdir in a removed proc directory: expected NULL, saw an entry");
	filp_close(f);

	/* A proc directory with a mount on it, removed: the mount stays
	 * reachable by its path until it is taken off. */
	pde = proc_mkdir("dead-selftest-mnt", NULL);
	if (!pde)
		return selftest_fail("proc_mkdir: expected an entry, saw NULL");
	EXPECT_ERR(do_mount("none", "/proc/dead-selftest-mnt", "ramfs", NULL), 0);
	proc_remove(pde);
	EXPECT_ERR(open_err("/proc/dead-selftest-mnt", O_RDONLY | O_DIRECTORY), 0);
	EXPECT_ERR(do_umount("/proc/dead-selftest-mnt"), 0);
	EXPECT_ERR(open_err("/proc/dead-selftest-mnt", O_RDONLY | O_DIRECTORY), -ENOENT);
#undef EXPECT_ERR
	return selftest_failed();
}

/*
 * A directory of N files read in small pieces, as a reader with a small
 * buffer reads it: each name once, none missing, even when names are
 * removed between two pieces. Each piece starts where the last one ended
 * (the position must not be an index that removals shift).
 */
#define BIGDIR_PIECE	16	/* entries a piece takes before it is full */

struct bigdir_reader {
	struct dir_context ctx;
	unsigned int n;		/* files made */
	u8 *seen;		/* times each file was given */
	unsigned int taken;	/* in this piece */
	unsigned int dots, bad;
	unsigned int last[BIGDIR_PIECE];	/* the files of this piece */
};

static int bigdir_fill(struct dir_context *ctx, const char *name, int len, loff_t pos,
		       unsigned long ino, unsigned int type)
{
	struct bigdir_reader *r = container_of(ctx, struct bigdir_reader, ctx);
	unsigned int i = 0;
	const char *p = name + 1;

	if (r->taken == BIGDIR_PIECE)
		return -EINVAL;		/* full: the directory read stops here */
	if ((len == 1 && name[0] == '.') || (len == 2 && !memcmp(name, "..", 2))) {
		r->dots++;
		return 0;
	}
	if (name[0] != 'f' || len < 2)
		goto bad;
	for (; p < name + len && *p >= '0' && *p <= '9'; p++)
		i = i * 10 + (*p - '0');
	if (p != name + len || i >= r->n)
		goto bad;
	r->seen[i]++;
	r->last[r->taken++] = i;
	return 0;
bad:
	r->bad++;
	return 0;
}

/* Read dir to its end in pieces; after the first piece call between(). */
static int bigdir_read(const char *dir, struct bigdir_reader *r,
		       void (*between)(struct bigdir_reader *r, const char *dir))
{
	struct file *f = filp_open(dir, O_RDONLY | O_DIRECTORY, 0);
	unsigned int pieces = 0;
	int err = 0;

	if (IS_ERR(f))
		return PTR_ERR(f);
	r->ctx.actor = bigdir_fill;
	do {
		r->taken = 0;
		err = iterate_dir(f, &r->ctx);
		if (pieces++ == 0 && between)
			between(r, dir);
	} while (!err && r->taken);
	filp_close(f);
	return err;
}

static void bigdir_name(char *buf, size_t size, const char *dir, unsigned int i)
{
	snprintf(buf, size, "%s/f%u", dir, i);
}

/* Between two pieces: remove what the first gave and every third file. */
static void bigdir_remove_some(struct bigdir_reader *r, const char *dir)
{
	char path[80];
	unsigned int i;

	for (i = 0; i < r->taken; i++) {
		bigdir_name(path, sizeof(path), dir, r->last[i]);
		do_unlink(path);
	}
	for (i = 0; i < r->n; i += 3) {
		bigdir_name(path, sizeof(path), dir, i);
		do_unlink(path);	/* gone already if the first piece had it */
	}
}

int selftest_vfs_bigdir(int argc, char **argv)
{
	unsigned int n = 3000, i, stride, missing = 0, twice = 0, unseen_removed = 0;
	const char *dir = "/tmp/bigdir";
	struct bigdir_reader r = { 0 };
	bool keep = false;
	char path[80];
	u64 t0, t1, t2;
	int err, a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--keep"))
			keep = true;
		else if (argv[a][0] == '/')
			dir = argv[a];
		else if (selftest_parse_uint(argv[a], &n, 100000))
			return selftest_fail("usage: selftest vfs-bigdir [N] [DIR] [--keep]");
	}
	if (strlen(dir) > 60)
		return selftest_fail("directory name longer than 60 bytes");
	r.n = n;
	r.seen = kzalloc(n, GFP_KERNEL);
	if (!r.seen)
		return selftest_fail("out of memory");
	err = do_mkdir(dir, 0755);
	if (err) {
		kfree(r.seen);
		return selftest_fail("mkdir %s: expected 0, saw %d", dir, err);
	}
	/* Made in a scrambled order (a stride prime to n), so the directory's
	 * order is not the sorted one: ls must really sort. */
	stride = n % 7919 ? 7919 : 1;
	t0 = ktime_get_ns();
	for (i = 0; i < n && !err; i++) {
		bigdir_name(path, sizeof(path), dir, i * stride % n);	/* < 2^32: n <= 100000 */
		err = open_err(path, O_WRONLY | O_CREAT | O_EXCL);
	}
	if (err) {
		kfree(r.seen);
		return selftest_fail("creating %s: expected 0, saw %d", path, err);
	}
	t1 = ktime_get_ns();

	/* The whole directory, BIGDIR_PIECE entries at a time. */
	err = bigdir_read(dir, &r, NULL);
	t2 = ktime_get_ns();
	for (i = 0; i < n; i++) {
		missing += r.seen[i] == 0;
		twice += r.seen[i] > 1;
	}
	printf("%u files: made in %u ms, read in %u pieces in %u ms: %u missing, %u twice, "
	       "%u unexpected, %u dots\n", n, selftest_ns_to_us(t1 - t0) / 1000,
	       DIV_ROUND_UP(n + 2, BIGDIR_PIECE), selftest_ns_to_us(t2 - t1) / 1000, missing, twice,
	       r.bad, r.dots);
	if (err || missing || twice || r.bad || r.dots != 2)
		selftest_fail("reading %u files: expected each once and two dots, saw %u missing, "
			      "%u twice, %u unexpected, %u dots (error %d)", n, missing, twice, r.bad,
			      r.dots, err);

	/* Again, removing names between the first piece and the rest: every
	 * file that stays is still given once. */
	if (!keep && !selftest_failed()) {
		memset(r.seen, 0, n);
		r.dots = r.bad = 0;
		missing = twice = 0;
		err = bigdir_read(dir, &r, bigdir_remove_some);
		for (i = 0; i < n; i++) {
			bigdir_name(path, sizeof(path), dir, i);
			if (open_err(path, O_RDONLY) == 0)
				missing += r.seen[i] != 1;	/* still there: given once */
			else
				unseen_removed += r.seen[i] == 0;
			twice += r.seen[i] > 1;
		}
		printf("with removals between pieces: %u survivors missed, %u given twice, "
		       "%u removed before they were reached\n", missing, twice, unseen_removed);
		if (err || missing || twice || r.bad)
			selftest_fail("reading while removing: expected each survivor once, saw %u "
				      "missed, %u twice, %u unexpected (error %d)", missing, twice,
				      r.bad, err);
	}
	if (!keep) {
		for (i = 0; i < n; i++) {
			bigdir_name(path, sizeof(path), dir, i);
			do_unlink(path);
		}
		err = do_rmdir(dir);
		if (err)
			selftest_fail("rmdir %s afterwards: expected 0, saw %d", dir, err);
	}
	kfree(r.seen);
	return selftest_failed();
}

/* ---- reading a directory in pieces gives what one read gives ---- */

struct dir_names {
	struct dir_context ctx;
	char *buf;		/* the names, one a line */
	size_t len, size;
	unsigned int piece, taken;	/* entries a call may take (0: all), taken in this call */
	bool overflow;
};

static int collect_name(struct dir_context *ctx, const char *name, int len, loff_t pos,
			unsigned long ino, unsigned int type)
{
	struct dir_names *d = container_of(ctx, struct dir_names, ctx);

	if (d->piece && d->taken == d->piece)
		return -EINVAL;		/* full: stop this call here */
	if (d->len + len + 2 > d->size) {
		d->overflow = true;
		return -ENOSPC;
	}
	memcpy(d->buf + d->len, name, len);
	d->len += len;
	d->buf[d->len++] = '\n';
	d->buf[d->len] = '\0';
	d->taken++;
	return 0;
}

/* Every name of path, in the order read gives them, taking piece at a time. */
static int read_names(const char *path, struct dir_names *d, unsigned int piece)
{
	struct file *f = filp_open(path, O_RDONLY | O_DIRECTORY, 0);
	unsigned int calls = 0;
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	d->ctx.actor = collect_name;
	d->len = 0;
	d->buf[0] = '\0';
	d->piece = piece;
	do {
		d->taken = 0;
		err = iterate_dir(f, &d->ctx);
	} while (!err && d->taken && !d->overflow && ++calls < 100000);
	filp_close(f);
	return d->overflow ? -ENOSPC : err;
}

/*
 * Each directory given, read whole in one call and then 1, 2 and 3 entries
 * a call: the same names in the same order every time. This is what a
 * filesystem's directory position must get right to resume where it left.
 */
int selftest_dir_pieces(int argc, char **argv)
{
	static const unsigned int pieces[] = { 1, 2, 3 };
	struct dir_names whole = { .size = 16384 }, part = { .size = 16384 };
	int a, err;
	unsigned int i;

	if (argc < 2)
		return selftest_fail("usage: selftest dir-pieces DIR...");
	whole.buf = kmalloc(whole.size, GFP_KERNEL);
	part.buf = kmalloc(part.size, GFP_KERNEL);
	if (!whole.buf || !part.buf) {
		kfree(whole.buf);
		kfree(part.buf);
		return selftest_fail("out of memory");
	}
	for (a = 1; a < argc; a++) {
		err = read_names(argv[a], &whole, 0);
		if (err) {
			selftest_fail("%s: reading it whole: expected 0, saw %d", argv[a], err);
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(pieces); i++) {
			err = read_names(argv[a], &part, pieces[i]);
			if (err || strcmp(whole.buf, part.buf))
				selftest_fail("%s: %u a call: expected the %zu bytes of names one "
					      "read gives, saw %zu (error %d)", argv[a], pieces[i],
					      whole.len, part.len, err);
		}
		printf("%s: %zu bytes of names, the same in pieces of 1, 2 and 3\n", argv[a],
		       whole.len);
	}
	kfree(whole.buf);
	kfree(part.buf);
	return selftest_failed();
}

/* ---- a deep proc tree is removed in one go ---- */

static int proc_deep_show(struct seq_file *m, void *v)
{
	return 0;
}

/*
 * N levels of proc directories, each also holding a file and an empty
 * directory beside the next level, removed with one proc_remove of the
 * top. Removal used to recurse once per level (a stack overflow well
 * before 1000 levels).
 */
int selftest_proc_deep(int argc, char **argv)
{
	struct proc_dir_entry *top, *dir;
	unsigned int n = 2000, i;
	struct kstat st;

	if (argc > 1 && selftest_parse_uint(argv[1], &n, 100000))
		return selftest_fail("usage: selftest proc-deep [N]");
	top = proc_mkdir("selftest-deep", NULL);
	if (!top)
		return selftest_fail("proc_mkdir selftest-deep: expected an entry, saw NULL");
	for (dir = top, i = 0; i < n; i++) {
		if (!proc_create_single("f", 0444, dir, proc_deep_show) ||
		    !proc_mkdir("e", dir)) {
			selftest_fail("level %u: expected a file and a directory, saw NULL", i);
			break;
		}
		dir = proc_mkdir("d", dir);
		if (!dir) {
			selftest_fail("level %u: expected the next directory, saw NULL", i);
			break;
		}
	}
	printf("%u levels made under /proc/selftest-deep\n", i);
	if (vfs_stat("/proc/selftest-deep/d/d/d/f", &st) || !S_ISREG(st.mode))
		selftest_fail("/proc/selftest-deep/d/d/d/f: expected a file");
	proc_remove(top);
	if (!vfs_stat("/proc/selftest-deep", &st))
		selftest_fail("after proc_remove: expected /proc/selftest-deep gone, saw it");
	printf("removed\n");
	return selftest_failed();
}
