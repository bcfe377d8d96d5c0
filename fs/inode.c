/*
 * Inodes and dentries: allocation and reference counts.
 *
 * A dentry names an inode in its parent directory. The tree holds one
 * reference on each dentry in it, and a dentry holds one on its inode, so
 * an inode lives as long as some dentry or open file uses it. When the last
 * reference to an inode goes, the filesystem's evict_inode frees its data.
 *
 * The counts are atomic; everything else about a dentry's place in the
 * tree is under vfs_lock (see linux/fs.h).
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <modlab/time.h>

DEFINE_MUTEX(vfs_lock);

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (!inode)
		return NULL;
	inode->i_sb = sb;
	inode->i_ino = __atomic_add_fetch(&sb->s_next_ino, 1, __ATOMIC_RELAXED);
	inode->i_count = 1;
	inode->i_nlink = 1;
	inode->i_mtime_ns = ktime_get_ns();
	mutex_init(&inode->i_mutex);
	return inode;
}

void ihold(struct inode *inode)
{
	__atomic_add_fetch(&inode->i_count, 1, __ATOMIC_RELAXED);
}

void iput(struct inode *inode)
{
	if (!inode || __atomic_sub_fetch(&inode->i_count, 1, __ATOMIC_ACQ_REL))
		return;
	if (inode->i_sb->s_op && inode->i_sb->s_op->evict_inode)
		inode->i_sb->s_op->evict_inode(inode);
	kfree(inode);
}

/* A dentry for name under parent (not yet in the tree), taking over the
 * caller's reference on inode. The caller's reference on the new dentry
 * becomes the tree's when it is added (d_add). */
struct dentry *d_alloc(struct dentry *parent, const char *name, struct inode *inode)
{
	struct dentry *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	strscpy((char *)d->d_iname, name, sizeof(d->d_iname));
	d->d_name.name = d->d_iname;
	d->d_name.len = strlen(name);
	d->d_parent = parent ? dget(parent) : d;	/* a child holds its parent up */
	d->d_inode = inode;
	d->d_sb = inode->i_sb;
	d->d_count = 1;
	INIT_LIST_HEAD(&d->d_subdirs);
	INIT_LIST_HEAD(&d->d_child);
	return d;
}

struct dentry *d_make_root(struct inode *root)
{
	struct dentry *d = d_alloc(NULL, "/", root);

	if (!d)
		iput(root);
	return d;
}

struct dentry *dget(struct dentry *d)
{
	__atomic_add_fetch(&d->d_count, 1, __ATOMIC_RELAXED);
	return d;
}

/*
 * Drop a reference. The last one frees the dentry, drops its inode and its
 * reference on its parent (a child in the tree holds its parent up).
 */
void dput(struct dentry *d)
{
	while (d && __atomic_sub_fetch(&d->d_count, 1, __ATOMIC_ACQ_REL) == 0) {
		struct dentry *parent = d->d_parent == d ? NULL : d->d_parent;

		iput(d->d_inode);
		kfree(d);
		d = parent;
	}
}

void path_get(const struct path *p)
{
	__atomic_add_fetch(&p->mnt->mnt_count, 1, __ATOMIC_RELAXED);
	dget(p->dentry);
}

void path_put(const struct path *p)
{
	dput(p->dentry);
	__atomic_sub_fetch(&p->mnt->mnt_count, 1, __ATOMIC_RELEASE);
}

unsigned int dt_type(const struct inode *inode)
{
	if (S_ISDIR(inode->i_mode))
		return DT_DIR;
	if (S_ISREG(inode->i_mode))
		return DT_REG;
	if (S_ISLNK(inode->i_mode))
		return DT_LNK;
	if (S_ISBLK(inode->i_mode))
		return DT_BLK;
	if (S_ISCHR(inode->i_mode))
		return DT_CHR;
	return DT_UNKNOWN;
}

/*
 * The dentry hash: every dentry in the tree (but the roots) by its parent
 * and name, so that finding a child is O(1) however many children the
 * directory has (a list walk made ls -l of 10,000 files quadratic).
 * Chains link through d_hash_next/d_hash_pprev. Under vfs_lock.
 */
#define D_HASH_BITS	12
static struct dentry *dentry_hashtable[1 << D_HASH_BITS];

static struct dentry **d_hash_bucket(const struct dentry *parent, const char *name)
{
	u32 h = 2166136261u ^ (u32)(unsigned long)parent;	/* FNV-1a */

	while (*name)
		h = (h ^ (u8)*name++) * 16777619u;
	h ^= h >> 15;
	return &dentry_hashtable[h & ((1 << D_HASH_BITS) - 1)];
}

static void d_hash_insert(struct dentry *d)
{
	struct dentry **b = d_hash_bucket(d->d_parent, (const char *)d->d_name.name);

	d->d_hash_next = *b;
	if (*b)
		(*b)->d_hash_pprev = &d->d_hash_next;
	*b = d;
	d->d_hash_pprev = b;
}

static void d_hash_remove(struct dentry *d)
{
	if (!d->d_hash_pprev)
		return;
	*d->d_hash_pprev = d->d_hash_next;
	if (d->d_hash_next)
		d->d_hash_next->d_hash_pprev = d->d_hash_pprev;
	d->d_hash_next = NULL;
	d->d_hash_pprev = NULL;
}

/* Put d in its parent's list of children and the hash (under vfs_lock). */
void d_add(struct dentry *d)
{
	list_add_tail(&d->d_child, &d->d_parent->d_subdirs);
	d_hash_insert(d);
}

/* Take d out of the tree and drop the tree's reference (under vfs_lock). */
void d_delete(struct dentry *d)
{
	list_del_init(&d->d_child);
	d_hash_remove(d);
	dput(d);
}

void d_move_to(struct dentry *d, struct dentry *new_parent, const char *new_name)
{
	list_del_init(&d->d_child);
	d_hash_remove(d);
	if (d->d_parent != new_parent) {
		struct dentry *old = d->d_parent;

		d->d_parent = dget(new_parent);
		dput(old);		/* still held by its own place in the tree */
	}
	strscpy((char *)d->d_iname, new_name, sizeof(d->d_iname));
	d->d_name.len = strlen(new_name);
	d_add(d);
}

/*
 * Take everything below root out of the tree, children before their parent
 * (umount, a stale cached entry; under vfs_lock). root itself stays.
 *
 * A loop, not a recursion: the tree's depth is the user's to choose, the
 * kernel stack's is not. Go down first children to a leaf, delete it and
 * step back up to its parent. The parent stays alive across d_delete: it
 * is still in the tree (the tree's reference), or it is root, which the
 * caller holds.
 */
void d_genocide(struct dentry *root)
{
	struct dentry *d = root;

	for (;;) {
		struct dentry *parent;

		if (!list_empty(&d->d_subdirs)) {
			d = list_first_entry(&d->d_subdirs, struct dentry, d_child);
			continue;
		}
		if (d == root)
			return;
		parent = d->d_parent;
		d_delete(d);
		d = parent;
	}
}

/* The child of dir called name, if it is in the tree (under vfs_lock). */
struct dentry *d_lookup(struct dentry *dir, const char *name)
{
	struct dentry *d;

	for (d = *d_hash_bucket(dir, name); d; d = d->d_hash_next)
		if (d->d_parent == dir && !strcmp((const char *)d->d_name.name, name))
			return d;
	return NULL;
}

/* For modules' filesystems. */
EXPORT_SYMBOL(new_inode);
EXPORT_SYMBOL(ihold);
EXPORT_SYMBOL(iput);
EXPORT_SYMBOL(d_make_root);
EXPORT_SYMBOL(dt_type);
