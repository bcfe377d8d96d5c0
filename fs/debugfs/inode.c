/*
 * debugfs: the entry tree (debugfs_create_file, _dir, debugfs_remove) and
 * the filesystem that shows it at DEBUGFS_MOUNT_POINT.
 *
 * Entries form a tree of struct debugfs_entry, changed only under vfs_lock
 * (the VFS calls lookup and readdir with it held, so they see a still
 * tree). Each mount makes inodes for the entries it is asked about; an
 * entry is freed when its last reference goes: the tree holds one, and
 * every inode made for it holds one.
 *
 * What modules hold: the struct dentry * they are given is the entry's
 * handle, a dentry embedded in the entry and in no VFS tree, whose d_inode
 * (also embedded) has i_private = the file's data, as Linux's. VFS inodes
 * made for the entry have the same i_private; both kinds of inode are a
 * struct debugfs_inode, which points back at the entry, so
 * debugfs_file_get works on either dentry.
 *
 * Removal and callers: every call into a file's own operations runs
 * between debugfs_file_get and debugfs_file_put, which count callers in
 * in_use under the entry's lock. Removal marks the entry removed (no new
 * callers: -EIO) and sleeps until in_use is zero; then it runs the release
 * of each file still open (openers), so the module's release frees what
 * its open made while the module is still there, and puts the module
 * reference the open took (the file's .owner). A file's close that finds
 * its opener gone does nothing.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/completion.h>
#include <linux/poll.h>
#include <linux/debugfs.h>
#include <modlab/fs.h>
#include <modlab/time.h>

/* An inode that knows its entry: the VFS's (made per mount) and the handle's. */
struct debugfs_inode {
	struct inode vfs_inode;		/* first: iput kfrees the inode pointer */
	struct debugfs_entry *entry;
};

struct debugfs_entry {
	struct dentry handle;			/* what modules are given */
	struct debugfs_inode handle_inode;	/* handle.d_inode */
	umode_t mode;
	unsigned long ino;		/* the same in every mount */
	loff_t size;
	void *data;
	const struct file_operations *real_fops;	/* NULL for a directory */
	struct debugfs_entry *parent;
	struct list_head children;	/* under vfs_lock */
	struct list_head sibling;
	int refcount;			/* atomic: the tree's and each inode's */
	spinlock_t lock;		/* protects in_use, removed, remover, openers
					 * and each opener's closing and done */
	int in_use;
	int removed;			/* also set under vfs_lock */
	struct task_struct *remover;
	struct list_head openers;	/* struct debugfs_opener */
};

/*
 * An open file of an entry whose fops have a release or an owner, until
 * its release has run: at the file's last close or at the entry's removal,
 * whichever comes first. closing says one of them is running it; the
 * other waits on done.
 */
struct debugfs_opener {
	struct list_head lh;
	struct file *file;
	bool closing;
	struct completion *done;
};

static struct debugfs_entry debugfs_root = {
	.mode = S_IFDIR | 0700,
	.ino = 1,
	.children = LIST_HEAD_INIT(debugfs_root.children),
	.sibling = LIST_HEAD_INIT(debugfs_root.sibling),
	.openers = LIST_HEAD_INIT(debugfs_root.openers),
	.refcount = 1,
	.lock = __SPIN_LOCK_UNLOCKED(debugfs_root.lock),
};
static bool debugfs_registered;
static unsigned long debugfs_next_ino = 1;

/* What a file created with NULL fops does: nothing, as Linux's. */
static const struct file_operations debugfs_noop_fops = {
	.llseek = noop_llseek,
};

static const struct inode_operations debugfs_dir_inode_operations;
static const struct file_operations debugfs_dir_operations;
static const struct file_operations debugfs_proxy_operations;

static struct debugfs_entry *entry_of_inode(const struct inode *inode)
{
	return container_of(inode, struct debugfs_inode, vfs_inode)->entry;
}

static struct debugfs_entry *entry_of(struct dentry *dentry)
{
	return entry_of_inode(dentry->d_inode);
}

static void entry_get(struct debugfs_entry *e)
{
	__atomic_add_fetch(&e->refcount, 1, __ATOMIC_RELAXED);
}

static void entry_put(struct debugfs_entry *e)
{
	if (__atomic_sub_fetch(&e->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(e);
}

/* Enter a call into e's operations: false once e is being removed. */
static bool entry_use(struct debugfs_entry *e)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&e->lock, flags);
	ok = !e->removed;
	if (ok)
		e->in_use++;
	spin_unlock_irqrestore(&e->lock, flags);
	return ok;
}

static void entry_unuse(struct debugfs_entry *e)
{
	unsigned long flags;

	spin_lock_irqsave(&e->lock, flags);
	if (--e->in_use == 0 && e->remover)
		wake_up_process(e->remover);
	spin_unlock_irqrestore(&e->lock, flags);
}

int debugfs_file_get(struct dentry *dentry)
{
	return entry_use(entry_of(dentry)) ? 0 : -EIO;
}

void debugfs_file_put(struct dentry *dentry)
{
	entry_unuse(entry_of(dentry));
}

const struct file_operations *debugfs_real_fops(const struct file *filp)
{
	return entry_of_inode(filp->f_inode)->real_fops;
}

bool debugfs_initialized(void)
{
	return debugfs_registered;
}

/* ---- the tree ---- */

static struct debugfs_entry *debugfs_find(struct debugfs_entry *dir, const char *name)
{
	struct debugfs_entry *e;

	list_for_each_entry(e, &dir->children, sibling)
		if (!strcmp((const char *)e->handle.d_name.name, name))
			return e;
	return NULL;
}

/* The entry a module's parent handle names: NULL is the top. */
static struct debugfs_entry *parent_entry(struct dentry *parent)
{
	return parent ? entry_of(parent) : &debugfs_root;
}

static struct debugfs_entry *debugfs_alloc(const char *name, umode_t mode, void *data,
					   const struct file_operations *fops)
{
	struct debugfs_entry *e = kzalloc(sizeof(*e), GFP_KERNEL);
	struct inode *hi;

	if (!e)
		return NULL;
	e->mode = mode;
	e->ino = __atomic_add_fetch(&debugfs_next_ino, 1, __ATOMIC_RELAXED);
	e->data = data;
	e->real_fops = S_ISDIR(mode) ? NULL : fops ? fops : &debugfs_noop_fops;
	e->refcount = 1;		/* the tree's */
	INIT_LIST_HEAD(&e->children);
	INIT_LIST_HEAD(&e->openers);
	spin_lock_init(&e->lock);
	/* The handle: a dentry and inode as a module may look at them. */
	hi = &e->handle_inode.vfs_inode;
	e->handle_inode.entry = e;
	hi->i_ino = e->ino;
	hi->i_mode = mode;
	hi->i_private = data;
	hi->i_count = 1;
	hi->i_nlink = S_ISDIR(mode) ? 2 : 1;
	mutex_init(&hi->i_mutex);
	strscpy((char *)e->handle.d_iname, name, sizeof(e->handle.d_iname));
	e->handle.d_name.name = e->handle.d_iname;
	e->handle.d_name.len = strlen(name);
	e->handle.d_inode = hi;
	e->handle.d_count = 1;
	INIT_LIST_HEAD(&e->handle.d_subdirs);
	INIT_LIST_HEAD(&e->handle.d_child);
	return e;
}

/* Add a new entry under parent; returns its handle or an ERR_PTR. */
static struct dentry *debugfs_add(const char *name, umode_t mode, struct dentry *parent,
				  void *data, const struct file_operations *fops)
{
	struct debugfs_entry *dir, *e;

	if (IS_ERR(parent))
		return parent;
	if (!debugfs_registered)
		return ERR_PTR(-ENOENT);
	if (!name || !*name || strchr(name, '/') || strlen(name) > NAME_MAX) {
		pr_err("debugfs: bad name '%s'\n", name ? name : "(null)");
		return ERR_PTR(-EINVAL);
	}
	dir = parent_entry(parent);
	if (!S_ISDIR(dir->mode)) {
		pr_err("debugfs: cannot create %s: its parent is not a directory\n", name);
		return ERR_PTR(-ENOTDIR);
	}
	e = debugfs_alloc(name, mode, data, fops);
	if (!e)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&vfs_lock);
	if (dir->removed) {
		mutex_unlock(&vfs_lock);
		kfree(e);
		return ERR_PTR(-ENOENT);
	}
	if (debugfs_find(dir, name)) {
		mutex_unlock(&vfs_lock);
		pr_err("debugfs: '%s' already exists in '%s'\n", name,
		       dir == &debugfs_root ? "/" : (const char *)dir->handle.d_name.name);
		kfree(e);
		return ERR_PTR(-EEXIST);
	}
	e->parent = dir;
	e->handle.d_parent = dir == &debugfs_root ? &e->handle : &dir->handle;
	list_add_tail(&e->sibling, &dir->children);
	mutex_unlock(&vfs_lock);
	return &e->handle;
}

struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent,
				   void *data, const struct file_operations *fops)
{
	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	return debugfs_add(name, mode, parent, data, fops);
}

struct dentry *debugfs_create_file_unsafe(const char *name, umode_t mode,
					  struct dentry *parent, void *data,
					  const struct file_operations *fops)
{
	return debugfs_create_file(name, mode, parent, data, fops);
}

void debugfs_create_file_size(const char *name, umode_t mode, struct dentry *parent,
			      void *data, const struct file_operations *fops,
			      loff_t file_size)
{
	struct dentry *d = debugfs_create_file(name, mode, parent, data, fops);

	if (!IS_ERR(d)) {
		entry_of(d)->size = file_size;
		d->d_inode->i_size = file_size;
	}
}

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	return debugfs_add(name, S_IFDIR | 0755, parent, NULL, NULL);
}

static int debugfs_release_of(struct debugfs_entry *e, struct file *file)
{
	int err = 0;

	if (e->real_fops->release)
		err = e->real_fops->release(file->f_inode, file);
	module_put(e->real_fops->owner);	/* the open's fops_get */
	return err;
}

/*
 * Run the release of one open file, unless the other side (its close or
 * the entry's removal) already is: then wait until it has. Called with
 * e->lock held; returns with it dropped.
 */
static void close_opener(struct debugfs_entry *e, struct debugfs_opener *op,
			 unsigned long flags)
{
	DECLARE_COMPLETION_ONSTACK(done);

	if (op->closing) {
		op->done = &done;
		spin_unlock_irqrestore(&e->lock, flags);
		wait_for_completion(&done);
		return;
	}
	op->closing = true;
	spin_unlock_irqrestore(&e->lock, flags);
	debugfs_release_of(e, op->file);
	spin_lock_irqsave(&e->lock, flags);
	list_del(&op->lh);
	if (op->done)
		complete(op->done);
	spin_unlock_irqrestore(&e->lock, flags);
	kfree(op);
}

/* Sleep until no call into e's operations runs, then release its open files. */
static void drain_entry(struct debugfs_entry *e)
{
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&e->lock, flags);
		if (e->in_use == 0) {
			e->remover = NULL;
			spin_unlock_irqrestore(&e->lock, flags);
			break;
		}
		e->remover = current;
		set_current_state(TASK_UNINTERRUPTIBLE);
		spin_unlock_irqrestore(&e->lock, flags);
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	for (;;) {
		spin_lock_irqsave(&e->lock, flags);
		if (list_empty(&e->openers)) {
			spin_unlock_irqrestore(&e->lock, flags);
			return;
		}
		close_opener(e, list_first_entry(&e->openers, struct debugfs_opener, lh), flags);
	}
}

/*
 * Mark top and everything below it removed (under vfs_lock); a walk by
 * parent pointers, not a recursion, so any depth fits the kernel stack.
 */
static void mark_removed(struct debugfs_entry *top)
{
	struct debugfs_entry *e = top;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&e->lock, flags);
		e->removed = 1;
		spin_unlock_irqrestore(&e->lock, flags);
		if (!list_empty(&e->children)) {
			e = list_first_entry(&e->children, struct debugfs_entry, sibling);
			continue;
		}
		while (e != top && e->sibling.next == &e->parent->children)
			e = e->parent;
		if (e == top)
			return;
		e = list_entry(e->sibling.next, struct debugfs_entry, sibling);
	}
}

/* Drain and drop the tree's reference on top and all below, children first. */
static void drain_and_put(struct debugfs_entry *top)
{
	struct debugfs_entry *e = top, *parent;

	for (;;) {
		mutex_lock(&vfs_lock);
		if (!list_empty(&e->children)) {
			e = list_first_entry(&e->children, struct debugfs_entry, sibling);
			mutex_unlock(&vfs_lock);
			continue;
		}
		parent = e->parent;
		if (e != top)
			list_del(&e->sibling);
		mutex_unlock(&vfs_lock);
		drain_entry(e);
		entry_put(e);
		if (e == top)
			return;
		e = parent;
	}
}

static void debugfs_remove_entry(struct debugfs_entry *e)
{
	mutex_lock(&vfs_lock);
	if (e->removed) {		/* a removal of it or above is under way */
		mutex_unlock(&vfs_lock);
		return;
	}
	list_del(&e->sibling);
	mark_removed(e);
	mutex_unlock(&vfs_lock);
	drain_and_put(e);
}

void debugfs_remove(struct dentry *dentry)
{
	if (IS_ERR_OR_NULL(dentry))
		return;
	debugfs_remove_entry(entry_of(dentry));
}

void debugfs_lookup_and_remove(const char *name, struct dentry *parent)
{
	struct debugfs_entry *e;

	if (IS_ERR(parent))
		return;
	mutex_lock(&vfs_lock);
	e = debugfs_find(parent_entry(parent), name);
	if (e)
		entry_get(e);	/* another removal may free it once we unlock */
	mutex_unlock(&vfs_lock);
	if (e) {
		debugfs_remove_entry(e);
		entry_put(e);
	}
}

/* ---- the filesystem ---- */

static struct inode *debugfs_get_inode(struct super_block *sb, struct debugfs_entry *e)
{
	struct debugfs_inode *di = kzalloc(sizeof(*di), GFP_KERNEL);
	struct inode *inode;

	if (!di)
		return NULL;
	/* As new_inode, in a struct with room for the entry. */
	inode = &di->vfs_inode;
	inode->i_sb = sb;
	inode->i_count = 1;
	inode->i_mtime_ns = ktime_get_ns();
	mutex_init(&inode->i_mutex);
	entry_get(e);
	di->entry = e;
	inode->i_ino = e->ino;
	inode->i_mode = e->mode;
	inode->i_size = e->size;
	inode->i_private = e->data;
	if (S_ISDIR(e->mode)) {
		inode->i_op = &debugfs_dir_inode_operations;
		inode->i_fop = &debugfs_dir_operations;
		inode->i_nlink = 2;
	} else {
		inode->i_fop = &debugfs_proxy_operations;
		inode->i_nlink = 1;
		inode->i_flags |= S_NOIOLOCK;	/* the module's operations lock */
	}
	return inode;
}

static struct inode *debugfs_lookup_inode(struct inode *dir, const char *name)
{
	struct debugfs_entry *e = debugfs_find(entry_of_inode(dir), name);
	struct inode *inode;

	if (!e)
		return ERR_PTR(-ENOENT);
	inode = debugfs_get_inode(dir->i_sb, e);
	return inode ? inode : ERR_PTR(-ENOMEM);
}

static int debugfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct debugfs_entry *dir = entry_of_inode(file->f_inode), *e;
	loff_t i = 2;

	if (!dir_emit_dots(file, ctx))
		return 0;
	list_for_each_entry(e, &dir->children, sibling) {
		if (i++ < ctx->pos)
			continue;
		if (!dir_emit(ctx, (const char *)e->handle.d_name.name, e->handle.d_name.len,
			      e->ino, S_ISDIR(e->mode) ? DT_DIR : DT_REG))
			return 0;
		ctx->pos++;
	}
	return 0;
}

/* ---- a file: the proxy around the module's operations ---- */

static int debugfs_open(struct inode *inode, struct file *file)
{
	struct debugfs_entry *e = entry_of_inode(inode);
	const struct file_operations *fops = e->real_fops;
	struct debugfs_opener *op;
	unsigned long flags;
	int err = 0;

	op = kzalloc(sizeof(*op), GFP_KERNEL);
	if (!op)
		return -ENOMEM;
	op->file = file;
	if (!entry_use(e)) {
		kfree(op);
		return -ENOENT;
	}
	/* Pin the module whose code fops is, as Linux's debugfs does. */
	if (!fops_get(fops)) {
		err = -ENXIO;
		goto out;
	}
	if (fops->open)
		err = fops->open(inode, file);
	if (err) {
		fops_put(fops);
		goto out;
	}
	/* Before entry_unuse: a removal waiting for us then finds it. */
	spin_lock_irqsave(&e->lock, flags);
	list_add(&op->lh, &e->openers);
	spin_unlock_irqrestore(&e->lock, flags);
	op = NULL;
out:
	entry_unuse(e);
	kfree(op);
	return err;
}

static int debugfs_release(struct inode *inode, struct file *file)
{
	struct debugfs_entry *e = entry_of_inode(inode);
	struct debugfs_opener *op;
	unsigned long flags;

	spin_lock_irqsave(&e->lock, flags);
	list_for_each_entry(op, &e->openers, lh) {
		if (op->file == file) {
			close_opener(e, op, flags);
			return 0;
		}
	}
	spin_unlock_irqrestore(&e->lock, flags);
	return 0;		/* the removal ran the release already */
}

static ssize_t debugfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct debugfs_entry *e = entry_of_inode(file->f_inode);
	ssize_t n;

	if (!e->real_fops->read)
		return -EINVAL;
	if (!entry_use(e))
		return -EIO;
	n = e->real_fops->read(file, buf, count, pos);
	entry_unuse(e);
	return n;
}

static ssize_t debugfs_write(struct file *file, const char __user *buf, size_t count,
			     loff_t *pos)
{
	struct debugfs_entry *e = entry_of_inode(file->f_inode);
	ssize_t n;

	if (!e->real_fops->write)
		return -EINVAL;
	if (!entry_use(e))
		return -EIO;
	n = e->real_fops->write(file, buf, count, pos);
	entry_unuse(e);
	return n;
}

static loff_t debugfs_llseek(struct file *file, loff_t offset, int whence)
{
	struct debugfs_entry *e = entry_of_inode(file->f_inode);
	loff_t ret;

	if (!e->real_fops->llseek)
		return -ESPIPE;
	if (!entry_use(e))
		return -EIO;
	ret = e->real_fops->llseek(file, offset, whence);
	entry_unuse(e);
	return ret;
}

static __poll_t debugfs_poll(struct file *file, struct poll_table_struct *pt)
{
	struct debugfs_entry *e = entry_of_inode(file->f_inode);
	__poll_t mask = DEFAULT_POLLMASK;

	if (!e->real_fops->poll)
		return mask;
	if (!entry_use(e))
		return EPOLLHUP;
	mask = e->real_fops->poll(file, pt);
	entry_unuse(e);
	return mask;
}

static long debugfs_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct debugfs_entry *e = entry_of_inode(file->f_inode);
	long ret;

	if (!e->real_fops->unlocked_ioctl)
		return -ENOTTY;
	if (!entry_use(e))
		return -EIO;
	ret = e->real_fops->unlocked_ioctl(file, cmd, arg);
	entry_unuse(e);
	return ret;
}

static int debugfs_d_revalidate(struct dentry *d)
{
	return !READ_ONCE(entry_of(d)->removed);
}

static void debugfs_evict_inode(struct inode *inode)
{
	entry_put(entry_of_inode(inode));
}

static const struct inode_operations debugfs_dir_inode_operations = {
	.lookup = debugfs_lookup_inode,
};

static const struct file_operations debugfs_dir_operations = {
	.iterate = debugfs_readdir,
	.llseek = generic_file_llseek,
};

static const struct file_operations debugfs_proxy_operations = {
	.open = debugfs_open,
	.read = debugfs_read,
	.write = debugfs_write,
	.llseek = debugfs_llseek,
	.poll = debugfs_poll,
	.unlocked_ioctl = debugfs_ioctl,
	.release = debugfs_release,
};

static const struct super_operations debugfs_super_operations = {
	.evict_inode = debugfs_evict_inode,
};

static const struct dentry_operations debugfs_dentry_operations = {
	.d_revalidate = debugfs_d_revalidate,
};

/* Each mount shows the one tree (as Linux's single debugfs superblock). */
static struct super_block *debugfs_mount(struct file_system_type *fs, const char *source,
					 void *data)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *root;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_op = &debugfs_super_operations;
	sb->s_d_op = &debugfs_dentry_operations;
	sb->s_dev = 0x7;
	root = debugfs_get_inode(sb, &debugfs_root);
	if (root)
		sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		if (root)
			iput(root);
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	return sb;
}

static struct file_system_type debugfs_fs_type = {
	.name = "debugfs",
	.mount = debugfs_mount,
};

/* Make each directory of path that is missing (boot: the mount point). */
static int mkdir_p(const char *path)
{
	char buf[64];
	size_t i;
	int err;

	if (strscpy(buf, path, sizeof(buf)) < 0)
		return -ENAMETOOLONG;
	for (i = 1; ; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		err = do_mkdir(buf, 0755);
		if (err && err != -EEXIST)
			return err;
		if (path[i] == '\0')
			return 0;
		buf[i] = '/';
	}
}

void debugfs_init(void)
{
	int err = register_filesystem(&debugfs_fs_type);

	if (!err) {
		debugfs_registered = true;
		err = mkdir_p(DEBUGFS_MOUNT_POINT);
	}
	if (!err)
		err = do_mount("debugfs", DEBUGFS_MOUNT_POINT, "debugfs", NULL);
	if (err)
		pr_err("debugfs: cannot mount %s: error %d\n", DEBUGFS_MOUNT_POINT, err);
}

/* For modules. */
EXPORT_SYMBOL(debugfs_create_file);
EXPORT_SYMBOL(debugfs_create_file_unsafe);
EXPORT_SYMBOL(debugfs_create_file_size);
EXPORT_SYMBOL(debugfs_create_dir);
EXPORT_SYMBOL(debugfs_remove);
EXPORT_SYMBOL(debugfs_lookup_and_remove);
EXPORT_SYMBOL(debugfs_file_get);
EXPORT_SYMBOL(debugfs_file_put);
EXPORT_SYMBOL(debugfs_real_fops);
EXPORT_SYMBOL(debugfs_initialized);
