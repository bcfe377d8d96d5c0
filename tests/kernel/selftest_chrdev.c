/*
 * Self test of opening device files against module removal: threads on
 * every CPU open and close one file as fast as they can. With the driver's
 * module staying, every open must succeed and every reference come back
 * (the QEMU test then finds the module's count 0 and removes it); with an
 * rmmod --wait running meanwhile, opens must start failing cleanly
 * (-ENXIO while the module goes, -ENOENT once its node is gone) and the
 * removal must finish, which it only does once every reference is back.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include "selftest.h"

#define STORM_ROUNDS		2000
#define STORM_MAX_ROUNDS	1000000
#define STORM_PER_CPU		2

struct storm_worker {
	const char *path;
	unsigned int rounds;
	unsigned long opened, refused;
	int bad_err;			/* an error other than a clean refusal */
	struct completion done;
};

static bool clean_refusal(long err)
{
	return err == -ENXIO || err == -ENOENT || err == -ENODEV;
}

static int storm_fn(void *data)
{
	struct storm_worker *w = data;
	unsigned int i;

	for (i = 0; i < w->rounds && !w->bad_err; i++) {
		struct file *f = filp_open(w->path, O_RDONLY, 0);

		if (IS_ERR(f)) {
			if (clean_refusal(PTR_ERR(f)))
				w->refused++;
			else
				w->bad_err = PTR_ERR(f);
			continue;
		}
		w->opened++;
		filp_close(f);
		/* Give way each round: the shell and an rmmod share these CPUs,
		 * and must not be starved while the storm goes on. */
		schedule();
	}
	complete(&w->done);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ);
	return 0;
}

int selftest_open_storm(int argc, char **argv)
{
	unsigned int cpus[NR_CPUS], n = selftest_online_cpus(cpus), rounds = STORM_ROUNDS, i, k;
	struct task_struct *t[STORM_PER_CPU * NR_CPUS];
	struct storm_worker *w;
	unsigned long opened = 0, refused = 0;

	if (argc < 2 || (argc > 2 && (kstrtouint(argv[2], 0, &rounds) || !rounds ||
				      rounds > STORM_MAX_ROUNDS)))
		return selftest_fail("usage: selftest open-storm PATH [ROUNDS 1..%u]",
				     STORM_MAX_ROUNDS);
	k = n * STORM_PER_CPU;
	w = kcalloc(k, sizeof(*w), GFP_KERNEL);
	if (!w)
		return selftest_fail("out of memory");
	for (i = 0; i < k; i++) {
		w[i].path = argv[1];
		w[i].rounds = rounds;
		init_completion(&w[i].done);
		t[i] = selftest_thread_on(storm_fn, &w[i], cpus[i % n], "storm/%u", i);
	}
	printf("%u threads on %u CPUs open and close %s %u times each\n", k, n, argv[1], rounds);
	for (i = 0; i < k; i++) {
		if (!wait_for_completion_timeout(&w[i].done, 240 * HZ))
			return selftest_fail("thread %u did not finish in 240 s", i);
		if (w[i].bad_err)
			selftest_fail("thread %u: expected success or ENXIO/ENOENT/ENODEV, saw %d",
				      i, w[i].bad_err);
		opened += w[i].opened;
		refused += w[i].refused;
	}
	if (selftest_stop_threads(t, k, NULL, 5000))
		return selftest_fail("threads did not stop");
	printf("open-storm: opened %lu refused %lu\n", opened, refused);
	kfree(w);
	return selftest_failed() ? 1 : 0;
}
