/* x86 I/O port and device memory access. */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include <linux/types.h>
#include <linux/compiler.h>

static inline void outb(u8 v, u16 port)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(u16 v, u16 port)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(u32 v, u16 port)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u16 inw(u16 port)
{
	u16 v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32 inl(u16 port)
{
	u32 v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* count 16-bit words between a port and memory (rep insw/outsw): how a
 * disk's data register is read and written. */
static inline void insw(u16 port, void *addr, unsigned long count)
{
	__asm__ __volatile__("rep insw" : "+D"(addr), "+c"(count) : "d"(port) : "memory");
}

static inline void outsw(u16 port, const void *addr, unsigned long count)
{
	__asm__ __volatile__("rep outsw" : "+S"(addr), "+c"(count) : "d"(port) : "memory");
}

/* A short delay for slow ISA devices: a write to an unused port. */
static inline void io_delay(void)
{
	outb(0, 0x80);
}

/*
 * Device memory (MMIO), as Linux's: ioremap gives an address for a
 * physical range, which the accessors below read and write with single
 * instructions the compiler may not merge or reorder (volatile).
 *
 * The kernel maps RAM at virtual == physical; ioremap maps a device's range
 * the same way, uncached, where nothing is mapped yet (the VGA window at
 * 0xA0000, say) and returns the physical address. iounmap leaves the
 * mapping: the range stays where it is for the next ioremap.
 */
void __iomem *ioremap(resource_size_t phys, unsigned long size);
void iounmap(volatile void __iomem *addr);
#define ioremap_nocache(p, s)	ioremap(p, s)
#define ioremap_uc(p, s)	ioremap(p, s)
#define ioremap_wc(p, s)	ioremap(p, s)

static inline u8 readb(const volatile void __iomem *addr)
{
	return *(const volatile u8 __force *)addr;
}

static inline u16 readw(const volatile void __iomem *addr)
{
	return *(const volatile u16 __force *)addr;
}

static inline u32 readl(const volatile void __iomem *addr)
{
	return *(const volatile u32 __force *)addr;
}

static inline void writeb(u8 v, volatile void __iomem *addr)
{
	*(volatile u8 __force *)addr = v;
}

static inline void writew(u16 v, volatile void __iomem *addr)
{
	*(volatile u16 __force *)addr = v;
}

static inline void writel(u32 v, volatile void __iomem *addr)
{
	*(volatile u32 __force *)addr = v;
}

#define ioread8(a)		readb(a)
#define ioread16(a)		readw(a)
#define ioread32(a)		readl(a)
#define iowrite8(v, a)		writeb(v, a)
#define iowrite16(v, a)		writew(v, a)
#define iowrite32(v, a)		writel(v, a)
#define readb_relaxed(a)	readb(a)
#define readw_relaxed(a)	readw(a)
#define readl_relaxed(a)	readl(a)
#define writeb_relaxed(v, a)	writeb(v, a)
#define writew_relaxed(v, a)	writew(v, a)
#define writel_relaxed(v, a)	writel(v, a)

/* Byte by byte: device memory may not take the wider moves memcpy uses. */
static inline void memcpy_fromio(void *to, const volatile void __iomem *from, size_t n)
{
	u8 *d = to;

	while (n--)
		*d++ = readb(from++);
}

static inline void memcpy_toio(volatile void __iomem *to, const void *from, size_t n)
{
	const u8 *s = from;

	while (n--)
		writeb(*s++, to++);
}

static inline void memset_io(volatile void __iomem *to, int c, size_t n)
{
	while (n--)
		writeb(c, to++);
}

#endif
