/* Shared by extmod's two objects. */
#ifndef _EXTMOD_H
#define _EXTMOD_H

#define EXTMOD_SLOTS	40	/* more than one word of bits */

int extmod_slot_get(void);
void extmod_slot_put(int slot);
int extmod_slots_used(void);

#endif
