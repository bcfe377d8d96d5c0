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

/* Unloading a module that is still referenced (rmmod -f). Dangerous, and
 * so it taints the kernel; on in a teaching kernel, to be tried. */
#ifndef CONFIG_MODULE_FORCE_UNLOAD
#define CONFIG_MODULE_FORCE_UNLOAD 1
#endif

/* Test builds only: busy-wait between try_module_get's test of 'live' and
 * its increment, to make a stop in that window likely if it were possible
 * (make EXTRA_CFLAGS=-DCONFIG_DEBUG_MODULE_REF_WINDOW=1). */
#ifndef CONFIG_DEBUG_MODULE_REF_WINDOW
#define CONFIG_DEBUG_MODULE_REF_WINDOW 0
#endif

/* Test builds only: a freed module's memory is poisoned and unmapped, never
 * reused, so a use after free faults. */
#ifndef CONFIG_DEBUG_MODULE_FREE
#define CONFIG_DEBUG_MODULE_FREE 0
#endif

/* To show the race test works: a deliberately broken try_module_get whose
 * test of 'live' and increment are split by a point where the CPU may be
 * preempted (and so stopped). Never in a real build. */
#ifndef CONFIG_DEBUG_MODULE_REF_BROKEN
#define CONFIG_DEBUG_MODULE_REF_BROKEN 0
#endif

#endif
