/* The chain event_chain.ko offers to other modules. */
#ifndef EVENT_CHAIN_H
#define EVENT_CHAIN_H

#include <linux/notifier.h>

int event_chain_register(struct notifier_block *nb);
int event_chain_unregister(struct notifier_block *nb);

#endif
