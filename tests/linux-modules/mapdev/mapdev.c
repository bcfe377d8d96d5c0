// SPDX-License-Identifier: GPL-2.0
/*
 * mapdev.c - two ways a driver lets its memory be mapped, each behind a
 * misc device over a buffer of MAPDEV_PAGES pages:
 *
 *   /dev/mapdev_remap  maps the whole request at mmap time with
 *                      remap_pfn_range; a range past the buffer is refused
 *                      (-EINVAL) there and then.
 *   /dev/mapdev_fault  maps nothing at mmap time; each page comes from the
 *                      vm_operations_struct's .fault when first touched.
 *                      A page past the buffer gets VM_FAULT_SIGBUS.
 *
 * Page i of each buffer starts with the line "<name> page <i>" and the rest reads
 * as dots, so a dump of a mapping shows which page is where; read() gives
 * the buffer too, so bytes written through a mapping can be read back.
 * The counters (faults, vma_closes) are read-only module parameters.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/string.h>
#include <linux/atomic.h>
#include <asm/page.h>

#define MAPDEV_ORDER	2
#define MAPDEV_PAGES	(1 << MAPDEV_ORDER)
#define MAPDEV_SIZE	(MAPDEV_PAGES * PAGE_SIZE)

static unsigned int faults;
module_param(faults, uint, 0444);
MODULE_PARM_DESC(faults, "pages the fault device has handed out");

static unsigned int vma_closes;
module_param(vma_closes, uint, 0444);
MODULE_PARM_DESC(vma_closes, "mappings of either device that were closed");

static bool forget_page;
module_param(forget_page, bool, 0644);
MODULE_PARM_DESC(forget_page, "the fault handler returns success without a page (a driver bug)");

struct mapdev {
	const char *name;
	struct page *pages;	/* MAPDEV_PAGES contiguous pages */
	struct miscdevice misc;
};

static void fill(struct mapdev *d)
{
	char *buf = page_address(d->pages), *p;
	int i;

	memset(buf, '.', MAPDEV_SIZE);
	for (i = 0; i < MAPDEV_PAGES; i++) {
		p = buf + i * PAGE_SIZE;
		p[snprintf(p, 32, "%s page %d\n", d->name, i)] = '.';	/* over its NUL */
	}
}

static struct mapdev *file_dev(struct file *file)
{
	struct miscdevice *misc = file->private_data;

	return container_of(misc, struct mapdev, misc);
}

static ssize_t mapdev_read(struct file *file, char __user *to, size_t count, loff_t *pos)
{
	struct mapdev *d = file_dev(file);

	return simple_read_from_buffer(to, count, pos, page_address(d->pages), MAPDEV_SIZE);
}

static void mapdev_vma_close(struct vm_area_struct *vma)
{
	vma_closes++;
}

static const struct vm_operations_struct remap_vm_ops = {
	.close = mapdev_vma_close,
};

static int remap_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct mapdev *d = file_dev(file);
	unsigned long len = vma->vm_end - vma->vm_start;

	if (vma->vm_pgoff >= MAPDEV_PAGES || len > (MAPDEV_PAGES - vma->vm_pgoff) * PAGE_SIZE)
		return -EINVAL;
	vma->vm_ops = &remap_vm_ops;
	return remap_pfn_range(vma, vma->vm_start, page_to_pfn(d->pages) + vma->vm_pgoff, len,
			       vma->vm_page_prot);
}

static vm_fault_t fault_fault(struct vm_fault *vmf)
{
	struct mapdev *d = vmf->vma->vm_private_data;
	struct page *page;

	if (vmf->pgoff >= MAPDEV_PAGES)
		return VM_FAULT_SIGBUS;
	faults++;
	if (forget_page)
		return 0;
	page = d->pages + vmf->pgoff;
	get_page(page);		/* the mapping's reference, dropped at unmap */
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct fault_vm_ops = {
	.close = mapdev_vma_close,
	.fault = fault_fault,
};

static int fault_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_private_data = file_dev(file);
	vma->vm_ops = &fault_vm_ops;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
	return 0;
}

static const struct file_operations remap_fops = {
	.owner = THIS_MODULE,
	.read = mapdev_read,
	.mmap = remap_mmap,
};

static const struct file_operations fault_fops = {
	.owner = THIS_MODULE,
	.read = mapdev_read,
	.mmap = fault_mmap,
};

static struct mapdev devs[] = {
	{ .name = "remap", .misc = { .minor = MISC_DYNAMIC_MINOR, .name = "mapdev_remap",
				    .fops = &remap_fops } },
	{ .name = "fault", .misc = { .minor = MISC_DYNAMIC_MINOR, .name = "mapdev_fault",
				    .fops = &fault_fops } },
};

static void mapdev_remove(int n)
{
	while (n--) {
		misc_deregister(&devs[n].misc);
		__free_pages(devs[n].pages, MAPDEV_ORDER);
	}
}

static int __init mapdev_init(void)
{
	int i, err;

	for (i = 0; i < ARRAY_SIZE(devs); i++) {
		devs[i].pages = alloc_pages(GFP_KERNEL, MAPDEV_ORDER);
		if (!devs[i].pages) {
			err = -ENOMEM;
			goto undo;
		}
		fill(&devs[i]);
		err = misc_register(&devs[i].misc);
		if (err) {
			__free_pages(devs[i].pages, MAPDEV_ORDER);
			goto undo;
		}
	}
	pr_info("mapdev: /dev/mapdev_remap and /dev/mapdev_fault, %d pages each\n", MAPDEV_PAGES);
	return 0;
undo:
	mapdev_remove(i);
	return err;
}

static void __exit mapdev_exit(void)
{
	mapdev_remove(ARRAY_SIZE(devs));
}

module_init(mapdev_init);
module_exit(mapdev_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Mapping a driver's buffer: remap_pfn_range and a .fault handler");
