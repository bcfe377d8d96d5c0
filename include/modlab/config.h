/*
 * Build options, all in one place. Change them here (or with -D on the
 * make command line, e.g. make EXTRA_CFLAGS=-DCONFIG_DEBUG_LOCKS=0).
 */
#ifndef _MODLAB_CONFIG_H
#define _MODLAB_CONFIG_H

/* Check lock use: recursion, unlocking a lock not held, sleeping while
 * atomic. Costs a few instructions per lock operation; on by default in
 * a teaching kernel, and the tests rely on it. */
#ifndef CONFIG_DEBUG_LOCKS
#define CONFIG_DEBUG_LOCKS 1
#endif

#endif
