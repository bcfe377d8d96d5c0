/* Turning the machine off and restarting it. */
#include <linux/kernel.h>
#include <asm/io.h>
#include <asm/irqflags.h>
#include <modlab/acpi.h>
#include <modlab/reboot.h>

#define KBD_STATUS	0x64
#define KBD_CMD		0x64
#define KBD_INPUT_FULL	0x02
#define KBD_PULSE_RESET	0xfe

void machine_power_off(void)
{
	pr_notice("Power down\n");
	acpi_power_off();
}

/*
 * Restart: ask the keyboard controller to pulse the CPU's reset line; if
 * that does nothing, load an empty IDT and trap, which triple-faults the
 * CPU into a reset.
 */
void machine_restart(void)
{
	struct { u16 limit; u32 base; } __packed empty_idt = { 0, 0 };
	int i;

	pr_notice("Restarting system\n");
	local_irq_disable();
	for (i = 0; i < 100000 && (inb(KBD_STATUS) & KBD_INPUT_FULL); i++)
		io_delay();
	outb(KBD_PULSE_RESET, KBD_CMD);
	for (i = 0; i < 1000; i++)
		io_delay();
	__asm__ __volatile__("lidt %0; int3" : : "m"(empty_idt));
}
