/*
 * Asynchronous I/O, Linux's header: modlab has no io_submit, so every
 * struct kiocb (linux/fs.h) is synchronous and nothing is ever cancelled.
 */
#ifndef __LINUX__AIO_H
#define __LINUX__AIO_H

#include <linux/fs.h>

struct kiocb;

typedef int (kiocb_cancel_fn)(struct kiocb *);

static inline void kiocb_set_cancel_fn(struct kiocb *req, kiocb_cancel_fn *cancel)
{
}

#endif
