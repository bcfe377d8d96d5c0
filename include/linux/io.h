/* Port and device-memory access (asm/io.h), Linux's linux/io.h. */
#ifndef _LINUX_IO_H
#define _LINUX_IO_H

#include <linux/types.h>
#include <asm/io.h>
#include <linux/ioport.h>

#endif
