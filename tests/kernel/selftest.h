/*
 * In-kernel self tests, run from the shell: `selftest NAME [ARGS]`.
 *
 * Each test is a function in the file named after what it tests
 * (selftest_locks.c, selftest_sched.c, ...). It prints what it measured and
 * returns 0 if the mechanism behaved, or selftest_fail("expected X, saw Y")
 * if not; selftest.c then prints the last line, which a QEMU test checks:
 *
 *	selftest NAME: PASS
 *	selftest NAME: FAIL: expected X, saw Y
 *
 * Every test ends in bounded time: waits have timeouts, and a timeout is a
 * failure. State that threads of a failed test might still touch is left
 * allocated on purpose (a leak after a failure is better than a crash).
 */
#ifndef _TESTS_KERNEL_SELFTEST_H
#define _TESTS_KERNEL_SELFTEST_H

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/sched.h>
#include <modlab/console.h>
#include <modlab/time.h>

struct selftest {
	const char *name;
	const char *usage;	/* arguments, e.g. "[N] [--unlocked]" */
	const char *help;	/* one line */
	int (*fn)(int argc, char **argv);	/* argv[0] is the test's name */
};

/* The tests, one per line in selftest.c's table. */
int selftest_threads(int argc, char **argv);
int selftest_ticks(int argc, char **argv);
int selftest_spinlock(int argc, char **argv);
int selftest_mutex(int argc, char **argv);
int selftest_waitqueue(int argc, char **argv);
int selftest_completion(int argc, char **argv);
int selftest_on_each_cpu(int argc, char **argv);
int selftest_cr0(int argc, char **argv);
int selftest_tlb_shootdown(int argc, char **argv);
int selftest_mmap(int argc, char **argv);
int selftest_msleep(int argc, char **argv);
int selftest_clock(int argc, char **argv);
int selftest_preempt(int argc, char **argv);
int selftest_stop_machine(int argc, char **argv);
int selftest_lock_recursion(int argc, char **argv);
int selftest_lock_unheld_unlock(int argc, char **argv);
int selftest_sleep_in_atomic(int argc, char **argv);
int selftest_mutex_foreign_unlock(int argc, char **argv);
int selftest_vfs_concurrent(int argc, char **argv);
int selftest_vfs_errors(int argc, char **argv);
int selftest_symlink_errors(int argc, char **argv);
int selftest_vfs_dead_dir(int argc, char **argv);
int selftest_vfs_bigdir(int argc, char **argv);
int selftest_dir_pieces(int argc, char **argv);
int selftest_proc_deep(int argc, char **argv);
int selftest_seq_file(int argc, char **argv);
int selftest_remove_race(int argc, char **argv);
int selftest_fs_unregister_mounted(int argc, char **argv);
int selftest_umount_busy(int argc, char **argv);
int selftest_module_race(int argc, char **argv);
int selftest_module_gap(int argc, char **argv);
int selftest_module_words(int argc, char **argv);
int selftest_module_bad_images(int argc, char **argv);
int selftest_uaccess(int argc, char **argv);
int selftest_open_storm(int argc, char **argv);
int selftest_timers(int argc, char **argv);
int selftest_timer_del_sync(int argc, char **argv);
int selftest_tasklets(int argc, char **argv);
int selftest_tasklet_kill(int argc, char **argv);
int selftest_delayed_work(int argc, char **argv);
int selftest_cancel_delayed_work_sync(int argc, char **argv);
int selftest_ordered_workqueue(int argc, char **argv);
int selftest_semaphore(int argc, char **argv);
int selftest_rwsem(int argc, char **argv);
int selftest_labref(int argc, char **argv);
int selftest_uart_baud(int argc, char **argv);

/* Record why the running test failed (the first reason is kept, later ones
 * are printed as they come) and return non-zero, for `return selftest_fail(...)`. */
int selftest_fail(const char *fmt, ...) __printf(1, 2);
/* Has the running test failed so far? */
bool selftest_failed(void);

/*
 * Start fn(data) in a new thread bound to cpu. The caller gets a reference
 * to the task, so selftest_stop_threads() may stop it even after fn has
 * returned. Returns the task or an ERR_PTR.
 */
struct task_struct *selftest_thread_on(int (*fn)(void *data), void *data, unsigned int cpu,
				       const char *namefmt, ...) __printf(4, 5);
/* The same, but not started yet: wake_up_process() starts it. */
struct task_struct *selftest_thread_create_on(int (*fn)(void *data), void *data,
					      unsigned int cpu, const char *namefmt, ...)
	__printf(4, 5);
/*
 * kthread_stop() each of the n threads (NULL entries are skipped), storing
 * their return values in ret[] (ret may be NULL), and drop the references
 * selftest_thread_on took. Bounded: gives up after timeout_ms and returns
 * -ETIMEDOUT (the threads and ret[] must then be left alone for good).
 */
int selftest_stop_threads(struct task_struct **t, unsigned int n, int *ret,
			  unsigned int timeout_ms);
/* Wait for n complete() calls on c within timeout_ms; returns how many came. */
unsigned int selftest_wait_completions(struct completion *c, unsigned int n,
				       unsigned int timeout_ms);
/* Threads whose name starts with prefix (a ps-like look through for_each_task). */
unsigned int selftest_count_tasks(const char *prefix);
/* Fill cpus[] (NR_CPUS entries) with the online CPUs' numbers; returns how many. */
unsigned int selftest_online_cpus(unsigned int *cpus);
/* Parse a positive decimal argument; prints a message and returns -1 if bad. */
int selftest_parse_uint(const char *arg, unsigned int *val, unsigned int max);

/* Time helpers: the kernel links no 64-bit division, so go through
 * do_div once here. */
u32 selftest_ns_to_us(u64 ns);
static inline u64 selftest_ms_to_ns(unsigned int ms)
{
	return (u64)ms * NSEC_PER_MSEC;
}

/* Microseconds printed as milliseconds with three decimals: "%u.%03u". */
#define US_MS(us)	(us) / 1000, (us) % 1000

/*
 * Poll cond every millisecond or so (sleeping) until it holds or timeout_ms
 * have passed; true if it held. For states with no wait queue to sleep on.
 */
#define selftest_wait_until(cond, timeout_ms)						\
	({										\
		u64 __end = ktime_get_ns() + selftest_ms_to_ns(timeout_ms);		\
		bool __ok;								\
		while (!(__ok = (cond)) && ktime_get_ns() < __end)			\
			schedule_timeout_uninterruptible(1);				\
		__ok;									\
	})

#endif
