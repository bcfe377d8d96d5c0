/*
 * procfs: the entry tree (proc_create, proc_mkdir, proc_remove) and the
 * filesystem that shows it.
 *
 * Entries form a tree of struct proc_dir_entry, changed only under
 * vfs_lock (the VFS calls lookup and readdir with it held, so they see a
 * still tree). An entry is freed when its last reference goes: the tree
 * holds one, and every inode made for it holds one.
 *
 * Removal and readers: an entry's operations may be a module's code, which
 * must not run once proc_remove has returned. Every call into them is
 * bracketed by use_pde/unuse_pde, which count callers in in_use under the
 * entry's lock; proc_remove marks the entry removed (no new callers) and
 * sleeps until in_use is zero. Then, as Linux's proc_entry_rundown, it
 * runs the release of every file still open (their seq_file buffers and
 * whatever else the module's open made are freed while the module's code
 * is still there); those files get -EIO afterwards and their close calls
 * nothing.
 * Cached dentries of removed entries are dropped at the next lookup
 * (d_revalidate).
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/proc_fs.h>
#include <linux/poll.h>
#include <linux/completion.h>
#include <modlab/fs.h>

struct proc_dir_entry {
	char name[NAME_MAX + 1];
	umode_t mode;
	loff_t size;			/* proc_set_size: the inode's i_size */
	kuid_t uid;			/* proc_set_user */
	kgid_t gid;
	unsigned long ino;
	const struct proc_ops *ops;
	int (*show)(struct seq_file *m, void *v);	/* proc_create_single */
	const struct seq_operations *seq_ops;		/* proc_create_seq_private */
	unsigned int state_size;
	void *data;
	struct proc_dir_entry *parent;
	struct list_head children;	/* under vfs_lock */
	struct list_head sibling;
	int refcount;			/* atomic */
	/* lock protects in_use, removed (set under vfs_lock too), remover,
	 * openers and each opener's closing and done. */
	spinlock_t lock;
	int in_use;
	int removed;
	struct task_struct *remover;
	struct list_head openers;	/* struct pde_opener: files open, not yet released */
};

/*
 * An open file of an entry, until its release has run: at the file's last
 * close or at the entry's removal, whichever comes first. closing says
 * that one of them is running it; the other waits on done before going on.
 */
struct pde_opener {
	struct list_head lh;
	struct file *file;
	bool closing;
	struct completion *done;	/* the one waiting for the release to end */
};

static struct proc_dir_entry proc_root = {
	.name = "/",
	.mode = S_IFDIR | 0555,
	.ino = 1,
	.children = LIST_HEAD_INIT(proc_root.children),
	.openers = LIST_HEAD_INIT(proc_root.openers),
	.sibling = LIST_HEAD_INIT(proc_root.sibling),
	.refcount = 1,
	.lock = __SPIN_LOCK_UNLOCKED(proc_root.lock),
};
static unsigned long next_ino = 1;

static const struct inode_operations proc_dir_inode_operations;
static const struct file_operations proc_dir_operations;
static const struct file_operations proc_file_operations;

static void pde_get(struct proc_dir_entry *de)
{
	__atomic_add_fetch(&de->refcount, 1, __ATOMIC_RELAXED);
}

static void pde_put(struct proc_dir_entry *de)
{
	if (__atomic_sub_fetch(&de->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(de);
}

static bool use_pde(struct proc_dir_entry *de)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&de->lock, flags);
	ok = !de->removed;
	if (ok)
		de->in_use++;
	spin_unlock_irqrestore(&de->lock, flags);
	return ok;
}

static void unuse_pde(struct proc_dir_entry *de)
{
	unsigned long flags;

	spin_lock_irqsave(&de->lock, flags);
	if (--de->in_use == 0 && de->remover)
		wake_up_process(de->remover);
	spin_unlock_irqrestore(&de->lock, flags);
}

/* Made by proc_create_single or proc_create_seq: procfs runs the seq_file. */
static bool pde_is_seq(const struct proc_dir_entry *de)
{
	return de->show || de->seq_ops;
}

static struct proc_dir_entry *pde_of(const struct inode *inode)
{
	return inode->i_private;
}

void *pde_data(const struct inode *inode)
{
	return pde_of(inode)->data;
}

/* ---- the tree ---- */

static struct proc_dir_entry *proc_find(struct proc_dir_entry *dir, const char *name)
{
	struct proc_dir_entry *de;

	list_for_each_entry(de, &dir->children, sibling)
		if (!strcmp(de->name, name))
			return de;
	return NULL;
}

static struct proc_dir_entry *proc_register(const char *name, umode_t mode,
					    struct proc_dir_entry *parent)
{
	struct proc_dir_entry *de;

	if (!parent)
		parent = &proc_root;
	if (!*name || strchr(name, '/') || strlen(name) > NAME_MAX)
		return NULL;
	de = kzalloc(sizeof(*de), GFP_KERNEL);
	if (!de)
		return NULL;
	strscpy(de->name, name, sizeof(de->name));
	de->mode = mode;
	de->ino = __atomic_add_fetch(&next_ino, 1, __ATOMIC_RELAXED);
	de->parent = parent;
	de->refcount = 1;		/* the tree's */
	INIT_LIST_HEAD(&de->children);
	INIT_LIST_HEAD(&de->openers);
	spin_lock_init(&de->lock);

	mutex_lock(&vfs_lock);
	if (parent->removed) {
		/* Its removal has started: an entry added now would never be
		 * shown, and never freed with the rest. */
		mutex_unlock(&vfs_lock);
		pr_err("proc: cannot add %s: its directory %s is being removed\n", name,
		       parent->name);
		kfree(de);
		return NULL;
	}
	if (proc_find(parent, name)) {
		mutex_unlock(&vfs_lock);
		pr_err("proc: /proc/.../%s already exists\n", name);
		kfree(de);
		return NULL;
	}
	list_add_tail(&de->sibling, &parent->children);
	mutex_unlock(&vfs_lock);
	return de;
}

struct proc_dir_entry *proc_create_data(const char *name, umode_t mode,
					struct proc_dir_entry *parent,
					const struct proc_ops *ops, void *data)
{
	struct proc_dir_entry *de;

	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	if (!(mode & 0777))
		mode |= 0444;
	de = proc_register(name, mode, parent);
	if (de) {
		de->ops = ops;
		de->data = data;
	}
	return de;
}

struct proc_dir_entry *proc_create(const char *name, umode_t mode, struct proc_dir_entry *parent,
				   const struct proc_ops *ops)
{
	return proc_create_data(name, mode, parent, ops, NULL);
}

struct proc_dir_entry *proc_create_single(const char *name, umode_t mode,
					  struct proc_dir_entry *parent,
					  int (*show)(struct seq_file *m, void *v))
{
	struct proc_dir_entry *de = proc_create_data(name, mode, parent, NULL, NULL);

	if (de)
		de->show = show;
	return de;
}

void proc_set_size(struct proc_dir_entry *de, loff_t size)
{
	de->size = size;
}

void proc_set_user(struct proc_dir_entry *de, kuid_t uid, kgid_t gid)
{
	de->uid = uid;
	de->gid = gid;
}

struct proc_dir_entry *proc_create_seq_private(const char *name, umode_t mode,
					       struct proc_dir_entry *parent,
					       const struct seq_operations *ops,
					       unsigned int state_size, void *data)
{
	struct proc_dir_entry *de = proc_create_data(name, mode, parent, NULL, data);

	if (de) {
		de->seq_ops = ops;
		de->state_size = state_size;
	}
	return de;
}

struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent)
{
	return proc_register(name, S_IFDIR | 0555, parent);
}

/*
 * Mark top and everything below it removed (under vfs_lock). A walk by
 * parent pointers rather than a recursion, here and in drain_and_put: a
 * module may build a tree as deep as it likes, the kernel stack is 16 KiB.
 */
static void mark_removed(struct proc_dir_entry *top)
{
	struct proc_dir_entry *de = top;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&de->lock, flags);
		de->removed = 1;
		spin_unlock_irqrestore(&de->lock, flags);
		if (!list_empty(&de->children)) {
			de = list_first_entry(&de->children, struct proc_dir_entry, sibling);
			continue;
		}
		/* Up to the nearest entry that has a next sibling, and on to it. */
		while (de != top && de->sibling.next == &de->parent->children)
			de = de->parent;
		if (de == top)
			return;
		de = list_entry(de->sibling.next, struct proc_dir_entry, sibling);
	}
}

static int pde_release(struct proc_dir_entry *de, struct inode *inode, struct file *file)
{
	if (de->show)
		return single_release(inode, file);
	if (de->seq_ops)
		return de->state_size ? seq_release_private(inode, file) : seq_release(inode, file);
	if (de->ops && de->ops->proc_release)
		return de->ops->proc_release(inode, file);
	return 0;
}

/*
 * Run the release of one open file, unless the other side (the file's
 * close, or the entry's removal) is already running it: then wait until it
 * has. Called with de->lock held; returns with it dropped.
 */
static void close_pdeo(struct proc_dir_entry *de, struct pde_opener *op, unsigned long flags)
{
	DECLARE_COMPLETION_ONSTACK(done);

	if (op->closing) {
		op->done = &done;
		spin_unlock_irqrestore(&de->lock, flags);
		wait_for_completion(&done);
		return;
	}
	op->closing = true;
	spin_unlock_irqrestore(&de->lock, flags);
	pde_release(de, op->file->f_inode, op->file);
	spin_lock_irqsave(&de->lock, flags);
	list_del(&op->lh);
	if (op->done)
		complete(op->done);
	spin_unlock_irqrestore(&de->lock, flags);
	kfree(op);
}

/* Removal: release every file of de still open (no caller is inside de's ops). */
static void close_openers(struct proc_dir_entry *de)
{
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&de->lock, flags);
		if (list_empty(&de->openers)) {
			spin_unlock_irqrestore(&de->lock, flags);
			return;
		}
		close_pdeo(de, list_first_entry(&de->openers, struct pde_opener, lh), flags);
	}
}

/* Sleep until no call into de's operations is in progress (use_pde). */
static void wait_for_callers(struct proc_dir_entry *de)
{
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&de->lock, flags);
		if (de->in_use == 0) {
			de->remover = NULL;
			spin_unlock_irqrestore(&de->lock, flags);
			break;
		}
		de->remover = current;
		set_current_state(TASK_UNINTERRUPTIBLE);
		spin_unlock_irqrestore(&de->lock, flags);
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	close_openers(de);
}

/*
 * Drop the tree's references on top and everything below it, children
 * first, each once its callers have left (sleeps: called with no lock
 * held). Entries leave their parent's list under vfs_lock, as lookups and
 * readers of a removed directory still open may walk it.
 */
static void drain_and_put(struct proc_dir_entry *top)
{
	struct proc_dir_entry *de = top, *parent;

	for (;;) {
		mutex_lock(&vfs_lock);
		if (!list_empty(&de->children)) {
			de = list_first_entry(&de->children, struct proc_dir_entry, sibling);
			mutex_unlock(&vfs_lock);
			continue;
		}
		parent = de->parent;
		if (de != top)
			list_del(&de->sibling);
		mutex_unlock(&vfs_lock);
		wait_for_callers(de);
		pde_put(de);		/* parent still holds the tree's reference */
		if (de == top)
			return;
		de = parent;
	}
}

void proc_remove(struct proc_dir_entry *de)
{
	if (!de || de == &proc_root)
		return;
	mutex_lock(&vfs_lock);
	list_del(&de->sibling);
	mark_removed(de);
	mutex_unlock(&vfs_lock);
	drain_and_put(de);
}

void remove_proc_entry(const char *name, struct proc_dir_entry *parent)
{
	struct proc_dir_entry *de;

	mutex_lock(&vfs_lock);
	de = proc_find(parent ? parent : &proc_root, name);
	if (de) {
		list_del(&de->sibling);
		mark_removed(de);
	}
	mutex_unlock(&vfs_lock);
	if (!de) {
		pr_warn("remove_proc_entry: no entry %s to remove\n", name);
		return;
	}
	drain_and_put(de);
}

/* ---- the filesystem ---- */

static struct inode *proc_get_inode(struct super_block *sb, struct proc_dir_entry *de)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	pde_get(de);
	inode->i_private = de;
	inode->i_ino = de->ino;
	inode->i_mode = de->mode;
	inode->i_size = de->size;
	inode->i_uid = de->uid;
	inode->i_gid = de->gid;
	if (S_ISDIR(de->mode)) {
		inode->i_op = &proc_dir_inode_operations;
		inode->i_fop = &proc_dir_operations;
		inode->i_nlink = 2;
	} else {
		inode->i_fop = &proc_file_operations;
		inode->i_flags |= S_NOIOLOCK;	/* seq_file and modules lock */
	}
	return inode;
}

static struct inode *proc_lookup(struct inode *dir, const char *name)
{
	struct proc_dir_entry *de = proc_find(pde_of(dir), name);
	struct inode *inode;

	if (!de)
		return ERR_PTR(-ENOENT);
	inode = proc_get_inode(dir->i_sb, de);
	return inode ? inode : ERR_PTR(-ENOMEM);
}

static int proc_readdir(struct file *file, struct dir_context *ctx)
{
	struct proc_dir_entry *dir = pde_of(file->f_inode), *de;
	loff_t i = 2;

	if (!dir_emit_dots(file, ctx))
		return 0;
	list_for_each_entry(de, &dir->children, sibling) {
		if (i++ < ctx->pos)
			continue;
		if (!dir_emit(ctx, de->name, strlen(de->name), de->ino,
			      S_ISDIR(de->mode) ? DT_DIR : DT_REG))
			return 0;
		ctx->pos++;
	}
	return 0;
}

/*
 * Open: the entry's open (single_open for proc_create_single), and an
 * opener record so the release runs exactly once, at close or at removal.
 */
static int proc_open(struct inode *inode, struct file *file)
{
	struct proc_dir_entry *de = pde_of(inode);
	struct pde_opener *op = NULL;
	unsigned long flags;
	int err = 0;

	if (pde_is_seq(de) || (de->ops && de->ops->proc_release)) {
		op = kzalloc(sizeof(*op), GFP_KERNEL);
		if (!op)
			return -ENOMEM;
		op->file = file;
	}
	if (!use_pde(de)) {
		kfree(op);
		return -ENOENT;
	}
	if (de->show)
		err = single_open(file, de->show, de->data);
	else if (de->seq_ops && de->state_size)
		err = seq_open_private(file, de->seq_ops, de->state_size);
	else if (de->seq_ops)
		err = seq_open(file, de->seq_ops);
	else if (de->ops && de->ops->proc_open)
		err = de->ops->proc_open(inode, file);
	if (op && !err) {
		/* Before unuse_pde: a removal waiting for us then finds it. */
		spin_lock_irqsave(&de->lock, flags);
		list_add(&op->lh, &de->openers);
		spin_unlock_irqrestore(&de->lock, flags);
	} else {
		kfree(op);
	}
	unuse_pde(de);
	return err;
}

static ssize_t proc_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct proc_dir_entry *de = pde_of(file->f_inode);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t n;

	read = pde_is_seq(de) ? seq_read : de->ops ? de->ops->proc_read : NULL;
	if (!read)
		return -EINVAL;
	if (!use_pde(de))
		return -EIO;
	n = read(file, buf, count, pos);
	unuse_pde(de);
	return n;
}

static ssize_t proc_write(struct file *file, const char __user *buf, size_t count,
			  loff_t *pos)
{
	struct proc_dir_entry *de = pde_of(file->f_inode);
	ssize_t n;

	if (pde_is_seq(de) || !de->ops || !de->ops->proc_write)
		return -EINVAL;
	if (!use_pde(de))
		return -EIO;
	n = de->ops->proc_write(file, buf, count, pos);
	unuse_pde(de);
	return n;
}

static loff_t proc_lseek(struct file *file, loff_t offset, int whence)
{
	struct proc_dir_entry *de = pde_of(file->f_inode);
	loff_t (*lseek)(struct file *, loff_t, int);
	loff_t ret;

	lseek = pde_is_seq(de) ? seq_lseek : de->ops ? de->ops->proc_lseek : NULL;
	if (!lseek)
		return generic_file_llseek(file, offset, whence);
	if (!use_pde(de))
		return -EIO;
	ret = lseek(file, offset, whence);
	unuse_pde(de);
	return ret;
}

static __poll_t proc_poll(struct file *file, struct poll_table_struct *pt)
{
	struct proc_dir_entry *de = pde_of(file->f_inode);
	__poll_t mask = DEFAULT_POLLMASK;

	if (!pde_is_seq(de) && de->ops && de->ops->proc_poll && use_pde(de)) {
		mask = de->ops->proc_poll(file, pt);
		unuse_pde(de);
	}
	return mask;
}

static long proc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct proc_dir_entry *de = pde_of(file->f_inode);
	long ret;

	if (pde_is_seq(de) || !de->ops || !de->ops->proc_ioctl)
		return -ENOTTY;
	if (!use_pde(de))
		return -EIO;
	ret = de->ops->proc_ioctl(file, cmd, arg);
	unuse_pde(de);
	return ret;
}

/* The last close: run the release unless the entry's removal already did. */
static int proc_release(struct inode *inode, struct file *file)
{
	struct proc_dir_entry *de = pde_of(inode);
	struct pde_opener *op;
	unsigned long flags;

	spin_lock_irqsave(&de->lock, flags);
	list_for_each_entry(op, &de->openers, lh) {
		if (op->file == file) {
			close_pdeo(de, op, flags);
			return 0;
		}
	}
	spin_unlock_irqrestore(&de->lock, flags);
	return 0;
}

static int proc_d_revalidate(struct dentry *d)
{
	return !READ_ONCE(pde_of(d->d_inode)->removed);
}

static void proc_evict_inode(struct inode *inode)
{
	pde_put(pde_of(inode));
}

static const struct inode_operations proc_dir_inode_operations = {
	.lookup = proc_lookup,
};

static const struct file_operations proc_dir_operations = {
	.iterate = proc_readdir,
	.llseek = generic_file_llseek,
};

static const struct file_operations proc_file_operations = {
	.open = proc_open,
	.read = proc_read,
	.write = proc_write,
	.llseek = proc_lseek,
	.poll = proc_poll,
	.unlocked_ioctl = proc_ioctl,
	.release = proc_release,
};

static const struct super_operations proc_super_operations = {
	.evict_inode = proc_evict_inode,
};

static const struct dentry_operations proc_dentry_operations = {
	.d_revalidate = proc_d_revalidate,
};

static struct super_block *proc_mount(struct file_system_type *fs, const char *source, void *data)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *root;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_op = &proc_super_operations;
	sb->s_d_op = &proc_dentry_operations;
	sb->s_dev = 0x100;
	root = proc_get_inode(sb, &proc_root);
	if (root)
		sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		kfree(sb);
		return ERR_PTR(-ENOMEM);
	}
	return sb;
}

struct file_system_type proc_fs_type = {
	.name = "proc",
	.mount = proc_mount,
};

/* For modules. */
EXPORT_SYMBOL(proc_create);
EXPORT_SYMBOL(proc_create_data);
EXPORT_SYMBOL(proc_create_single);
EXPORT_SYMBOL(proc_mkdir);
EXPORT_SYMBOL(proc_remove);
EXPORT_SYMBOL(remove_proc_entry);
EXPORT_SYMBOL(pde_data);
EXPORT_SYMBOL(proc_create_seq_private);
EXPORT_SYMBOL(proc_set_size);
EXPORT_SYMBOL(proc_set_user);
