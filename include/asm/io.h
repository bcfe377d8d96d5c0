/*
 * x86 I/O port and device memory access, with Linux's names:
 *  - in/out{b,w,l} a port; the _p forms add a short pause after, for slow
 *    ISA devices; ins/outs{b,w,l} move a run of values (rep ins/outs).
 *  - read/write{b,w,l} an address ioremap() gave (device memory).
 *  - ioread/iowrite{8,16,32} take either: an address from ioremap, or a
 *    token from ioport_map(port), which is port + PIO_OFFSET, as Linux's
 *    lib/iomap.c encodes it (no RAM or device memory lies that low here:
 *    the first pages are the unmapped NULL page and BIOS data).
 */
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

#define BUILDIO_P(bwl, type)						\
static inline void out##bwl##_p(type v, u16 port)			\
{									\
	out##bwl(v, port);						\
	io_delay();							\
}									\
static inline type in##bwl##_p(u16 port)				\
{									\
	type v = in##bwl(port);						\
	io_delay();							\
	return v;							\
}
BUILDIO_P(b, u8)
BUILDIO_P(w, u16)
BUILDIO_P(l, u32)
#undef BUILDIO_P

static inline void insb(u16 port, void *addr, unsigned long count)
{
	__asm__ __volatile__("rep insb" : "+D"(addr), "+c"(count) : "d"(port) : "memory");
}

static inline void outsb(u16 port, const void *addr, unsigned long count)
{
	__asm__ __volatile__("rep outsb" : "+S"(addr), "+c"(count) : "d"(port) : "memory");
}

static inline void insl(u16 port, void *addr, unsigned long count)
{
	__asm__ __volatile__("rep insl" : "+D"(addr), "+c"(count) : "d"(port) : "memory");
}

static inline void outsl(u16 port, const void *addr, unsigned long count)
{
	__asm__ __volatile__("rep outsl" : "+S"(addr), "+c"(count) : "d"(port) : "memory");
}

/* Device memory: one volatile access each, never merged or reordered
 * against each other by the compiler. */
#define BUILDMMIO(bwl, type)						\
static inline type read##bwl(const volatile void __iomem *addr)	\
{									\
	return *(const volatile type __force *)addr;			\
}									\
static inline void write##bwl(type v, volatile void __iomem *addr)	\
{									\
	*(volatile type __force *)addr = v;				\
}
BUILDMMIO(b, u8)
BUILDMMIO(w, u16)
BUILDMMIO(l, u32)
#undef BUILDMMIO

#define PIO_OFFSET	0x10000UL
#define PIO_MASK	0x0ffffUL
#define PIO_RESERVED	0x40000UL

/* A token for ioread/iowrite that means ports [port, port + nr). */
static inline void __iomem *ioport_map(unsigned long port, unsigned int nr)
{
	return port > PIO_MASK ? NULL : (void __iomem *)(port + PIO_OFFSET);
}

static inline void ioport_unmap(void __iomem *addr)
{
}

#define BUILDIOMAP(bits, bwl, type)					\
static inline type ioread##bits(const void __iomem *addr)		\
{									\
	unsigned long a = (unsigned long __force)addr;			\
	if (a >= PIO_RESERVED)						\
		return read##bwl(addr);					\
	return in##bwl(a & PIO_MASK);					\
}									\
static inline void iowrite##bits(type v, void __iomem *addr)		\
{									\
	unsigned long a = (unsigned long __force)addr;			\
	if (a >= PIO_RESERVED)						\
		write##bwl(v, addr);					\
	else								\
		out##bwl(v, a & PIO_MASK);				\
}
BUILDIOMAP(8, b, u8)
BUILDIOMAP(16, w, u16)
BUILDIOMAP(32, l, u32)
#undef BUILDIOMAP

/*
 * The physical address of kernel memory from kmalloc or the page
 * allocator, and back. RAM is mapped at virtual == physical, so both are
 * casts; as in Linux, they mean nothing for vmalloc or module addresses.
 */
static inline phys_addr_t virt_to_phys(volatile void *address)
{
	return (phys_addr_t)(unsigned long)address;
}

static inline void *phys_to_virt(phys_addr_t address)
{
	return (void *)(unsigned long)address;
}

/*
 * Map device memory at phys for size bytes (uncached). All of it sits at
 * virtual == physical in modlab, so the address is phys itself; the
 * mapping stays after iounmap (a later ioremap of the same range reuses
 * it). Linux's prototype; may sleep (it may make a page table).
 */
void __iomem *ioremap(resource_size_t phys, unsigned long size);

static inline void iounmap(volatile void __iomem *addr)
{
}

static inline void memcpy_fromio(void *to, const volatile void __iomem *from, size_t n)
{
	const volatile u8 __force *s = from;
	u8 *d = to;

	while (n--)
		*d++ = *s++;
}

static inline void memcpy_toio(volatile void __iomem *to, const void *from, size_t n)
{
	volatile u8 __force *d = to;
	const u8 *s = from;

	while (n--)
		*d++ = *s++;
}

static inline void memset_io(volatile void __iomem *addr, int c, size_t n)
{
	volatile u8 __force *d = addr;

	while (n--)
		*d++ = c;
}

#endif
