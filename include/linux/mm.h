/*
 * Pages and their frames, with Linux's names: struct page, virt_to_page,
 * page_address, page_to_pfn, pfn_to_page (all RAM is mapped at virtual ==
 * physical, so every page has an address). What a module may read of a
 * struct page is only what these functions return.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/bug.h>
#include <asm/boot.h>		/* PAGE_SIZE, PAGE_SHIFT */
#include <modlab/mm.h>		/* struct page, virt_to_page, page_address */

#define PAGE_MASK		(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(addr)	(((addr) + PAGE_SIZE - 1) & PAGE_MASK)
#define PAGE_ALIGNED(addr)	((((unsigned long)(addr)) & (PAGE_SIZE - 1)) == 0)
#define offset_in_page(p)	((unsigned long)(p) & ~PAGE_MASK)

/* The frame number of page, and back (NULL outside RAM). */
unsigned long page_to_pfn(const struct page *page);
struct page *pfn_to_page(unsigned long pfn);
#define virt_to_pfn(v)		((unsigned long)(v) >> PAGE_SHIFT)
#define pfn_valid(pfn)		(pfn_to_page(pfn) != NULL)
#define page_to_virt(page)	page_address(page)
#define virt_addr_valid(v)	(virt_to_page(v) != NULL)

/* The order (log2 of pages) that holds size bytes. */
static inline int get_order(unsigned long size)
{
	int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

/*
 * Memory mappings, as Linux 6.1 declares them, so a driver's mmap and
 * fault handlers compile. modlab has no user address space: nothing ever
 * calls file_operations.mmap or a vm_operations_struct, and these
 * structures hold only the fields such drivers use.
 */
typedef unsigned int vm_fault_t;

#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_NOPAGE		0x000100
#define VM_FAULT_LOCKED		0x000200
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS)

#define VM_READ		0x00000001
#define VM_WRITE	0x00000002
#define VM_EXEC		0x00000004
#define VM_SHARED	0x00000008
#define VM_IO		0x00004000
#define VM_DONTEXPAND	0x00040000
#define VM_DONTDUMP	0x04000000

struct file;
struct vm_operations_struct;

struct vm_area_struct {
	unsigned long vm_start;		/* first address */
	unsigned long vm_end;		/* first address after */
	unsigned long vm_flags;		/* VM_* */
	unsigned long vm_pgoff;		/* offset in the file, in pages */
	const struct vm_operations_struct *vm_ops;
	struct file *vm_file;
	void *vm_private_data;
};

struct vm_fault {
	struct vm_area_struct *vma;
	unsigned int flags;
	unsigned long pgoff;		/* Linux: pgoff_t */
	unsigned long address;		/* the faulting address */
	struct page *page;		/* the handler's answer */
};

struct vm_operations_struct {
	void (*open)(struct vm_area_struct *area);
	void (*close)(struct vm_area_struct *area);
	vm_fault_t (*fault)(struct vm_fault *vmf);
};

/*
 * A page's reference count. modlab's pages have none (they are freed by
 * whoever allocated them); these exist for fault handlers, which nothing
 * calls, and say so if something ever does.
 */
static inline void get_page(struct page *page)
{
	WARN_ONCE(1, "get_page: modlab's pages are not reference counted\n");
}

static inline void put_page(struct page *page)
{
	WARN_ONCE(1, "put_page: modlab's pages are not reference counted\n");
}

#include <linux/vmalloc.h>

#endif
