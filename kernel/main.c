/*
 * start_kernel: the boot CPU's path from the loader to the shell.
 *
 * The order matters: this CPU's per-CPU segment first (locks and printk
 * use it); consoles, so every later step can report; the loader's
 * information, before anything can overwrite it; descriptor tables, so
 * faults are caught; firmware tables; memory; the scheduler (this code
 * becomes CPU 0's idle thread); interrupt controllers and the tick; input;
 * the other CPUs; and the first thread, which mounts the root filesystem
 * and becomes the shell.
 */
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/string.h>
#include <linux/fs.h>
#include <linux/device.h>
#include <linux/stop_machine.h>
#include <linux/timer.h>
#include <linux/workqueue.h>
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/smpboot.h>
#include <asm/irqflags.h>
#include <modlab/acpi.h>
#include <modlab/bootinfo.h>
#include <modlab/console.h>
#include <modlab/irq.h>
#include <modlab/mm.h>
#include <modlab/module.h>
#include <modlab/panic.h>
#include <modlab/shell.h>
#include <modlab/smp.h>
#include <modlab/smpconfig.h>
#include <modlab/time.h>
#include <modlab/version.h>
#include <modlab/watchdog.h>
#include <modlab/sysrq.h>
#include <modlab/panic.h>
#include <modlab/input.h>
#include <modlab/fs.h>
#include <modlab/sched.h>
#include <modlab/stop_machine.h>

static void parse_loglevel(void)
{
	char buf[8];
	int level;

	if (cmdline_get("quiet", buf, sizeof(buf)))
		console_loglevel = 4;	/* errors and warnings only */
	if (cmdline_get("loglevel", buf, sizeof(buf)) && !kstrtoint(buf, 10, &level) &&
	    level >= 0 && level <= 8)
		console_loglevel = level;
}

/* The first thread: what needs a thread to run in (the VFS sleeps on
 * mutexes), then the shell. */
static int kernel_init(void *unused)
{
	vfs_init();
	module_sysfs_init();
	driver_init();
	input_init();
	keyboard_input_init();
	module_proc_init();
	panic_proc_init();
	sysrq_init();
	strscpy(current->comm, "sh", sizeof(current->comm));
	shell_main();
}

void start_kernel(u32 magic, u32 multiboot_info)
{
	static struct smp_config smp_config;
	struct task_struct *init;

	time_mark_boot();
	gdt_init(0);		/* per-CPU data (%fs) first: locks use it */
	serial_init();
	vga_init();
	if (multiboot_save(magic, multiboot_info))
		panic("cannot boot without multiboot information");
	parse_loglevel();
	panic_setup();
	watchdog_setup();
	pr_info("modlab %s (i686) booting; built with gcc %s\n", MODLAB_VERSION, __VERSION__);
	pr_info("command line: %s\n", boot_info.cmdline);

	idt_init();
	acpi_init();
	smp_find_config(&smp_config);
	page_alloc_init();
	paging_init(page_alloc_max_pfn());
	slab_init();
	modules_init();
	smp_init();
	sched_init();
	softirq_init();
	init_timers();

	pic_init();
	if (!lapic_present())
		panic("this CPU has no local APIC; modlab needs one");
	lapic_init(smp_config.lapic_phys);
	lapic_setup_cpu();
	if (!irq_use_ioapic(&smp_config, lapic_id()))
		pr_info("irq: no I/O APIC; using the 8259 PICs\n");
	time_init(arch_clock_init());
	arch_timer_init();
	keyboard_init();
	serial_enable_input();
	__atomic_store_n(&cpu_data[0].online, 1, __ATOMIC_RELEASE);
	local_irq_enable();

	smp_boot_cpus(&smp_config);
	stop_machine_init();
	softirq_start_threads();	/* a ksoftirqd per online CPU */
	workqueue_init();	/* a worker per online CPU: after smp_boot_cpus */
	watchdog_init();
	init = kthread_create(kernel_init, NULL, "init");
	if (IS_ERR(init))
		panic("cannot start the first thread: error %ld", PTR_ERR(init));
	/* The shell (and each command it runs) on the CPU the console's
	 * interrupts go to: a typed line wakes it without an IPI. */
	kthread_bind(init, 0);
	wake_up_process(init);
	cpu_idle();
}
