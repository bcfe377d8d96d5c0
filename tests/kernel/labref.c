/*
 * The bench lab's reference-count scheme (labs/09-bench): the interface and
 * its promises are in labref.h.
 *
 * The reference scheme: one atomic word holding the count in its low bits
 * and a RELEASED bit. A get is a compare-and-swap that adds one only while
 * RELEASED is clear; the release is a compare-and-swap from exactly 0 to
 * RELEASED. Both decide on the same word in one atomic step, so a get and
 * a release cannot both win: either the get's increment lands first (the
 * word is no longer 0 and the release fails) or the release does (RELEASED
 * is set and the get fails). No stop_machine is needed, at the price of a
 * locked instruction on one shared cache line per get and per put.
 */
#include <linux/kernel.h>
#include <linux/atomic.h>
#include "labref.h"

/* LAB(bench) BEGIN: the counter's state, on a cache line of its own */
#define LABREF_RELEASED	(1 << 30)	/* far above any real count */

static struct {
	atomic_t word;		/* count | LABREF_RELEASED */
} __aligned(64) labref;
/* LAB(bench) SKEL
static struct {
	long count;
} __aligned(64) labref;
*/
/* LAB(bench) END */

void labref_reset(void)
{
/* LAB(bench) BEGIN: count zero, live */
	atomic_set(&labref.word, 0);
/* LAB(bench) SKEL
	labref.count = 0;
*/
/* LAB(bench) END */
}

bool labref_get(void)
{
/* LAB(bench) BEGIN: add one unless released, deciding on the word in one atomic step */
	int old = atomic_read(&labref.word);

	do {
		if (old & LABREF_RELEASED)
			return false;
	} while (!atomic_try_cmpxchg(&labref.word, &old, old + 1));
	return true;
/* LAB(bench) SKEL
	return false;
*/
/* LAB(bench) END */
}

void labref_put(void)
{
/* LAB(bench) BEGIN: drop one */
	atomic_dec(&labref.word);
/* LAB(bench) END */
}

bool labref_try_release(void)
{
/* LAB(bench) BEGIN: release only from exactly zero, in one atomic step */
	return atomic_cmpxchg(&labref.word, 0, LABREF_RELEASED) == 0;
/* LAB(bench) SKEL
	return true;
*/
/* LAB(bench) END */
}

void labref_unrelease(void)
{
/* LAB(bench) BEGIN: live again: released with no reference, so the word is exactly RELEASED */
	atomic_set(&labref.word, 0);
/* LAB(bench) END */
}

long labref_count(void)
{
/* LAB(bench) BEGIN: the references held, without the RELEASED bit */
	return atomic_read(&labref.word) & ~LABREF_RELEASED;
/* LAB(bench) SKEL
	return labref.count;
*/
/* LAB(bench) END */
}
