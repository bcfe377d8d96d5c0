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
#undef EXPECT_ERR
	return selftest_failed();
}
