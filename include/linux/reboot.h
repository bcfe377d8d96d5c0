/*
 * The reboot notifier chain: callbacks run (in the shell's thread, may
 * sleep) when `reboot` or `poweroff` is about to restart or stop the
 * machine, with SYS_RESTART or SYS_POWER_OFF (kernel/notifier.c).
 */
#ifndef _LINUX_REBOOT_H
#define _LINUX_REBOOT_H

#include <linux/notifier.h>

int register_reboot_notifier(struct notifier_block *nb);
int unregister_reboot_notifier(struct notifier_block *nb);

#endif
