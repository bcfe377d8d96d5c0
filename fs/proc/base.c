/*
 * The kernel's own /proc files: cmdline, cpuinfo, meminfo, mounts,
 * filesystems, uptime and threads.
 */
#include <linux/kernel.h>
#include <linux/ioport.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/proc_fs.h>
#include "../internal.h"
#include <modlab/bootinfo.h>
#include <modlab/cpuinfo.h>
#include <modlab/mm.h>
#include <modlab/percpu.h>
#include <modlab/time.h>
#include <modlab/fs.h>
#include <modlab/sched.h>

extern struct file_system_type proc_fs_type;

static int cmdline_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", boot_info.cmdline);
	return 0;
}

static int cpuinfo_show(struct seq_file *m, void *v)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		arch_show_cpuinfo(m, cpu, clock_khz);
	return 0;
}

static int meminfo_show(struct seq_file *m, void *v)
{
	struct page_stats ps;
	struct slab_stats ss;
	unsigned long kib = PAGE_SIZE / 1024;

	page_get_stats(&ps);
	slab_get_stats(&ss);
	seq_printf(m, "MemTotal:       %8lu kB\n", ps.total * kib);
	seq_printf(m, "MemFree:        %8lu kB\n", ps.free * kib);
	seq_printf(m, "MemUsed:        %8lu kB\n", (ps.total - ps.free) * kib);
	seq_printf(m, "Reserved:       %8lu kB\n", ps.reserved * kib);
	seq_printf(m, "Slab:           %8lu kB\n", ss.pages * kib);
	seq_printf(m, "SlabObjects:    %8lu\n", ss.objects);
	seq_printf(m, "LargeKmalloc:   %8lu kB\n", ss.large_pages * kib);
	return 0;
}

static void mounts_one(struct vfsmount *mnt, void *arg)
{
	struct seq_file *m = arg;
	struct path root = { mnt, mnt->mnt_root };
	char where[PATH_MAX];

	if (d_path(&root, where, sizeof(where)) < 0)
		strscpy(where, "?", sizeof(where));
	seq_printf(m, "%s %s %s %s 0 0\n", mnt->mnt_devname, where, mnt->mnt_sb->s_type->name,
		   mnt->mnt_sb->s_readonly ? "ro" : "rw");
}

static int mounts_show(struct seq_file *m, void *v)
{
	for_each_mount(mounts_one, m);
	return 0;
}

static void filesystems_one(struct file_system_type *fs, void *arg)
{
	seq_printf(arg, "%s\t%s\n", (fs->fs_flags & FS_REQUIRES_DEV) ? "" : "nodev", fs->name);
}

static int filesystems_show(struct seq_file *m, void *v)
{
	for_each_filesystem(filesystems_one, m);
	return 0;
}

/* Seconds since boot, and seconds all CPUs together spent idle. */
static int uptime_show(struct seq_file *m, void *v)
{
	u64 ns = ktime_get_ns();
	unsigned long idle = 0;
	unsigned int cpu, cs;

	for_each_online_cpu(cpu)
		idle += READ_ONCE(per_cpu(idle_ticks, cpu));
	do_div(ns, 10000000);	/* hundredths of a second */
	cs = do_div(ns, 100);
	seq_printf(m, "%u.%02u %lu.%02lu\n", (u32)ns, cs, idle / HZ, (idle % HZ) * 100 / HZ);
	return 0;
}

static void threads_one(struct task_struct *p, void *arg)
{
	seq_printf(arg, "%5d %3u %-9s %9lu %s\n", p->pid, p->cpu, task_state_name(p),
		   p->nr_switches, p->comm);
}

static int threads_show(struct seq_file *m, void *v)
{
	seq_puts(m, "  PID CPU STATE      SWITCHES NAME\n");
	for_each_task(threads_one, m);
	return 0;
}

/* Character and block major numbers, as Linux prints them. */
static int devices_show(struct seq_file *m, void *v)
{
	chrdev_show(m, v);
	seq_putc(m, '\n');
	return blkdev_show(m, v);
}

void proc_root_init(void)
{
	int err = register_filesystem(&proc_fs_type);

	if (!err)
		err = do_mount("proc", "/proc", "proc", NULL);
	if (err) {
		pr_err("proc: cannot mount /proc: error %d\n", err);
		return;
	}
	proc_create_single("cmdline", 0444, NULL, cmdline_show);
	proc_create_single("cpuinfo", 0444, NULL, cpuinfo_show);
	proc_create_single("meminfo", 0444, NULL, meminfo_show);
	proc_create_single("mounts", 0444, NULL, mounts_show);
	proc_create_single("filesystems", 0444, NULL, filesystems_show);
	proc_create_single("uptime", 0444, NULL, uptime_show);
	proc_create_single("threads", 0444, NULL, threads_show);
	proc_create_single("devices", 0444, NULL, devices_show);
	proc_create_single("ioports", 0444, NULL, ioports_show);
	proc_create_single("iomem", 0444, NULL, iomem_show);
}
