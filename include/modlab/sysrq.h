/* Magic SysRq keys (kernel/sysrq.c). */
#ifndef _MODLAB_SYSRQ_H
#define _MODLAB_SYSRQ_H

/* Do what key asks (l, t, w, m, c); -EINVAL for an unknown key. May sleep
 * (t and w print every thread). */
int handle_sysrq(char key);
/* /proc/sysrq-trigger. */
void sysrq_init(void);

#endif
