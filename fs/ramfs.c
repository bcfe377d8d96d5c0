/*
 * ramfs: files and directories kept in memory, the root filesystem.
 *
 * A directory keeps its entries (name -> inode) in a list, in the order
 * they were made, and in a hash by (directory, name) for lookups; each
 * entry holds a reference on its inode, so the inode lives while it has a
 * name or an open file. A file keeps its bytes in one buffer that grows by
 * doubling. A file may also show bytes it does not own (boot files,
 * read-only). A symbolic link keeps its target the same way, as data.
 *
 * Locking: directory lists and the entry hash change only under vfs_lock
 * (the VFS calls lookup, create, mkdir, unlink, rmdir, rename, iterate and
 * a directory's release with it held); a file's buffer and size change
 * only under its inode's i_mutex (read, write, setsize). 'bytes' (for df)
 * is atomic.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/export.h>
#include <modlab/fs.h>
#include <modlab/time.h>

struct ramfs_dirent {
	struct list_head list;
	char name[NAME_MAX + 1];
	struct inode *inode;		/* NULL for a reader's cursor */
	struct inode *dir;		/* the directory it is in (its hash key) */
	struct ramfs_dirent *hash_next;	/* in its bucket of entry_hash */
	struct ramfs_dirent **hash_pprev;	/* what points at it; NULL: not hashed */
};

/*
 * Where a reader of a directory is: a dirent with no inode, kept in the
 * directory's list just after the last entry it was given, so the next
 * read goes on from there in O(1) and entries removed meanwhile do not
 * shift it (an index would: it skipped or repeated names). pos is the
 * directory position it stands for. One per open directory file.
 */
struct ramfs_cursor {
	struct ramfs_dirent de;
	loff_t pos;			/* -1: not in the list yet */
};

struct ramfs_inode {
	struct list_head entries;	/* a directory's */
	char *data;			/* a file's */
	size_t capacity;
	bool external;			/* data is not ours to free or change */
};

struct ramfs_sb {
	unsigned long bytes;		/* file data held, for df */
};

static const struct inode_operations ramfs_dir_inode_operations;
static const struct inode_operations ramfs_file_inode_operations;
static const struct file_operations ramfs_dir_operations;
static const struct file_operations ramfs_file_operations;
static const struct super_operations ramfs_super_operations;

static void account(struct inode *inode, long delta);

static struct ramfs_inode *RI(struct inode *inode)
{
	return inode->i_private;
}

static struct inode *ramfs_new_inode(struct super_block *sb, umode_t mode)
{
	struct inode *inode = new_inode(sb);
	struct ramfs_inode *ri = kzalloc(sizeof(*ri), GFP_KERNEL);

	if (!inode || !ri) {
		kfree(ri);
		if (inode)
			iput(inode);
		return NULL;
	}
	INIT_LIST_HEAD(&ri->entries);
	inode->i_private = ri;
	inode->i_mode = mode;
	if (S_ISDIR(mode)) {
		inode->i_op = &ramfs_dir_inode_operations;
		inode->i_fop = &ramfs_dir_operations;
		inode->i_nlink = 2;
	} else {
		inode->i_op = &ramfs_file_inode_operations;
		inode->i_fop = &ramfs_file_operations;
	}
	return inode;
}

/*
 * Every entry of every ramfs directory by (directory, name), so a lookup
 * is O(1) however big the directory is: creating its 10,000th file, or
 * finding each of them for ls -l, walked the whole list. Chains link
 * through hash_next/hash_pprev; under vfs_lock, as the lists are.
 */
#define ENTRY_HASH_BITS	12
static struct ramfs_dirent *entry_hash[1 << ENTRY_HASH_BITS];

static struct ramfs_dirent **entry_bucket(const struct inode *dir, const char *name)
{
	u32 h = 2166136261u ^ (u32)(unsigned long)dir;	/* FNV-1a */

	while (*name)
		h = (h ^ (u8)*name++) * 16777619u;
	h ^= h >> 15;
	return &entry_hash[h & ((1 << ENTRY_HASH_BITS) - 1)];
}

static void hash_entry(struct ramfs_dirent *e, struct inode *dir)
{
	struct ramfs_dirent **b = entry_bucket(dir, e->name);

	e->dir = dir;
	e->hash_next = *b;
	if (*b)
		(*b)->hash_pprev = &e->hash_next;
	*b = e;
	e->hash_pprev = b;
}

static void unhash_entry(struct ramfs_dirent *e)
{
	*e->hash_pprev = e->hash_next;
	if (e->hash_next)
		e->hash_next->hash_pprev = e->hash_pprev;
	e->hash_pprev = NULL;
}

static struct ramfs_dirent *find_entry(struct inode *dir, const char *name)
{
	struct ramfs_dirent *e;

	for (e = *entry_bucket(dir, name); e; e = e->hash_next)
		if (e->dir == dir && !strcmp(e->name, name))
			return e;
	return NULL;
}

/* Has the directory no entries (readers' cursors do not count)? */
static bool dir_empty(struct inode *dir)
{
	struct ramfs_dirent *e;

	list_for_each_entry(e, &RI(dir)->entries, list)
		if (e->inode)
			return false;
	return true;
}

static struct inode *ramfs_lookup(struct inode *dir, const char *name)
{
	struct ramfs_dirent *e = find_entry(dir, name);

	if (!e)
		return ERR_PTR(-ENOENT);
	ihold(e->inode);
	return e->inode;
}

/* A directory that lost its own entry (i_nlink 0) takes no new ones: they
 * could never be found or freed. The VFS checks this too (IS_DEADDIR); this
 * covers the callers that come straight here. */
static bool dir_is_dead(struct inode *dir)
{
	return dir->i_nlink == 0;
}

/* Give inode the name 'name' in dir; the entry takes a reference. */
static int add_entry(struct inode *dir, const char *name, struct inode *inode)
{
	struct ramfs_dirent *e;

	if (dir_is_dead(dir))
		return -ENOENT;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	strscpy(e->name, name, sizeof(e->name));
	e->inode = inode;
	ihold(inode);
	list_add_tail(&e->list, &RI(dir)->entries);
	hash_entry(e, dir);
	dir->i_mtime_ns = inode->i_mtime_ns;
	return 0;
}

static void drop_entry(struct ramfs_dirent *e)
{
	list_del(&e->list);
	unhash_entry(e);
	e->inode->i_nlink = 0;
	iput(e->inode);
	kfree(e);
}

static struct inode *ramfs_make(struct inode *dir, const char *name, umode_t mode)
{
	struct inode *inode;
	int err;

	if (dir_is_dead(dir))
		return ERR_PTR(-ENOENT);
	inode = ramfs_new_inode(dir->i_sb, mode);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	err = add_entry(dir, name, inode);
	if (err) {
		iput(inode);
		return ERR_PTR(err);
	}
	return inode;
}

/* A special file: an inode like a file's, whose open goes to the device. */
static struct inode *ramfs_mknod(struct inode *dir, const char *name, umode_t mode, dev_t dev)
{
	struct inode *inode;

	if (!S_ISCHR(mode))
		return ERR_PTR(-EPERM);
	inode = ramfs_make(dir, name, mode);
	if (!IS_ERR(inode))
		init_special_inode(inode, mode, dev);
	return inode;
}

/*
 * A symbolic link: its target kept as the inode's data (so evict frees it
 * and df counts it) and shown as i_link, which simple_get_link returns.
 */
static struct inode *ramfs_symlink(struct inode *dir, const char *name, const char *target)
{
	size_t len = strlen(target);
	struct inode *inode;
	char *copy = kmalloc(len + 1, GFP_KERNEL);

	if (!copy)
		return ERR_PTR(-ENOMEM);
	memcpy(copy, target, len + 1);
	inode = ramfs_make(dir, name, S_IFLNK | 0777);
	if (IS_ERR(inode)) {
		kfree(copy);
		return inode;
	}
	inode->i_op = &simple_symlink_inode_operations;
	inode->i_fop = NULL;		/* a link is never opened itself */
	RI(inode)->data = copy;
	RI(inode)->capacity = len + 1;
	account(inode, len + 1);
	inode->i_link = copy;
	inode->i_size = len;
	return inode;
}

static int ramfs_unlink(struct inode *dir, const char *name, struct inode *inode)
{
	struct ramfs_dirent *e = find_entry(dir, name);

	if (!e)
		return -ENOENT;
	drop_entry(e);
	return 0;
}

static int ramfs_rmdir(struct inode *dir, const char *name, struct inode *inode)
{
	struct ramfs_dirent *e = find_entry(dir, name);

	if (!e)
		return -ENOENT;
	if (!dir_empty(e->inode))
		return -ENOTEMPTY;
	drop_entry(e);
	return 0;
}

static int ramfs_rename(struct inode *old_dir, const char *old_name, struct inode *new_dir,
			const char *new_name, struct inode *inode)
{
	struct ramfs_dirent *e = find_entry(old_dir, old_name);
	struct ramfs_dirent *target = find_entry(new_dir, new_name);

	if (!e || dir_is_dead(new_dir))
		return -ENOENT;
	if (target && S_ISDIR(target->inode->i_mode) && !dir_empty(target->inode))
		return -ENOTEMPTY;
	if (target)
		drop_entry(target);
	list_del(&e->list);
	unhash_entry(e);
	strscpy(e->name, new_name, sizeof(e->name));
	list_add_tail(&e->list, &RI(new_dir)->entries);
	hash_entry(e, new_dir);
	return 0;
}

static int ramfs_dir_open(struct inode *inode, struct file *file)
{
	struct ramfs_cursor *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	INIT_LIST_HEAD(&c->de.list);
	c->pos = -1;
	file->private_data = c;
	return 0;
}

static int ramfs_dir_release(struct inode *inode, struct file *file)
{
	struct ramfs_cursor *c = file->private_data;

	list_del(&c->de.list);	/* under vfs_lock (filp_close takes it) */
	kfree(c);
	return 0;
}

/* Put the cursor before the entry at position pos (counted from 2). */
static void place_cursor(struct inode *dir, struct ramfs_cursor *c, loff_t pos)
{
	struct list_head *head = &RI(dir)->entries, *p;
	loff_t i = 2;

	list_del_init(&c->de.list);
	for (p = head->next; p != head && i < pos; p = p->next)
		if (list_entry(p, struct ramfs_dirent, list)->inode)
			i++;
	list_add_tail(&c->de.list, p);
	c->pos = pos;
}

/*
 * ".", "..", then the entries from the cursor on, stepping the cursor over
 * each one given. Only the first read, or one after a seek, counts its way
 * from the start. Under vfs_lock (iterate_dir).
 */
static int ramfs_iterate(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->f_inode;
	struct ramfs_cursor *c = file->private_data;
	struct list_head *head = &RI(dir)->entries;

	if (!dir_emit_dots(file, ctx))
		return 0;
	if (c->pos != ctx->pos)
		place_cursor(dir, c, ctx->pos);
	while (c->de.list.next != head) {
		struct ramfs_dirent *e = list_entry(c->de.list.next, struct ramfs_dirent, list);

		if (e->inode) {		/* not another reader's cursor */
			if (!dir_emit(ctx, e->name, strlen(e->name), e->inode->i_ino,
				      dt_type(e->inode)))
				return 0;
			ctx->pos++;
		}
		list_move(&c->de.list, &e->list);	/* step over e */
		c->pos = ctx->pos;
	}
	return 0;
}

static void account(struct inode *inode, long delta)
{
	struct ramfs_sb *rs = inode->i_sb->s_fs_info;

	__atomic_add_fetch(&rs->bytes, delta, __ATOMIC_RELAXED);
}

/* Make room for 'size' bytes (under i_mutex). */
static int reserve(struct inode *inode, size_t size)
{
	struct ramfs_inode *ri = RI(inode);
	size_t cap = ri->capacity ? ri->capacity : 64;
	char *data;

	if (size <= ri->capacity)
		return 0;
	while (cap < size) {
		if (cap > (size_t)-1 / 2)
			return -EFBIG;
		cap *= 2;
	}
	data = kmalloc(cap, GFP_KERNEL);
	if (!data)
		return -ENOSPC;
	memcpy(data, ri->data, inode->i_size);
	kfree(ri->data);
	account(inode, (long)cap - (long)ri->capacity);
	ri->data = data;
	ri->capacity = cap;
	return 0;
}

static int ramfs_setsize(struct inode *inode, loff_t size)
{
	struct ramfs_inode *ri = RI(inode);
	int err;

	if (ri->external)
		return -EPERM;
	if (size < 0)
		return -EINVAL;
	err = reserve(inode, size);
	if (err)
		return err;
	if (size > inode->i_size)
		memset(ri->data + inode->i_size, 0, size - inode->i_size);
	inode->i_size = size;
	return 0;
}

static ssize_t ramfs_read(struct file *file, char *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;

	if (*pos >= inode->i_size)
		return 0;
	count = min((loff_t)count, inode->i_size - *pos);
	memcpy(buf, RI(inode)->data + *pos, count);
	*pos += count;
	return count;
}

static ssize_t ramfs_write(struct file *file, const char *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	loff_t end = *pos + count;
	int err;

	if (RI(inode)->external)
		return -EPERM;
	if (end < *pos)
		return -EFBIG;
	err = reserve(inode, end);
	if (err)
		return err;
	if (*pos > inode->i_size)	/* a hole: zeros */
		memset(RI(inode)->data + inode->i_size, 0, *pos - inode->i_size);
	memcpy(RI(inode)->data + *pos, buf, count);
	*pos = end;
	if (end > inode->i_size)
		inode->i_size = end;
	inode->i_mtime_ns = ktime_get_ns();
	return count;
}

/*
 * Move the entries of a dying directory's child directory onto the list
 * doomed, if the child is about to go too. Only at umount does a directory
 * die with entries, and then dropping an entry's reference on a child
 * directory would evict that child, whose evict would drop its own
 * entries, and so on: one nested call per level, which a deep enough tree
 * turns into a stack overflow. Taking the child's entries over first
 * leaves it empty, so its evict frees only itself, and the whole tree
 * goes in one loop.
 *
 * A count of 1 is the entry's own reference. Nobody can take another: the
 * only way to the child is through this entry of a directory that is
 * being evicted, so no dentry and no lookup reaches it. With more
 * references the child lives on (its evict, later, does the same).
 */
static void take_over_entries(struct ramfs_dirent *e, struct list_head *doomed)
{
	struct inode *child = e->inode;

	if (!S_ISDIR(child->i_mode) || __atomic_load_n(&child->i_count, __ATOMIC_ACQUIRE) != 1)
		return;
	while (!list_empty(&RI(child)->entries))
		list_move_tail(RI(child)->entries.next, doomed);
}

/* Only a directory taken down at umount still has entries here, and that
 * runs under vfs_lock (kill_mount), as the entry hash needs. */
static void ramfs_evict_inode(struct inode *inode)
{
	struct ramfs_inode *ri = RI(inode);
	LIST_HEAD(doomed);

	if (!ri)
		return;
	/* A directory taken down whole (umount) still has entries. */
	while (!list_empty(&ri->entries))
		list_move_tail(ri->entries.next, &doomed);
	while (!list_empty(&doomed)) {
		struct ramfs_dirent *e = list_first_entry(&doomed, struct ramfs_dirent, list);

		take_over_entries(e, &doomed);
		drop_entry(e);
	}
	if (!ri->external) {
		account(inode, -(long)ri->capacity);
		kfree(ri->data);
	}
	kfree(ri);
}

static void ramfs_statfs(struct super_block *sb, unsigned long *total_kib, unsigned long *used_kib)
{
	struct ramfs_sb *rs = sb->s_fs_info;

	*used_kib = DIV_ROUND_UP(READ_ONCE(rs->bytes), 1024);
	*total_kib = 0;		/* as much as memory allows */
}

struct super_block *ramfs_mount(struct file_system_type *fs, const char *source, void *data)
{
	static unsigned long next_dev = 1;
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct ramfs_sb *rs = kzalloc(sizeof(*rs), GFP_KERNEL);
	struct inode *root;

	if (!sb || !rs)
		goto fail;
	sb->s_op = &ramfs_super_operations;
	sb->s_fs_info = rs;
	sb->s_dev = __atomic_fetch_add(&next_dev, 1, __ATOMIC_RELAXED);
	root = ramfs_new_inode(sb, S_IFDIR | 0755);
	if (!root)
		goto fail;
	sb->s_root = d_make_root(root);
	if (!sb->s_root)
		goto fail;
	return sb;
fail:
	kfree(rs);
	kfree(sb);
	return ERR_PTR(-ENOMEM);
}

void ramfs_kill_sb(struct super_block *sb)
{
	kfree(sb->s_fs_info);
	kfree(sb);
}

/* A read-only file showing bytes that stay where they are (a boot module). */
int ramfs_add_external_file(struct inode *dir, const char *name, const void *data, size_t size)
{
	struct inode *inode;
	int err;

	if (dir->i_op != &ramfs_dir_inode_operations)
		return -EINVAL;
	inode = ramfs_new_inode(dir->i_sb, S_IFREG | 0444);
	if (!inode)
		return -ENOMEM;
	RI(inode)->data = (char *)data;
	RI(inode)->external = true;
	inode->i_size = size;
	err = add_entry(dir, name, inode);
	iput(inode);
	return err;
}

static const struct inode_operations ramfs_dir_inode_operations = {
	.lookup = ramfs_lookup,
	.create = ramfs_make,
	.mkdir = ramfs_make,
	.mknod = ramfs_mknod,
	.symlink = ramfs_symlink,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
};

static const struct inode_operations ramfs_file_inode_operations = {
	.setsize = ramfs_setsize,
};

static const struct file_operations ramfs_dir_operations = {
	.open = ramfs_dir_open,
	.release = ramfs_dir_release,
	.iterate = ramfs_iterate,
	.llseek = generic_file_llseek,
};

static const struct file_operations ramfs_file_operations = {
	.read = ramfs_read,
	.write = ramfs_write,
	.llseek = generic_file_llseek,
};

static const struct super_operations ramfs_super_operations = {
	.evict_inode = ramfs_evict_inode,
	.statfs = ramfs_statfs,
};

struct file_system_type ramfs_fs_type = {
	.name = "ramfs",
	.mount = ramfs_mount,
	.kill_sb = ramfs_kill_sb,
};

/* A module's filesystem may be a ramfs under a name of its own. */
EXPORT_SYMBOL(ramfs_mount);
EXPORT_SYMBOL(ramfs_kill_sb);
