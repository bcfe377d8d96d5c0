/*
 * start_kernel: the boot CPU's path from the loader to the shell.
 *
 * The order matters: consoles first, so every later step can report; then
 * the loader's information, before anything can overwrite it; descriptor
 * tables, so faults are caught; memory; interrupts and time; input; shell.
 */
#include <linux/kernel.h>
#include <asm/desc.h>
#include <asm/irqflags.h>
#include <modlab/acpi.h>
#include <modlab/bootinfo.h>
#include <modlab/console.h>
#include <modlab/irq.h>
#include <modlab/mm.h>
#include <modlab/panic.h>
#include <modlab/shell.h>
#include <modlab/time.h>
#include <modlab/version.h>

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

void start_kernel(u32 magic, u32 multiboot_info)
{
	time_mark_boot();
	serial_init();
	vga_init();
	if (multiboot_save(magic, multiboot_info))
		panic("cannot boot without multiboot information");
	parse_loglevel();
	pr_info("modlab %s (i686) booting; built with gcc %s\n", MODLAB_VERSION, __VERSION__);
	pr_info("command line: %s\n", boot_info.cmdline);

	gdt_init();
	idt_init();
	acpi_init();
	page_alloc_init();
	paging_init(page_alloc_max_pfn());
	slab_init();

	pic_init();
	time_init(arch_clock_init());
	arch_timer_init();
	keyboard_init();
	serial_enable_input();
	local_irq_enable();

	shell_main();
}
