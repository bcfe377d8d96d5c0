/*
 * I/O port and memory regions, with Linux's names: a driver claims the
 * addresses it will drive before touching them, so two drivers never
 * drive the same device by mistake.
 *
 *	if (!request_region(0x378, 3, "mydrv"))
 *		return -EBUSY;		someone else has a part of it
 *	...
 *	release_region(0x378, 3);	at unload
 *
 * Claims live in two trees, ioport_resource (0-0xffff) and iomem_resource
 * (the physical address space); /proc/ioports and /proc/iomem list them as
 * Linux does. modlab's trees are one level deep: a claim that overlaps
 * another is refused (Linux allows nesting inside a non-busy parent, and
 * every claim a driver makes is busy, so drivers see the same).
 *
 * A platform device's resources (platform_get_resource) are struct
 * resources too, but only a list its driver reads back: they are not claims.
 */
#ifndef _LINUX_IOPORT_H
#define _LINUX_IOPORT_H

#include <linux/types.h>
#include <linux/compiler.h>

struct resource {
	resource_size_t start;
	resource_size_t end;		/* the last address, inclusive */
	const char *name;		/* the claimer's: it must outlive the claim */
	unsigned long flags;		/* IORESOURCE_* */
	unsigned long desc;
	struct resource *parent, *sibling, *child;	/* under resource_lock */
};

#define IORESOURCE_BITS		0x000000ff
#define IORESOURCE_TYPE_BITS	0x00001f00
#define IORESOURCE_IO		0x00000100
#define IORESOURCE_MEM		0x00000200
#define IORESOURCE_REG		0x00000300
#define IORESOURCE_IRQ		0x00000400
#define IORESOURCE_DMA		0x00000800
#define IORESOURCE_BUS		0x00001000
#define IORESOURCE_PREFETCH	0x00002000
#define IORESOURCE_READONLY	0x00004000
#define IORESOURCE_DISABLED	0x10000000
#define IORESOURCE_UNSET	0x20000000
#define IORESOURCE_BUSY		0x80000000

#define DEFINE_RES_NAMED(_start, _size, _name, _flags)		\
	((struct resource) {					\
		.start = (_start),				\
		.end = (_start) + (_size) - 1,			\
		.name = (_name),				\
		.flags = (_flags),				\
	})
#define DEFINE_RES_IO(_start, _size)	DEFINE_RES_NAMED(_start, _size, NULL, IORESOURCE_IO)
#define DEFINE_RES_MEM(_start, _size)	DEFINE_RES_NAMED(_start, _size, NULL, IORESOURCE_MEM)
#define DEFINE_RES_IRQ(_irq)		DEFINE_RES_NAMED(_irq, 1, NULL, IORESOURCE_IRQ)
#define DEFINE_RES_MEM_NAMED(_start, _size, _name) \
	DEFINE_RES_NAMED(_start, _size, _name, IORESOURCE_MEM)
#define DEFINE_RES_IRQ_NAMED(_irq, _name) DEFINE_RES_NAMED(_irq, 1, _name, IORESOURCE_IRQ)


extern struct resource ioport_resource;
extern struct resource iomem_resource;

static inline resource_size_t resource_size(const struct resource *res)
{
	return res->end - res->start + 1;
}

static inline unsigned long resource_type(const struct resource *res)
{
	return res->flags & IORESOURCE_TYPE_BITS;
}

/* Claim [start, start + n) in parent for name; NULL if any of it is
 * claimed already (or the range is empty or outside parent). May sleep. */
struct resource *__request_region(struct resource *parent, resource_size_t start,
				  resource_size_t n, const char *name, int flags);
/* Give back a claim made with exactly this start and length. */
void __release_region(struct resource *parent, resource_size_t start, resource_size_t n);

#define request_region(start, n, name)		__request_region(&ioport_resource, (start), (n), (name), 0)
#define request_mem_region(start, n, name)	\
	__request_region(&iomem_resource, (start), (n), (name), 0)
#define release_region(start, n)		__release_region(&ioport_resource, (start), (n))
#define release_mem_region(start, n)		__release_region(&iomem_resource, (start), (n))

struct seq_file;
/* /proc/ioports and /proc/iomem. */
int ioports_show(struct seq_file *m, void *v);
int iomem_show(struct seq_file *m, void *v);

#endif
