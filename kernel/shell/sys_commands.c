/*
 * Shell commands about the system as a whole: echo, sleep, uptime, free,
 * dmesg, cmdline, poweroff, reboot.
 */
#include <linux/reboot.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/delay.h>
#include <modlab/console.h>
#include <modlab/shell.h>
#include <modlab/time.h>
#include <modlab/mm.h>
#include <modlab/bootinfo.h>
#include <modlab/reboot.h>

static int cmd_echo(int argc, char **argv)
{
	bool newline = true;
	int i = 1;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		newline = false;
		i++;
	}
	for (; i < argc; i++)
		printf("%s%s", argv[i], i + 1 < argc ? " " : "");
	if (newline)
		printf("\n");
	return 0;
}
SHELL_COMMAND("echo", cmd_echo, "[-n] [WORD...]", "print the words (-n: no newline)");

/* Ctrl-C ends it early, as it does any sleep a command sleeps interruptibly. */
static int cmd_sleep(int argc, char **argv)
{
	unsigned int secs;

	if (argc != 2 || kstrtouint(argv[1], 10, &secs) || secs > 86400) {
		printf("usage: sleep SECONDS (0 to 86400)\n");
		return 1;
	}
	if (msleep_interruptible(secs * 1000)) {
		printf("sleep: interrupted\n");
		return 130;	/* as a shell reports a command ended by SIGINT */
	}
	return 0;
}
SHELL_COMMAND("sleep", cmd_sleep, "SECONDS", "wait that long (Ctrl-C stops it)");

static int cmd_uptime(int argc, char **argv)
{
	u64 ns = ktime_get_ns();
	u32 ms, secs, mins, hours;

	do_div(ns, NSEC_PER_MSEC);
	ms = do_div(ns, 1000);
	secs = (u32)ns;
	mins = secs / 60;
	hours = mins / 60;
	printf("up %u:%02u:%02u.%03u (%lu ticks at %u Hz)\n", hours, mins % 60, secs % 60, ms,
	       jiffies, HZ);
	return 0;
}
SHELL_COMMAND("uptime", cmd_uptime, "", "how long the system has been running");

static int cmd_free(int argc, char **argv)
{
	struct page_stats ps;
	struct slab_stats ss;
	unsigned long kib = PAGE_SIZE / 1024;

	page_get_stats(&ps);
	slab_get_stats(&ss);
	printf("%16s %10s %10s\n", "total", "used", "free");
	printf("Mem: %11lu %10lu %10lu  (KiB)\n", ps.total * kib, (ps.total - ps.free) * kib,
	       ps.free * kib);
	printf("reserved at boot (kernel, loader modules, page array, low 1 MiB): %lu KiB\n",
	       ps.reserved * kib);
	printf("kmalloc: %lu objects (%lu bytes) in %lu slab pages; %lu pages of large blocks\n",
	       ss.objects, ss.bytes, ss.pages, ss.large_pages);
	return 0;
}
SHELL_COMMAND("free", cmd_free, "", "memory in use and free");

/* Print the log without the "<N>" level prefixes at each line start. */
static int cmd_dmesg(int argc, char **argv)
{
	size_t size = 64 * 1024 + 1, len, i, start = 0;
	char *buf = kmalloc(size, GFP_KERNEL);

	if (!buf) {
		printf("dmesg: out of memory\n");
		return 1;
	}
	len = log_read(buf, size);
	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n')
			continue;
		if (buf[start] == '<' && start + 3 <= i && buf[start + 2] == '>')
			start += 3;
		out_write(buf + start, i - start + (i < len));
		start = i + 1;
	}
	kfree(buf);
	return 0;
}
SHELL_COMMAND("dmesg", cmd_dmesg, "", "show the kernel log");

static int cmd_cmdline(int argc, char **argv)
{
	printf("%s\n", boot_info.cmdline);
	return 0;
}
SHELL_COMMAND("cmdline", cmd_cmdline, "", "show the kernel command line");

static int cmd_poweroff(int argc, char **argv)
{
	/* As Linux's kernel_power_off: the reboot chain first. */
	blocking_notifier_call_chain(&reboot_notifier_list, SYS_POWER_OFF, NULL);
	machine_power_off();
	printf("poweroff: the machine could not be turned off (see dmesg)\n");
	return 1;
}
SHELL_COMMAND("poweroff", cmd_poweroff, "", "turn the machine off (ACPI S5)");

static int cmd_reboot(int argc, char **argv)
{
	blocking_notifier_call_chain(&reboot_notifier_list, SYS_RESTART, NULL);
	machine_restart();
	printf("reboot: the machine did not restart\n");
	return 1;
}
SHELL_COMMAND("reboot", cmd_reboot, "", "restart the machine");
