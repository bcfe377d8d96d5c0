/*
 * Mapping files into the kernel's mmap area (kernel/mm/mmap.c): what the
 * shell's `mmap` command and the x86 page-fault path call. Drivers see
 * only Linux's side of it (linux/mm.h).
 */
#ifndef _MODLAB_MMAP_H
#define _MODLAB_MMAP_H

#include <linux/types.h>
#include <linux/mm.h>

struct file;

/*
 * Map len bytes (rounded up to pages) of file from page pgoff on, shared,
 * readable, and writable if VM_WRITE is in vm_flags: reserve a range of the
 * mmap area, call file->f_op->mmap. On success the mapping owns file (it
 * closes it at unmap); on error the caller still does. Errors, as Linux's
 * mmap(2): -EINVAL (len 0), -EOVERFLOW (pgoff + len beyond the offset
 * range), -ENODEV (no f_op->mmap), -EACCES (file not open for the access),
 * -ENOMEM (no room in the area), or what the driver's mmap returned.
 * May sleep.
 */
struct vm_area_struct *kernel_mmap(struct file *file, unsigned long len, unsigned long pgoff,
				   unsigned long vm_flags);

/* Unmap: vm_ops->close, the pages dropped and flushed from every CPU's
 * TLB, the range freed, the file closed. May sleep; interrupts on. */
void kernel_munmap(struct vm_area_struct *vma);

/* Unmap the mapping that starts at addr (the shell's munmap ADDR), as
 * kernel_munmap; -EINVAL if none starts there. */
int kernel_munmap_at(unsigned long addr);

/* Why the last fault in vma failed (VM_FAULT_* bits, 0 if none failed),
 * the address, and a sentence saying what went wrong. */
vm_fault_t kernel_mmap_fault_error(struct vm_area_struct *vma, unsigned long *addr,
				   const char **why);

/* The kept mappings, for listing: fn(vma, arg) for each, oldest first,
 * under the mmap lock (fn must not map or unmap). */
void kernel_for_each_vma(void (*fn)(struct vm_area_struct *vma, void *arg), void *arg);

/* Pages of the mmap area in use (mappings and their guard pages). */
unsigned long mmap_area_pages_used(void);

/*
 * From the page-fault handler (arch), in the faulting thread, interrupts
 * on: bring in the page at address if a mapping covers it and its driver
 * gives one. 0: the access may be retried; -EFAULT: it may not (the error
 * is recorded in the mapping).
 */
int handle_mmap_fault(unsigned long address, unsigned int fault_flags, bool present);

/* arch/x86/mm.c: the page-fault hook; true if the fault was handled. */
bool do_mmap_area_fault(u32 error_code, unsigned long address, unsigned long eflags);

#endif
