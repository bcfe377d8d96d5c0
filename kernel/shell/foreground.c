/*
 * Running a command in the foreground, in a thread of its own.
 *
 * An oops kills the thread that faulted (kernel/panic.c). If the shell ran
 * its commands itself, an oops in insmod's module init, or in a /proc read
 * that cat does, would kill the shell, and with it the only console. So
 * each command runs in a child thread named after it, which starts with
 * the shell's working directory and output redirection, and the shell
 * waits for it. An oops ends only the child: the shell says so and the
 * prompt comes back. Background jobs run their command lines through the
 * same path, so an oops kills the command, not the job's thread.
 *
 * `cd` changes the child's directory: the child hands its directory back
 * when the command returns, and the shell takes it over. A child killed by
 * an oops hands nothing back; the shell keeps the directory it had.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <modlab/console.h>
#include <modlab/fs.h>
#include <modlab/shell.h>
#include <modlab/sched.h>

/* Shell exit status of a command killed by an oops: a shell's for a
 * process killed by SIGSEGV (128 + 11). */
#define STATUS_KILLED_BY_OOPS	139

/* What the child needs and hands back. The shell's stack holds it: the
 * shell waits until the child has ended, oops or not. */
struct fg_command {
	const struct shell_command *cmd;
	int argc;
	char **argv;
	int status;
	struct vfsmount *cwd_mnt;	/* the child's directory when it returned */
	struct dentry *cwd_dentry;
};

static int fg_thread(void *arg)
{
	struct fg_command *fg = arg;
	struct task_struct *self = current;

	fg->status = fg->cmd->fn(fg->argc, fg->argv);
	if (self->out_flush)
		self->out_flush(self->out_ctx);
	/* Hand our directory (and its reference) back to the shell. */
	fg->cwd_mnt = self->cwd_mnt;
	fg->cwd_dentry = self->cwd_dentry;
	self->cwd_mnt = NULL;
	self->cwd_dentry = NULL;
	return fg->status;
}

/* The child starts in our directory, with its own reference to it. */
static void share_cwd(struct task_struct *child)
{
	struct task_struct *self = current;
	struct path p = { self->cwd_mnt, self->cwd_dentry };

	if (p.mnt)
		path_get(&p);
	child->cwd_mnt = p.mnt;
	child->cwd_dentry = p.dentry;
}

/* Take the child's directory as ours (it may have run cd). */
static void take_cwd(struct fg_command *fg)
{
	struct task_struct *self = current;
	struct path old = { self->cwd_mnt, self->cwd_dentry };

	self->cwd_mnt = fg->cwd_mnt;
	self->cwd_dentry = fg->cwd_dentry;
	if (old.mnt)
		path_put(&old);
}

/*
 * Sleep until child has ended. Interruptibly, so a long command is not
 * reported as a hung shell; a signal for us (Ctrl-C) is meant for the
 * command, and is passed on to it.
 */
static void wait_for_child(struct task_struct *child)
{
	struct task_struct *self = current;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		/* Pairs with kthread_exit's release store of 'exited'. */
		if (__atomic_load_n(&child->exited, __ATOMIC_ACQUIRE))
			break;
		if (signal_pending(self)) {
			__set_current_state(TASK_RUNNING);
			task_set_sigint(self, false);
			task_set_sigint(child, true);
			wake_up_state(child, TASK_INTERRUPTIBLE);
			continue;
		}
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

int shell_run_command(const struct shell_command *cmd, int argc, char **argv)
{
	struct fg_command fg = { .cmd = cmd, .argc = argc, .argv = argv };
	struct task_struct *self = current, *child;
	int status;

	child = kthread_create(fg_thread, &fg, "%s", cmd->name);
	if (IS_ERR(child)) {
		/* No memory for a thread (and its stack): run the command here
		 * rather than not at all, so it can say what it lacks itself.
		 * Only an oops in it would then take the shell down. */
		return cmd->fn(argc, argv);
	}
	/* On the shell's own CPU: it is running, so the command will too,
	 * whatever another CPU is stuck in (threads never change CPU). */
	kthread_bind(child, self->cpu);
	share_cwd(child);
	child->out_write = self->out_write;	/* '> FILE': the child flushes it */
	child->out_ctx = self->out_ctx;
	child->out_flush = self->out_flush;
	child->tty = self->tty;
	get_task_struct(child);		/* read after it has ended */
	child->exit_waiter = self;
	wake_up_process(child);
	wait_for_child(child);
	if (child->oopsed) {
		/* To the console, not into the command's '> FILE'. */
		self->out_write = NULL;
		printf("sh: %s: killed by oops\n", cmd->name);
		self->out_write = child->out_write;
		status = STATUS_KILLED_BY_OOPS;
	} else {
		take_cwd(&fg);
		status = fg.status;
	}
	kthread_reap(child);
	put_task_struct(child);
	return status;
}
