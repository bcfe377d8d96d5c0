/*
 * Static keys, with Linux's names:
 *
 *	static DEFINE_STATIC_KEY_FALSE(tracing);
 *	if (static_branch_unlikely(&tracing))
 *		trace_it();
 *	static_branch_enable(&tracing);
 *
 * Linux patches the branch into the code (a jump or a no-op); modlab
 * keeps the key as a counter and the branch as an ordinary test of it
 * with the compiler's likely/unlikely hint. The behaviour is Linux's:
 * enable/disable/inc/dec change what every CPU sees at its next test.
 * static_key_slow_inc/dec count nested enables.
 */
#ifndef _LINUX_JUMP_LABEL_H
#define _LINUX_JUMP_LABEL_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/types.h>

struct static_key {
	atomic_t enabled;	/* > 0: the key is on */
};

struct static_key_true {
	struct static_key key;
};

struct static_key_false {
	struct static_key key;
};

#define STATIC_KEY_INIT_TRUE	{ .enabled = ATOMIC_INIT(1) }
#define STATIC_KEY_INIT_FALSE	{ .enabled = ATOMIC_INIT(0) }
#define STATIC_KEY_TRUE_INIT	(struct static_key_true) { .key = STATIC_KEY_INIT_TRUE }
#define STATIC_KEY_FALSE_INIT	(struct static_key_false) { .key = STATIC_KEY_INIT_FALSE }

#define DEFINE_STATIC_KEY_TRUE(name)						\
	struct static_key_true name = { .key = STATIC_KEY_INIT_TRUE }
#define DEFINE_STATIC_KEY_FALSE(name)						\
	struct static_key_false name = { .key = STATIC_KEY_INIT_FALSE }
#define DECLARE_STATIC_KEY_TRUE(name)	extern struct static_key_true name
#define DECLARE_STATIC_KEY_FALSE(name)	extern struct static_key_false name
#define DEFINE_STATIC_KEY_TRUE_RO(name)	DEFINE_STATIC_KEY_TRUE(name)
#define DEFINE_STATIC_KEY_FALSE_RO(name)	DEFINE_STATIC_KEY_FALSE(name)

static inline bool static_key_enabled_raw(const struct static_key *key)
{
	return atomic_read(&key->enabled) > 0;
}

#define static_key_enabled(x)	static_key_enabled_raw(&(x)->key)
#define static_branch_likely(x)		likely(static_key_enabled_raw(&(x)->key))
#define static_branch_unlikely(x)	unlikely(static_key_enabled_raw(&(x)->key))

/* Nested: each inc needs a dec. May sleep in Linux; here any context. */
static inline void static_key_slow_inc(struct static_key *key)
{
	atomic_inc(&key->enabled);
}

static inline void static_key_slow_dec(struct static_key *key)
{
	atomic_dec(&key->enabled);
}

#define static_branch_inc(x)	static_key_slow_inc(&(x)->key)
#define static_branch_dec(x)	static_key_slow_dec(&(x)->key)

/* On or off outright, whatever the count was. */
static inline void static_key_enable(struct static_key *key)
{
	atomic_set(&key->enabled, 1);
}

static inline void static_key_disable(struct static_key *key)
{
	atomic_set(&key->enabled, 0);
}

#define static_branch_enable(x)		static_key_enable(&(x)->key)
#define static_branch_disable(x)	static_key_disable(&(x)->key)

#endif
