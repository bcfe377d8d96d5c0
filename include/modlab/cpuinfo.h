/* The architecture's part of /proc/cpuinfo. */
#ifndef _MODLAB_CPUINFO_H
#define _MODLAB_CPUINFO_H

#include <linux/types.h>

struct seq_file;

/* One "processor : N" block, as Linux prints it. */
void arch_show_cpuinfo(struct seq_file *m, unsigned int cpu, u32 clock_khz);

#endif
