/* What /proc/cpuinfo says about each CPU: x86's CPUID answers. */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/seq_file.h>
#include <asm/processor.h>
#include <modlab/percpu.h>
#include <modlab/cpuinfo.h>

void arch_show_cpuinfo(struct seq_file *m, unsigned int cpu, u32 clock_khz)
{
	u32 a, b, c, d, max_ext, regs[12];
	char vendor[13], model[49];
	unsigned int i;

	/* Every CPU of one machine answers the same here; ask this one. */
	cpuid(0, &a, &b, &c, &d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = '\0';
	cpuid(1, &a, &b, &c, &d);
	strscpy(model, "unknown", sizeof(model));
	cpuid(0x80000000, &max_ext, &b, &c, &d);
	if (max_ext >= 0x80000004) {
		for (i = 0; i < 3; i++)
			cpuid(0x80000002 + i, &regs[4 * i], &regs[4 * i + 1], &regs[4 * i + 2],
			      &regs[4 * i + 3]);
		memcpy(model, regs, 48);
		model[48] = '\0';
	}
	seq_printf(m, "processor\t: %u\n", cpu);
	seq_printf(m, "vendor_id\t: %s\n", vendor);
	seq_printf(m, "cpu family\t: %u\n", (a >> 8) & 0xf);
	seq_printf(m, "model\t\t: %u\n", (a >> 4) & 0xf);
	seq_printf(m, "model name\t: %s\n", model);
	seq_printf(m, "stepping\t: %u\n", a & 0xf);
	seq_printf(m, "cpu MHz\t\t: %u.%03u\n", clock_khz / 1000, clock_khz % 1000);
	seq_printf(m, "apicid\t\t: %u\n", per_cpu(apic_id, cpu));
	seq_printf(m, "initial apicid\t: %u\n", per_cpu(apic_id, cpu));
	seq_puts(m, "\n");
}
