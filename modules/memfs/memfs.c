/*
 * memfs: a small read-write filesystem kept in memory, as a module. It is
 * meant to be read whole and then changed: the starting point for
 * filesystem labs.
 *
 *	insmod /lib/modules/memfs.ko [max_kib=N]
 *	mount -t memfs none /mnt
 *	echo hi > /mnt/a; mkdir /mnt/d; mv /mnt/a /mnt/d/b; df
 *	umount /mnt; rmmod memfs
 *
 * The three structures:
 *   struct memfs_sb      one per mount: how much file data it may hold
 *                        (max_kib) and how much it holds now.
 *   struct memfs_inode   one per file or directory, at inode->i_private. A
 *                        directory keeps its entries in a list; a file
 *                        keeps its data in pages, found through an array
 *                        indexed by (offset / PAGE_SIZE). A NULL slot is a
 *                        hole: it reads as zeros and takes no memory.
 *   struct memfs_dirent  a name in a directory and the inode it names. An
 *                        entry holds a reference on its inode (ihold), so
 *                        an inode lives while it has a name or is open;
 *                        the VFS calls evict_inode when the last goes.
 *
 * How the VFS uses it: the VFS keeps its own tree of dentries and asks
 * memfs only for what it does not know: lookup() for a name it has not
 * seen, create/mkdir/unlink/rmdir/rename to change a directory (after
 * checking names, types and that the source exists), read/write/setsize
 * for a file's bytes, iterate to list a directory, statfs for df.
 *
 * Locking: the VFS calls the directory operations, iterate and a
 * directory's release with vfs_lock held, so directory lists (and the
 * readers' cursors in them) need no lock of their own; it calls
 * read, write and setsize with the inode's i_mutex held, which guards the
 * page array and i_size. Only 'used' is shared by all the files of a
 * mount, so it is changed atomically.
 *
 * Ideas for labs: hard links (a second memfs_dirent for one inode, with
 * i_nlink counting them), symbolic links, access and change times, a
 * limit on the number of inodes, writing the data out to a block device.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/gfp.h>
#include <linux/fs.h>
#include <asm/boot.h>		/* PAGE_SIZE */
#include <modlab/time.h>	/* ktime_get_ns */
#include <modlab/fs.h>

static unsigned long max_kib = 8192;
module_param(max_kib, ulong, 0444);
MODULE_PARM_DESC(max_kib, "file data each mount may hold, in KiB (default 8192)");

struct memfs_sb {
	unsigned long max_pages;	/* from max_kib at mount time */
	unsigned long used_pages;	/* data pages held now (atomic) */
};

struct memfs_inode {
	struct list_head entries;	/* a directory's memfs_dirents */
	char **pages;			/* a file's: pages[i] holds bytes i*PAGE_SIZE... */
	unsigned long nr_slots;		/* length of the pages array */
};

struct memfs_dirent {
	struct list_head list;		/* in the directory's entries */
	char name[NAME_MAX + 1];
	struct inode *inode;		/* referenced; NULL in a cursor */
};

/*
 * A reader's place in a directory (one per open directory file, at
 * file->private_data): a dirent that names nothing, kept in the list just
 * after the last entry the reader was given. The next read goes on from
 * it at once, and removing other entries does not move it; a plain index
 * into the list would have to be counted out again each time (slow for a
 * big directory) and would shift when entries before it went.
 */
struct memfs_cursor {
	struct memfs_dirent de;		/* de.inode is NULL */
	loff_t pos;			/* the position it stands for; -1: not placed */
};

static const struct inode_operations memfs_dir_inode_operations;
static const struct inode_operations memfs_file_inode_operations;
static const struct file_operations memfs_dir_operations;
static const struct file_operations memfs_file_operations;
static const struct super_operations memfs_super_operations;

static struct memfs_inode *MI(struct inode *inode)
{
	return inode->i_private;
}

static struct memfs_sb *MS(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* ---- inodes ---- */

static struct inode *memfs_new_inode(struct super_block *sb, umode_t mode)
{
	struct inode *inode = new_inode(sb);
	struct memfs_inode *mi = kzalloc(sizeof(*mi), GFP_KERNEL);

	if (!inode || !mi) {
		kfree(mi);
		if (inode)
			iput(inode);
		return NULL;
	}
	INIT_LIST_HEAD(&mi->entries);
	inode->i_private = mi;
	inode->i_mode = mode;
	if (S_ISDIR(mode)) {
		inode->i_op = &memfs_dir_inode_operations;
		inode->i_fop = &memfs_dir_operations;
		inode->i_nlink = 2;	/* its entry in the parent, and its own "." */
	} else {
		inode->i_op = &memfs_file_inode_operations;
		inode->i_fop = &memfs_file_operations;
	}
	return inode;
}

/* Free the pages holding bytes from 'from' on (from a multiple of PAGE_SIZE). */
static void memfs_free_pages_from(struct inode *inode, loff_t from)
{
	struct memfs_inode *mi = MI(inode);
	unsigned long i;

	for (i = from >> PAGE_SHIFT; i < mi->nr_slots; i++) {
		if (mi->pages[i]) {
			free_page((unsigned long)mi->pages[i]);
			mi->pages[i] = NULL;
			__atomic_sub_fetch(&MS(inode->i_sb)->used_pages, 1, __ATOMIC_RELAXED);
		}
	}
}

static void memfs_drop_dirent(struct memfs_dirent *de);

/* Move all of dir's entries to the end of list. */
static void memfs_move_entries(struct inode *dir, struct list_head *list)
{
	while (!list_empty(&MI(dir)->entries))
		list_move_tail(MI(dir)->entries.next, list);
}

/*
 * The last reference to the inode is gone: free what memfs kept for it.
 *
 * At umount a whole tree goes at once, so a directory may still have
 * entries. Dropping the entry of a subdirectory would evict it, and its
 * evict would drop its own entries, and so on: one nested call per level,
 * and a tree a few hundred levels deep overflows the kernel stack. So the
 * tree is taken down in one loop instead: before an entry is dropped, the
 * entries of the subdirectory it names join our list, and the
 * subdirectory is evicted empty.
 *
 * That is done only when the entry holds the subdirectory's last
 * reference (i_count 1). Then nobody else can take one: the way to it is
 * through this directory, which is being evicted, so no dentry or lookup
 * reaches it. A subdirectory still referenced elsewhere keeps its entries,
 * and its own evict handles them later in the same way.
 */
static void memfs_evict_inode(struct inode *inode)
{
	struct memfs_inode *mi = MI(inode);
	LIST_HEAD(doomed);

	if (!mi)
		return;
	memfs_move_entries(inode, &doomed);
	while (!list_empty(&doomed)) {
		struct memfs_dirent *de = list_first_entry(&doomed, struct memfs_dirent, list);
		struct inode *child = de->inode;

		if (S_ISDIR(child->i_mode) &&
		    __atomic_load_n(&child->i_count, __ATOMIC_ACQUIRE) == 1)
			memfs_move_entries(child, &doomed);
		memfs_drop_dirent(de);
	}
	memfs_free_pages_from(inode, 0);
	kfree(mi->pages);
	kfree(mi);
}

/* ---- directories ---- */

static struct memfs_dirent *memfs_find(struct inode *dir, const char *name)
{
	struct memfs_dirent *de;

	list_for_each_entry(de, &MI(dir)->entries, list)
		if (de->inode && !strcmp(de->name, name))
			return de;
	return NULL;
}

/* No entries, that is: nothing but readers' cursors. */
static bool memfs_dir_empty(struct inode *dir)
{
	struct memfs_dirent *de;

	list_for_each_entry(de, &MI(dir)->entries, list)
		if (de->inode)
			return false;
	return true;
}

static int memfs_add_dirent(struct inode *dir, const char *name, struct inode *inode)
{
	struct memfs_dirent *de = kzalloc(sizeof(*de), GFP_KERNEL);

	if (!de)
		return -ENOMEM;
	strscpy(de->name, name, sizeof(de->name));
	de->inode = inode;
	ihold(inode);			/* the entry's reference */
	list_add_tail(&de->list, &MI(dir)->entries);
	dir->i_mtime_ns = ktime_get_ns();
	return 0;
}

static void memfs_drop_dirent(struct memfs_dirent *de)
{
	list_del(&de->list);
	de->inode->i_nlink = 0;		/* no name left (open files may keep it) */
	iput(de->inode);
	kfree(de);
}

static struct inode *memfs_lookup(struct inode *dir, const char *name)
{
	struct memfs_dirent *de = memfs_find(dir, name);

	if (!de)
		return ERR_PTR(-ENOENT);
	ihold(de->inode);		/* the caller's (the VFS's dentry) */
	return de->inode;
}

/* create and mkdir: a new inode named name in dir. The VFS has checked
 * that name is free. */
static struct inode *memfs_create(struct inode *dir, const char *name, umode_t mode)
{
	struct inode *inode;
	int err;

	/* A removed directory (no name left) takes no new names: nobody could
	 * find them again. The VFS refuses this first (IS_DEADDIR); memfs
	 * does not count on it. */
	if (dir->i_nlink == 0)
		return ERR_PTR(-ENOENT);
	inode = memfs_new_inode(dir->i_sb, mode);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	err = memfs_add_dirent(dir, name, inode);
	if (err) {
		iput(inode);
		return ERR_PTR(err);
	}
	if (S_ISDIR(mode))
		dir->i_nlink++;		/* the new directory's ".." */
	return inode;			/* our reference becomes the caller's */
}

static int memfs_unlink(struct inode *dir, const char *name, struct inode *inode)
{
	struct memfs_dirent *de = memfs_find(dir, name);

	if (!de)
		return -ENOENT;
	memfs_drop_dirent(de);
	dir->i_mtime_ns = ktime_get_ns();
	return 0;
}

static int memfs_rmdir(struct inode *dir, const char *name, struct inode *inode)
{
	struct memfs_dirent *de = memfs_find(dir, name);

	if (!de)
		return -ENOENT;
	if (!memfs_dir_empty(de->inode))
		return -ENOTEMPTY;
	memfs_drop_dirent(de);
	dir->i_nlink--;
	dir->i_mtime_ns = ktime_get_ns();
	return 0;
}

/*
 * Move old_dir/old_name to new_dir/new_name, replacing what is there. The
 * VFS has checked the types (a directory only replaces a directory) and
 * that a directory is not moved into itself; an empty directory is all
 * memfs must make sure of. The entry moves, so the inode keeps its number.
 */
static int memfs_rename(struct inode *old_dir, const char *old_name, struct inode *new_dir,
			const char *new_name, struct inode *inode)
{
	struct memfs_dirent *de = memfs_find(old_dir, old_name);
	struct memfs_dirent *target = memfs_find(new_dir, new_name);
	bool is_dir;

	if (!de || new_dir->i_nlink == 0)	/* nothing, or into a removed directory */
		return -ENOENT;
	is_dir = S_ISDIR(de->inode->i_mode);
	if (target && is_dir && !memfs_dir_empty(target->inode))
		return -ENOTEMPTY;
	if (target) {
		memfs_drop_dirent(target);
		if (is_dir)
			new_dir->i_nlink--;	/* the replaced directory's ".." */
	}
	list_del(&de->list);
	strscpy(de->name, new_name, sizeof(de->name));
	list_add_tail(&de->list, &MI(new_dir)->entries);
	if (is_dir && old_dir != new_dir) {
		old_dir->i_nlink--;
		new_dir->i_nlink++;
	}
	old_dir->i_mtime_ns = new_dir->i_mtime_ns = ktime_get_ns();
	return 0;
}

static int memfs_dir_open(struct inode *inode, struct file *file)
{
	struct memfs_cursor *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	INIT_LIST_HEAD(&c->de.list);
	c->pos = -1;
	file->private_data = c;
	return 0;
}

static int memfs_dir_release(struct inode *inode, struct file *file)
{
	struct memfs_cursor *c = file->private_data;

	list_del(&c->de.list);	/* under vfs_lock (filp_close takes it) */
	kfree(c);
	return 0;
}

/*
 * ".", "..", then the entries, oldest first; ctx->pos counts them. The
 * cursor steps over each entry given, so the next call starts where this
 * one stopped; only the first call, or one after a seek (the position is
 * not the cursor's), counts entries from the start to place it.
 */
static int memfs_iterate(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->f_inode;
	struct memfs_cursor *c = file->private_data;
	struct list_head *head = &MI(dir)->entries, *p;

	if (!dir_emit_dots(file, ctx))
		return 0;
	if (c->pos != ctx->pos) {
		loff_t i = 2;

		list_del_init(&c->de.list);
		for (p = head->next; p != head && i < ctx->pos; p = p->next)
			if (list_entry(p, struct memfs_dirent, list)->inode)
				i++;
		list_add_tail(&c->de.list, p);	/* just before entry ctx->pos */
		c->pos = ctx->pos;
	}
	while (c->de.list.next != head) {
		struct memfs_dirent *de = list_entry(c->de.list.next, struct memfs_dirent, list);

		if (de->inode) {	/* not another reader's cursor */
			if (!dir_emit(ctx, de->name, strlen(de->name), de->inode->i_ino,
				      dt_type(de->inode)))
				return 0;
			ctx->pos++;
		}
		list_move(&c->de.list, &de->list);	/* step over it */
		c->pos = ctx->pos;
	}
	return 0;
}

/* ---- files ---- */

/* Make the pages array long enough for 'slots' pages (under i_mutex). */
static int memfs_grow_slots(struct inode *inode, unsigned long slots)
{
	struct memfs_inode *mi = MI(inode);
	unsigned long n = mi->nr_slots ? mi->nr_slots : 4;
	char **pages;

	if (slots <= mi->nr_slots)
		return 0;
	while (n < slots)
		n *= 2;
	pages = kcalloc(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	if (mi->nr_slots)
		memcpy(pages, mi->pages, mi->nr_slots * sizeof(*pages));
	kfree(mi->pages);
	mi->pages = pages;
	mi->nr_slots = n;
	return 0;
}

/* The page for slot i, allocated (zeroed) if it was a hole; NULL with
 * -ENOSPC when the mount is full. */
static char *memfs_get_page(struct inode *inode, unsigned long i, int *err)
{
	struct memfs_inode *mi = MI(inode);
	struct memfs_sb *ms = MS(inode->i_sb);

	if (mi->pages[i])
		return mi->pages[i];
	if (__atomic_add_fetch(&ms->used_pages, 1, __ATOMIC_RELAXED) > ms->max_pages) {
		__atomic_sub_fetch(&ms->used_pages, 1, __ATOMIC_RELAXED);
		*err = -ENOSPC;
		return NULL;
	}
	mi->pages[i] = (char *)get_zeroed_page(GFP_KERNEL);
	if (!mi->pages[i]) {
		__atomic_sub_fetch(&ms->used_pages, 1, __ATOMIC_RELAXED);
		*err = -ENOSPC;
	}
	return mi->pages[i];
}

static ssize_t memfs_read(struct file *file, char *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	struct memfs_inode *mi = MI(inode);
	size_t done = 0;

	if (*pos >= inode->i_size)
		return 0;
	count = min((loff_t)count, inode->i_size - *pos);
	while (done < count) {
		unsigned long i = *pos >> PAGE_SHIFT;
		size_t in_page = *pos & (PAGE_SIZE - 1);
		size_t n = min(count - done, PAGE_SIZE - in_page);

		if (i < mi->nr_slots && mi->pages[i])
			memcpy(buf + done, mi->pages[i] + in_page, n);
		else
			memset(buf + done, 0, n);	/* a hole, maybe past the array */
		done += n;
		*pos += n;
	}
	return done;
}

/* Write at *pos, allocating pages as needed. A write that runs out of
 * space stops there: it returns what it wrote, or -ENOSPC if nothing. */
static ssize_t memfs_write(struct file *file, const char *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	loff_t limit = (loff_t)MS(inode->i_sb)->max_pages << PAGE_SHIFT;
	size_t done = 0;
	int err;

	/* No file can be bigger than the whole mount: write what fits. */
	if (*pos >= limit)
		return -ENOSPC;
	count = min((loff_t)count, limit - *pos);
	err = memfs_grow_slots(inode, (*pos + count + PAGE_SIZE - 1) >> PAGE_SHIFT);
	if (err)
		return err;
	while (done < count) {
		unsigned long i = *pos >> PAGE_SHIFT;
		size_t in_page = *pos & (PAGE_SIZE - 1);
		size_t n = min(count - done, PAGE_SIZE - in_page);
		char *page = memfs_get_page(inode, i, &err);

		if (!page)
			break;
		memcpy(page + in_page, buf + done, n);
		done += n;
		*pos += n;
	}
	if (*pos > inode->i_size)
		inode->i_size = *pos;
	if (done)
		inode->i_mtime_ns = ktime_get_ns();
	return done ? (ssize_t)done : err;
}

/* Truncate (freeing whole pages past the end and zeroing the tail of the
 * last one, so a later extension reads zeros) or extend with a hole. */
static int memfs_setsize(struct inode *inode, loff_t size)
{
	struct memfs_inode *mi = MI(inode);
	loff_t keep = ALIGN(size, (loff_t)PAGE_SIZE);

	if (size < 0)
		return -EINVAL;
	if (size > (loff_t)MS(inode->i_sb)->max_pages << PAGE_SHIFT)
		return -EFBIG;
	if (size < inode->i_size) {
		unsigned long last = size >> PAGE_SHIFT;

		memfs_free_pages_from(inode, keep);
		if (last < mi->nr_slots && mi->pages[last])
			memset(mi->pages[last] + (size & (PAGE_SIZE - 1)), 0,
			       PAGE_SIZE - (size & (PAGE_SIZE - 1)));
	}
	inode->i_size = size;
	inode->i_mtime_ns = ktime_get_ns();
	return 0;
}

/* ---- the superblock ---- */

static void memfs_statfs(struct super_block *sb, unsigned long *total_kib, unsigned long *used_kib)
{
	struct memfs_sb *ms = MS(sb);

	*total_kib = ms->max_pages * (PAGE_SIZE / 1024);
	*used_kib = READ_ONCE(ms->used_pages) * (PAGE_SIZE / 1024);
}

static struct super_block *memfs_mount(struct file_system_type *fs, const char *source,
				       void *data)
{
	static unsigned long next_dev;
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct memfs_sb *ms = kzalloc(sizeof(*ms), GFP_KERNEL);
	struct inode *root;

	if (!sb || !ms)
		goto fail;
	ms->max_pages = max_kib / (PAGE_SIZE / 1024);
	sb->s_op = &memfs_super_operations;
	sb->s_fs_info = ms;
	sb->s_dev = 0x400 + __atomic_fetch_add(&next_dev, 1, __ATOMIC_RELAXED);
	root = memfs_new_inode(sb, S_IFDIR | 0755);
	if (!root)
		goto fail;
	sb->s_root = d_make_root(root);	/* on failure it drops root */
	if (!sb->s_root)
		goto fail;
	return sb;
fail:
	kfree(ms);
	kfree(sb);
	return ERR_PTR(-ENOMEM);
}

/* After umount: the VFS has already dropped the tree (and so every inode). */
static void memfs_kill_sb(struct super_block *sb)
{
	kfree(sb->s_fs_info);
	kfree(sb);
}

static const struct inode_operations memfs_dir_inode_operations = {
	.lookup = memfs_lookup,
	.create = memfs_create,
	.mkdir = memfs_create,
	.unlink = memfs_unlink,
	.rmdir = memfs_rmdir,
	.rename = memfs_rename,
};

static const struct inode_operations memfs_file_inode_operations = {
	.setsize = memfs_setsize,
};

static const struct file_operations memfs_dir_operations = {
	.open = memfs_dir_open,
	.release = memfs_dir_release,
	.iterate = memfs_iterate,
	.llseek = generic_file_llseek,
};

static const struct file_operations memfs_file_operations = {
	.read = memfs_read,
	.write = memfs_write,
	.llseek = generic_file_llseek,
};

static const struct super_operations memfs_super_operations = {
	.evict_inode = memfs_evict_inode,
	.statfs = memfs_statfs,
};

static struct file_system_type memfs_fs_type = {
	.name = "memfs",
	.mount = memfs_mount,
	.kill_sb = memfs_kill_sb,
	.owner = THIS_MODULE,	/* a mount pins this module */
};

static int __init memfs_init(void)
{
	if (max_kib < PAGE_SIZE / 1024) {
		pr_err("memfs: max_kib=%lu is less than one page\n", max_kib);
		return -EINVAL;
	}
	return register_filesystem(&memfs_fs_type);
}

static void __exit memfs_exit(void)
{
	/* The unload has already unregistered it (and refused while mounted). */
	unregister_filesystem(&memfs_fs_type);
}

module_init(memfs_init);
module_exit(memfs_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memfs: a small read-write in-memory filesystem to start labs from");
MODULE_VERSION("1.0");
