/* Power-off and restart, with Linux's names. */
#ifndef _MODLAB_REBOOT_H
#define _MODLAB_REBOOT_H

/* Returns only if the machine could not be turned off. */
void machine_power_off(void);
void machine_restart(void);

#endif
