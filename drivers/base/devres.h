/* The core's side of devres (drivers/base/devres.c). */
#ifndef _DRIVERS_BASE_DEVRES_H
#define _DRIVERS_BASE_DEVRES_H

struct device;

/* Release every resource of dev, newest first (unbind, a failed probe, the
 * device's last reference). Returns how many there were. May sleep (the
 * releases may); called without dev->devres_lock. */
int devres_release_all(struct device *dev);

#endif
