/*
 * Resources, as Linux's linux/ioport.h: struct resource and its flags.
 * modlab keeps no resource tree, so request_region and
 * request_mem_region are not here (a module that calls them does not
 * build, rather than being told a range is its own when nothing checks).
 */
#ifndef _LINUX_IOPORT_H
#define _LINUX_IOPORT_H

#include <linux/types.h>
#include <linux/compiler.h>

struct resource {
	resource_size_t start;
	resource_size_t end;
	const char *name;
	unsigned long flags;
	unsigned long desc;
	struct resource *parent, *sibling, *child;
};

#define IORESOURCE_IO		0x00000100
#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_IRQ		0x00000400
#define IORESOURCE_BUSY		0x80000000

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

#endif
