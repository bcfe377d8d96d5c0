/*
 * extmod's second object: a small slot allocator on a bitmap. Several CPUs
 * may take and give back slots at once: find_first_zero_bit suggests a
 * free slot, and test_and_set_bit, atomic, decides who gets it (a CPU that
 * loses the race looks again).
 */
#include <linux/bitops.h>
#include <linux/atomic.h>
#include <linux/export.h>
#include <linux/errno.h>
#include "extmod.h"

static DECLARE_BITMAP(slots, EXTMOD_SLOTS);
static atomic_t used = ATOMIC_INIT(0);

/* A free slot's number, now taken; -ENOSPC if there is none. Any context. */
int extmod_slot_get(void)
{
	unsigned long slot;

	do {
		slot = find_first_zero_bit(slots, EXTMOD_SLOTS);
		if (slot >= EXTMOD_SLOTS)
			return -ENOSPC;
	} while (test_and_set_bit(slot, slots));
	atomic_inc(&used);
	return slot;
}
EXPORT_SYMBOL_GPL(extmod_slot_get);

void extmod_slot_put(int slot)
{
	if (slot >= 0 && slot < EXTMOD_SLOTS && test_and_clear_bit(slot, slots))
		atomic_dec(&used);
}
EXPORT_SYMBOL_GPL(extmod_slot_put);

int extmod_slots_used(void)
{
	return atomic_read(&used);
}
