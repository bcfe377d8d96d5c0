/*
 * poll: a driver's .poll says which of EPOLLIN / EPOLLOUT... hold now and,
 * through poll_wait, which wait queues would announce a change.
 *
 *	static __poll_t dev_poll(struct file *file, poll_table *wait)
 *	{
 *		poll_wait(file, &dev_wq, wait);
 *		return have_data ? EPOLLIN | EPOLLRDNORM : 0;
 *	}
 *
 * modlab has no poll()/select() system calls: vfs_poll is the one caller,
 * and a NULL table only asks for the mask.
 */
#ifndef _LINUX_POLL_H
#define _LINUX_POLL_H

#include <linux/types.h>
#include <linux/wait.h>
#include <linux/fs.h>

#define EPOLLIN		0x00000001
#define EPOLLPRI	0x00000002
#define EPOLLOUT	0x00000004
#define EPOLLERR	0x00000008
#define EPOLLHUP	0x00000010
#define EPOLLNVAL	0x00000020
#define EPOLLRDNORM	0x00000040
#define EPOLLRDBAND	0x00000080
#define EPOLLWRNORM	0x00000100
#define EPOLLWRBAND	0x00000200
#define EPOLLMSG	0x00000400
#define EPOLLRDHUP	0x00002000

/* The old names, as user space's poll.h has them. */
#define POLLIN		EPOLLIN
#define POLLPRI		EPOLLPRI
#define POLLOUT		EPOLLOUT
#define POLLERR		EPOLLERR
#define POLLHUP		EPOLLHUP
#define POLLNVAL	EPOLLNVAL
#define POLLRDNORM	EPOLLRDNORM
#define POLLRDBAND	EPOLLRDBAND
#define POLLWRNORM	EPOLLWRNORM
#define POLLWRBAND	EPOLLWRBAND

struct poll_table_struct;
typedef void (*poll_queue_proc)(struct file *, wait_queue_head_t *, struct poll_table_struct *);

typedef struct poll_table_struct {
	poll_queue_proc _qproc;
	__poll_t _key;
} poll_table;

/* Tell the poller (if any) that wait_address announces changes. */
static inline void poll_wait(struct file *filp, wait_queue_head_t *wait_address, poll_table *p)
{
	if (p && p->_qproc && wait_address)
		p->_qproc(filp, wait_address, p);
}

static inline void init_poll_funcptr(poll_table *pt, poll_queue_proc qproc)
{
	pt->_qproc = qproc;
	pt->_key = ~(__poll_t)0;
}

#define DEFAULT_POLLMASK	(EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM)

/* The file's ready mask (EPOLL*); a file without .poll is always ready. */
static inline __poll_t vfs_poll(struct file *file, struct poll_table_struct *pt)
{
	if (!file->f_op->poll)
		return DEFAULT_POLLMASK;
	return file->f_op->poll(file, pt);
}

#endif
