/*
 * kvstore's interface: a table of (key, value) pairs kept by kvstore.ko and
 * used by other modules. Every function may sleep (the table is under a
 * mutex); none may be called from interrupt context.
 */
#ifndef KVSTORE_H
#define KVSTORE_H

#include <linux/types.h>

/* Set key to value, adding the key if it is new. 0, or -ENOMEM. */
int kv_put(u32 key, long value);
/* The value of key into *value. 0, or -ENOENT if the key is absent. */
int kv_get(u32 key, long *value);
/* Remove key. 0, or -ENOENT if the key is absent. GPL-only. */
int kv_del(u32 key);

#endif
