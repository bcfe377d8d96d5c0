/*
 * romfs: the read-only filesystem of genromfs images, read from a block
 * device, as a module.
 *
 *	insmod /lib/modules/romfs.ko
 *	mount -t romfs /dev/ram0 /mnt
 *
 * The on-disk format (described in Linux's Documentation/filesystems/
 * romfs.rst). Every number is 32 bits, big-endian; every header starts on
 * a 16-byte boundary.
 *
 *   offset 0   "-rom1fs-"
 *          8   the filesystem's full size in bytes
 *          12  checksum: the 32-bit words of the first 512 bytes (or of the
 *              whole filesystem, if smaller) add up to 0
 *          16  the volume name, NUL-terminated, padded to 16 bytes
 *   then the file headers, the root directory's first:
 *          0   next: offset of the next header in the same directory, 0 at
 *              the end; its low 4 bits are not part of the offset but the
 *              type (bits 0-2) and "executable" (bit 3)
 *          4   spec: a directory's first entry; a hard link's target header;
 *              a device's numbers; else 0
 *          8   size: a file's bytes (a symlink's: the length of its target)
 *          12  checksum: the words of the header and its padded name add
 *              up to 0
 *          16  the name, NUL-terminated, padded to 16 bytes; then the data
 *   Types: 0 hard link, 1 directory, 2 file, 3 symbolic link, 4 block
 *   device, 5 char device, 6 socket, 7 fifo. Each directory lists its own
 *   "." and ".." (genromfs makes them hard links, except the root's ".",
 *   which is the root's own header: its first entry is itself).
 *
 * What is shown: directories and files (r-x or r-- by the executable bit),
 * and hard links to them as what they link to. A symbolic link is a link
 * (ls -l: "l") whose target get_link reads from the disk at each walk
 * through it. Device nodes, sockets and fifos are left out.
 *
 * Trusting nothing on the disk: mount checks the superblock against the
 * device's size, then walks the whole tree once and checks every header:
 * inside the filesystem and aligned, name terminated, checksum right, data
 * inside the filesystem, at most ROMFS_MAX_LINKS hard-link hops, no loops,
 * at most ROMFS_MAX_DEPTH levels. At the first fault the image is refused
 * with -EINVAL and the reason in the kernel log, and nothing is mounted.
 * Every later header read checks again (a RAM disk can be written while
 * mounted); a fault then fails that lookup or read with -EIO.
 *
 * Locking: none of its own. The VFS calls lookup and readdir with vfs_lock
 * held and read with the inode's i_mutex; what romfs keeps is written when
 * the superblock or an inode is made and only read after. A mount reads
 * the disk with vfs_lock held, so a big image on a slow disk holds up
 * other path walks while it is checked.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/blkdev.h>
#include <asm/byteorder.h>
#include <modlab/errno.h>

#define ROMFS_MAGIC		"-rom1fs-"
#define ROMFS_SB_CHECKED	512	/* bytes the superblock checksum covers */
#define ROMFH_SIZE		16	/* a file header, without its name */
#define ROMFH_MIN		32	/* a header with the shortest padded name */
#define ROMFH_TYPE		7	/* in 'next': the type... */
#define ROMFH_EXEC		8	/* ...and the executable bit */
#define ROMFH_OFFSET(x)		((x) & ~15u)
#define ROMFS_MAX_LINKS		8	/* hard-link hops followed */
#define ROMFS_MAX_DEPTH		32	/* directory levels mount checks */

enum { ROMFH_HRD, ROMFH_DIR, ROMFH_REG, ROMFH_SYM, ROMFH_BLK, ROMFH_CHR, ROMFH_SCK, ROMFH_FIF };

struct romfs_sb {
	struct block_device *bdev;
	const char *source;		/* the device's name, for messages */
	u32 size;			/* of the filesystem, <= the device's */
	u32 root;			/* offset of the root directory's header */
};

/* One file header as read from the disk and checked. */
struct romfs_entry {
	u32 off;			/* of the header */
	u32 next;			/* offset of the next header in the directory, or 0 */
	u32 spec;
	u32 size;
	u32 data;			/* offset of what follows the name */
	unsigned int type;		/* ROMFH_* */
	bool exec;
	char name[NAME_MAX + 1];
};

/* What an inode needs besides the VFS's fields. */
struct romfs_inode {
	u32 data;			/* a file's bytes, a directory's first entry */
};

static const struct inode_operations romfs_dir_inode_operations;
static const struct file_operations romfs_dir_operations;
static const struct file_operations romfs_file_operations;
static const struct inode_operations romfs_symlink_inode_operations;
static const struct super_operations romfs_super_operations;

static struct romfs_sb *RS(struct super_block *sb)
{
	return sb->s_fs_info;
}

static struct romfs_inode *RI(struct inode *inode)
{
	return inode->i_private;
}

static bool is_dot(const char *name)
{
	return !strcmp(name, ".") || !strcmp(name, "..");
}

/* Report a fault in the image; -EINVAL (mount turns it into a refusal,
 * later readers into -EIO). */
static int corrupt(struct romfs_sb *rs, u32 off, const char *why)
{
	pr_err("romfs: %s: corrupt image: %s (offset %#x)\n", rs->source, why, off);
	return -EINVAL;
}

/* Errors after mount: a fault in the image reads as an I/O error. */
static int io_error(int err)
{
	return err == -EINVAL ? -EIO : err;
}

/* Do the big-endian words of buf (len a multiple of 4) add up to 0? */
static bool checksum_ok(const void *buf, u32 len)
{
	const __be32 *w = buf;
	u32 sum = 0, i;

	for (i = 0; i < len / 4; i++)
		sum += be32_to_cpu(w[i]);
	return sum == 0;
}

/* Read and check the header at off. */
static int romfs_read_entry(struct romfs_sb *rs, u32 off, struct romfs_entry *e)
{
	u8 buf[ROMFH_SIZE + NAME_MAX + 1];	/* a header and the longest name */
	const char *name = (const char *)buf + ROMFH_SIZE;
	u32 avail, len, meta, raw_next;
	int err;

	if (off % 16 || off < rs->root || off > rs->size - ROMFH_MIN)
		return corrupt(rs, off, "file header outside the filesystem");
	avail = min(rs->size - off, (u32)sizeof(buf));
	err = bdev_read(rs->bdev, off, avail, buf);
	if (err)
		return err;
	len = strnlen(name, avail - ROMFH_SIZE);
	if (len == avail - ROMFH_SIZE)
		return corrupt(rs, off, "file name not terminated");
	if (len == 0)
		return corrupt(rs, off, "empty file name");
	meta = ROMFH_SIZE + ALIGN(len + 1, 16);
	if (meta > avail)
		return corrupt(rs, off, "file name runs past the end");
	if (!checksum_ok(buf, meta))
		return corrupt(rs, off, "file header checksum is wrong");

	raw_next = be32_to_cpu(*(__be32 *)buf);
	e->off = off;
	e->next = ROMFH_OFFSET(raw_next);
	e->type = raw_next & ROMFH_TYPE;
	e->exec = raw_next & ROMFH_EXEC;
	e->spec = be32_to_cpu(*(__be32 *)(buf + 4));
	e->size = be32_to_cpu(*(__be32 *)(buf + 8));
	e->data = off + meta;
	memcpy(e->name, name, len + 1);
	if ((e->type == ROMFH_REG || e->type == ROMFH_SYM) && e->size > rs->size - e->data)
		return corrupt(rs, off, "file data runs past the end");
	return 0;
}

/* The header at off, with hard links followed to what they link to. */
static int romfs_resolve(struct romfs_sb *rs, u32 off, struct romfs_entry *e)
{
	unsigned int hops = 0;
	int err;

	for (;;) {
		err = romfs_read_entry(rs, off, e);
		if (err || e->type != ROMFH_HRD)
			return err;
		if (++hops > ROMFS_MAX_LINKS)
			return corrupt(rs, off, "too many hard links in a row");
		off = ROMFH_OFFSET(e->spec);
	}
}

/*
 * Call fn on each entry of the directory whose first entry is at first,
 * until fn returns non-zero (which is returned). A directory cannot hold
 * more headers than fit in the filesystem, so a longer chain is a loop.
 */
static int romfs_for_each_entry(struct romfs_sb *rs, u32 first,
				int (*fn)(struct romfs_sb *rs, struct romfs_entry *e, void *arg),
				void *arg)
{
	struct romfs_entry e;
	u32 off = first, steps = rs->size / ROMFH_MIN;
	int ret;

	while (off) {
		if (steps-- == 0)
			return corrupt(rs, first, "directory entries form a loop");
		ret = romfs_read_entry(rs, off, &e);
		if (ret)
			return ret;
		ret = fn(rs, &e, arg);
		if (ret)
			return ret;
		off = e.next;
	}
	return 0;
}

/* ---- inodes ---- */

/* The inode for the header at off (hard links followed); ERR_PTR(-ENOENT)
 * for the types romfs leaves out. */
static struct inode *romfs_iget(struct super_block *sb, u32 off)
{
	struct romfs_entry e;
	struct romfs_inode *ri;
	struct inode *inode;
	int err = romfs_resolve(RS(sb), off, &e);

	if (err)
		return ERR_PTR(err);
	if (e.type != ROMFH_DIR && e.type != ROMFH_REG && e.type != ROMFH_SYM)
		return ERR_PTR(-ENOENT);
	inode = new_inode(sb);
	ri = kzalloc(sizeof(*ri), GFP_KERNEL);
	if (!inode || !ri) {
		kfree(ri);
		if (inode)
			iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	inode->i_private = ri;
	inode->i_ino = e.off;		/* unique, and the same for all hard links */
	inode->i_mtime_ns = 0;		/* romfs keeps no times */
	switch (e.type) {
	case ROMFH_DIR:
		inode->i_mode = S_IFDIR | 0555;
		inode->i_nlink = 2;
		inode->i_op = &romfs_dir_inode_operations;
		inode->i_fop = &romfs_dir_operations;
		ri->data = ROMFH_OFFSET(e.spec);
		break;
	case ROMFH_REG:
		inode->i_mode = S_IFREG | (e.exec ? 0555 : 0444);
		inode->i_fop = &romfs_file_operations;
		inode->i_size = e.size;
		ri->data = e.data;
		break;
	case ROMFH_SYM:
		inode->i_mode = S_IFLNK | 0777;
		inode->i_op = &romfs_symlink_inode_operations;	/* never opened itself */
		inode->i_size = e.size;
		ri->data = e.data;
		break;
	}
	return inode;
}

static void romfs_evict_inode(struct inode *inode)
{
	kfree(RI(inode));
}

/* ---- directories ---- */

struct romfs_find {
	const char *name;
	u32 off;
};

static int romfs_match(struct romfs_sb *rs, struct romfs_entry *e, void *arg)
{
	struct romfs_find *f = arg;

	if (is_dot(e->name) || strcmp(e->name, f->name))
		return 0;
	f->off = e->off;
	return 1;
}

static struct inode *romfs_lookup(struct inode *dir, const char *name)
{
	struct romfs_find f = { .name = name };
	int ret = romfs_for_each_entry(RS(dir->i_sb), RI(dir)->data, romfs_match, &f);

	if (ret < 0)
		return ERR_PTR(io_error(ret));
	if (!ret)
		return ERR_PTR(-ENOENT);
	return romfs_iget(dir->i_sb, f.off);
}

/*
 * Directory positions: 0 and 1 are "." and "..", 2 the first entry, and
 * after that the disk offset of the next header to read, so a read that
 * stopped goes on from there at once instead of counting entries from the
 * start again. ROMFS_POS_END is past the last entry (no header is there:
 * offsets are 32-bit).
 */
#define ROMFS_POS_END		(1LL << 32)

static int romfs_emit(struct romfs_sb *rs, struct romfs_entry *e, void *arg)
{
	struct dir_context *ctx = arg;
	struct romfs_entry target;
	unsigned int dt;
	int err;

	if (is_dot(e->name))
		goto next;		/* given out first, by dir_emit_dots */
	err = romfs_resolve(rs, e->off, &target);
	if (err)
		return err;
	dt = target.type == ROMFH_DIR ? DT_DIR : target.type == ROMFH_REG ? DT_REG :
	     target.type == ROMFH_SYM ? DT_LNK : DT_UNKNOWN;
	if (dt != DT_UNKNOWN && !dir_emit(ctx, e->name, strlen(e->name), target.off, dt))
		return 1;		/* the reader is full: pos stays at e */
next:
	ctx->pos = e->next ? e->next : ROMFS_POS_END;
	return 0;
}

/* ".", "..", then the entries in the order the image lists them. */
static int romfs_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file->f_inode;
	struct romfs_sb *rs = RS(dir->i_sb);
	u32 first;
	int ret;

	if (!dir_emit_dots(file, ctx))
		return 0;
	if (ctx->pos == ROMFS_POS_END)
		return 0;
	if (ctx->pos == 2)
		first = RI(dir)->data;
	else if ((ctx->pos & 15) || ctx->pos < rs->root || ctx->pos > rs->size - ROMFH_MIN)
		return -EINVAL;		/* not a position a read left (a bad seek) */
	else
		first = ctx->pos;
	if (!first) {
		ctx->pos = ROMFS_POS_END;	/* an empty directory */
		return 0;
	}
	ret = romfs_for_each_entry(rs, first, romfs_emit, ctx);
	return ret < 0 ? io_error(ret) : 0;
}

/* ---- files ---- */

static ssize_t romfs_read(struct file *file, char *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;
	int err;

	if (*pos >= inode->i_size)
		return 0;
	count = min((loff_t)count, inode->i_size - *pos);
	/* Inside the filesystem: romfs_read_entry checked data + size. */
	err = bdev_read(RS(inode->i_sb)->bdev, RI(inode)->data + *pos, count, buf);
	if (err)
		return io_error(err);
	*pos += count;
	return count;
}

/*
 * A link's target, read from the disk into a buffer the VFS frees through
 * done. Called under vfs_lock; the disk's lock nests inside it, as for
 * every lookup that reads the disk.
 */
static const char *romfs_get_link(struct dentry *dentry, struct inode *inode,
				  struct delayed_call *done)
{
	char *target;
	int err;

	if (inode->i_size >= PATH_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	target = kmalloc(inode->i_size + 1, GFP_KERNEL);
	if (!target)
		return ERR_PTR(-ENOMEM);
	/* Inside the filesystem: romfs_read_entry checked data + size. */
	err = bdev_read(RS(inode->i_sb)->bdev, RI(inode)->data, inode->i_size, target);
	if (err) {
		kfree(target);
		return ERR_PTR(io_error(err));
	}
	target[inode->i_size] = '\0';
	set_delayed_call(done, kfree_link, target);
	return target;
}

static const struct inode_operations romfs_symlink_inode_operations = {
	.get_link = romfs_get_link,
};

/* ---- the superblock ---- */

/* Check the superblock and find the root; -EINVAL if it is not romfs. */
static int romfs_read_super(struct romfs_sb *rs)
{
	loff_t dev_bytes = bdev_nr_bytes(rs->bdev);
	u32 checked, len;
	char *buf;
	int err = -EINVAL;

	if (dev_bytes < ROMFS_SB_CHECKED) {
		pr_err("romfs: %s: the device is too small for romfs (%lld bytes)\n", rs->source,
		       dev_bytes);
		return -EINVAL;
	}
	buf = kmalloc(ROMFS_SB_CHECKED, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = bdev_read(rs->bdev, 0, ROMFS_SB_CHECKED, buf);
	if (err)
		goto out;
	err = -EINVAL;
	if (memcmp(buf, ROMFS_MAGIC, 8)) {
		pr_err("romfs: %s: not a romfs image (no \"" ROMFS_MAGIC "\" at the start)\n",
		       rs->source);
		goto out;
	}
	rs->size = be32_to_cpu(*(__be32 *)(buf + 8));
	if (rs->size > dev_bytes) {
		pr_err("romfs: %s: corrupt image: it says it is %u bytes, the device has %lld\n",
		       rs->source, rs->size, dev_bytes);
		goto out;
	}
	if (rs->size < ROMFH_SIZE + 16 + ROMFH_MIN) {
		pr_err("romfs: %s: corrupt image: %u bytes is too small\n", rs->source, rs->size);
		goto out;
	}
	checked = min(rs->size, (u32)ROMFS_SB_CHECKED) & ~3u;
	if (!checksum_ok(buf, checked)) {
		pr_err("romfs: %s: corrupt image: checksum of the first %u bytes is wrong\n",
		       rs->source, checked);
		goto out;
	}
	len = strnlen(buf + ROMFH_SIZE, checked - ROMFH_SIZE);
	if (len == checked - ROMFH_SIZE) {
		pr_err("romfs: %s: corrupt image: volume name not terminated\n", rs->source);
		goto out;
	}
	rs->root = ROMFH_SIZE + ALIGN(len + 1, 16);
	if (rs->root > rs->size - ROMFH_MIN) {
		pr_err("romfs: %s: corrupt image: no room for the root directory\n", rs->source);
		goto out;
	}
	pr_debug("romfs: %s: volume \"%s\", %u bytes\n", rs->source, buf + ROMFH_SIZE, rs->size);
	err = 0;
out:
	kfree(buf);
	return err;
}

/*
 * Walk the whole tree once and check every header, so that a corrupt
 * image is refused at mount rather than found out file by file. Depth
 * first, with a stack of "next entry to look at" per level. "." and ".."
 * are not followed (the root's "." is the root itself); other hard links
 * are followed to check their target, not walked into; each other header
 * is read once, so a loop shows as more headers than the size allows.
 */
static int romfs_check_tree(struct romfs_sb *rs)
{
	u32 stack[ROMFS_MAX_DEPTH], budget = rs->size / ROMFH_MIN + 1;
	struct romfs_entry *e = kmalloc(sizeof(*e), GFP_KERNEL);
	unsigned int depth = 0;
	int err;

	if (!e)
		return -ENOMEM;
	err = romfs_resolve(rs, rs->root, e);
	if (!err && e->type != ROMFH_DIR)
		err = corrupt(rs, rs->root, "the root is not a directory");
	if (!err)
		stack[depth++] = ROMFH_OFFSET(e->spec);
	while (!err && depth) {
		u32 off = stack[depth - 1];

		if (!off) {
			depth--;	/* end of this directory */
			continue;
		}
		if (budget-- == 0) {
			err = corrupt(rs, off, "directories form a loop");
			break;
		}
		err = romfs_read_entry(rs, off, e);
		if (err)
			break;
		stack[depth - 1] = e->next;
		if (e->type == ROMFH_HRD) {
			err = romfs_resolve(rs, off, e);	/* the target must be sound */
		} else if (e->type == ROMFH_DIR && !is_dot(e->name)) {
			if (depth == ROMFS_MAX_DEPTH)
				err = corrupt(rs, off, "directories nested too deep");
			else
				stack[depth++] = ROMFH_OFFSET(e->spec);
		}
	}
	kfree(e);
	return err;
}

static void romfs_statfs(struct super_block *sb, unsigned long *total_kib, unsigned long *used_kib)
{
	*total_kib = DIV_ROUND_UP(RS(sb)->size, 1024);
	*used_kib = *total_kib;		/* read-only: all of it is in use */
}

static struct super_block *romfs_mount(struct file_system_type *fs, const char *source,
				       void *data)
{
	struct block_device *bdev;
	struct super_block *sb;
	struct romfs_sb *rs;
	struct inode *root;
	int err;

	bdev = blkdev_get_by_path(source ? source : "", FMODE_READ, fs);
	if (IS_ERR(bdev)) {
		pr_err("romfs: cannot open %s: %s\n", source ? source : "(no source)",
		       strerror(PTR_ERR(bdev)));
		return ERR_CAST(bdev);
	}
	err = -ENOMEM;
	sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	rs = kzalloc(sizeof(*rs), GFP_KERNEL);
	if (!sb || !rs)
		goto fail;
	rs->bdev = bdev;
	rs->source = bdev->bd_name;
	err = romfs_read_super(rs);
	if (!err)
		err = romfs_check_tree(rs);
	if (err) {
		if (err == -EINVAL)
			pr_err("romfs: %s: not mounted\n", rs->source);
		goto fail;
	}
	sb->s_op = &romfs_super_operations;
	sb->s_fs_info = rs;
	sb->s_readonly = 1;
	sb->s_dev = 0x300 + bdev->bd_dev;
	root = romfs_iget(sb, rs->root);
	if (IS_ERR(root)) {
		err = PTR_ERR(root);
		goto fail;
	}
	sb->s_root = d_make_root(root);
	if (!sb->s_root)
		goto fail;
	return sb;
fail:
	kfree(rs);
	kfree(sb);
	blkdev_put(bdev, FMODE_READ);
	return ERR_PTR(err);
}

static void romfs_kill_sb(struct super_block *sb)
{
	blkdev_put(RS(sb)->bdev, FMODE_READ);
	kfree(sb->s_fs_info);
	kfree(sb);
}

static const struct inode_operations romfs_dir_inode_operations = {
	.lookup = romfs_lookup,
};

static const struct file_operations romfs_dir_operations = {
	.iterate = romfs_readdir,
	.llseek = generic_file_llseek,
};

static const struct file_operations romfs_file_operations = {
	.read = romfs_read,
	.llseek = generic_file_llseek,
};

static const struct super_operations romfs_super_operations = {
	.evict_inode = romfs_evict_inode,
	.statfs = romfs_statfs,
};

static struct file_system_type romfs_fs_type = {
	.name = "romfs",
	.mount = romfs_mount,
	.kill_sb = romfs_kill_sb,
	.owner = THIS_MODULE,
	.fs_flags = FS_REQUIRES_DEV,
};

static int __init romfs_init(void)
{
	return register_filesystem(&romfs_fs_type);
}

static void __exit romfs_exit(void)
{
	/* The unload has already unregistered it (and refused while mounted). */
	unregister_filesystem(&romfs_fs_type);
}

module_init(romfs_init);
module_exit(romfs_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("romfs: read-only genromfs images from a block device");
MODULE_VERSION("1.0");
