/*
 * The virtual filesystem, with Linux's names: filesystem types, superblocks,
 * inodes, directory entries (dentries), mounts and open files.
 *
 * A filesystem type registers itself (register_filesystem). Mounting it
 * makes a superblock whose root dentry is joined to the tree at the mount
 * point. Path lookup walks dentries, asking a directory's inode_operations
 * lookup() for names not yet in the tree, and steps into mounted
 * filesystems at mount points. Open files read and write through their
 * inode's file_operations.
 *
 * Locking (fs/namei.c has the details):
 *  - vfs_lock, a mutex, protects the shape of the tree: every dentry's
 *    parent, children, inode and mount flag; the mount list; and every
 *    directory's contents, so filesystems' lookup, create, mkdir, unlink,
 *    rmdir and rename run under it.
 *  - an inode's i_mutex protects its data and size (read, write, truncate).
 *  - file_systems_lock, a spin lock, protects the list of filesystem types
 *    and each type's mount count (fs/filesystems.c).
 *  Order: vfs_lock, then i_mutex, then file_systems_lock.
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/stat.h>
#include <linux/fcntl.h>
#include <linux/kdev_t.h>
#include <linux/uidgid.h>
#include <linux/capability.h>
#include <linux/delayed_call.h>
#include <modlab/path.h>
/* What Linux's fs.h makes reachable through its own includes. */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/string.h>
#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/jiffies.h>
#include <linux/ioctl.h>
#include <linux/uaccess.h>
#include <linux/capability.h>

struct module;
struct super_block;
struct inode;
struct dentry;
struct file;
struct vfsmount;
struct dir_context;

struct poll_table_struct;
struct cdev;
struct kiocb;
struct iov_iter;
struct vm_area_struct;

/* An open file's f_mode (open() flags are in linux/fcntl.h). */
#define FMODE_READ	((__force fmode_t)0x1)		/* opened for reading */
#define FMODE_WRITE	((__force fmode_t)0x2)		/* opened for writing */
#define FMODE_LSEEK	((__force fmode_t)0x4)		/* llseek works */
#define FMODE_PREAD	((__force fmode_t)0x8)		/* reads at a position work */
#define FMODE_PWRITE	((__force fmode_t)0x10)		/* writes at a position work */
#define FMODE_ATOMIC_POS ((__force fmode_t)0x8000)	/* f_pos updates are serialised */
#define FMODE_STREAM	((__force fmode_t)0x200000)	/* a stream: no position at all */

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

/* Directory entry types for readdir, as Linux's DT_*. */
#define DT_UNKNOWN	0
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10

struct file_system_type {
	const char *name;
	/* Make a superblock for a new mount of this type; ERR_PTR on failure. */
	struct super_block *(*mount)(struct file_system_type *fs, const char *source, void *data);
	/* Free what mount made (the tree is already gone). */
	void (*kill_sb)(struct super_block *sb);
	struct module *owner;		/* THIS_MODULE; NULL when built in */
	int fs_flags;
	/* Private to fs/filesystems.c, under file_systems_lock: */
	struct list_head fs_list;
	int mount_count;		/* mounts of this type now */
};

#define FS_REQUIRES_DEV	1		/* mount needs a block device as source */

int register_filesystem(struct file_system_type *fs);
/* Fails with -EBUSY, changing nothing, while the type is mounted. */
int unregister_filesystem(struct file_system_type *fs);
/* A type by name with its module pinned (NULL if none or going); and back. */
struct file_system_type *get_fs_type(const char *name);
void put_filesystem(struct file_system_type *fs);

struct super_operations {
	/* The inode's last reference is gone: free what the fs keeps for it. */
	void (*evict_inode)(struct inode *inode);
	/* Space figures for df; may be NULL. */
	void (*statfs)(struct super_block *sb, unsigned long *total_kib, unsigned long *used_kib);
};

struct dentry_operations {
	/* Is this cached dentry still right? If not, the VFS drops it and
	 * asks lookup() again (procfs entries can disappear by themselves). */
	int (*d_revalidate)(struct dentry *dentry);
};

struct super_block {
	struct file_system_type *s_type;
	const struct super_operations *s_op;
	const struct dentry_operations *s_d_op;
	struct dentry *s_root;
	void *s_fs_info;		/* the filesystem's own */
	int s_readonly;
	unsigned long s_dev;		/* a number for stat */
	unsigned long s_next_ino;	/* for filesystems that number inodes as they go */
};

struct inode_operations {
	/* Find name in dir: its inode (referenced), or ERR_PTR(-ENOENT). */
	struct inode *(*lookup)(struct inode *dir, const char *name);
	/* Make a new regular file / directory; returns the inode (referenced). */
	struct inode *(*create)(struct inode *dir, const char *name, umode_t mode);
	struct inode *(*mkdir)(struct inode *dir, const char *name, umode_t mode);
	/* Remove name (its inode given); the VFS already checked the type. */
	int (*unlink)(struct inode *dir, const char *name, struct inode *inode);
	int (*rmdir)(struct inode *dir, const char *name, struct inode *inode);
	int (*rename)(struct inode *old_dir, const char *old_name, struct inode *new_dir,
		      const char *new_name, struct inode *inode);
	/* Set the size (truncate or extend with zeros); under i_mutex. */
	int (*setsize)(struct inode *inode, loff_t size);
	/* Make a special file (S_IFCHR...) for device dev; the inode (referenced).
	 * modlab's shape, like create: Linux's takes a dentry and returns int. */
	struct inode *(*mknod)(struct inode *dir, const char *name, umode_t mode, dev_t dev);
	/* Make a symbolic link name -> target; the inode (referenced).
	 * modlab's shape, like create: Linux's takes a dentry and returns int. */
	struct inode *(*symlink)(struct inode *dir, const char *name, const char *target);
	/* A symbolic link's target, as Linux 6.1: a string that stays valid
	 * until done is called (set_delayed_call; nothing to do for a string
	 * the inode keeps, as simple_get_link's), or ERR_PTR. The VFS calls
	 * it with vfs_lock held and a reference on dentry, never with a NULL
	 * dentry (Linux's RCU walk, which modlab does not have). */
	const char *(*get_link)(struct dentry *dentry, struct inode *inode,
				struct delayed_call *done);
};

/*
 * What an open file does, as Linux 6.1 declares it (the fields modlab
 * calls: mmap only from the shell's `mmap`, as there is no user address space;
 * Linux's others, such as splice and fsync, are not here).
 *
 * owner is the module whose code these are (THIS_MODULE): opening the
 * file takes a reference on it (fops_get) and the close drops it, so a
 * module cannot be removed while one of its files is open.
 */
struct vm_area_struct;

struct file_operations {
	struct module *owner;
	/* NULL: the file cannot seek (-ESPIPE), as Linux's no_llseek. */
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	/* Read/write at *pos, advancing it; return bytes or -errno. Regular
	 * files and directories are called with i_mutex held; character
	 * devices are not (a blocking read must not stop a writer), so their
	 * drivers lock for themselves, as in Linux. */
	ssize_t (*read)(struct file *file, char __user *buf, size_t count, loff_t *pos);
	ssize_t (*write)(struct file *file, const char __user *buf, size_t count, loff_t *pos);
	/* Used when read/write are NULL, as in Linux: the VFS hands over one
	 * kiocb (file and position) and one iov_iter (the caller's buffer);
	 * same locking as read/write (fs/read_write.c). */
	ssize_t (*read_iter)(struct kiocb *iocb, struct iov_iter *to);
	ssize_t (*write_iter)(struct kiocb *iocb, struct iov_iter *from);
	/* Call dir_emit for each entry from ctx->pos on. */
	int (*iterate)(struct file *file, struct dir_context *ctx);
	/* Which EPOLL* events hold now; poll_wait() names the wait queues. */
	__poll_t (*poll)(struct file *file, struct poll_table_struct *wait);
	long (*unlocked_ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	long (*compat_ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	/* Fill or prepare vma (remap_pfn_range, or vm_ops with .fault): called
	 * by the shell's `mmap` command, which maps into the kernel's mmap
	 * area (kernel/mm/mmap.c); there is no user address space. */
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	unsigned long (*get_unmapped_area)(struct file *file, unsigned long addr,
					   unsigned long len, unsigned long pgoff,
					   unsigned long flags);
	int (*open)(struct inode *inode, struct file *file);
	/* Turn FASYNC notification on or off (fasync_helper). Linux calls it
	 * from fcntl(F_SETFL); modlab has no fcntl, so only drivers do. */
	int (*fasync)(int fd, struct file *file, int on);
	/* At each close, before release. */
	int (*flush)(struct file *file, fl_owner_t id);
	/* The last close of an open file. A directory's is called with
	 * vfs_lock held (its readers' state may live in the directory's list). */
	int (*release)(struct inode *inode, struct file *file);
};

struct inode {
	unsigned long i_ino;
	umode_t i_mode;
	unsigned int i_nlink;
	loff_t i_size;
	kuid_t i_uid;
	kgid_t i_gid;
	u64 i_mtime_ns;
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	void *i_private;		/* the filesystem's own */
	dev_t i_rdev;			/* the device of a special file (S_IFCHR) */
	/* The cdev the last open of this special file found (chrdev_open sets
	 * it under cdev_lock before the driver's open, which may read it). */
	struct cdev *i_cdev;
	struct mutex i_mutex;
	int i_count;			/* references (atomic) */
	unsigned int i_flags;		/* S_DEAD; under vfs_lock */
	const char *i_link;		/* a symbolic link's target (simple_get_link) */
};

/* i_flags: a directory that was removed (rmdir, or replaced by rename).
 * It may live on as a working directory or an open file, but nothing can
 * be created in it, looked up in it or mounted on it: -ENOENT, as Linux. */
#define S_DEAD		16
#define IS_DEADDIR(inode)	((inode)->i_flags & S_DEAD)
/* i_flags, modlab's: the file's operations lock for themselves, as every
 * file's do on Linux (procfs, debugfs): reads and writes run without
 * i_mutex, so a reader that sleeps, or dies in an oops, holds up no one. */
#define S_NOIOLOCK		32

/* A name with its length, as Linux's (hash is not used here). */
struct qstr {
	union {
		struct {
			u32 hash;
			u32 len;
		};
		u64 hash_len;
	};
	const unsigned char *name;
};

#define QSTR_INIT(n, l) { { { .len = l } }, .name = n }

struct dentry {
	struct qstr d_name;		/* name points at d_iname */
	struct dentry *d_parent;	/* itself for a filesystem's root */
	struct inode *d_inode;
	struct super_block *d_sb;
	struct list_head d_subdirs;	/* children */
	struct list_head d_child;	/* in the parent's d_subdirs */
	struct dentry *d_hash_next;	/* in its bucket of the dentry hash */
	struct dentry **d_hash_pprev;	/* what points at us there; NULL: not hashed */
	int d_count;			/* references (atomic); the tree holds one */
	int d_mounted;			/* filesystems mounted here */
	unsigned char d_iname[NAME_MAX + 1];
};

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
	struct vfsmount *mnt_parent;	/* itself for the root mount */
	struct dentry *mnt_mountpoint;
	struct list_head mnt_list;	/* in the mount list, oldest first */
	char mnt_devname[64];
	int mnt_count;			/* users: open files, cwds, child mounts, walks */
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct file {
	struct path f_path;
	struct inode *f_inode;
	const struct file_operations *f_op;	/* its owner pinned while open */
	fmode_t f_mode;				/* FMODE_* */
	unsigned int f_flags;			/* O_* as given to open */
	loff_t f_pos;
	void *private_data;			/* the driver's own */
	struct cdev *f_cdev;			/* modlab: the cdev a device file opened */
};

/*
 * One read or write in progress, as Linux's: the file and the position.
 * A NULL ki_complete makes it synchronous (the only kind the VFS makes);
 * a read_iter that returns -EIOCBQUEUED for one is a driver bug.
 */
struct kiocb {
	struct file *ki_filp;
	loff_t ki_pos;
	void (*ki_complete)(struct kiocb *iocb, long ret);
	void *private;
	int ki_flags;
	u16 ki_ioprio;
};

#define IOCB_APPEND	(1 << 1)
#define IOCB_NOWAIT	(1 << 7)

static inline bool is_sync_kiocb(struct kiocb *kiocb)
{
	return kiocb->ki_complete == NULL;
}

static inline void init_sync_kiocb(struct kiocb *kiocb, struct file *filp)
{
	*kiocb = (struct kiocb){
		.ki_filp = filp,
		.ki_flags = (filp->f_flags & O_APPEND) ? IOCB_APPEND : 0,
	};
}

/* modlab has no page cache: these move data through the file's own
 * read/write (-EINVAL if it has none), at iocb->ki_pos (fs/read_write.c). */
ssize_t generic_file_read_iter(struct kiocb *iocb, struct iov_iter *to);
ssize_t generic_file_write_iter(struct kiocb *iocb, struct iov_iter *from);

/*
 * Who wants SIGIO when a file becomes ready (fs/fcntl.c). Linux signals
 * the owner set with F_SETOWN; modlab has no processes to own a file, so
 * kill_fasync finds no owner and, like Linux without one, sends nothing.
 */
struct fasync_struct {
	int magic;
	int fa_fd;
	struct fasync_struct *fa_next;	/* under fasync_lock */
	struct file *fa_file;
};

#define FASYNC_MAGIC	0x4601

/* Add (on) or remove filp from *fapp; 1 if added, 0 if removed or not
 * there, -ENOMEM. May sleep. */
int fasync_helper(int fd, struct file *filp, int on, struct fasync_struct **fapp);
void kill_fasync(struct fasync_struct **fp, int sig, int band);

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

static inline struct dentry *file_dentry(const struct file *file)
{
	return file->f_path.dentry;
}

static inline unsigned int iminor(const struct inode *inode)
{
	return MINOR(inode->i_rdev);
}

static inline unsigned int imajor(const struct inode *inode)
{
	return MAJOR(inode->i_rdev);
}

/*
 * Take a reference on the module of a set of file operations; NULL if the
 * module is going (the caller then fails with -ENXIO, as Linux's open does).
 */
#define fops_get(fops)							\
	(((fops) && try_module_get((fops)->owner)) ? (fops) : NULL)
#define fops_put(fops)							\
	do {								\
		if (fops)						\
			module_put((fops)->owner);			\
	} while (0)
/* Swap an open file's operations for new ones (already fops_get'd). */
#define replace_fops(f, fops)						\
	do {								\
		struct file *__file = (f);				\
		fops_put(__file->f_op);					\
		__file->f_op = (fops);					\
	} while (0)

typedef int (*filldir_t)(struct dir_context *ctx, const char *name, int namelen,
			 loff_t pos, unsigned long ino, unsigned int type);

struct dir_context {
	filldir_t actor;
	loff_t pos;
};

/* Hand one entry to the reader; false means stop (its buffer is full). */
static inline bool dir_emit(struct dir_context *ctx, const char *name, int namelen,
			    unsigned long ino, unsigned int type)
{
	return ctx->actor(ctx, name, namelen, ctx->pos, ino, type) == 0;
}

/*
 * "." and ".." for positions 0 and 1 of a directory read, as every
 * directory starts. Returns false if the reader is full (stop there).
 */
static inline bool dir_emit_dots(struct file *file, struct dir_context *ctx)
{
	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, file->f_inode->i_ino, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!dir_emit(ctx, "..", 2, file->f_path.dentry->d_parent->d_inode->i_ino, DT_DIR))
			return false;
		ctx->pos = 2;
	}
	return true;
}

/* Inodes and dentries (fs/inode.c). */
struct inode *new_inode(struct super_block *sb);
void ihold(struct inode *inode);
void iput(struct inode *inode);
struct dentry *d_make_root(struct inode *root);
struct dentry *d_alloc(struct dentry *parent, const char *name, struct inode *inode);
void d_add(struct dentry *d);
void d_delete(struct dentry *d);
void d_genocide(struct dentry *root);
struct dentry *d_lookup(struct dentry *dir, const char *name);
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
void path_get(const struct path *p);
void path_put(const struct path *p);

/* Generic pieces for in-memory filesystems and drivers (fs/libfs.c). */
int dcache_readdir(struct file *file, struct dir_context *ctx);
/* Seeking: against i_size; with no end; to anywhere; within size bytes. */
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);
loff_t default_llseek(struct file *file, loff_t offset, int whence);
loff_t noop_llseek(struct file *file, loff_t offset, int whence);
loff_t fixed_size_llseek(struct file *file, loff_t offset, int whence, loff_t size);
#define no_llseek NULL
/* An open that sets file->private_data to inode->i_private, if set. */
int simple_open(struct inode *inode, struct file *file);
/* Opens for files without a position: no seeking, no pread/pwrite. */
int nonseekable_open(struct inode *inode, struct file *filp);
int stream_open(struct inode *inode, struct file *filp);
/* Copy between a kernel buffer of 'available' bytes and the caller's,
 * at *ppos, advancing it; bytes copied or -EFAULT. */
ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos, const void *from,
				size_t available);
ssize_t simple_write_to_buffer(void *to, size_t available, loff_t *ppos,
			       const void __user *from, size_t count);

/* A special file's inode: its mode and device, and the operations that
 * open the device (fs/char_dev.c). */
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev);
extern const struct file_operations def_chr_fops;

/* Character device numbers (fs/char_dev.c). register_chrdev with major 0
 * picks a free major and returns it; all return a negative errno on error. */
int alloc_chrdev_region(dev_t *dev, unsigned int baseminor, unsigned int count,
			const char *name);
int register_chrdev_region(dev_t from, unsigned int count, const char *name);
void unregister_chrdev_region(dev_t from, unsigned int count);
int __register_chrdev(unsigned int major, unsigned int baseminor, unsigned int count,
		      const char *name, const struct file_operations *fops);
void __unregister_chrdev(unsigned int major, unsigned int baseminor, unsigned int count,
			 const char *name);

static inline int register_chrdev(unsigned int major, const char *name,
				  const struct file_operations *fops)
{
	return __register_chrdev(major, 0, 256, name, fops);
}

static inline void unregister_chrdev(unsigned int major, const char *name)
{
	__unregister_chrdev(major, 0, 256, name);
}

#define CHRDEV_MAJOR_HASH_SIZE	255
extern const struct file_operations simple_dir_operations;

/* Symbolic links whose target the inode keeps in i_link (fs/libfs.c). */
const char *simple_get_link(struct dentry *dentry, struct inode *inode,
			    struct delayed_call *done);
extern const struct inode_operations simple_symlink_inode_operations;
void kfree_link(void *p);
/* Copy dentry's link target (no NUL) into buffer; its length or -errno
 * (-EINVAL: not a symbolic link). Takes vfs_lock. */
int vfs_readlink(struct dentry *dentry, char __user *buffer, int buflen);

/* Path-level operations (fs/namei.c, fs/open.c; the shell's own are in
 * modlab/fs.h). All return 0 or a negative errno. */
int kern_path(const char *name, struct path *path);
int vfs_stat(const char *name, struct kstat *st);
/* As vfs_stat, but a symbolic link at the end is described, not followed. */
int vfs_lstat(const char *name, struct kstat *st);
/* The path string of p (like Linux's d_path); returns its length. */
int d_path(const struct path *p, char *buf, size_t size);

struct file *filp_open(const char *name, int flags, umode_t mode);
/* Close: Linux's takes a second argument (the owner, for POSIX locks),
 * which modlab has no use for; both filp_close(f) and filp_close(f, id)
 * work. */
int __filp_close(struct file *file);
#define filp_close(file, ...)	__filp_close(file)
ssize_t kernel_read(struct file *file, void *buf, size_t count, loff_t *pos);
ssize_t kernel_write(struct file *file, const void *buf, size_t count, loff_t *pos);
loff_t vfs_llseek(struct file *file, loff_t offset, int whence);
/* The generic block-device ioctls (Linux's uapi numbers). */
#define BLKROGET	_IO(0x12, 94)		/* int: read-only? */
#define BLKGETSIZE	_IO(0x12, 96)		/* unsigned long: size in sectors */
#define BLKSSZGET	_IO(0x12, 104)		/* int: logical block size */
#define BLKGETSIZE64	_IOR(0x12, 114, size_t)	/* u64: size in bytes */

/* Run the file's unlocked_ioctl; -ENOTTY if it has none. */
long vfs_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
int iterate_dir(struct file *file, struct dir_context *ctx);
int vfs_getattr(const struct path *p, struct kstat *st);

#endif
