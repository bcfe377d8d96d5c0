/* Capabilities, with Linux's names. Every thread is root here and holds
 * all of them: capable() is always true (linux/cred.h). */
#ifndef _LINUX_CAPABILITY_H
#define _LINUX_CAPABILITY_H

#include <linux/types.h>

#define CAP_CHOWN		0
#define CAP_DAC_OVERRIDE	1
#define CAP_KILL		5
#define CAP_SETUID		7
#define CAP_NET_ADMIN		12
#define CAP_NET_RAW		13
#define CAP_IPC_LOCK		14
#define CAP_SYS_MODULE		16
#define CAP_SYS_RAWIO		17
#define CAP_SYS_PTRACE		19
#define CAP_SYS_ADMIN		21
#define CAP_SYS_BOOT		22
#define CAP_SYS_NICE		23
#define CAP_SYS_RESOURCE	24
#define CAP_SYS_TIME		25
#define CAP_SYS_TTY_CONFIG	26
#define CAP_MKNOD		27
#define CAP_LAST_CAP		40

static inline bool capable(int cap)
{
	return cap >= 0 && cap <= CAP_LAST_CAP;
}

#define ns_capable(ns, cap)	capable(cap)

#endif
