/*
 * The bench lab's reference count (labs/09-bench/handout.md): one counter
 * of users for one imaginary module, in a scheme of the lab's own
 * (tests/kernel/labref.c). `bench refcount` times it beside the kernel's
 * schemes as "lab"; `selftest labref` (tests/kernel/selftest_labref.c)
 * judges it. The promises, as try_module_get and the unload make them:
 *
 *  labref_reset()		count zero, live. Only while no get or put runs.
 *  labref_get()		take a reference unless the counter was released
 *				(then fail, changing nothing). Any context, with
 *				preemption on or off; never sleeps.
 *  labref_put()		drop a reference taken by labref_get(), on any CPU.
 *  labref_try_release()	the unload's decision: if no reference is held,
 *				release the counter (every later get fails) and
 *				return true; else return false, nothing changed.
 *				Process context, may sleep (stop_machine, say),
 *				called while gets and puts run on other CPUs.
 *  labref_unrelease()		live again after a release (count zero).
 *  labref_count()		the references held; exact whenever no get or
 *				put is running.
 */
#ifndef _TESTS_KERNEL_LABREF_H
#define _TESTS_KERNEL_LABREF_H

#include <linux/types.h>

void labref_reset(void);
bool labref_get(void);
void labref_put(void);
bool labref_try_release(void);
void labref_unrelease(void);
long labref_count(void);

#endif
