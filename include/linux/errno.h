/* Error numbers, as Linux's: functions return them negated (-ENOMEM). */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#define EPERM		1
#define ENOENT		2
#define ESRCH		3
#define EINTR		4
#define EIO		5
#define ENXIO		6
#define E2BIG		7
#define ENOEXEC		8
#define EBADF		9
#define ECHILD		10
#define EAGAIN		11
#define ENOMEM		12
#define EACCES		13
#define EFAULT		14
#define ENOTBLK		15
#define EBUSY		16
#define EEXIST		17
#define EXDEV		18
#define ENODEV		19
#define ENOTDIR		20
#define EISDIR		21
#define EINVAL		22
#define ENFILE		23
#define EMFILE		24
#define ENOTTY		25
#define ETXTBSY		26
#define EFBIG		27
#define ENOSPC		28
#define ESPIPE		29
#define EROFS		30
#define EMLINK		31
#define EPIPE		32
#define EDOM		33
#define ERANGE		34
#define EDEADLK		35
#define ENAMETOOLONG	36
#define ENOLCK		37
#define ENOSYS		38
#define ENOTEMPTY	39
#define ELOOP		40
#define EWOULDBLOCK	EAGAIN
#define ENOMSG		42
#define ENODATA		61
#define ETIME		62
#define EPROTO		71
#define EBADMSG		74
#define EOVERFLOW	75
#define EILSEQ		84
#define EUSERS		87
#define EMSGSIZE	90
#define EOPNOTSUPP	95
#define ENOBUFS		105
#define ETIMEDOUT	110
#define EALREADY	114
#define EINPROGRESS	115
#define ECANCELED	125
/* Kernel-internal numbers, never seen by a caller of the shell's commands. */
#define ERESTARTSYS	512	/* interrupted by a signal */
#define ERESTARTNOINTR	513
#define ERESTARTNOHAND	514
#define EIOCBQUEUED	529	/* an asynchronous kiocb was queued */
#define ENOIOCTLCMD	515	/* a driver's "no such ioctl"; callers see ENOTTY */
#define EPROBE_DEFER	517
#define ENOTSUPP	524

#endif
