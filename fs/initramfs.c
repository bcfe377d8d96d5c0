/*
 * Filling the root filesystem at boot from the loader's modules: every
 * module whose name ends in ".cpio" is unpacked into "/" (files,
 * directories and symbolic links), every one whose
 * name ends in ".img" becomes a RAM disk /dev/ramN (fs/ramdisk.c), and
 * every other one appears as the read-only file /boot/<basename of its
 * name>. Their bytes stay where the loader put them (the page allocator
 * never hands those pages out). A corrupt archive is reported; what came
 * before the damage is kept, and boot goes on.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/proc_fs.h>
#include <linux/sysfs.h>
#include <modlab/bootinfo.h>
#include <modlab/cpio.h>
#include <modlab/fs.h>
#include <modlab/panic.h>
#include "internal.h"

struct unpack_state {
	const char *archive;
	unsigned int files, dirs, links, skipped;
};

/* A symbolic link: the entry's data is its target, without a NUL. */
static int make_link(const char *path, const struct cpio_entry *e)
{
	char *target;
	int err;

	if (!e->size || e->size >= PATH_MAX || memchr(e->data, '\0', e->size))
		return -EINVAL;
	target = kmalloc(e->size + 1, GFP_KERNEL);
	if (!target)
		return -ENOMEM;
	memcpy(target, e->data, e->size);
	target[e->size] = '\0';
	err = do_symlink(target, path);
	kfree(target);
	return err;
}

static int write_file(const char *path, const struct cpio_entry *e)
{
	struct file *f = filp_open(path, O_WRONLY | O_CREAT | O_TRUNC, e->mode & 07777);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, e->data, e->size, &pos);
	filp_close(f);
	return n < 0 ? (int)n : (n == (ssize_t)e->size ? 0 : -EIO);
}

/* ", and N symbolic links" for the summary line, if there were any. */
static const char *links_note(const struct unpack_state *st)
{
	static char note[40];	/* boot runs this on one CPU, once per archive */

	if (!st->links)
		return "";
	snprintf(note, sizeof(note), ", and %u symbolic links", st->links);
	return note;
}

static int unpack_entry(const struct cpio_entry *e, void *arg)
{
	struct unpack_state *st = arg;
	char path[PATH_MAX];
	int err;

	if (!e->name[0] || !strcmp(e->name, "."))
		return 0;	/* the archive's own root */
	snprintf(path, sizeof(path), "/%s", e->name);
	if (S_ISDIR(e->mode)) {
		err = do_mkdir(path, e->mode & 07777);
		if (err == -EEXIST)
			err = 0;
		if (!err)
			st->dirs++;
	} else if (S_ISREG(e->mode)) {
		err = write_file(path, e);
		if (!err)
			st->files++;
	} else if (S_ISLNK(e->mode)) {
		err = make_link(path, e);
		if (!err)
			st->links++;
	} else {
		pr_warn("initramfs: %s: %s: only files, directories and symbolic links are unpacked; skipped\n",
			st->archive, e->name);
		st->skipped++;
		return 0;
	}
	if (err) {
		pr_warn("initramfs: %s: cannot unpack %s: error %d\n", st->archive, path, err);
		st->skipped++;
	}
	return 0;
}

static const char *basename_of(const struct boot_module *m, char *buf, size_t size)
{
	const char *name = m->name, *end = name + strcspn(name, " "), *p;

	/* The loader's string is the path, maybe followed by arguments. */
	for (p = end; p > name && p[-1] != '/'; p--)
		;
	snprintf(buf, size, "%.*s", (int)(end - p), p);
	return buf;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

void populate_rootfs(void)
{
	struct path boot;
	unsigned int i;
	int err;

	err = kern_path("/boot", &boot);
	if (err) {
		pr_err("initramfs: no /boot (error %d)\n", err);
		return;
	}
	for (i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *m = &boot_info.modules[i];
		char name[NAME_MAX + 1];

		basename_of(m, name, sizeof(name));
		if (!name[0]) {
			snprintf(name, sizeof(name), "module%u", i);
		}
		if (ends_with(name, ".cpio")) {
			struct unpack_state st = { .archive = name };
			size_t where = 0;
			int n = cpio_parse((const void *)m->start, m->end - m->start, unpack_entry,
					   &st, &where);

			if (n < 0)
				pr_err("initramfs: %s is corrupt at byte %zu; kept %u files and %u directories before it\n",
				       name, where, st.files, st.dirs);
			else
				pr_info("initramfs: %s: %u files, %u directories unpacked into /%s\n",
					name, st.files, st.dirs, links_note(&st));
			continue;
		}
		if (ends_with(name, ".img")) {	/* a disk image: a RAM disk ramN */
			ramdisk_add(name, (void *)m->start, m->end - m->start);
			continue;
		}
		mutex_lock(&vfs_lock);
		err = ramfs_add_external_file(boot.dentry->d_inode, name, (const void *)m->start,
					      m->end - m->start);
		mutex_unlock(&vfs_lock);
		if (err)
			pr_warn("initramfs: cannot add /boot/%s: error %d\n", name, err);
		else
			pr_info("initramfs: /boot/%s (%u bytes)\n", name, m->end - m->start);
	}
	path_put(&boot);
}

void vfs_init(void)
{
	static const char *const dirs[] = { "/boot", "/proc", "/mnt", "/tmp", "/dev", "/sys" };
	unsigned int i;
	int err;

	err = register_filesystem(&ramfs_fs_type);
	if (!err)
		err = mount_root("ramfs");
	if (err)
		panic("vfs: cannot mount the root filesystem: error %d", err);
	for (i = 0; i < ARRAY_SIZE(dirs); i++)
		do_mkdir(dirs[i], 0755);
	proc_root_init();
	devfs_init();
	sysfs_init();
	misc_init();
	debugfs_init();
	populate_rootfs();
}
