/*
 * The `selftest` shell command: runs one in-kernel test by name and prints
 * its verdict; with no name, lists the tests. Also the helpers the tests
 * share: bound threads, stopping them in bounded time, waiting with a
 * deadline. See selftest.h.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <modlab/console.h>
#include <modlab/shell.h>
#include "selftest.h"
#include <modlab/sched.h>

static const struct selftest selftests[] = {
	{ "threads", "", "a thread bound to each CPU runs there; kthread_stop reaps it",
	  selftest_threads },
	{ "ticks", "", "every CPU takes timer ticks, HZ a second", selftest_ticks },
	{ "spinlock", "[N [M]] [--unlocked]", "N threads per CPU count M times under one spin lock",
	  selftest_spinlock },
	{ "mutex", "[N [M]]", "N threads per CPU count M times under a mutex, sleeping",
	  selftest_mutex },
	{ "waitqueue", "[ROUNDS]", "two threads on two CPUs take turns through wait queues",
	  selftest_waitqueue },
	{ "completion", "", "complete_all, complete one at a time, timeouts",
	  selftest_completion },
	{ "on_each_cpu", "", "cross-CPU calls run on the CPU asked for", selftest_on_each_cpu },
	{ "cr0", "", "every CPU's CR0 is the boot CPU's (caches on)", selftest_cr0 },
	{ "tlb-shootdown", "[ROUNDS]",
	  "a page unmapped or made read-only on one CPU faults at once on the others",
	  selftest_tlb_shootdown },
	{ "mmap", "[ROUNDS]",
	  "file mappings: remap_pfn_range, vm_insert_page, .fault; unmaps flushed on every CPU",
	  selftest_mmap },
	{ "msleep", "", "msleep sleeps at least as asked and not much longer",
	  selftest_msleep },
	{ "clock", "", "the clock rate found at boot agrees with the best of 40 measurements",
	  selftest_clock },
	{ "preempt", "", "a busy thread is preempted; preempt_disable holds others off",
	  selftest_preempt },
	{ "stop_machine", "[ROUNDS] [--anywhere] [--timeout MS]",
	  "no CPU is stopped inside a preempt-disabled section", selftest_stop_machine },
	{ "lock-recursion", "", "taking a spin lock twice is reported, then panics",
	  selftest_lock_recursion },
	{ "lock-unheld-unlock", "", "unlocking a spin lock not held is reported and skipped",
	  selftest_lock_unheld_unlock },
	{ "sleep-in-atomic", "", "sleeping with a spin lock held is reported",
	  selftest_sleep_in_atomic },
	{ "mutex-foreign-unlock", "", "unlocking another thread's mutex is reported and refused",
	  selftest_mutex_foreign_unlock },
	{ "vfs-concurrent", "", "threads on every CPU create and remove files in one directory",
	  selftest_vfs_concurrent },
	{ "vfs-errors", "", "each VFS call fails with the errno it promises, changing nothing",
	  selftest_vfs_errors },
	{ "symlink-errors", "", "each symbolic-link call the shell cannot reach fails as promised",
	  selftest_symlink_errors },
	{ "vfs-dead-dir", "[DIR]", "nothing is made in, or mounted on, a removed directory",
	  selftest_vfs_dead_dir },
	{ "vfs-bigdir", "[N] [DIR] [--keep]",
	  "a directory of N files read in small pieces gives each name once", selftest_vfs_bigdir },
	{ "dir-pieces", "DIR...", "a directory read a few entries a call gives what one read gives",
	  selftest_dir_pieces },
	{ "proc-deep", "[N]", "a proc tree N levels deep goes with one proc_remove",
	  selftest_proc_deep },
	{ "seq-file", "", "a seq_file read in pieces or after seeks gives the text of one read",
	  selftest_seq_file },
	{ "remove-race", "[ROUNDS]",
	  "procfs and debugfs files removed while read on every CPU: no late read, all released",
	  selftest_remove_race },
	{ "fs-unregister-mounted", "", "a mounted filesystem type cannot be unregistered",
	  selftest_fs_unregister_mounted },
	{ "umount-busy", "", "umount is refused while a file is open on the mount",
	  selftest_umount_busy },
	{ "module-race", "[ROUNDS]", "insmod/rmmod refmod while hammer's threads use it",
	  selftest_module_race },
	{ "module-gap", "[ROUNDS]", "no try_module_get counts across a stop that closed the module",
	  selftest_module_gap },
	{ "module-words", "NAME [SECTION [WORDS]]",
	  "a module's section addresses, and the words of one section", selftest_module_words },
	{ "module-bad-images", "[DIR] [ROUNDS]",
	  "damaged module images are refused with -ENOEXEC and leave nothing behind",
	  selftest_module_bad_images },
	{ "uaccess", "", "copy_to_user and friends on NULL, unmapped and half-mapped buffers",
	  selftest_uaccess },
	{ "open-storm", "PATH [ROUNDS]", "threads on every CPU open and close a device file",
	  selftest_open_storm },
	{ "timers", "", "timers run once, not early, in softirq context on the arming CPU",
	  selftest_timers },
	{ "timer-del-sync", "[ROUNDS]", "del_timer_sync waits for a callback on another CPU",
	  selftest_timer_del_sync },
	{ "tasklets", "", "one run per scheduling, disable/enable, never two CPUs at once",
	  selftest_tasklets },
	{ "tasklet-kill", "[ROUNDS]", "tasklet_kill stops a tasklet that reschedules itself",
	  selftest_tasklet_kill },
	{ "delayed-work", "", "delayed work: not early, once; cancel, mod and flush",
	  selftest_delayed_work },
	{ "cancel-delayed-work-sync", "[ROUNDS]",
	  "cancel_delayed_work_sync stops an item requeueing itself on another CPU",
	  selftest_cancel_delayed_work_sync },
	{ "ordered-workqueue", "", "ordered queues run items one at a time in order; destroy",
	  selftest_ordered_workqueue },
	{ "semaphore", "", "a count-2 semaphore: never 3 holders; trylock, down_timeout",
	  selftest_semaphore },
	{ "rwsem", "", "rw-semaphores: writers alone, exact counter, downgrade_write",
	  selftest_rwsem },
	{ "labref", "SEED [ROUNDS [OPS [RACES [PER_CPU]]]]",
	  "the bench lab's counter: exact counts, no get after a release", selftest_labref },
	{ "uart-baud", "", "the serial core's speeds: ranges, fallbacks, divisors, frame times",
	  selftest_uart_baud },
};

/* The running test's verdict. The shell runs one command at a time, so
 * one test at a time: plain statics are enough. */
static const char *running;
static bool failed;
static char fail_reason[160];

int selftest_fail(const char *fmt, ...)
{
	char reason[sizeof(fail_reason)];
	va_list args;

	va_start(args, fmt);
	vscnprintf(reason, sizeof(reason), fmt, args);
	va_end(args);
	if (!failed) {
		failed = true;
		strscpy(fail_reason, reason, sizeof(fail_reason));
	} else {
		printf("%s: also: %s\n", running, reason);
	}
	return 1;
}

bool selftest_failed(void)
{
	return failed;
}

static void list_tests(void)
{
	unsigned int i;

	printf("usage: selftest NAME [ARGS]; the tests:\n");
	for (i = 0; i < ARRAY_SIZE(selftests); i++)
		printf("  %-20s %-22s %s\n", selftests[i].name, selftests[i].usage,
		       selftests[i].help);
}

static int cmd_selftest(int argc, char **argv)
{
	const struct selftest *t = NULL;
	unsigned int i;
	int ret;

	if (argc < 2) {
		list_tests();
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(selftests); i++)
		if (!strcmp(argv[1], selftests[i].name))
			t = &selftests[i];
	if (!t) {
		printf("selftest: no test named '%s' ('selftest' lists them)\n", argv[1]);
		return 1;
	}
	running = t->name;
	failed = false;
	fail_reason[0] = '\0';
	ret = t->fn(argc - 1, argv + 1);
	if (ret && !failed)
		selftest_fail("the test gave up without saying why (status %d)", ret);
	if (failed)
		printf("selftest %s: FAIL: %s\n", t->name, fail_reason);
	else
		printf("selftest %s: PASS\n", t->name);
	running = NULL;
	return failed ? 1 : 0;
}
SHELL_COMMAND("selftest", cmd_selftest, "[NAME [ARGS]]",
	      "run an in-kernel test (no NAME: list them)");

/* ---- helpers ------------------------------------------------------------- */

static struct task_struct *thread_create_on(int (*fn)(void *data), void *data, unsigned int cpu,
					    const char *namefmt, va_list args)
{
	char name[TASK_COMM_LEN];
	struct task_struct *t;

	vscnprintf(name, sizeof(name), namefmt, args);
	t = kthread_create(fn, data, "%s", name);
	if (IS_ERR(t))
		return t;
	kthread_bind(t, cpu);
	get_task_struct(t);	/* kthread_stop stays legal after fn returns */
	return t;
}

struct task_struct *selftest_thread_create_on(int (*fn)(void *data), void *data,
					      unsigned int cpu, const char *namefmt, ...)
{
	struct task_struct *t;
	va_list args;

	va_start(args, namefmt);
	t = thread_create_on(fn, data, cpu, namefmt, args);
	va_end(args);
	return t;
}

struct task_struct *selftest_thread_on(int (*fn)(void *data), void *data, unsigned int cpu,
				       const char *namefmt, ...)
{
	struct task_struct *t;
	va_list args;

	va_start(args, namefmt);
	t = thread_create_on(fn, data, cpu, namefmt, args);
	va_end(args);
	if (!IS_ERR(t))
		wake_up_process(t);
	return t;
}

/*
 * A helper thread does the kthread_stop calls, so that the caller can give
 * up after a timeout instead of waiting for ever on a thread that never
 * ends. The request is shared by the two: each drops one reference, and
 * whoever drops the last frees it; so neither frees it under the other,
 * whatever the timing (the reaper may still be inside complete() when its
 * caller wakes up).
 */
struct stop_request {
	struct task_struct **threads;
	unsigned int n;
	int *ret;
	struct completion done;
	int refs;
};

static void put_stop_request(struct stop_request *r)
{
	if (__atomic_sub_fetch(&r->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(r);
}

static int reaper_fn(void *data)
{
	struct stop_request *r = data;
	unsigned int i;

	for (i = 0; i < r->n; i++) {
		int code;

		if (!r->threads[i])
			continue;
		code = kthread_stop(r->threads[i]);
		if (r->ret)
			r->ret[i] = code;
		put_task_struct(r->threads[i]);
	}
	complete(&r->done);
	put_stop_request(r);
	return 0;
}

int selftest_stop_threads(struct task_struct **t, unsigned int n, int *ret,
			  unsigned int timeout_ms)
{
	struct stop_request *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct task_struct *reaper;
	int err = 0;

	if (!r)
		return -ENOMEM;
	r->threads = t;
	r->n = n;
	r->ret = ret;
	r->refs = 2;
	init_completion(&r->done);
	reaper = kthread_run(reaper_fn, r, "st-reaper");
	if (IS_ERR(reaper)) {
		kfree(r);
		return PTR_ERR(reaper);
	}
	if (!wait_for_completion_timeout(&r->done, msecs_to_jiffies(timeout_ms)))
		err = -ETIMEDOUT;
	put_stop_request(r);
	return err;
}

unsigned int selftest_wait_completions(struct completion *c, unsigned int n,
				       unsigned int timeout_ms)
{
	u64 end = ktime_get_ns() + selftest_ms_to_ns(timeout_ms);
	unsigned int got = 0;

	while (got < n) {
		u64 now = ktime_get_ns();
		unsigned long ticks;

		if (now >= end)
			break;
		ticks = msecs_to_jiffies(selftest_ns_to_us(end - now) / 1000 + 1);
		if (!wait_for_completion_timeout(c, ticks))
			break;
		got++;
	}
	return got;
}

struct task_count {
	const char *prefix;
	size_t len;
	unsigned int n;
};

static void count_task(struct task_struct *p, void *arg)
{
	struct task_count *c = arg;

	if (!strncmp(p->comm, c->prefix, c->len))
		c->n++;
}

unsigned int selftest_count_tasks(const char *prefix)
{
	struct task_count c = { .prefix = prefix, .len = strlen(prefix) };

	for_each_task(count_task, &c);
	return c.n;
}

unsigned int selftest_online_cpus(unsigned int *cpus)
{
	unsigned int cpu, n = 0;

	for_each_online_cpu(cpu)
		cpus[n++] = cpu;
	return n;
}

int selftest_parse_uint(const char *arg, unsigned int *val, unsigned int max)
{
	if (kstrtouint(arg, 10, val) || *val == 0 || *val > max) {
		printf("%s: '%s' is not a number from 1 to %u\n", running, arg, max);
		return -1;
	}
	return 0;
}

u32 selftest_ns_to_us(u64 ns)
{
	do_div(ns, 1000);
	return ns > 0xffffffffu ? 0xffffffffu : (u32)ns;
}
