/*
 * Memory mappings of files, in the kernel's mmap area.
 *
 * modlab has no user processes, so there is no mmap(2); the shell's `mmap`
 * command maps a file here instead, and reads and writes the bytes through
 * the mapping. What a driver sees is Linux's: a vm_area_struct passed to
 * its f_op->mmap, which fills it with remap_pfn_range (or vm_insert_page)
 * or leaves it empty and sets vm_ops with a .fault; a later access to a
 * page that is not present page-faults, and the fault calls vm_ops->fault,
 * whose vmf->page (with a reference) is then mapped.
 *
 * The area (MMAP_AREA_START..END, modlab/mm.h) lies above every address
 * RAM may have, so it never touches the identity map of RAM. Each mapping
 * gets a run of pages and one unmapped guard page after it, so a copy that
 * runs off the end of one mapping faults instead of reading the next.
 *
 * Locking, outermost first:
 *   mmap_lock (rw_semaphore, may sleep) protects mmap_list: the live
 *     mappings. A fault holds it for reading across the driver's fault
 *     handler, so kernel_munmap (which takes it for writing to unlink the
 *     mapping) waits for faults in progress and no fault finds a mapping
 *     being torn down. Drivers' own locks nest inside it.
 *   mmap_area_lock (spinlock, a leaf) protects the area's bitmap.
 *   pt_lock (arch/x86/mm.c) protects the page-table entries themselves.
 * The driver's f_op->mmap runs with no lock of ours held: the new vma is
 * not on mmap_list yet, so no fault can find it.
 */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/bitops.h>
#include <linux/spinlock.h>
#include <linux/rwsem.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <modlab/mm.h>
#include <modlab/mmap.h>

#define MMAP_AREA_PAGES	(MMAP_AREA_SIZE >> PAGE_SHIFT)

/* A mapping: Linux's vma, and what modlab keeps beside it. */
struct mmap_region {
	struct vm_area_struct vma;
	unsigned long guard_pages;	/* pages reserved after vm_end (the guard) */
	struct list_head list;		/* in mmap_list, under mmap_lock */
	/*
	 * The last fault that could not be served, for the command that made
	 * the access to explain. Written by the faulting thread (holding
	 * mmap_lock for reading); a mapping is used by one command at a time,
	 * which reads these after its own access failed.
	 */
	vm_fault_t fault_error;
	unsigned long fault_addr;
	const char *fault_why;
};

static DECLARE_RWSEM(mmap_lock);
static LIST_HEAD(mmap_list);

static DEFINE_SPINLOCK(mmap_area_lock);
static DECLARE_BITMAP(mmap_area_map, MMAP_AREA_PAGES);	/* bit set: page in use */

static struct mmap_region *to_region(struct vm_area_struct *vma)
{
	return container_of(vma, struct mmap_region, vma);
}

/* First fit: the address of npages free pages, marked used; 0 if none. */
static unsigned long area_alloc(unsigned long npages)
{
	unsigned long i, run = 0, addr = 0;

	spin_lock(&mmap_area_lock);
	for (i = 0; i < MMAP_AREA_PAGES; i++) {
		run = test_bit(i, mmap_area_map) ? 0 : run + 1;
		if (run == npages)
			break;
	}
	if (run == npages) {
		for (i = i + 1 - npages; run--; i++)
			__set_bit(i, mmap_area_map);
		addr = MMAP_AREA_START + ((i - npages) << PAGE_SHIFT);
	}
	spin_unlock(&mmap_area_lock);
	return addr;
}

static void area_free(unsigned long addr, unsigned long npages)
{
	unsigned long i = (addr - MMAP_AREA_START) >> PAGE_SHIFT;

	spin_lock(&mmap_area_lock);
	while (npages--)
		__clear_bit(i++, mmap_area_map);
	spin_unlock(&mmap_area_lock);
}

unsigned long mmap_area_pages_used(void)
{
	unsigned long i, n = 0;

	spin_lock(&mmap_area_lock);
	for (i = 0; i < MMAP_AREA_PAGES; i++)
		n += test_bit(i, mmap_area_map);
	spin_unlock(&mmap_area_lock);
	return n;
}

/* Is page a struct page of RAM (and not a stray pointer)? */
static bool page_is_ram(const struct page *page)
{
	return page && pfn_to_page(page_to_pfn(page)) == page;
}

void put_page(struct page *page)
{
	u32 old = __atomic_load_n(&page->refs, __ATOMIC_RELAXED);

	do {
		if (!old) {
			WARN_ONCE(1, "put_page: frame %#lx has no reference to drop\n",
				  page_to_pfn(page));
			return;
		}
	} while (!__atomic_compare_exchange_n(&page->refs, &old, old - 1, false,
					      __ATOMIC_RELEASE, __ATOMIC_RELAXED));
}

pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	if ((vm_flags & (VM_WRITE | VM_SHARED)) == (VM_WRITE | VM_SHARED))
		return PAGE_SHARED;
	if (vm_flags & (VM_READ | VM_WRITE))
		return PAGE_READONLY;
	return PAGE_NONE;
}

/* Clear [start, end) of the area, drop the pages' references, and flush
 * every CPU's TLB before the range can be handed out again. */
static void zap_range(unsigned long start, unsigned long end)
{
	unsigned long addr, pfn;

	for (addr = start; addr < end; addr += PAGE_SIZE)
		if (mmap_clear_pte(addr, &pfn))
			put_page(pfn_to_page(pfn));
	flush_tlb_kernel_range(start, end);
}

static bool range_in_vma(struct vm_area_struct *vma, unsigned long addr, unsigned long size)
{
	return PAGE_ALIGNED(addr) && addr >= vma->vm_start && addr < vma->vm_end &&
	       size <= vma->vm_end - addr;
}

int remap_pfn_range(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn,
		    unsigned long size, pgprot_t prot)
{
	unsigned long i, npages;
	int err;

	size = PAGE_ALIGN(size);
	if (!size || !range_in_vma(vma, addr, size))
		return -EINVAL;
	npages = size >> PAGE_SHIFT;
	vma->vm_flags |= VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP;
	for (i = 0; i < npages; i++) {
		/* Frames without a struct page (device memory) are fine: no
		 * reference is taken, as Linux's VM_PFNMAP. */
		err = mmap_set_pte(addr + i * PAGE_SIZE, pfn + i, pgprot_val(prot), false);
		if (err) {
			zap_range(addr, addr + i * PAGE_SIZE);
			return err;
		}
	}
	return 0;
}

int vm_insert_page(struct vm_area_struct *vma, unsigned long addr, struct page *page)
{
	int err;

	if (!range_in_vma(vma, addr, PAGE_SIZE))
		return -EFAULT;
	/* Linux refuses slab pages: kfree would reuse them while mapped. */
	if (!page_is_ram(page) || (page->flags & PG_slab))
		return -EINVAL;
	vma->vm_flags |= VM_MIXEDMAP;
	get_page(page);
	err = mmap_set_pte(addr, page_to_pfn(page), pgprot_val(vma->vm_page_prot), true);
	if (err)
		put_page(page);
	return err;
}

vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn)
{
	int err;

	if (!range_in_vma(vma, addr & PAGE_MASK, PAGE_SIZE))
		return VM_FAULT_SIGBUS;
	err = mmap_set_pte(addr & PAGE_MASK, pfn, pgprot_val(vma->vm_page_prot), false);
	if (err && err != -EBUSY)	/* -EBUSY: mapped already, by a racing fault */
		return VM_FAULT_SIGBUS;
	return VM_FAULT_NOPAGE;
}

struct vm_area_struct *kernel_mmap(struct file *file, unsigned long len, unsigned long pgoff,
				   unsigned long vm_flags)
{
	struct mmap_region *r;
	struct vm_area_struct *vma;
	unsigned long npages, start;
	int err;

	if (!len)
		return ERR_PTR(-EINVAL);
	if (len > MMAP_AREA_SIZE)
		return ERR_PTR(-ENOMEM);
	npages = PFN_UP(len);
	if (pgoff + npages < pgoff)	/* as Linux: the file offset would wrap */
		return ERR_PTR(-EOVERFLOW);
	if (!file->f_op || !file->f_op->mmap)
		return ERR_PTR(-ENODEV);
	if (!(file->f_mode & FMODE_READ) ||
	    ((vm_flags & VM_WRITE) && !(file->f_mode & FMODE_WRITE)))
		return ERR_PTR(-EACCES);

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return ERR_PTR(-ENOMEM);
	r->guard_pages = 1;
	start = area_alloc(npages + r->guard_pages);
	if (!start) {
		kfree(r);
		return ERR_PTR(-ENOMEM);
	}
	vma = &r->vma;
	vma->vm_start = start;
	vma->vm_end = start + (npages << PAGE_SHIFT);
	vma->vm_pgoff = pgoff;
	vma->vm_flags = (vm_flags & (VM_READ | VM_WRITE)) | VM_READ | VM_SHARED | VM_MAYSHARE |
			VM_MAYREAD | ((file->f_mode & FMODE_WRITE) ? VM_MAYWRITE : 0);
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	vma->vm_file = file;

	err = file->f_op->mmap(file, vma);
	if (!err && (vma->vm_start != start || vma->vm_end != start + (npages << PAGE_SHIFT))) {
		pr_err("mmap: the driver's mmap (%p) moved the vma's bounds: refused\n",
		       file->f_op->mmap);
		if (vma->vm_ops && vma->vm_ops->close)
			vma->vm_ops->close(vma);
		err = -EINVAL;
	}
	if (err) {
		/* As Linux: whatever the driver mapped before failing goes. */
		zap_range(start, start + (npages << PAGE_SHIFT));
		area_free(start, npages + r->guard_pages);
		kfree(r);
		return ERR_PTR(err);
	}
	down_write(&mmap_lock);
	list_add_tail(&r->list, &mmap_list);
	up_write(&mmap_lock);
	return vma;
}

/* Tear down a mapping already unlinked from mmap_list. */
static void unmap_region(struct mmap_region *r)
{
	struct vm_area_struct *vma = &r->vma;

	zap_range(vma->vm_start, vma->vm_end);
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	filp_close(vma->vm_file);	/* drops the driver module's reference */
	area_free(vma->vm_start, vma_pages(vma) + r->guard_pages);
	kfree(r);
}

void kernel_munmap(struct vm_area_struct *vma)
{
	struct mmap_region *r = to_region(vma);

	/* Once unlinked (and every fault in progress done: they hold the
	 * lock for reading), no fault can reach the mapping. */
	down_write(&mmap_lock);
	list_del(&r->list);
	up_write(&mmap_lock);
	unmap_region(r);
}

int kernel_munmap_at(unsigned long addr)
{
	struct mmap_region *r, *found = NULL;

	/* Find and unlink under one hold of the lock: two callers naming the
	 * same mapping cannot both take it. */
	down_write(&mmap_lock);
	list_for_each_entry(r, &mmap_list, list) {
		if (r->vma.vm_start == addr) {
			found = r;
			list_del(&r->list);
			break;
		}
	}
	up_write(&mmap_lock);
	if (!found)
		return -EINVAL;
	unmap_region(found);
	return 0;
}

void kernel_for_each_vma(void (*fn)(struct vm_area_struct *vma, void *arg), void *arg)
{
	struct mmap_region *r;

	down_read(&mmap_lock);
	list_for_each_entry(r, &mmap_list, list)
		fn(&r->vma, arg);
	up_read(&mmap_lock);
}

vm_fault_t kernel_mmap_fault_error(struct vm_area_struct *vma, unsigned long *addr,
				   const char **why)
{
	struct mmap_region *r = to_region(vma);

	*addr = r->fault_addr;
	*why = r->fault_why;
	return r->fault_error;
}

static int fault_failed(struct mmap_region *r, unsigned long address, vm_fault_t error,
			const char *why)
{
	r->fault_error = error;
	r->fault_addr = address;
	r->fault_why = why;
	return -EFAULT;
}

/* Map the page a driver's fault handler returned; drops its reference if
 * it cannot be mapped. */
static int map_fault_page(struct mmap_region *r, struct vm_fault *vmf)
{
	int err;

	if (!page_is_ram(vmf->page))
		return fault_failed(r, vmf->real_address, VM_FAULT_SIGBUS, vmf->page ?
				    "the fault handler returned a page that is not RAM" :
				    "the fault handler returned no page");
	err = mmap_set_pte(vmf->address, page_to_pfn(vmf->page),
			   pgprot_val(r->vma.vm_page_prot), true);
	if (err) {
		put_page(vmf->page);
		if (err != -EBUSY)	/* -EBUSY: another thread's fault mapped it */
			return fault_failed(r, vmf->real_address, VM_FAULT_SIGBUS,
					    "the page could not be mapped");
	}
	return 0;
}

/* Why a fault handler's answer gives no page to map, or NULL if it does. */
static const char *fault_refused(vm_fault_t ret, unsigned long address)
{
	if (ret & VM_FAULT_OOM)
		return "the fault handler ran out of memory";
	if (ret & VM_FAULT_SIGSEGV)
		return "the fault handler returned VM_FAULT_SIGSEGV";
	if (ret & VM_FAULT_SIGBUS)
		return "the fault handler returned VM_FAULT_SIGBUS";
	if (ret & VM_FAULT_RETRY)
		return "the fault handler returned VM_FAULT_RETRY (not supported)";
	if ((ret & VM_FAULT_NOPAGE) && !mmap_pte_present(address))
		return "the fault handler returned VM_FAULT_NOPAGE but mapped nothing";
	return NULL;
}

int handle_mmap_fault(unsigned long address, unsigned int fault_flags, bool present)
{
	struct vm_fault vmf = { .flags = fault_flags, .real_address = address,
				.address = address & PAGE_MASK };
	struct vm_area_struct *vma;
	struct mmap_region *r;
	const char *why;
	vm_fault_t ret;
	int err = 0;

	down_read(&mmap_lock);
	list_for_each_entry(r, &mmap_list, list)
		if (address >= r->vma.vm_start && address < r->vma.vm_end)
			goto found;
	up_read(&mmap_lock);
	return -EFAULT;		/* not in a mapping: a guard page, or unmapped */
found:
	vma = &r->vma;
	if (present || ((fault_flags & FAULT_FLAG_WRITE) && !(vma->vm_flags & VM_WRITE))) {
		err = fault_failed(r, address, VM_FAULT_SIGSEGV, "write to a read-only page");
		goto out;
	}
	if (mmap_pte_present(vmf.address))
		goto out;	/* another thread's fault brought it in meanwhile */
	if (!vma->vm_ops || !vma->vm_ops->fault) {
		err = fault_failed(r, address, VM_FAULT_SIGBUS,
				   "no page there, and the mapping has no fault handler");
		goto out;
	}
	vmf.vma = vma;
	vmf.pgoff = vma->vm_pgoff + ((vmf.address - vma->vm_start) >> PAGE_SHIFT);
	ret = vma->vm_ops->fault(&vmf);
	why = fault_refused(ret, vmf.address);
	if (why)
		err = fault_failed(r, address, (ret & VM_FAULT_ERROR) ?: VM_FAULT_SIGBUS, why);
	else if (!(ret & VM_FAULT_NOPAGE))
		err = map_fault_page(r, &vmf);
out:
	up_read(&mmap_lock);
	return err;
}

EXPORT_SYMBOL(remap_pfn_range);
EXPORT_SYMBOL(vm_insert_page);
EXPORT_SYMBOL(vmf_insert_pfn);
EXPORT_SYMBOL(vm_get_page_prot);
EXPORT_SYMBOL(put_page);
