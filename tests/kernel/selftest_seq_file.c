/*
 * Self tests of seq_file, procfs and debugfs reading and removal:
 *
 *  seq-file	a seq_operations sequence read in pieces of every size and
 *		from sought offsets gives exactly the text of one whole read;
 *		single_open prints at the first read, not at open
 *  remove-race	threads on every CPU open, read and close procfs and
 *		debugfs files while another removes and remakes them: no
 *		read runs after the removal returned, and every open file's
 *		release has run by then, exactly once
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/debugfs.h>
#include <linux/atomic.h>
#include <modlab/fs.h>
#include "selftest.h"

/* ---- seq-file ---- */

#define SEQ_RECORDS	300
#define SEQ_BIG		9000	/* one record bigger than two pages */

/* Record i's text, or "" for a record show skips (SEQ_SKIP). */
static int seq_record(char *buf, size_t size, loff_t i)
{
	if (i % 11 == 5)
		return 0;
	if (i == 150) {
		size_t n = min_t(size_t, SEQ_BIG, size - 1);

		memset(buf, 'B', n);
		buf[n - 1] = '\n';
		buf[n] = '\0';
		return n;
	}
	return scnprintf(buf, size, "record %lld: %.*s\n", i, (int)(i % 40),
			 "abcdefghijklmnopqrstuvwxyz0123456789ABCD");
}

static void *st_start(struct seq_file *m, loff_t *pos)
{
	return *pos < SEQ_RECORDS ? pos : NULL;
}

static void *st_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return *pos < SEQ_RECORDS ? pos : NULL;
}

static void st_stop(struct seq_file *m, void *v)
{
}

static int st_show(struct seq_file *m, void *v)
{
	static char rec[SEQ_BIG + 1];	/* under m->lock of the one file we read */
	loff_t i = *(loff_t *)v;
	int n = seq_record(rec, sizeof(rec), i);

	if (!n) {
		seq_puts(m, "this text is dropped");
		return SEQ_SKIP;
	}
	seq_write(m, rec, n);
	return 0;
}

static const struct seq_operations st_seq_ops = {
	.start = st_start,
	.next = st_next,
	.stop = st_stop,
	.show = st_show,
};

/* The whole text, made here without seq_file. */
static char *seq_expected(size_t *len)
{
	char *text = kvmalloc(SEQ_RECORDS * 64 + SEQ_BIG, GFP_KERNEL);
	loff_t i;

	*len = 0;
	if (!text)
		return NULL;
	for (i = 0; i < SEQ_RECORDS; i++)
		*len += seq_record(text + *len, SEQ_RECORDS * 64 + SEQ_BIG - *len, i);
	return text;
}

/* Read f from pos to the end in pieces of chunk bytes into buf. */
static ssize_t read_in_pieces(struct file *f, loff_t pos, char *buf, size_t size, size_t chunk)
{
	size_t got = 0;
	ssize_t n;

	while (got < size) {
		n = kernel_read(f, buf + got, min(chunk, size - got), &pos);
		if (n < 0)
			return n;
		if (n == 0)
			break;
		got += n;
	}
	return got;
}

static int seq_pieces(const char *path, const char *want, size_t len, char *buf)
{
	static const size_t chunks[] = { 1, 2, 3, 5, 7, 64, 100, 4095, 4096, 4097, 20000 };
	unsigned int c;

	for (c = 0; c < ARRAY_SIZE(chunks); c++) {
		struct file *f = filp_open(path, O_RDONLY, 0);
		ssize_t n;

		if (IS_ERR(f))
			return selftest_fail("open %s: %ld", path, PTR_ERR(f));
		n = read_in_pieces(f, 0, buf, len + 100, chunks[c]);
		filp_close(f);
		if (n != (ssize_t)len || memcmp(buf, want, len))
			return selftest_fail("pieces of %zu: expected the %zu bytes of one read,"
					     " saw %ld%s",
					     chunks[c], len, (long)n,
					     n == (ssize_t)len ? " different ones" : "");
	}
	printf("seq-file: %zu bytes, the same in pieces of 1 to 20000 bytes\n", len);
	return 0;
}

/* Seek to offsets in and between records, read a little, compare. */
static int seq_seeks(const char *path, const char *want, size_t len, char *buf)
{
	loff_t offs[] = { 0, 1, 17, 18, 4095, 4096, 4097, (loff_t)len / 2, (loff_t)len - 1,
			  (loff_t)len, (loff_t)len + 5, 3 };
	struct file *f = filp_open(path, O_RDONLY, 0);
	unsigned int i;

	if (IS_ERR(f))
		return selftest_fail("open %s: %ld", path, PTR_ERR(f));
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		size_t expect = offs[i] < (loff_t)len ? min_t(size_t, 50, len - offs[i]) : 0;
		loff_t at = vfs_llseek(f, offs[i], SEEK_SET);
		ssize_t n;

		if (at != offs[i]) {
			filp_close(f);
			return selftest_fail("lseek to %lld: expected %lld, saw %lld", offs[i],
					     offs[i], at);
		}
		n = read_in_pieces(f, at, buf, 50, 50);
		if (n != (ssize_t)expect || memcmp(buf, want + offs[i], expect)) {
			filp_close(f);
			return selftest_fail("read at %lld: expected %zu bytes of text, saw %ld",
					     offs[i], expect, (long)n);
		}
	}
	/* SEEK_CUR from where the last read left f_pos. */
	f->f_pos = 10;
	if (vfs_llseek(f, 5, SEEK_CUR) != 15 || kernel_read(f, buf, 5, &f->f_pos) != 5 ||
	    memcmp(buf, want + 15, 5)) {
		filp_close(f);
		return selftest_fail("SEEK_CUR 5 from 10: expected the text at 15");
	}
	if (vfs_llseek(f, -1, SEEK_SET) != -EINVAL) {
		filp_close(f);
		return selftest_fail("lseek to -1: expected -EINVAL");
	}
	filp_close(f);
	printf("seq-file: reads after %zu seeks match the text\n", ARRAY_SIZE(offs) + 1);
	return 0;
}

static atomic_t single_shows;

static int single_show(struct seq_file *m, void *v)
{
	atomic_inc(&single_shows);
	seq_printf(m, "shown %d\n", atomic_read(&single_shows));
	return 0;
}

/* single_open prints at the first read, as Linux: an open alone prints nothing. */
static int seq_single(void)
{
	struct proc_dir_entry *de = proc_create_single("selftest-single", 0444, NULL,
						       single_show);
	struct file *f;
	char buf[32];
	loff_t pos = 0;
	ssize_t n;

	if (!de)
		return selftest_fail("proc_create_single: expected an entry, saw NULL");
	atomic_set(&single_shows, 0);
	f = filp_open("/proc/selftest-single", O_RDONLY, 0);
	if (IS_ERR(f)) {
		proc_remove(de);
		return selftest_fail("open /proc/selftest-single: %ld", PTR_ERR(f));
	}
	if (atomic_read(&single_shows) != 0)
		selftest_fail("after open: expected show not yet run, saw %d runs",
			      atomic_read(&single_shows));
	n = kernel_read(f, buf, 3, &pos);
	n += kernel_read(f, buf + 3, sizeof(buf) - 4, &pos);
	if (n != 8 || memcmp(buf, "shown 1\n", 8) || atomic_read(&single_shows) != 1)
		selftest_fail("two reads: expected \"shown 1\\n\" of one run,"
			      " saw %ld bytes, %d runs",
			      (long)n, atomic_read(&single_shows));
	filp_close(f);
	proc_remove(de);
	printf("seq-file: single_open printed at the first read\n");
	return 0;
}

int selftest_seq_file(int argc, char **argv)
{
	struct proc_dir_entry *de;
	char *want, *buf;
	size_t len;

	want = seq_expected(&len);
	buf = kvmalloc(len + 100, GFP_KERNEL);
	if (!want || !buf) {
		kvfree(want);
		kvfree(buf);
		return selftest_fail("no memory for %zu bytes", len);
	}
	de = proc_create_seq("selftest-seq", 0444, NULL, &st_seq_ops);
	if (!de) {
		selftest_fail("proc_create_seq: expected an entry, saw NULL");
	} else {
		if (!seq_pieces("/proc/selftest-seq", want, len, buf))
			seq_seeks("/proc/selftest-seq", want, len, buf);
		proc_remove(de);
	}
	kvfree(want);
	kvfree(buf);
	if (!selftest_failed())
		seq_single();
	return selftest_failed();
}

/* ---- remove-race ---- */

#define RACE_ALIVE	0x600dU
#define RACE_DEAD	0xdeadU

/* One round's files: their data, and their opens and releases (procfs, debugfs). */
struct race_count {
	atomic_t opens, releases;
};

struct race_round {
	u32 value;		/* RACE_ALIVE; RACE_DEAD once removed */
	struct race_count proc, debugfs;
};

static atomic_t race_reads, race_bad, race_eio;

static int race_open(struct inode *inode, struct file *file)
{
	struct race_round *r = inode->i_private;

	atomic_inc(&r->debugfs.opens);
	file->private_data = r;
	return 0;
}

static int race_release(struct inode *inode, struct file *file)
{
	struct race_round *r = file->private_data;

	atomic_inc(&r->debugfs.releases);
	return 0;
}

static ssize_t race_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct race_round *r = file->private_data;
	char text[16];
	int n = scnprintf(text, sizeof(text), "%x\n", READ_ONCE(r->value));

	return simple_read_from_buffer(buf, count, pos, text, n);
}

static const struct file_operations race_fops = {
	.open = race_open,
	.read = race_read,
	.release = race_release,
	.llseek = default_llseek,
};

static int proc_race_open(struct inode *inode, struct file *file)
{
	struct race_round *r = pde_data(inode);

	atomic_inc(&r->proc.opens);
	file->private_data = r;
	return 0;
}

static int proc_race_release(struct inode *inode, struct file *file)
{
	struct race_round *r = file->private_data;

	atomic_inc(&r->proc.releases);
	return 0;
}

static const struct proc_ops race_proc_ops = {
	.proc_open = proc_race_open,
	.proc_read = race_read,
	.proc_release = proc_race_release,
	.proc_lseek = default_llseek,
};

static const char *const race_paths[] = {
	"/proc/selftest-race", DEBUGFS_MOUNT_POINT "/selftest-race/c",
	DEBUGFS_MOUNT_POINT "/selftest-race/v",
};

/* Open a file, read it a few times (it may be removed meanwhile), close. */
static int race_reader(void *arg)
{
	unsigned int k = (unsigned long)arg;
	char buf[16];

	while (!kthread_should_stop()) {
		struct file *f = filp_open(race_paths[k++ % ARRAY_SIZE(race_paths)], O_RDONLY, 0);
		int i;

		if (IS_ERR(f)) {
			schedule();
			continue;
		}
		/* Held open over several reads, so removals find open files. */
		for (i = 0; i < 10; i++) {
			loff_t pos = 0;
			ssize_t n = kernel_read(f, buf, sizeof(buf) - 1, &pos);

			if (n == -EIO) {
				atomic_inc(&race_eio);
				continue;
			}
			if (n <= 0)
				continue;
			buf[n] = '\0';
			atomic_inc(&race_reads);
			/* The u32 file prints decimal, the others hex. */
			if (simple_strtoul(buf, NULL, 16) == RACE_DEAD ||
			    simple_strtoul(buf, NULL, 10) == RACE_DEAD)
				atomic_inc(&race_bad);
			schedule();
		}
		filp_close(f);
	}
	return 0;
}

static bool race_all_released(struct race_count *c)
{
	return atomic_read(&c->opens) == atomic_read(&c->releases);
}

/* Make the round's files, let the readers in, remove them, check. */
static int race_round_once(struct race_round *r, unsigned int round)
{
	struct proc_dir_entry *pde;
	struct dentry *dir;
	int before, tries;

	r->value = RACE_ALIVE;
	pde = proc_create_data("selftest-race", 0444, NULL, &race_proc_ops, r);
	dir = debugfs_create_dir("selftest-race", NULL);
	if (!pde || IS_ERR(dir)) {
		proc_remove(pde);
		debugfs_remove(dir);
		return selftest_fail("round %u: expected the files made, saw an error", round);
	}
	debugfs_create_file("c", 0444, dir, r, &race_fops);
	debugfs_create_u32("v", 0444, dir, &r->value);
	/* Until some reads of this round went through (bounded). */
	before = atomic_read(&race_reads);
	for (tries = 0; tries < 1000 && atomic_read(&race_reads) < before + 8; tries++)
		msleep(1);
	/* Every file still open has its release run by the removal. */
	proc_remove(pde);
	if (!race_all_released(&r->proc))
		return selftest_fail("round %u: after proc_remove expected all released,"
				     " saw %d of %d",
				     round, atomic_read(&r->proc.releases),
				     atomic_read(&r->proc.opens));
	debugfs_remove(dir);
	if (!race_all_released(&r->debugfs))
		return selftest_fail("round %u: after debugfs_remove expected all released,"
				     " saw %d of %d",
				     round, atomic_read(&r->debugfs.releases),
				     atomic_read(&r->debugfs.opens));
	WRITE_ONCE(r->value, RACE_DEAD);	/* a read from now on is a bug */
	return 0;
}

int selftest_remove_race(int argc, char **argv)
{
	struct task_struct *readers[NR_CPUS];
	struct race_round *rounds;
	unsigned int n = 200, i, cpu, nr = 0;

	if (argc > 1 && selftest_parse_uint(argv[1], &n, 100000))
		return selftest_fail("usage: selftest remove-race [ROUNDS]");
	/* Kept to the end: a late reader must find RACE_DEAD, not freed memory. */
	rounds = kvzalloc(n * sizeof(*rounds), GFP_KERNEL);
	if (!rounds)
		return selftest_fail("no memory for %u rounds", n);
	atomic_set(&race_reads, 0);
	atomic_set(&race_bad, 0);
	atomic_set(&race_eio, 0);
	for_each_online_cpu(cpu) {
		struct task_struct *t = kthread_create(race_reader, (void *)(unsigned long)cpu,
						       "race/%u", cpu);

		if (IS_ERR(t))
			break;
		kthread_bind(t, cpu);
		wake_up_process(t);
		readers[nr++] = t;
	}
	for (i = 0; i < n && !selftest_failed(); i++)
		race_round_once(&rounds[i], i);
	for (cpu = 0; cpu < nr; cpu++)
		kthread_stop(readers[cpu]);
	printf("remove-race: %u rounds, %u readers, %d reads, %d -EIO after removal\n", i, nr,
	       atomic_read(&race_reads), atomic_read(&race_eio));
	if (atomic_read(&race_bad))
		selftest_fail("expected no read after its file was removed, saw %d",
			      atomic_read(&race_bad));
	for (i = 0; i < n; i++)
		if (!race_all_released(&rounds[i].proc) || !race_all_released(&rounds[i].debugfs))
			selftest_fail("round %u: at the end expected all files released", i);
	kvfree(rounds);
	return selftest_failed();
}
