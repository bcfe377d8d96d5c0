/*
 * Shell commands for memory mappings: mmap and munmap. With no user
 * processes there is no mmap(2); these map a file into the kernel's mmap
 * area (kernel/mm/mmap.c) through the driver's own f_op->mmap and touch
 * the bytes through the page tables, so a driver's remap_pfn_range or
 * .fault handler runs as it would for a process.
 *
 *   mmap FILE [LENGTH [OFFSET]]     map, print the bytes (hexdump -C style), unmap
 *   mmap -k FILE [LENGTH [OFFSET]]  the same, but keep the mapping (munmap ADDR)
 *   mmap -w FILE TEXT [OFFSET]      map shared and writable, write TEXT, unmap
 *   mmap                            list the kept mappings
 *   munmap ADDR                     unmap a kept mapping
 *
 * Every access goes through copy_*_kernel_nofault, one page at a time: a
 * page the driver cannot supply ends the copy at its exception-table fixup
 * instead of an oops, and the command says which page and why.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <modlab/console.h>
#include <modlab/shell.h>
#include <modlab/errno.h>
#include <modlab/mmap.h>

#define DUMP_WIDTH	16

static const char *fault_name(vm_fault_t error)
{
	if (error & VM_FAULT_OOM)
		return "Cannot allocate memory";
	if (error & VM_FAULT_SIGSEGV)
		return "Segmentation fault";
	return "Bus error";
}

/* Say why the access to the page at off failed. */
static void report_fault(const char *name, const char *what, struct vm_area_struct *vma,
			 unsigned long off)
{
	unsigned long addr;
	const char *why;
	vm_fault_t error = kernel_mmap_fault_error(vma, &addr, &why);

	if (!error) {	/* cannot happen unless the fault was not ours */
		printf("mmap: %s: %s at offset 0x%lx failed\n", name, what, off);
		return;
	}
	printf("mmap: %s: %s at offset 0x%lx (address %#lx): %s: %s\n", name, what,
	       addr - vma->vm_start, addr, fault_name(error), why);
}

/* One hexdump -C line; a run of lines equal to the one before shows as "*". */
struct dumper {
	u8 prev[DUMP_WIDTH];
	bool have_prev, starred;
};

static void dump_line(struct dumper *d, unsigned long off, const u8 *p, unsigned int n)
{
	unsigned int i;

	if (n == DUMP_WIDTH && d->have_prev && !memcmp(p, d->prev, DUMP_WIDTH)) {
		if (!d->starred)
			printf("*\n");
		d->starred = true;
		return;
	}
	memcpy(d->prev, p, DUMP_WIDTH);
	d->have_prev = true;
	d->starred = false;
	printf("%08lx ", off);
	for (i = 0; i < DUMP_WIDTH; i++)
		printf(i < n ? "%s%02x" : "%s  ", i == 8 ? "  " : " ", p[i]);
	printf("  |");
	for (i = 0; i < n; i++)
		printf("%c", p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '.');
	printf("|\n");
}

/* Read the first len bytes of vma through the mapping, a page at a time,
 * and print them. */
static int dump_mapping(const char *name, struct vm_area_struct *vma, unsigned long len)
{
	unsigned long off, i, n;
	struct dumper d = { .have_prev = false };
	u8 *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (off = 0; off < len; off += PAGE_SIZE) {
		n = min(len - off, PAGE_SIZE);
		if (copy_from_kernel_nofault(buf, (void *)(vma->vm_start + off), n)) {
			report_fault(name, "read", vma, off);
			ret = -EFAULT;
			break;
		}
		for (i = 0; i < n; i += DUMP_WIDTH)
			dump_line(&d, off + i, buf + i, min(n - i, (unsigned long)DUMP_WIDTH));
	}
	if (!ret)
		printf("%08lx\n", len);
	kfree(buf);
	return ret;
}

static int write_mapping(const char *name, struct vm_area_struct *vma, const char *text)
{
	unsigned long len = strlen(text), off, n;

	for (off = 0; off < len; off += n) {
		n = min(len - off, PAGE_SIZE - (off & (PAGE_SIZE - 1)));
		if (copy_to_kernel_nofault((void *)(vma->vm_start + off), text + off, n)) {
			report_fault(name, "write", vma, off & PAGE_MASK);
			return -EFAULT;
		}
	}
	return 0;
}

static bool parse_offset(const char *arg, unsigned long *pgoff)
{
	unsigned long off;

	if (kstrtoul(arg, 0, &off)) {
		printf("mmap: invalid offset '%s'\n", arg);
		return false;
	}
	if (off & (PAGE_SIZE - 1)) {	/* mmap(2) says EINVAL too */
		printf("mmap: invalid offset '%s': not a multiple of the page size (%lu)\n",
		       arg, PAGE_SIZE);
		return false;
	}
	*pgoff = off >> PAGE_SHIFT;
	return true;
}

static void list_one(struct vm_area_struct *vma, void *arg)
{
	struct dentry *d = vma->vm_file->f_path.dentry;

	printf("%08lx-%08lx %c%cs %08lx %s\n", vma->vm_start, vma->vm_end,
	       (vma->vm_flags & VM_READ) ? 'r' : '-', (vma->vm_flags & VM_WRITE) ? 'w' : '-',
	       vma->vm_pgoff << PAGE_SHIFT, d ? (const char *)d->d_name.name : "?");
}

static int usage(void)
{
	printf("usage: mmap [-k] FILE [LENGTH [OFFSET]]\n"
	       "       mmap -w FILE TEXT [OFFSET]\n"
	       "       mmap            (list kept mappings)\n");
	return 1;
}

static int cmd_mmap(int argc, char **argv)
{
	bool keep = false, write = false;
	unsigned long len = PAGE_SIZE, pgoff = 0;
	const char *name, *text = NULL;
	struct vm_area_struct *vma;
	struct file *f;
	int i = 1, ret;

	if (argc == 1) {
		kernel_for_each_vma(list_one, NULL);
		return 0;
	}
	if (!strcmp(argv[1], "-k") || !strcmp(argv[1], "-w")) {
		keep = argv[1][1] == 'k';
		write = !keep;
		i = 2;
	}
	if (argc - i < 1 + write || argc - i > 3)
		return usage();
	name = argv[i];
	if (write) {
		text = argv[i + 1];
		len = strlen(text);
		if (argc - i == 3 && !parse_offset(argv[i + 2], &pgoff))
			return 1;
	} else {
		if (argc - i >= 2 && kstrtoul(argv[i + 1], 0, &len)) {
			printf("mmap: invalid length '%s'\n", argv[i + 1]);
			return 1;
		}
		if (argc - i == 3 && !parse_offset(argv[i + 2], &pgoff))
			return 1;
	}

	f = filp_open(name, write ? O_RDWR : O_RDONLY, 0);
	if (IS_ERR(f)) {
		printf("mmap: cannot open '%s': %s\n", name, strerror(PTR_ERR(f)));
		return 1;
	}
	vma = kernel_mmap(f, len, pgoff, VM_READ | (write ? VM_WRITE : 0));
	if (IS_ERR(vma)) {
		printf("mmap: %s: %s\n", name, strerror(PTR_ERR(vma)));
		filp_close(f);
		return 1;
	}
	/* From here the mapping owns f: kernel_munmap closes it. */
	ret = write ? write_mapping(name, vma, text) : dump_mapping(name, vma, len);
	if (keep && !ret) {
		printf("mmap: %s: kept at %#lx-%#lx (munmap %#lx)\n", name, vma->vm_start,
		       vma->vm_end, vma->vm_start);
		return 0;
	}
	kernel_munmap(vma);
	return ret ? 1 : 0;
}
SHELL_COMMAND("mmap", cmd_mmap, "[-k] FILE [LENGTH [OFFSET]] | -w FILE TEXT [OFFSET]",
	      "map a file through its driver's mmap; print or write its bytes");

static int cmd_munmap(int argc, char **argv)
{
	unsigned long addr;

	if (argc != 2) {
		printf("usage: munmap ADDR\n");
		return 1;
	}
	if (kstrtoul(argv[1], 0, &addr)) {
		printf("munmap: invalid address '%s'\n", argv[1]);
		return 1;
	}
	if (kernel_munmap_at(addr)) {
		printf("munmap: %#lx: no mapping starts there (see 'mmap')\n", addr);
		return 1;
	}
	return 0;
}
SHELL_COMMAND("munmap", cmd_munmap, "ADDR", "unmap a mapping that 'mmap -k' kept");
