/*
 * labfs: a tiny read-only filesystem in memory, as a module. Each mount
 * shows nfiles files, f0 .. f<nfiles-1>, in its root; file i holds the
 * line "<word> <i>" i + 1 times.
 *
 *	insmod /lab/labfs.ko nfiles=3 word=hello
 *	mount -t labfs none /mnt; ls /mnt; cat /mnt/f2
 *	umount /mnt; rmmod labfs
 *
 * The VFS keeps the tree of names (dentries) and asks the filesystem only
 * for what it does not know: lookup() makes the inode of a name when the
 * VFS first meets it, iterate() lists the root, read() gives a file's
 * bytes, evict_inode() frees what lookup made once the VFS drops the
 * inode (at umount at the latest).
 *
 * The lab's lesson is the module's side of seed 000: the filesystem type
 * names its module as owner, so each mount pins the module, and rmmod is
 * refused while a mount exists (fs/filesystems.c).
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>

#define LABFS_MAX_FILES 16

static int nfiles = 4;
module_param(nfiles, int, 0444);
MODULE_PARM_DESC(nfiles, "files in each mount's root, 1..16 (default 4)");

static char *word = "labfs";
module_param(word, charp, 0444);
MODULE_PARM_DESC(word, "the word each line of a file starts with (default labfs)");

static const struct file_operations labfs_dir_operations;
static const struct file_operations labfs_file_operations;
static const struct inode_operations labfs_dir_inode_operations;
static const struct super_operations labfs_super_operations;

/* The number i of a name "f<i>" with i < nfiles; -1 for any other name. */
static int labfs_file_index(const char *name)
{
	int i = 0;

	if (name[0] != 'f' || !name[1] || (name[1] == '0' && name[2]))
		return -1;
	for (name++; *name; name++) {
		if (*name < '0' || *name > '9' || i >= LABFS_MAX_FILES)
			return -1;
		i = i * 10 + (*name - '0');
	}
	return i < nfiles ? i : -1;
}

/* File i's text, kmalloc'd (NULL if out of memory); its length in *len. */
static char *labfs_make_text(int i, size_t *len)
{
	size_t line = strlen(word) + 4;		/* " NN\n" at most */
	char *text = kmalloc(line * (i + 1) + 1, GFP_KERNEL);
	size_t n = 0;
	int k;

	if (!text)
		return NULL;
	for (k = 0; k <= i; k++)
		n += sprintf(text + n, "%s %d\n", word, i);
	*len = n;
	return text;
}

/* LAB(fs) BEGIN: lookup: the inode of "f<i>" (a regular file holding its text), or -ENOENT */
static struct inode *labfs_lookup(struct inode *dir, const char *name)
{
	int i = labfs_file_index(name);
	struct inode *inode;
	size_t len;

	if (i < 0)
		return ERR_PTR(-ENOENT);
	inode = new_inode(dir->i_sb);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_private = labfs_make_text(i, &len);
	if (!inode->i_private) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	inode->i_mode = S_IFREG | 0444;
	inode->i_size = len;
	inode->i_fop = &labfs_file_operations;
	return inode;		/* the new inode's reference is the caller's */
}
/* LAB(fs) SKEL
static struct inode *labfs_lookup(struct inode *dir, const char *name)
{
	return ERR_PTR(-ENOENT);
}
*/
/* LAB(fs) END */

/* LAB(fs) BEGIN: iterate: ".", "..", then f0 .. f<nfiles-1>; ctx->pos counts the entries */
static int labfs_iterate(struct file *file, struct dir_context *ctx)
{
	char name[8];

	if (!dir_emit_dots(file, ctx))
		return 0;
	while (ctx->pos - 2 < nfiles) {
		int i = ctx->pos - 2;

		snprintf(name, sizeof(name), "f%d", i);
		/* No inode yet for names never looked up: any number will do. */
		if (!dir_emit(ctx, name, strlen(name), 100 + i, DT_REG))
			return 0;
		ctx->pos++;
	}
	return 0;
}
/* LAB(fs) SKEL
static int labfs_iterate(struct file *file, struct dir_context *ctx)
{
	dir_emit_dots(file, ctx);
	return 0;
}
*/
/* LAB(fs) END */

/* LAB(fs) BEGIN: read: the file's text from *pos on (simple_read_from_buffer) */
static ssize_t labfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_inode;

	return simple_read_from_buffer(buf, count, pos, inode->i_private, inode->i_size);
}
/* LAB(fs) SKEL
static ssize_t labfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	return 0;
}
*/
/* LAB(fs) END */

/* The inode's last reference is gone: free the text lookup made. */
static void labfs_evict_inode(struct inode *inode)
{
	kfree(inode->i_private);
}

/* LAB(fs) BEGIN: mount: a superblock, its root a directory (d_make_root); kill_sb frees it */
static struct super_block *labfs_mount(struct file_system_type *fs, const char *source,
				       void *data)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);
	struct inode *root;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	sb->s_op = &labfs_super_operations;
	sb->s_readonly = 1;
	root = new_inode(sb);
	if (!root)
		goto fail;
	root->i_mode = S_IFDIR | 0555;
	root->i_nlink = 2;
	root->i_op = &labfs_dir_inode_operations;
	root->i_fop = &labfs_dir_operations;
	sb->s_root = d_make_root(root);	/* on failure it drops root */
	if (!sb->s_root)
		goto fail;
	return sb;
fail:
	kfree(sb);
	return ERR_PTR(-ENOMEM);
}

/* After umount: the VFS has already dropped the tree (and so every inode). */
static void labfs_kill_sb(struct super_block *sb)
{
	kfree(sb);
}
/* LAB(fs) SKEL
static struct super_block *labfs_mount(struct file_system_type *fs, const char *source,
				       void *data)
{
	return ERR_PTR(-ENOSYS);
}

static void labfs_kill_sb(struct super_block *sb)
{
}
*/
/* LAB(fs) END */

static const struct inode_operations labfs_dir_inode_operations = {
	.lookup = labfs_lookup,
};

static const struct file_operations labfs_dir_operations = {
	.iterate = labfs_iterate,
	.llseek = generic_file_llseek,
};

static const struct file_operations labfs_file_operations = {
	.read = labfs_read,
	.llseek = generic_file_llseek,
};

static const struct super_operations labfs_super_operations = {
	.evict_inode = labfs_evict_inode,
};

/* LAB(fs) BEGIN: the type "labfs", owned by this module (a mount pins it), registered at init */
static struct file_system_type labfs_fs_type = {
	.name = "labfs",
	.mount = labfs_mount,
	.kill_sb = labfs_kill_sb,
	.owner = THIS_MODULE,	/* a mount pins this module */
};

static int __init labfs_init(void)
{
	if (nfiles < 1 || nfiles > LABFS_MAX_FILES) {
		pr_err("labfs: nfiles=%d is not in 1..%d\n", nfiles, LABFS_MAX_FILES);
		return -EINVAL;
	}
	return register_filesystem(&labfs_fs_type);
}

static void __exit labfs_exit(void)
{
	/* The unload has already unregistered it (and refused while mounted). */
	unregister_filesystem(&labfs_fs_type);
}
/* LAB(fs) SKEL
static struct file_system_type labfs_fs_type = {
	.name = "labfs",
	.mount = labfs_mount,
	.kill_sb = labfs_kill_sb,
};

static int __init labfs_init(void)
{
	pr_info("labfs: loaded; %s is not registered yet\n", labfs_fs_type.name);
	return 0;
}

static void __exit labfs_exit(void)
{
}
*/
/* LAB(fs) END */

module_init(labfs_init);
module_exit(labfs_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("labfs: a tiny read-only filesystem whose mounts pin the module");
