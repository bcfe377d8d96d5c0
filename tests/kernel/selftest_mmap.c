/*
 * Self test of file mappings in the mmap area (kernel/mm/mmap.c), through
 * a misc device of its own (/dev/st-mmap) whose mmap does what each step
 * asks:
 *  - the area is kept from ioremap;
 *  - remap_pfn_range refuses ranges outside the vma, unaligned ones, and a
 *    page mapped already, and a page not mapped in a vma without .fault
 *    is a SIGBUS, not an oops;
 *  - vm_insert_page holds a reference while mapped (freeing the page is
 *    refused) and the unmap drops it; a failing mmap leaves nothing behind;
 *  - a fault with preemption off is not served (a driver's handler may
 *    sleep), and a served page faults once; a handler may map the page
 *    itself (vmf_insert_pfn), and one that returns no struct page gets a
 *    SIGBUS with the reason;
 *  - on every other CPU at once: threads fault the same fresh page in
 *    (one reference kept however many raced), and after the unmap each
 *    thread's next read faults, though its TLB held the page: the unmap
 *    flushed every CPU before the range was reused.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kthread.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <asm/io.h>
#include <modlab/mm.h>
#include <modlab/mmap.h>
#include "selftest.h"

#define ST_PATTERN	0x6d6d6170u	/* "pamm" */
#define ST_ROUNDS	20
#define ST_MAX_ROUNDS	1000
#define ST_STEP_MS	2000
#define ST_PREFIX	"st-mmap/"

enum st_mode {
	MODE_REMAP_CHECKS,
	MODE_INSERT,
	MODE_INSERT_THEN_FAIL,
	MODE_FAULT,		/* .fault returns the page in vmf->page */
	MODE_FAULT_PFN,		/* .fault maps it itself: vmf_insert_pfn */
	MODE_FAULT_BAD_PAGE,	/* .fault returns a pointer that is no struct page */
};

struct st_mmap {
	struct page *page;		/* the page every mapping shows */
	enum st_mode mode;
	int remap_ret[5];		/* MODE_REMAP_CHECKS: what each call returned */
	unsigned long remap_flags;	/* vm_flags after them */
	unsigned int faults;		/* .fault calls (atomic) */
	/* the threads on the other CPUs */
	unsigned long addr;		/* the mapping they read */
	unsigned int step, acks;	/* step to do (0: none); steps done, all threads */
	long ret[NR_CPUS];
	u32 val[NR_CPUS];
	struct task_struct *tasks[NR_CPUS];
	unsigned int cpus[NR_CPUS];
};

/* The running test's state for the device's callbacks: the shell runs one
 * selftest at a time, and the device exists only while it runs. */
static struct st_mmap *st;

static vm_fault_t st_fault(struct vm_fault *vmf)
{
	__atomic_add_fetch(&st->faults, 1, __ATOMIC_RELAXED);
	if (st->mode == MODE_FAULT_PFN)
		return vmf_insert_pfn(vmf->vma, vmf->address, page_to_pfn(st->page));
	if (st->mode == MODE_FAULT_BAD_PAGE) {
		vmf->page = (struct page *)st;	/* a driver bug: not a page */
		return 0;
	}
	get_page(st->page);
	vmf->page = st->page;
	return 0;
}

static const struct vm_operations_struct st_vm_ops = {
	.fault = st_fault,
};

static int st_remap_checks(struct vm_area_struct *vma)
{
	unsigned long pfn = page_to_pfn(st->page), len = vma->vm_end - vma->vm_start;
	pgprot_t prot = vma->vm_page_prot;

	st->remap_ret[0] = remap_pfn_range(vma, vma->vm_start - PAGE_SIZE, pfn, PAGE_SIZE, prot);
	st->remap_ret[1] = remap_pfn_range(vma, vma->vm_start, pfn, len + PAGE_SIZE, prot);
	st->remap_ret[2] = remap_pfn_range(vma, vma->vm_start + 1, pfn, PAGE_SIZE, prot);
	st->remap_ret[3] = remap_pfn_range(vma, vma->vm_start, pfn, PAGE_SIZE, prot);
	st->remap_ret[4] = remap_pfn_range(vma, vma->vm_start, pfn, PAGE_SIZE, prot);
	st->remap_flags = vma->vm_flags;
	return 0;
}

static int st_mmap_op(struct file *file, struct vm_area_struct *vma)
{
	int err;

	switch (st->mode) {
	case MODE_REMAP_CHECKS:
		return st_remap_checks(vma);
	case MODE_INSERT:
		return vm_insert_page(vma, vma->vm_start, st->page);
	case MODE_INSERT_THEN_FAIL:
		err = vm_insert_page(vma, vma->vm_start, st->page);
		return err ?: -EIO;
	case MODE_FAULT:
	case MODE_FAULT_PFN:
	case MODE_FAULT_BAD_PAGE:
		vma->vm_ops = &st_vm_ops;
		return 0;
	}
	return -EINVAL;
}

static const struct file_operations st_fops = {
	.mmap = st_mmap_op,
};

static struct miscdevice st_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "st-mmap",
	.fops = &st_fops,
};

/* Map len bytes of /dev/st-mmap in mode; the vma or an ERR_PTR. */
static struct vm_area_struct *st_map(enum st_mode mode, unsigned long len)
{
	struct file *f = filp_open("/dev/st-mmap", O_RDWR, 0);
	struct vm_area_struct *vma;

	if (IS_ERR(f))
		return ERR_CAST(f);
	st->mode = mode;
	vma = kernel_mmap(f, len, 0, VM_READ | VM_WRITE);
	if (IS_ERR(vma))
		filp_close(f);
	return vma;
}

static long st_read(unsigned long addr, u32 *val)
{
	return copy_from_kernel_nofault(val, (void *)addr, sizeof(*val));
}

static int check_ret(const char *what, long saw, long want)
{
	if (saw != want)
		return selftest_fail("%s to give %ld, saw %ld", what, want, saw);
	return 0;
}

static int st_remap(void)
{
	struct vm_area_struct *vma = st_map(MODE_REMAP_CHECKS, 2 * PAGE_SIZE);
	unsigned long addr;
	const char *why;
	u32 v = 0;
	int err;

	if (IS_ERR(vma))
		return selftest_fail("a mapping to make, saw error %ld", PTR_ERR(vma));
	err = check_ret("remap_pfn_range below the vma", st->remap_ret[0], -EINVAL) ?:
	      check_ret("remap_pfn_range past the vma's end", st->remap_ret[1], -EINVAL) ?:
	      check_ret("remap_pfn_range at an unaligned address", st->remap_ret[2], -EINVAL) ?:
	      check_ret("remap_pfn_range of the first page", st->remap_ret[3], 0) ?:
	      check_ret("remap_pfn_range of a page mapped already", st->remap_ret[4], -EBUSY) ?:
	      check_ret("VM_IO | VM_PFNMAP set by remap_pfn_range",
			st->remap_flags & (VM_IO | VM_PFNMAP), VM_IO | VM_PFNMAP) ?:
	      check_ret("a read of the remapped page", st_read(vma->vm_start, &v), 0) ?:
	      check_ret("the remapped page's first word", v, ST_PATTERN) ?:
	      check_ret("a read of the page not mapped (no .fault)",
			st_read(vma->vm_start + PAGE_SIZE, &v), -EFAULT) ?:
	      check_ret("the recorded fault", kernel_mmap_fault_error(vma, &addr, &why),
			VM_FAULT_SIGBUS);
	kernel_munmap(vma);
	return err;
}

static int st_insert(void)
{
	unsigned long used = mmap_area_pages_used();
	struct vm_area_struct *vma;
	u32 v = 0;
	int err;

	vma = st_map(MODE_INSERT, PAGE_SIZE);
	if (IS_ERR(vma))
		return selftest_fail("a vm_insert_page mapping, saw error %ld", PTR_ERR(vma));
	err = check_ret("page_count while mapped", page_count(st->page), 2) ?:
	      check_ret("a read through vm_insert_page's entry", st_read(vma->vm_start, &v), 0) ?:
	      check_ret("its first word", v, ST_PATTERN);
	if (!err) {
		/* Refused and reported (report_bad_free): the page stays ours. */
		__free_pages(st->page, 0);
		err = check_ret("the page freed while mapped still allocated",
				!!(st->page->flags & PG_free), 0);
	}
	kernel_munmap(vma);
	err = err ?: check_ret("page_count after the unmap", page_count(st->page), 1);

	vma = st_map(MODE_INSERT_THEN_FAIL, PAGE_SIZE);
	err = err ?: check_ret("an mmap that fails after vm_insert_page",
			       IS_ERR(vma) ? PTR_ERR(vma) : 0, -EIO);
	if (!IS_ERR(vma))
		kernel_munmap(vma);
	err = err ?: check_ret("page_count after the failed mmap", page_count(st->page), 1) ?:
	      check_ret("pages of the area in use after it all", mmap_area_pages_used(), used);
	return err;
}

static int st_fault_once(void)
{
	struct vm_area_struct *vma = st_map(MODE_FAULT, PAGE_SIZE);
	u32 v = 0;
	long ret;
	int err;

	if (IS_ERR(vma))
		return selftest_fail("a .fault mapping, saw error %ld", PTR_ERR(vma));
	st->faults = 0;
	preempt_disable();
	ret = st_read(vma->vm_start, &v);
	preempt_enable();
	err = check_ret("a read with preemption off (the handler may sleep)", ret, -EFAULT) ?:
	      check_ret(".fault calls for it", st->faults, 0) ?:
	      check_ret("a read in a thread that may sleep", st_read(vma->vm_start, &v), 0) ?:
	      check_ret("its first word", v, ST_PATTERN) ?:
	      check_ret("a second read", st_read(vma->vm_start + 4, &v), 0) ?:
	      check_ret(".fault calls for two reads of one page", st->faults, 1) ?:
	      check_ret("page_count while the faulted page is mapped", page_count(st->page), 2);
	kernel_munmap(vma);
	return err ?: check_ret("page_count after the unmap", page_count(st->page), 1);
}

/* A handler that maps the page itself, and one that returns a bad page. */
static int st_fault_kinds(void)
{
	struct vm_area_struct *vma = st_map(MODE_FAULT_PFN, PAGE_SIZE);
	unsigned long addr;
	const char *why = NULL;
	u32 v = 0;
	int err;

	if (IS_ERR(vma))
		return selftest_fail("a vmf_insert_pfn mapping, saw error %ld", PTR_ERR(vma));
	err = check_ret("a read through vmf_insert_pfn's entry", st_read(vma->vm_start, &v), 0) ?:
	      check_ret("its first word", v, ST_PATTERN) ?:
	      check_ret("page_count (vmf_insert_pfn takes no reference)", page_count(st->page), 1);
	kernel_munmap(vma);
	if (err)
		return err;
	vma = st_map(MODE_FAULT_BAD_PAGE, PAGE_SIZE);
	if (IS_ERR(vma))
		return selftest_fail("a bad-page mapping, saw error %ld", PTR_ERR(vma));
	err = check_ret("a read where .fault returned no struct page",
			st_read(vma->vm_start, &v), -EFAULT) ?:
	      check_ret("the recorded fault", kernel_mmap_fault_error(vma, &addr, &why),
			VM_FAULT_SIGBUS);
	if (!err && (!why || !strstr(why, "not RAM")))
		err = selftest_fail("the reason to say the page is not RAM, saw '%s'", why);
	kernel_munmap(vma);
	return err;
}

/* Threads on the other CPUs: each step, read the mapping once. */
static int st_thread_fn(void *data)
{
	unsigned int cpu = smp_processor_id(), seen = 0, step;

	while (!kthread_should_stop()) {
		step = __atomic_load_n(&st->step, __ATOMIC_ACQUIRE);
		if (step == seen) {
			cpu_relax();
			continue;
		}
		seen = step;
		st->val[cpu] = 0;
		st->ret[cpu] = st_read(READ_ONCE(st->addr), &st->val[cpu]);
		__atomic_add_fetch(&st->acks, 1, __ATOMIC_RELEASE);
	}
	return 0;
}

static int st_step(unsigned int n, unsigned int *step, long want, const char *what)
{
	unsigned int i, cpu, acks = *step * n;

	(*step)++;
	__atomic_store_n(&st->step, *step, __ATOMIC_RELEASE);
	if (!selftest_wait_until(__atomic_load_n(&st->acks, __ATOMIC_ACQUIRE) >= acks + n,
				 ST_STEP_MS))
		return selftest_fail("%u threads to read %s within %u ms", n, what, ST_STEP_MS);
	for (i = 0; i < n; i++) {
		cpu = st->cpus[i];
		if (st->ret[cpu] != want)
			return selftest_fail("CPU %u's read %s to give %ld, saw %ld", cpu, what,
					     want, st->ret[cpu]);
		if (!want && st->val[cpu] != ST_PATTERN)
			return selftest_fail("CPU %u to read %08x %s, saw %08x", cpu, ST_PATTERN,
					     what, st->val[cpu]);
	}
	return 0;
}

static int st_other_cpus(unsigned int rounds, unsigned int *n)
{
	unsigned int cpus[NR_CPUS], i, total = selftest_online_cpus(cpus), step = 0, round;
	struct vm_area_struct *vma;
	int err = 0;

	*n = 0;
	for (i = 0; i < total; i++) {
		if (cpus[i] == smp_processor_id())
			continue;
		st->cpus[*n] = cpus[i];
		st->tasks[*n] = selftest_thread_on(st_thread_fn, st, cpus[i], ST_PREFIX "%u",
						   cpus[i]);
		if (IS_ERR(st->tasks[*n])) {
			st->tasks[*n] = NULL;
			return selftest_fail("a thread for CPU %u, saw an error", cpus[i]);
		}
		(*n)++;
	}
	if (!*n)
		return selftest_fail("another CPU online, saw only CPU %u", smp_processor_id());
	for (round = 0; !err && round < rounds; round++) {
		vma = st_map(MODE_FAULT, PAGE_SIZE);
		if (IS_ERR(vma))
			return selftest_fail("a .fault mapping, saw error %ld", PTR_ERR(vma));
		WRITE_ONCE(st->addr, vma->vm_start);
		err = st_step(*n, &step, 0, "a fresh page, all at once") ?:
		      check_ret("page_count with the page faulted in by racing CPUs",
				page_count(st->page), 2);
		kernel_munmap(vma);
		err = err ?: st_step(*n, &step, -EFAULT, "after the unmap (TLB entry held)");
	}
	return err;
}

int selftest_mmap(int argc, char **argv)
{
	unsigned int rounds = ST_ROUNDS, n = 0;
	int err;

	if (argc > 2 || (argc == 2 && selftest_parse_uint(argv[1], &rounds, ST_MAX_ROUNDS)))
		return selftest_fail("usage: selftest mmap [ROUNDS], saw %d arguments", argc - 1);
	if (ioremap(MMAP_AREA_START, PAGE_SIZE))
		return selftest_fail("ioremap of the mmap area to be refused, saw it mapped");
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return selftest_fail("memory for the test, saw none");
	st->page = alloc_page(GFP_KERNEL);
	if (!st->page) {
		kfree(st);
		return selftest_fail("a page to map, saw none");
	}
	*(u32 *)page_address(st->page) = ST_PATTERN;
	err = misc_register(&st_misc);
	if (err) {
		__free_page(st->page);
		kfree(st);
		return selftest_fail("/dev/st-mmap to register, saw error %d", err);
	}
	err = st_remap() ?: st_insert() ?: st_fault_once() ?: st_fault_kinds() ?:
	      st_other_cpus(rounds, &n);
	if (selftest_stop_threads(st->tasks, n, NULL, 2000))
		return selftest_fail("the threads to stop, they did not");
	misc_deregister(&st_misc);
	printf("mmap: remap_pfn_range's refusals, vm_insert_page's reference, one fault per page; "
	       "%u rounds of %u CPUs faulting a page in together and faulting after the unmap\n",
	       rounds, n);
	if (!err)
		__free_page(st->page);	/* after a failure it may still be mapped: leave it */
	kfree(st);
	st = NULL;
	return selftest_failed();
}
