/*
 * `bench modules` and `bench refcount`: figures for tools/bench/modules.py,
 * measured and printed the way bench.c does (TSC-timed, one line each).
 *
 * bench modules
 *	load_hello_ns, unload_hello_ns	load_module() of /lib/modules/hello.ko
 *		(read into memory once) and delete_module("hello", O_NONBLOCK),
 *		round after round
 *	load_relocs_ns, unload_relocs_ns  the same for bench_relocs.ko, a
 *		module of about 2000 relocations against every kernel export
 *		(tools/bench/gen_relocmod.py)
 *	export_lookup_ns	one find_export() of a kernel export's name
 * While modules load and unload here, console_loglevel is lowered so that
 * hello's pr_info lines go to the log only: the figures are the loader's,
 * not the serial port's. (modules.py times the shell's insmod and rmmod,
 * messages and all, separately.)
 *
 * bench refcount
 * Four ways to count a module's users, each hammered with get+put pairs
 * by threads on 1, 2, 4, ... and all online CPUs at once:
 *	percpu	try_module_get/module_put on a module of our own (a struct
 *		module nobody else can see): one unlocked increment of this
 *		CPU's counter, with preemption off
 *	atomic	one shared atomic_t starting at a bias of 1, as Linux does
 *		today: get is atomic_inc_not_zero (a cmpxchg loop), put is
 *		atomic_dec
 *	spin	one counter and a live flag under a spin lock
 *	lab	the bench lab's scheme (labref.h, labs/09-bench)
 * For each scheme and thread count:
 *	rc_SCHEME_tK_pair_ns	ns per get+put pair on one thread while its
 *				CPU runs: each thread's median time per batch
 *				of RC_BATCH pairs, in each window
 *	rc_SCHEME_tK_kpairs_s	thousands of pairs per second, all threads
 *	rc_SCHEME_tK_unload_ns	the unload's check, made on CPU 0 while the
 *				K-1 other threads keep hammering: percpu,
 *				stop_machine and sum the counters; atomic,
 *				subtract the bias and test; spin, lock and test
 * Every measurement ends after a fixed time (RC_WINDOW_MS per window, at
 * most RC_UNLOAD_LIMIT_MS for the unload samples) and every wait for
 * another thread has a timeout, so the command cannot hang.
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <asm/barrier.h>
#include <asm/processor.h>
#include <modlab/console.h>
#include <modlab/percpu.h>
#include <modlab/time.h>
#include "bench.h"
#include "labref.h"
#include <modlab/fs.h>
#include <modlab/module.h>

/* kernel/module/bench_hooks.c */
unsigned int module_bench_kernel_exports(void);
unsigned int module_bench_lookup_all(unsigned int passes);

/* ================================================================ modules */

#define LOAD_WARMUP		3
#define LOAD_REPS		100
#define LOAD_BUDGET_NS		(10ull * 1000 * 1000 * 1000)	/* per module */
#define LOOKUP_WARMUP		5
#define LOOKUP_REPS		100
#define LOOKUP_PASSES		10	/* over every export, per sample */
#define QUIET_LOGLEVEL		5	/* warnings and worse still show */

enum { M_LOAD_HELLO, M_UNLOAD_HELLO, M_LOAD_RELOCS, M_UNLOAD_RELOCS, M_LOOKUP, NR_MOD_FIGURES };

static struct bench_figure mod_figures[NR_MOD_FIGURES] = {
	[M_LOAD_HELLO]		= { .name = "load_hello_ns", .whole = true },
	[M_UNLOAD_HELLO]	= { .name = "unload_hello_ns", .whole = true },
	[M_LOAD_RELOCS]		= { .name = "load_relocs_ns", .whole = true },
	[M_UNLOAD_RELOCS]	= { .name = "unload_relocs_ns", .whole = true },
	[M_LOOKUP]		= { .name = "export_lookup_ns", .tenths = true },
};
static unsigned int mod_exports;

/* Load and remove one module, round after round. */
static void bench_load(const char *path, const char *name, struct bench_figure *load,
		       struct bench_figure *unload, u32 *a, u32 *b)
{
	unsigned long len;
	unsigned int i, n = 0;
	u64 start;
	void *image;
	int err;

	image = kernel_read_whole_file(path, &len, &err);
	if (!image) {
		load->skipped = unload->skipped = err == -ENOENT ? "no_file" : NULL;
		load->error = unload->error = err;
		return;
	}
	start = ktime_get_ns();
	for (i = 0; i < LOAD_WARMUP + LOAD_REPS; i++) {
		u64 t0, t1, t2;

		t0 = rdtsc();
		err = load_module(image, len, "");
		t1 = rdtsc();
		if (err) {
			load->error = err;
			unload->skipped = "load_failed";
			break;
		}
		err = delete_module(name, O_NONBLOCK);
		t2 = rdtsc();
		if (err) {
			unload->error = err;
			break;
		}
		if (i >= LOAD_WARMUP) {
			a[n] = bench_cycles_to_ns(t1 - t0);
			b[n] = bench_cycles_to_ns(t2 - t1);
			n++;
		}
		if (ktime_get_ns() - start > LOAD_BUDGET_NS)
			break;		/* a slow machine: fewer rounds */
	}
	if (!load->error && !unload->error) {
		bench_finish_values(load, a, n);
		bench_finish_values(unload, b, n);
	}
	kfree(image);
}

static void bench_lookup(u32 *a)
{
	struct bench_figure *f = &mod_figures[M_LOOKUP];
	unsigned int i, found;

	mod_exports = module_bench_kernel_exports();
	if (!mod_exports) {
		f->skipped = "no_exports";
		return;
	}
	for (i = 0; i < LOOKUP_WARMUP + LOOKUP_REPS; i++) {
		u64 t0, t1;

		t0 = rdtsc();
		found = module_bench_lookup_all(LOOKUP_PASSES);
		t1 = rdtsc();
		if (found != LOOKUP_PASSES * mod_exports) {
			f->error = -ENOENT;	/* an export its own table cannot find */
			return;
		}
		if (i >= LOOKUP_WARMUP)
			a[i - LOOKUP_WARMUP] = bench_elapsed(t0, t1);
	}
	bench_finish(f, a, LOOKUP_REPS, LOOKUP_PASSES * mod_exports);
}

void bench_modules_run(void)
{
	u32 *a = kmalloc(LOAD_REPS * sizeof(u32), GFP_KERNEL);
	u32 *b = kmalloc(LOAD_REPS * sizeof(u32), GFP_KERNEL);
	int saved = console_loglevel;
	unsigned int i;

	for (i = 0; i < NR_MOD_FIGURES; i++)
		bench_reset(&mod_figures[i]);
	if (!a || !b) {
		for (i = 0; i < NR_MOD_FIGURES; i++)
			mod_figures[i].error = -ENOMEM;
		goto out;
	}
	bench_calibrate();
	console_loglevel = QUIET_LOGLEVEL;
	bench_load("/lib/modules/hello.ko", "hello", &mod_figures[M_LOAD_HELLO],
		   &mod_figures[M_UNLOAD_HELLO], a, b);
	bench_load("/lib/modules/bench_relocs.ko", "bench_relocs", &mod_figures[M_LOAD_RELOCS],
		   &mod_figures[M_UNLOAD_RELOCS], a, b);
	console_loglevel = saved;
	bench_lookup(a);
out:
	kfree(a);
	kfree(b);
}

void bench_modules_report(void)
{
	unsigned int i;

	printf("bench: exports kernel=%u\n", mod_exports);
	for (i = 0; i < NR_MOD_FIGURES; i++)
		bench_print(&mod_figures[i]);
}

/* ================================================================ refcount */

#define RC_WINDOW_MS		100	/* one timed window of get+put pairs */
#define RC_WINDOWS		5
#define RC_UNLOAD_SAMPLES	100
#define RC_UNLOAD_BUDGET_MS	300	/* then stop sampling, if we have ... */
#define RC_UNLOAD_MIN		5	/* ... this many samples */
#define RC_UNLOAD_LIMIT_MS	3000	/* and stop anyway */
#define RC_UNLOAD_GAP_US	200	/* let the others hammer between samples */
#define RC_BATCH		64	/* pairs between looks at the clock */
#define RC_SAMPLES		128	/* batch times kept per thread and window */
#define RC_SAMPLE_EVERY		8	/* keep every 8th batch's time */
#define RC_WAIT_MS		5000	/* for the other threads, then give up */
#define RC_BIAS			1	/* the atomic counter's "live" reference */
#define RC_MAX_KS		6	/* 1, 2, 4, 8, 16 and N */

enum rc_scheme { RC_PERCPU, RC_ATOMIC, RC_SPIN, RC_LAB, NR_SCHEMES };
static const char *const rc_scheme_names[NR_SCHEMES] = { "percpu", "atomic", "spin", "lab" };
enum { RC_PAIR, RC_KPAIRS, RC_UNLOAD, NR_RC_KINDS };
enum rc_cmd { RC_CMD_PAIRS, RC_CMD_UNLOAD, RC_CMD_EXIT };

/* The counters under test, each on cache lines of its own. */
static struct module *rc_mod;		/* percpu: a module of our own */
static void *rc_mod_mem;
static struct rc_atomic {
	atomic_t count;
} __aligned(64) rc_atomic;
static struct rc_spin {
	spinlock_t lock;
	int count;
	int live;
} __aligned(64) rc_spin;

/* One hammering thread's result, on lines of its own. */
struct rc_slot {
	u64 cycles;
	unsigned long pairs;
	unsigned long failed;	/* gets refused (only while an unload is tested) */
	unsigned int nsamples;
	u32 samples[RC_SAMPLES];	/* cycles per batch, the last ones kept */
} __aligned(64);

static struct rc_slot rc_slots[NR_CPUS];
static struct rc_ctl {
	enum rc_cmd cmd;
	enum rc_scheme scheme;
	unsigned int gen;	/* bumped for each round */
	atomic_t ready, done;
} __aligned(64) rc_ctl;
static struct rc_flags {	/* read in the hammering loops */
	int go, stop;
} __aligned(64) rc_flags;
static DECLARE_WAIT_QUEUE_HEAD(rc_worker_wq);	/* workers: a new round */
static DECLARE_WAIT_QUEUE_HEAD(rc_ctl_wq);	/* CPU 0: ready or done */

static struct bench_figure rc_figures[NR_SCHEMES][RC_MAX_KS][NR_RC_KINDS];
static unsigned int rc_ks[RC_MAX_KS], rc_nks;
static unsigned int rc_cpus[NR_CPUS];	/* online CPUs, BENCH_CPU first */
static int rc_error;			/* the whole run failed (setup) */
static bool rc_stuck;			/* a past run left threads behind */
static u64 rc_window_cycles;

/* ---------------------------------------------------------------- the schemes */

/*
 * The kernel's try_module_get and module_put are functions
 * (kernel/module/refcount.c), as Linux's are; the other schemes' gets and
 * puts are functions too, so that every scheme pays one call per get and
 * one per put and only the counting differs.
 */
static noinline bool rc_atomic_get(void)
{
	return atomic_inc_not_zero(&rc_atomic.count);
}

static noinline void rc_atomic_put(void)
{
	atomic_dec(&rc_atomic.count);
}

static noinline bool rc_spin_get(void)
{
	bool ok;

	spin_lock(&rc_spin.lock);
	ok = rc_spin.live;
	if (ok)
		rc_spin.count++;
	spin_unlock(&rc_spin.lock);
	return ok;
}

static noinline void rc_spin_put(void)
{
	spin_lock(&rc_spin.lock);
	rc_spin.count--;
	spin_unlock(&rc_spin.lock);
}

static __always_inline bool rc_get(enum rc_scheme s)
{
	switch (s) {
	case RC_PERCPU:
		return try_module_get(rc_mod);
	case RC_ATOMIC:
		return rc_atomic_get();
	case RC_LAB:
		return labref_get();
	default:
		return rc_spin_get();
	}
}

static __always_inline void rc_put(enum rc_scheme s)
{
	switch (s) {
	case RC_PERCPU:
		module_put(rc_mod);
		break;
	case RC_ATOMIC:
		rc_atomic_put();
		break;
	case RC_LAB:
		labref_put();
		break;
	default:
		rc_spin_put();
		break;
	}
}

/*
 * Pairs until told to stop: until the TSC reaches 'end' (the thread on
 * CPU 0) or, with end == 0, until rc_flags.stop (the others). Preemption
 * stays on between pairs, so stop_machine can stop this thread. The stop
 * flag is read before every pair (a load of a line nobody writes during
 * the window, the same for every scheme): when a spin lock convoys, one
 * pair can take milliseconds, and a thread must still stop promptly.
 *
 * Besides the totals, the time of every RC_SAMPLE_EVERY'th batch is kept
 * (a ring of the last RC_SAMPLES): under QEMU a virtual CPU may lose its
 * host CPU for milliseconds in the middle of a window, and the median
 * batch time is the cost of a pair while the CPU runs, which the totals
 * alone cannot tell apart from that.
 */
static __always_inline void rc_hammer_one(enum rc_scheme s, struct rc_slot *r, u64 end)
{
	unsigned long pairs = 0, failed = 0, batches = 0;
	unsigned int i;
	u64 t0 = rdtsc(), t = t0, prev;

	do {
		prev = t;
		for (i = 0; i < RC_BATCH && !READ_ONCE(rc_flags.stop); i++) {
			if (rc_get(s))
				rc_put(s);
			else
				failed++;
		}
		pairs += i;
		t = rdtsc();
		if (i == RC_BATCH && ++batches % RC_SAMPLE_EVERY == 0)
			r->samples[(batches / RC_SAMPLE_EVERY - 1) % RC_SAMPLES] =
				bench_elapsed(prev, t);
	} while (end ? t < end : !READ_ONCE(rc_flags.stop));
	r->cycles = t - t0;
	r->pairs = pairs;
	r->failed = failed;
	r->nsamples = batches / RC_SAMPLE_EVERY < RC_SAMPLES ? batches / RC_SAMPLE_EVERY
							      : RC_SAMPLES;
}

/* One copy of the loop per scheme, so none tests the scheme per pair. */
static noinline void rc_hammer(enum rc_scheme s, struct rc_slot *r, u64 end)
{
	switch (s) {
	case RC_PERCPU:
		rc_hammer_one(RC_PERCPU, r, end);
		break;
	case RC_ATOMIC:
		rc_hammer_one(RC_ATOMIC, r, end);
		break;
	case RC_LAB:
		rc_hammer_one(RC_LAB, r, end);
		break;
	default:
		rc_hammer_one(RC_SPIN, r, end);
		break;
	}
}

/* The percpu unload's check, as try_stop_module makes it. */
static int rc_stop_fn(void *released)
{
	if (module_refcount(rc_mod) == 0) {
		rc_mod->live = 0;
		*(bool *)released = true;
	}
	return 0;
}

/* The unload's decision: true if no reference was held, and from now on
 * every get fails. */
static bool rc_try_release(enum rc_scheme s)
{
	bool released = false;

	switch (s) {
	case RC_PERCPU:
		stop_machine(rc_stop_fn, &released);
		break;
	case RC_ATOMIC:
		/* Linux's try_release_module_ref: take the bias away; if users
		 * remain, put it back, unless they have all gone meanwhile. */
		if (atomic_sub_return(RC_BIAS, &rc_atomic.count) == 0)
			released = true;
		else
			released = !atomic_add_unless(&rc_atomic.count, RC_BIAS, 0);
		break;
	case RC_LAB:
		released = labref_try_release();
		break;
	default:
		spin_lock(&rc_spin.lock);
		if (rc_spin.count == 0) {
			rc_spin.live = 0;
			released = true;
		}
		spin_unlock(&rc_spin.lock);
		break;
	}
	return released;
}

/* Make the counter usable again after a release (untimed). */
static void rc_unrelease(enum rc_scheme s)
{
	switch (s) {
	case RC_PERCPU:
		WRITE_ONCE(rc_mod->live, 1);
		break;
	case RC_ATOMIC:
		atomic_add(RC_BIAS, &rc_atomic.count);
		break;
	case RC_LAB:
		labref_unrelease();
		break;
	default:
		spin_lock(&rc_spin.lock);
		rc_spin.live = 1;
		spin_unlock(&rc_spin.lock);
		break;
	}
}

/* ---------------------------------------------------------------- threads */

/* A hammering thread on rc_cpus[slot], slot >= 1, for one thread count. */
static int rc_worker(void *arg)
{
	struct rc_slot *r = &rc_slots[(unsigned long)arg];
	unsigned int seen = 0;

	for (;;) {
		wait_event(rc_worker_wq, READ_ONCE(rc_ctl.gen) != seen);
		seen = READ_ONCE(rc_ctl.gen);
		smp_mb();
		if (rc_ctl.cmd == RC_CMD_EXIT)
			break;
		atomic_inc_return(&rc_ctl.ready);
		wake_up(&rc_ctl_wq);
		while (!READ_ONCE(rc_flags.go))
			cpu_relax();
		rc_hammer(rc_ctl.scheme, r, 0);
		atomic_inc_return(&rc_ctl.done);	/* a full barrier: r is written */
		wake_up(&rc_ctl_wq);
	}
	atomic_inc_return(&rc_ctl.done);
	wake_up(&rc_ctl_wq);
	return 0;
}

static int rc_wait_count(atomic_t *v, int n)
{
	if (!wait_event_timeout(rc_ctl_wq, atomic_read(v) >= n, msecs_to_jiffies(RC_WAIT_MS)))
		return -ETIMEDOUT;
	smp_mb();
	return 0;
}

/* Start a round for the workers (slots 1..k-1). */
static int rc_start(unsigned int k, enum rc_cmd cmd, enum rc_scheme s)
{
	WRITE_ONCE(rc_flags.go, 0);
	WRITE_ONCE(rc_flags.stop, 0);
	atomic_set(&rc_ctl.ready, 0);
	atomic_set(&rc_ctl.done, 0);
	rc_ctl.cmd = cmd;
	rc_ctl.scheme = s;
	smp_mb();
	WRITE_ONCE(rc_ctl.gen, rc_ctl.gen + 1);
	wake_up(&rc_worker_wq);
	return cmd == RC_CMD_EXIT ? 0 : rc_wait_count(&rc_ctl.ready, k - 1);
}

/* End a round: stop the workers and wait for their results. */
static int rc_end(unsigned int k)
{
	WRITE_ONCE(rc_flags.stop, 1);
	WRITE_ONCE(rc_flags.go, 1);	/* in case one is still waiting for it */
	return rc_wait_count(&rc_ctl.done, k - 1);
}

/* One window of pairs on k threads: each thread's median batch time per
 * pair into pair_x10[] (*np of them), the total rate into *kpairs_x10. */
static int rc_pairs_round(unsigned int k, enum rc_scheme s, u32 *pair_x10, unsigned int *np,
			  u32 *kpairs_x10)
{
	u64 t0, t1, total = 0, rate;
	u32 window_x10;
	unsigned int j;
	int err;

	err = rc_start(k, RC_CMD_PAIRS, s);
	t0 = rdtsc();
	WRITE_ONCE(rc_flags.go, 1);
	if (!err)
		rc_hammer(s, &rc_slots[0], t0 + rc_window_cycles);
	t1 = rdtsc();
	if (rc_end(k) || err)
		return err ? err : -ETIMEDOUT;
	for (j = 0; j < k; j++) {
		struct rc_slot *r = &rc_slots[j];

		if (r->failed)
			return -EIO;	/* no unload is going on: a get must not fail */
		if (r->nsamples) {
			bench_sort_u32(r->samples, r->nsamples);
			pair_x10[(*np)++] = bench_cycles_to_ns_x10(r->samples[r->nsamples / 2],
								    RC_BATCH);
		} else if (r->pairs) {	/* too few pairs for a sample: the average */
			pair_x10[(*np)++] = bench_cycles_to_ns_x10(bench_elapsed(0, r->cycles),
								    r->pairs);
		}
		total += r->pairs;
	}
	window_x10 = bench_cycles_to_ns_x10(bench_elapsed(t0, t1), 1);
	/* thousands per second, times ten: pairs * 1e6 * 10 / (ns * 10) */
	rate = total * 100000000ull;
	do_div(rate, window_x10 ? window_x10 : 1);
	*kpairs_x10 = rate > 0xffffffffu ? 0xffffffffu : (u32)rate;
	return 0;
}

/* Unload checks on CPU 0 while k-1 threads hammer; samples in ns. */
static int rc_unload_round(unsigned int k, enum rc_scheme s, u32 *samples, unsigned int *n)
{
	u64 start, t0, t1, ms;
	bool released;
	int err;

	*n = 0;
	err = rc_start(k, RC_CMD_UNLOAD, s);
	WRITE_ONCE(rc_flags.go, 1);
	start = ktime_get_ns();
	while (!err && *n < RC_UNLOAD_SAMPLES) {
		ms = ktime_get_ns() - start;
		do_div(ms, 1000000);
		if (ms >= RC_UNLOAD_LIMIT_MS || (ms >= RC_UNLOAD_BUDGET_MS && *n >= RC_UNLOAD_MIN))
			break;
		udelay(RC_UNLOAD_GAP_US);
		t0 = rdtsc();
		released = rc_try_release(s);
		t1 = rdtsc();
		if (released)
			rc_unrelease(s);
		samples[(*n)++] = bench_cycles_to_ns(t1 - t0);
	}
	if (rc_end(k) || err)
		return err ? err : -ETIMEDOUT;
	return 0;
}

/* ---------------------------------------------------------------- driver */

/* TSC cycles in ms milliseconds, measured over 10 ms. */
static u64 rc_ms_to_cycles(unsigned int ms)
{
	u64 c0 = rdtsc(), n0 = ktime_get_ns(), cycles, ns;

	udelay(10000);
	cycles = (rdtsc() - c0) * ms * 1000;
	ns = ktime_get_ns() - n0;
	do_div(ns, 1000);		/* now microseconds */
	do_div(cycles, ns ? (u32)ns : 1);
	return cycles;
}

static bool rc_setup(void)
{
	unsigned int cpu, n = 0, k;

	/* 64-byte aligned, so each CPU's counter has its line to itself. */
	rc_mod_mem = kzalloc(sizeof(struct module) + 63, GFP_KERNEL);
	if (!rc_mod_mem)
		return false;
	rc_mod = (struct module *)(((unsigned long)rc_mod_mem + 63) & ~63ul);
	strscpy(rc_mod->name, "bench_refcount", sizeof(rc_mod->name));
	INIT_LIST_HEAD(&rc_mod->list);
	INIT_LIST_HEAD(&rc_mod->source_list);
	INIT_LIST_HEAD(&rc_mod->target_list);
	rc_mod->state = MODULE_STATE_LIVE;
	rc_mod->live = 1;

	atomic_set(&rc_atomic.count, RC_BIAS);
	spin_lock_init(&rc_spin.lock);
	rc_spin.count = 0;
	rc_spin.live = 1;
	labref_reset();

	rc_cpus[n++] = BENCH_CPU;
	for_each_online_cpu(cpu)
		if (cpu != BENCH_CPU)
			rc_cpus[n++] = cpu;
	rc_nks = 0;
	for (k = 1; k < n && rc_nks < RC_MAX_KS - 1; k *= 2)
		rc_ks[rc_nks++] = k;
	rc_ks[rc_nks++] = n;

	rc_window_cycles = rc_ms_to_cycles(RC_WINDOW_MS);
	return true;
}

/* Every pair left each counter as it found it. */
static int rc_counter_check(enum rc_scheme s)
{
	switch (s) {
	case RC_PERCPU:
		return module_refcount(rc_mod) == 0 && rc_mod->live ? 0 : -EIO;
	case RC_ATOMIC:
		return atomic_read(&rc_atomic.count) == RC_BIAS ? 0 : -EIO;
	case RC_LAB:
		return labref_count() == 0 ? 0 : -EIO;
	default:
		return rc_spin.count == 0 && rc_spin.live ? 0 : -EIO;
	}
}

/* All figures for k threads; returns an error if threads may be left
 * running (then nothing they touch may be freed). */
static int rc_bench_k(unsigned int ki, u32 *pairs, u32 *rates, u32 *unl)
{
	unsigned int k = rc_ks[ki], j, w, n;
	unsigned int started = 1;
	enum rc_scheme s;
	int err = 0;

	rc_ctl.gen = 0;		/* the workers wait for it to change */
	for (j = 1; j < k; j++) {
		struct task_struct *t = kthread_create(rc_worker, (void *)(unsigned long)j,
						       "bench-rc/%u", rc_cpus[j]);

		if (IS_ERR(t)) {
			err = (int)PTR_ERR(t);
			break;
		}
		kthread_bind(t, rc_cpus[j]);
		wake_up_process(t);
		started++;
	}
	for (s = 0; s < NR_SCHEMES && !err; s++) {
		struct bench_figure *f = rc_figures[s][ki];
		unsigned int np = 0, nr = 0;

		for (w = 0; w < RC_WINDOWS && !err; w++) {
			err = rc_pairs_round(k, s, pairs, &np, rates + nr);
			nr++;
		}
		if (!err)
			err = rc_unload_round(k, s, unl, &n);
		if (!err)
			err = rc_counter_check(s);
		if (err) {
			f[RC_PAIR].error = f[RC_KPAIRS].error = f[RC_UNLOAD].error = err;
			break;
		}
		bench_finish_values(&f[RC_PAIR], pairs, np);
		bench_finish_values(&f[RC_KPAIRS], rates, nr);
		bench_finish_values(&f[RC_UNLOAD], unl, n);
	}
	for (; s < NR_SCHEMES; s++)
		if (!rc_figures[s][ki][RC_PAIR].error)
			rc_figures[s][ki][RC_PAIR].error = rc_figures[s][ki][RC_KPAIRS].error =
				rc_figures[s][ki][RC_UNLOAD].error = err;

	/* Send the workers home and wait for all of them. */
	rc_start(started, RC_CMD_EXIT, 0);
	if (rc_wait_count(&rc_ctl.done, started - 1))
		return -ETIMEDOUT;
	return err == -ETIMEDOUT ? err : 0;
}

void bench_refcount_run(void)
{
	static const char *const kinds[NR_RC_KINDS] = { "pair_ns", "kpairs_s", "unload_ns" };
	u32 *pairs = kmalloc(RC_WINDOWS * NR_CPUS * sizeof(u32), GFP_KERNEL);
	u32 *rates = kmalloc(RC_WINDOWS * sizeof(u32), GFP_KERNEL);
	u32 *unl = kmalloc(RC_UNLOAD_SAMPLES * sizeof(u32), GFP_KERNEL);
	unsigned int ki, s, kind;

	rc_error = 0;
	rc_nks = 0;
	if (rc_stuck) {		/* its threads may still use the counters */
		rc_error = -EBUSY;
		goto out;
	}
	if (!pairs || !rates || !unl || !rc_setup()) {
		rc_error = -ENOMEM;
		goto out;
	}
	for (ki = 0; ki < rc_nks; ki++)
		for (s = 0; s < NR_SCHEMES; s++)
			for (kind = 0; kind < NR_RC_KINDS; kind++) {
				struct bench_figure *f = &rc_figures[s][ki][kind];

				bench_reset(f);
				snprintf(f->name, sizeof(f->name), "rc_%s_t%u_%s",
					 rc_scheme_names[s], rc_ks[ki], kinds[kind]);
				f->tenths = kind == RC_PAIR;
				f->whole = kind == RC_UNLOAD;
			}
	bench_calibrate();
	for (ki = 0; ki < rc_nks; ki++) {
		if (rc_bench_k(ki, pairs, rates, unl)) {
			rc_stuck = true;	/* threads may still touch the counters */
			break;
		}
	}
out:
	if (!rc_stuck) {
		kfree(rc_mod_mem);
		rc_mod_mem = NULL;
		rc_mod = NULL;
	}
	kfree(pairs);
	kfree(rates);
	kfree(unl);
}

void bench_refcount_report(void)
{
	unsigned int ki, s, kind;

	if (rc_error) {
		printf("bench: refcount error=%d\n", rc_error);
		return;
	}
	printf("bench: refcount window_ms=%u windows=%u batch=%u debug_ref_window=%d\n",
	       RC_WINDOW_MS, RC_WINDOWS, RC_BATCH, CONFIG_DEBUG_MODULE_REF_WINDOW);
	for (ki = 0; ki < rc_nks; ki++)
		for (s = 0; s < NR_SCHEMES; s++)
			for (kind = 0; kind < NR_RC_KINDS; kind++)
				bench_print(&rc_figures[s][ki][kind]);
}
