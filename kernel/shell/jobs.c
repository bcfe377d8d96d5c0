/*
 * Background jobs: "COMMAND &" runs the command in a kernel thread of its
 * own while the shell takes the next line; `jobs` lists them and `wait`
 * waits for them. A job starts in the shell's working directory.
 *
 * The table belongs to the shell: only the shell's own commands report a
 * finished job and free its slot. A job is like a subshell in sh, with no
 * jobs of its own: `wait` there returns at once and `jobs` lists nothing.
 * (Were `wait` in a job to wait for the shell's jobs, `wait &` would wait
 * for itself, and every `wait` after it for that.)
 *
 * jobs_lock (a mutex) protects the table; a job's thread only writes its
 * status and clears 'task' under the lock, then completes 'done', which the
 * shell then reads.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/completion.h>
#include <modlab/console.h>
#include <modlab/shell.h>
#include <modlab/errno.h>
#include <modlab/sched.h>

#define MAX_JOBS	8

struct job {
	int id;				/* 1.. as the shell shows it; 0: free slot */
	char line[SHELL_LINE_MAX];
	int status;
	struct task_struct *task;	/* the job's thread while it runs, else NULL */
	struct completion done;
	struct vfsmount *cwd_mnt;	/* the shell's, referenced, for the job */
	struct dentry *cwd_dentry;
};

static struct job jobs[MAX_JOBS];
static DEFINE_MUTEX(jobs_lock);

static int job_thread(void *arg)
{
	struct job *j = arg;
	struct task_struct *self = current;
	char line[SHELL_LINE_MAX];

	self->cwd_mnt = j->cwd_mnt;	/* the job's references become ours */
	self->cwd_dentry = j->cwd_dentry;
	self->tty = &console_tty;	/* a job is the shell's: same terminal */
	strscpy(line, j->line, sizeof(line));
	j->status = shell_run_line(line);
	mutex_lock(&jobs_lock);
	j->task = NULL;
	mutex_unlock(&jobs_lock);
	complete(&j->done);
	return 0;
}

/* Start line (without its '&') in the background. */
int shell_start_job(const char *line)
{
	struct task_struct *self = current, *t;
	struct job *j = NULL;
	int i, id = 1;

	mutex_lock(&jobs_lock);
	for (i = 0; i < MAX_JOBS; i++)
		if (jobs[i].id >= id)
			id = jobs[i].id + 1;
	for (i = 0; i < MAX_JOBS && !j; i++)
		if (!jobs[i].id)
			j = &jobs[i];
	if (!j) {
		mutex_unlock(&jobs_lock);
		printf("sh: too many jobs (at most %d); 'wait' for some first\n", MAX_JOBS);
		return -EAGAIN;
	}
	j->id = id;
	strscpy(j->line, line, sizeof(j->line));
	j->status = 0;
	j->task = NULL;
	init_completion(&j->done);
	j->cwd_mnt = self->cwd_mnt;
	j->cwd_dentry = self->cwd_dentry;
	if (j->cwd_mnt) {
		struct path p = { j->cwd_mnt, j->cwd_dentry };

		path_get(&p);
	}
	t = kthread_run(job_thread, j, "job%d", id);
	if (IS_ERR(t)) {
		if (j->cwd_mnt) {
			struct path p = { j->cwd_mnt, j->cwd_dentry };

			path_put(&p);
		}
		j->id = 0;
		mutex_unlock(&jobs_lock);
		printf("sh: cannot start a job: %s\n", strerror(PTR_ERR(t)));
		return PTR_ERR(t);
	}
	/* The job cannot look at task, nor end, before we unlock: both take
	 * jobs_lock. So t is alive here, and in_job() sees it. */
	j->task = t;
	printf("[%d] %d\n", id, t->pid);
	mutex_unlock(&jobs_lock);
	return 0;
}

/* Is the calling thread a job's, or running a command for one? A command
 * runs in a thread of its own whose exit_waiter is the thread that started
 * it and waits for it (kernel/shell/foreground.c), so the chain of
 * exit_waiters leads up to the job's thread. Called with jobs_lock held. */
static bool in_job(void)
{
	struct task_struct *t;
	int i, depth;

	for (t = current, depth = 0; t && depth < 8; t = READ_ONCE(t->exit_waiter), depth++)
		for (i = 0; i < MAX_JOBS; i++)
			if (jobs[i].id && jobs[i].task == t)
				return true;
	return false;
}

static int cmd_jobs(int argc, char **argv)
{
	int i;

	mutex_lock(&jobs_lock);
	if (in_job()) {		/* a job has no jobs */
		mutex_unlock(&jobs_lock);
		return 0;
	}
	for (i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobs[i];

		if (!j->id)
			continue;
		if (completion_done(&j->done)) {
			printf("[%d]  Done (%d)    %s\n", j->id, j->status, j->line);
			j->id = 0;	/* reported: its slot is free again */
		} else {
			printf("[%d]  Running     %s\n", j->id, j->line);
		}
	}
	mutex_unlock(&jobs_lock);
	return 0;
}
SHELL_COMMAND("jobs", cmd_jobs, "", "list background jobs (COMMAND &)");

/* Wait for job id (0: all), reporting each as it ends. Returns 1 if
 * there is no job id, else 0. Only the shell (not a job) calls this. */
static int wait_for_jobs(int id)
{
	int i, found = 0;

	for (i = 0; i < MAX_JOBS; i++) {
		struct job *j = &jobs[i];

		mutex_lock(&jobs_lock);
		if (!j->id || (id && j->id != id)) {
			mutex_unlock(&jobs_lock);
			continue;
		}
		found = 1;
		mutex_unlock(&jobs_lock);
		/* The slot stays ours: only jobs/wait (this shell) free it. */
		wait_for_completion(&j->done);
		mutex_lock(&jobs_lock);
		printf("[%d]  Done (%d)    %s\n", j->id, j->status, j->line);
		j->id = 0;
		mutex_unlock(&jobs_lock);
	}
	if (id && !found) {
		printf("wait: %%%d: no such job\n", id);
		return 1;
	}
	return 0;
}

/* "%3" or "3" -> 3; 0 if arg is not a job number. */
static int job_number(const char *arg)
{
	int id;

	if (kstrtoint(arg[0] == '%' ? arg + 1 : arg, 10, &id) || id <= 0)
		return 0;
	return id;
}

/* wait [%N...]: every job, or each one named, in the order given. */
static int cmd_wait(int argc, char **argv)
{
	bool job;
	int i, id, ret = 0;

	for (i = 1; i < argc; i++) {
		if (!job_number(argv[i])) {
			printf("wait: %s: not a job number\n", argv[i]);
			return 1;
		}
	}
	mutex_lock(&jobs_lock);
	job = in_job();
	mutex_unlock(&jobs_lock);
	if (argc == 1)
		return job ? 0 : wait_for_jobs(0);
	for (i = 1; i < argc; i++) {
		id = job_number(argv[i]);
		if (job) {		/* a job has no jobs of its own */
			printf("wait: %%%d: no such job\n", id);
			ret = 1;
		} else {
			ret |= wait_for_jobs(id);
		}
	}
	return ret;
}
SHELL_COMMAND("wait", cmd_wait, "[%N...]", "wait for background jobs (all, or those named)");
