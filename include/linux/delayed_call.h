/*
 * A function to call later, with one argument: a filesystem's get_link
 * hands back a string together with what frees it (Linux 6.1's names).
 * The VFS calls do_delayed_call once it has copied the string.
 */
#ifndef _LINUX_DELAYED_CALL_H
#define _LINUX_DELAYED_CALL_H

struct delayed_call {
	void (*fn)(void *);
	void *arg;
};

#define DEFINE_DELAYED_CALL(name) struct delayed_call name = { NULL, NULL }

static inline void set_delayed_call(struct delayed_call *call, void (*fn)(void *), void *arg)
{
	call->fn = fn;
	call->arg = arg;
}

static inline void do_delayed_call(struct delayed_call *call)
{
	if (call->fn)
		call->fn(call->arg);
}

static inline void clear_delayed_call(struct delayed_call *call)
{
	call->fn = NULL;
}

#endif
