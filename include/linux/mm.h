/*
 * Pages and their frames, with Linux's names: struct page, virt_to_page,
 * page_address, page_to_pfn, pfn_to_page (all RAM is mapped at virtual ==
 * physical, so every page has an address). What a module may read of a
 * struct page is what these functions return, and its index and mapping
 * (always 0 and NULL: modlab has no page cache). Then memory mappings.
 */
#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/slab.h>
#include <linux/bug.h>
#include <asm/boot.h>		/* PAGE_SIZE, PAGE_SHIFT */
#include <modlab/mm.h>		/* struct page, virt_to_page, page_address */
#include <linux/errno.h>
#include <asm/page.h>		/* __pa, __va */
#include <asm/pgtable_types.h>	/* pgprot_t */

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
 * Memory mappings, as Linux 6.1 declares them. modlab has no user address
 * space; a mapping lives in the kernel's mmap area (kernel/mm/mmap.c),
 * made by the shell's `mmap` command: it builds a vm_area_struct, calls
 * the file's f_op->mmap (which may fill it with remap_pfn_range or
 * vm_insert_page, or set vm_ops with a .fault), and a page fault in the
 * range calls vm_ops->fault, which answers with vmf->page.
 */
typedef unsigned int vm_fault_t;

#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_MAJOR		0x000004
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_NOPAGE		0x000100	/* ->fault installed the page itself */
#define VM_FAULT_LOCKED		0x000200	/* ->fault locked vmf->page (no page locks) */
#define VM_FAULT_RETRY		0x000400
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* vmf->flags */
#define FAULT_FLAG_WRITE	0x01

#define VM_NONE		0x00000000
#define VM_READ		0x00000001
#define VM_WRITE	0x00000002
#define VM_EXEC		0x00000004
#define VM_SHARED	0x00000008
#define VM_MAYREAD	0x00000010
#define VM_MAYWRITE	0x00000020
#define VM_MAYEXEC	0x00000040
#define VM_MAYSHARE	0x00000080
#define VM_PFNMAP	0x00000400	/* pages without a struct page (remap_pfn_range) */
#define VM_LOCKED	0x00002000
#define VM_IO		0x00004000
#define VM_DONTCOPY	0x00020000
#define VM_DONTEXPAND	0x00040000
#define VM_NORESERVE	0x00200000
#define VM_DONTDUMP	0x04000000
#define VM_MIXEDMAP	0x10000000

struct file;
struct vm_operations_struct;

struct vm_area_struct {
	unsigned long vm_start;		/* first address */
	unsigned long vm_end;		/* first address after */
	pgprot_t vm_page_prot;		/* what remap_pfn_range and faults install */
	unsigned long vm_flags;		/* VM_* */
	unsigned long vm_pgoff;		/* offset in the file, in pages */
	const struct vm_operations_struct *vm_ops;
	struct file *vm_file;		/* the mapping's file, open while it lasts */
	void *vm_private_data;
};

struct vm_fault {
	struct vm_area_struct *vma;
	unsigned int flags;		/* FAULT_FLAG_*; Linux: enum fault_flag */
	unsigned long pgoff;		/* Linux: pgoff_t; vm_pgoff + page within the vma */
	unsigned long address;		/* the faulting address, page-aligned */
	unsigned long real_address;	/* the faulting address */
	struct page *page;		/* ->fault's answer, with a reference (get_page) */
};

struct vm_operations_struct {
	void (*open)(struct vm_area_struct *area);
	void (*close)(struct vm_area_struct *area);
	vm_fault_t (*fault)(struct vm_fault *vmf);
};

/* The protection a mapping with these VM_* flags gets (shared mappings only). */
pgprot_t vm_get_page_prot(unsigned long vm_flags);

static inline unsigned long vma_pages(struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/*
 * Fill [addr, addr + size) of vma with the frames from pfn on (RAM or
 * device memory), with protection prot. Sets VM_IO | VM_PFNMAP |
 * VM_DONTEXPAND | VM_DONTDUMP. 0, or -EINVAL (not page-aligned, outside
 * vma) or -EBUSY (a page there is mapped already), with nothing mapped.
 * Called from a driver's mmap; may sleep.
 */
int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
		    unsigned long size, pgprot_t prot);

static inline int io_remap_pfn_range(struct vm_area_struct *vma, unsigned long addr,
				     unsigned long pfn, unsigned long size, pgprot_t prot)
{
	return remap_pfn_range(vma, addr, pfn, size, pgprot_decrypted(prot));
}

/* Map one page of RAM at addr, taking a reference on it (dropped at unmap). */
int vm_insert_page(struct vm_area_struct *vma, unsigned long addr, struct page *page);
/* From a fault handler: map pfn at addr and return VM_FAULT_NOPAGE. */
vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);

static inline vm_fault_t vmf_insert_page(struct vm_area_struct *vma, unsigned long addr,
					 struct page *page)
{
	int err = vm_insert_page(vma, addr, page);

	if (err == -ENOMEM)
		return VM_FAULT_OOM;
	if (err < 0 && err != -EBUSY)
		return VM_FAULT_SIGBUS;
	return VM_FAULT_NOPAGE;
}

/*
 * A page's reference count, as far as mappings go: a fault handler's
 * get_page on the page it returns is the reference the mapping holds,
 * dropped by put_page when the range is unmapped; vm_insert_page takes its
 * own. The allocator's own hold is not counted here (modlab's pages are
 * freed by whoever allocated them), so page_ref_count is refs + 1 and
 * freeing a page that a mapping still holds is refused (kernel/mm/page_alloc.c).
 */
static inline void get_page(struct page *page)
{
	__atomic_add_fetch(&page->refs, 1, __ATOMIC_RELAXED);
}

void put_page(struct page *page);

static inline int page_ref_count(const struct page *page)
{
	return __atomic_load_n(&page->refs, __ATOMIC_RELAXED) + 1;
}

#define page_count(page)	page_ref_count(page)

#include <linux/vmalloc.h>

#endif
