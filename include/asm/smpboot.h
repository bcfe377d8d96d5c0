/* Starting the other processors. */
#ifndef _ASM_SMPBOOT_H
#define _ASM_SMPBOOT_H

#define TRAMPOLINE_ADDR	0x8000	/* below 1 MiB, page aligned: start-up IPI page 8 */

#ifndef __ASSEMBLY__
#include <linux/types.h>

/* Order as in trampoline.S. */
struct trampoline_params {
	u32 cr3;
	u32 stack;
	u32 entry;
	u32 cpu;
	u32 cr0;	/* the boot CPU's: caches on, paging, write protect */
};

struct smp_config;
/* Number the CPUs (the boot CPU is 0) and start the others. */
void smp_boot_cpus(const struct smp_config *cfg);
#endif

#endif
