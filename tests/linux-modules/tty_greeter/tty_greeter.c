/*
 * tty_greeter.c - greet the terminal insmod was typed on, by writing to
 * it through its driver, and show that a kernel thread has no terminal.
 */
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tty.h>

static DECLARE_COMPLETION(checked);

static void say(const char *text)
{
	struct tty_struct *tty = get_current_tty();

	if (!tty) {
		pr_info("tty_greeter: %s has no terminal\n", current->comm);
		return;
	}
	tty->driver->ops->write(tty, (const unsigned char *)text, strlen(text));
	tty->driver->ops->write(tty, (const unsigned char *)"\r\n", 2);
	tty_kref_put(tty);
}

static int checker(void *unused)
{
	say("a kernel thread should not reach a terminal");
	complete(&checked);
	return 0;
}

static int __init tty_greeter_init(void)
{
	struct task_struct *t;

	say("tty_greeter: hello, terminal");
	t = kthread_run(checker, NULL, "greeter_check");
	if (IS_ERR(t))
		return PTR_ERR(t);
	wait_for_completion(&checked);
	return 0;
}

static void __exit tty_greeter_exit(void)
{
	say("tty_greeter: goodbye, terminal");
}

module_init(tty_greeter_init);
module_exit(tty_greeter_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Write to the controlling terminal through its tty driver");
