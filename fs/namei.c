/*
 * Path lookup and the operations that change the tree: mkdir, rmdir,
 * unlink, rename, and the working directory.
 *
 * A walk starts at the root or the thread's working directory and takes one
 * component at a time: "." stays, ".." goes to the parent (from the root of
 * a mounted filesystem, first back to where it is mounted; never above the
 * root), and a name is looked up among the dentry's children in the tree,
 * or else asked of the directory's lookup() and added to the tree. Landing
 * on a mount point steps into the filesystem mounted there.
 *
 * Everything here runs under vfs_lock, so the tree cannot change shape in
 * the middle of a walk or between a check (does the name exist? is the
 * directory empty?) and the change that depends on it.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include "internal.h"
#include <modlab/fs.h>

struct path root_path;		/* set once the root is mounted */

/* Where a walk of name starts, referenced. */
static void walk_start(const char *name, struct path *p)
{
	struct task_struct *t = current;

	if (name[0] != '/' && t->cwd_mnt) {
		p->mnt = t->cwd_mnt;
		p->dentry = t->cwd_dentry;
	} else {
		*p = root_path;
	}
	path_get(p);
}

/* Replace *p by next (already referenced). */
static void path_move(struct path *p, struct vfsmount *mnt, struct dentry *dentry)
{
	struct path old = *p;

	p->mnt = mnt;
	p->dentry = dentry;
	path_put(&old);
}

/* If something is mounted on p, step to its root (repeatedly). */
static void follow_mounts(struct path *p)
{
	while (p->dentry->d_mounted) {
		struct vfsmount *m = lookup_mnt(p);

		if (!m)
			break;
		__atomic_add_fetch(&m->mnt_count, 1, __ATOMIC_RELAXED);
		path_move(p, m, dget(m->mnt_root));
	}
}

static void follow_dotdot(struct path *p)
{
	for (;;) {
		if (p->dentry == root_path.dentry && p->mnt == root_path.mnt)
			return;		/* ".." of the root is the root */
		if (p->dentry != p->mnt->mnt_root)
			break;
		if (p->mnt->mnt_parent == p->mnt)
			return;
		/* From a mounted root to the dentry it is mounted on. */
		__atomic_add_fetch(&p->mnt->mnt_parent->mnt_count, 1, __ATOMIC_RELAXED);
		path_move(p, p->mnt->mnt_parent, dget(p->mnt->mnt_mountpoint));
	}
	__atomic_add_fetch(&p->mnt->mnt_count, 1, __ATOMIC_RELAXED);
	path_move(p, p->mnt, dget(p->dentry->d_parent));
}

/* The child called name of directory dentry dir: from the tree, or asked
 * of the filesystem and added to the tree. Returns it referenced. */
struct dentry *lookup_child(struct dentry *dir, const char *name)
{
	struct inode *inode;
	struct dentry *d = d_lookup(dir, name);
	const struct dentry_operations *dop = dir->d_sb->s_d_op;

	/* Stale: forget it, ask the filesystem. Not while something is
	 * mounted on it, though: the mount could then never be reached or
	 * taken off again; it goes at the first lookup after the umount. */
	if (d && dop && dop->d_revalidate && !d->d_mounted && !dop->d_revalidate(d)) {
		d_genocide(d);
		d_delete(d);
		d = NULL;
	}
	if (d)
		return dget(d);
	if (IS_DEADDIR(dir->d_inode))
		return ERR_PTR(-ENOENT);	/* removed: nothing is in it */
	if (!dir->d_inode->i_op || !dir->d_inode->i_op->lookup)
		return ERR_PTR(-ENOENT);
	inode = dir->d_inode->i_op->lookup(dir->d_inode, name);
	if (IS_ERR(inode))
		return ERR_CAST(inode);
	d = d_alloc(dir, name, inode);
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d_add(d);		/* the tree takes our reference... */
	return dget(d);		/* ...and the caller gets one of its own */
}

/*
 * Follow the symbolic link at link, met with *rest still to walk: the walk
 * goes on along target + rest, which is built in *buf (PATH_MAX bytes,
 * allocated at the first link). rest may point into *buf already, hence
 * the memmove. An absolute target starts again at the root. *links counts
 * the links followed in this walk. 0 or -errno (-ELOOP past MAXSYMLINKS,
 * -ENOENT for an empty target, as Linux).
 */
static int follow_link(struct path *cur, struct dentry *link, const char **rest, char **buf,
		       int *links)
{
	struct inode *inode = link->d_inode;
	DEFINE_DELAYED_CALL(done);
	const char *target;
	size_t tlen, rlen;
	int err = 0;

	if (++*links > MAXSYMLINKS)
		return -ELOOP;
	if (!inode->i_op || !inode->i_op->get_link)
		return -EINVAL;
	target = inode->i_op->get_link(link, inode, &done);
	if (IS_ERR(target))
		return PTR_ERR(target);
	tlen = strlen(target);
	rlen = strlen(*rest);		/* empty, or starts with '/' */
	if (!tlen)
		err = -ENOENT;
	else if (tlen + rlen >= PATH_MAX)
		err = -ENAMETOOLONG;
	else if (!*buf && !(*buf = kmalloc(PATH_MAX, GFP_KERNEL)))
		err = -ENOMEM;
	if (!err) {
		memmove(*buf + tlen, *rest, rlen + 1);
		memcpy(*buf, target, tlen);
		*rest = *buf;
		if (target[0] == '/') {
			path_get(&root_path);
			path_move(cur, root_path.mnt, root_path.dentry);
		}
	}
	do_delayed_call(&done);
	return err;
}

/*
 * Walk name from its start. With 'last' set, stop at the parent of the
 * final component and copy that component into last (NAME_MAX + 1 bytes;
 * empty if the path names the root); the final component is then not
 * looked up, so a link there is not followed. Without 'last', a link
 * there is followed with LOOKUP_FOLLOW in flags. Returns 0 with *out
 * referenced.
 */
int path_lookupat(const char *name, unsigned int flags, struct path *out, char *last)
{
	char comp[NAME_MAX + 1];
	const char *p = name;
	char *buf = NULL;		/* the path with links spliced in */
	int links = 0;
	struct path cur;
	int len;

	if (!*name)
		return -ENOENT;
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	walk_start(name, &cur);
	if (last)
		last[0] = '\0';
	for (;;) {
		struct dentry *child;

		len = path_next_component(&p, comp);
		if (len < 0)
			goto fail;
		if (len == 0)
			break;
		if (!S_ISDIR(cur.dentry->d_inode->i_mode)) {
			len = -ENOTDIR;
			goto fail;
		}
		if (last) {
			/* Is this the final component? Then stop before it. */
			const char *rest = p;

			while (*rest == '/')
				rest++;
			if (!*rest) {
				strscpy(last, comp, NAME_MAX + 1);
				break;
			}
		}
		if (!strcmp(comp, "."))
			continue;
		if (!strcmp(comp, "..")) {
			follow_dotdot(&cur);
			continue;
		}
		child = lookup_child(cur.dentry, comp);
		if (IS_ERR(child)) {
			len = PTR_ERR(child);
			goto fail;
		}
		/* A link with more to come ("lnk/x", or "lnk/"), or at the end
		 * of a following walk: go on along its target, from cur. */
		if (S_ISLNK(child->d_inode->i_mode) && (*p == '/' || (flags & LOOKUP_FOLLOW))) {
			len = follow_link(&cur, child, &p, &buf, &links);
			dput(child);
			if (len)
				goto fail;
			continue;
		}
		__atomic_add_fetch(&cur.mnt->mnt_count, 1, __ATOMIC_RELAXED);
		path_move(&cur, cur.mnt, child);
		follow_mounts(&cur);
	}
	if (!last && ends_in_slash(name) && !S_ISDIR(cur.dentry->d_inode->i_mode)) {
		len = -ENOTDIR;		/* "file/" */
		goto fail;
	}
	if (!last && (flags & LOOKUP_DIRECTORY) && !S_ISDIR(cur.dentry->d_inode->i_mode)) {
		len = -ENOTDIR;
		goto fail;
	}
	kfree(buf);
	*out = cur;
	return 0;
fail:
	kfree(buf);
	path_put(&cur);
	return len;
}

int path_walk(const char *name, struct path *out, char *last)
{
	return path_lookupat(name, LOOKUP_FOLLOW, out, last);
}

int kern_path(const char *name, struct path *path)
{
	int err;

	mutex_lock(&vfs_lock);
	err = path_walk(name, path, NULL);
	mutex_unlock(&vfs_lock);
	return err;
}

/* Parent directory of name and the final component, for creating and
 * removing. "." and ".." as the final component are refused. */
static int walk_parent(const char *name, struct path *parent, char *last)
{
	int err = path_walk(name, parent, last);

	if (err)
		return err;
	if (!last[0] || !strcmp(last, ".") || !strcmp(last, "..")) {
		path_put(parent);
		return last[0] ? -EINVAL : -EBUSY;	/* "/" itself, or . / .. */
	}
	if (!S_ISDIR(parent->dentry->d_inode->i_mode)) {
		path_put(parent);
		return -ENOTDIR;
	}
	return 0;
}

static int may_change(struct path *dir)
{
	if (dir->dentry->d_sb->s_readonly)
		return -EROFS;
	return 0;
}

/*
 * May a new name be made in dir (under vfs_lock)? Not in a removed
 * directory: it is reachable only as someone's working directory or open
 * file, and whatever was made in it could never be found or removed again
 * (its dentries would hold the dead directory up for ever).
 */
static int may_create(struct path *dir)
{
	if (IS_DEADDIR(dir->dentry->d_inode))
		return -ENOENT;
	return may_change(dir);
}

/* The filesystem's operation that makes a node of this mode in dir. */
static struct inode *fs_make(struct inode *dir, const char *last, umode_t mode, dev_t dev,
			     const char *target)
{
	const struct inode_operations *op = dir->i_op;

	if (S_ISDIR(mode))
		return op->mkdir ? op->mkdir(dir, last, mode) : ERR_PTR(-EPERM);
	if (S_ISLNK(mode))
		return op->symlink ? op->symlink(dir, last, target) : ERR_PTR(-EPERM);
	return op->mknod ? op->mknod(dir, last, mode, dev) : ERR_PTR(-EPERM);
}

/* Make a directory, a special file or a symbolic link to target: they
 * differ only in the filesystem's operation. */
static int make_node(const char *name, umode_t mode, dev_t dev, const char *target)
{
	char last[NAME_MAX + 1];
	struct path parent;
	struct dentry *d;
	struct inode *inode;
	int err;

	mutex_lock(&vfs_lock);
	err = walk_parent(name, &parent, last);
	if (err)
		goto out;
	d = lookup_child(parent.dentry, last);
	if (!IS_ERR(d)) {
		dput(d);
		err = -EEXIST;
	} else if (PTR_ERR(d) != -ENOENT) {
		err = PTR_ERR(d);
	} else if (S_ISLNK(mode) && ends_in_slash(name)) {
		err = -ENOENT;		/* "new/": a directory that is not there */
	} else if ((err = may_create(&parent)) == 0) {
		inode = fs_make(parent.dentry->d_inode, last, mode, dev, target);
		if (IS_ERR(inode)) {
			err = PTR_ERR(inode);
		} else {
			d = d_alloc(parent.dentry, last, inode);
			if (d)
				d_add(d);
			else
				iput(inode);	/* still in the fs; found again by lookup */
		}
	}
	path_put(&parent);
out:
	mutex_unlock(&vfs_lock);
	return err;
}

int do_mkdir(const char *name, umode_t mode)
{
	return make_node(name, S_IFDIR | (mode & 07777), 0, NULL);
}

int do_mknod(const char *name, umode_t mode, dev_t dev)
{
	if (!S_ISCHR(mode))
		return -EINVAL;		/* only character devices are made by name */
	return make_node(name, S_IFCHR | (mode & 07777), dev, NULL);
}

/* Create a regular file (filp_open with O_CREAT); under vfs_lock. */
struct dentry *vfs_create(struct path *parent, const char *last, umode_t mode)
{
	struct inode *dir = parent->dentry->d_inode, *inode;
	struct dentry *d;
	int err = may_create(parent);

	if (err)
		return ERR_PTR(err);
	if (!dir->i_op->create)
		return ERR_PTR(-EPERM);
	inode = dir->i_op->create(dir, last, S_IFREG | (mode & 07777));
	if (IS_ERR(inode))
		return ERR_CAST(inode);
	d = d_alloc(parent->dentry, last, inode);
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	d_add(d);
	return dget(d);
}

/*
 * A symbolic link linkname whose target is the string target, stored as
 * given: it is not looked up now (a link may dangle) and is read again at
 * each walk through the link. -EEXIST if linkname exists (a link there is
 * not followed: "ln -s a b" twice fails, as Linux's symlink()).
 */
int do_symlink(const char *target, const char *linkname)
{
	if (!*target)
		return -ENOENT;
	if (strnlen(target, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	return make_node(linkname, S_IFLNK | 0777, 0, target);
}

int vfs_readlink(struct dentry *dentry, char __user *buffer, int buflen)
{
	struct inode *inode = dentry->d_inode;
	DEFINE_DELAYED_CALL(done);
	const char *target;
	int len;

	if (!S_ISLNK(inode->i_mode) || !inode->i_op || !inode->i_op->get_link)
		return -EINVAL;
	mutex_lock(&vfs_lock);
	target = inode->i_op->get_link(dentry, inode, &done);
	if (IS_ERR(target)) {
		len = PTR_ERR(target);
	} else {
		len = min_t(int, strlen(target), buflen);
		memcpy((__force char *)buffer, target, len);
		do_delayed_call(&done);
	}
	mutex_unlock(&vfs_lock);
	return len;
}
EXPORT_SYMBOL(vfs_readlink);

/* The target of the link name into buf (size bytes, NUL-terminated);
 * its length, or -errno (-EINVAL: not a link, as readlink(2)). */
int do_readlink(const char *name, char *buf, size_t size)
{
	struct path p;
	int len;

	if (!size)
		return -EINVAL;
	mutex_lock(&vfs_lock);
	len = path_lookupat(name, 0, &p, NULL);
	mutex_unlock(&vfs_lock);
	if (len)
		return len;
	/* Our dentry reference keeps the inode and its target even if the
	 * link is unlinked before vfs_readlink takes vfs_lock again. */
	len = vfs_readlink(p.dentry, (__force char __user *)buf, size - 1);
	if (len >= 0)
		buf[len] = '\0';
	path_put(&p);
	return len;
}

static int remove_entry(const char *name, bool dir_wanted)
{
	char last[NAME_MAX + 1];
	struct path parent;
	struct dentry *d;
	struct inode *dir;
	int err;

	mutex_lock(&vfs_lock);
	err = walk_parent(name, &parent, last);
	if (err)
		goto out;
	dir = parent.dentry->d_inode;
	d = lookup_child(parent.dentry, last);
	if (IS_ERR(d)) {
		err = PTR_ERR(d);
		goto put_parent;
	}
	if ((dir_wanted || ends_in_slash(name)) && !S_ISDIR(d->d_inode->i_mode))
		err = -ENOTDIR;		/* rmdir of a file, or "file/" */
	else if (!dir_wanted && S_ISDIR(d->d_inode->i_mode))
		err = -EISDIR;
	else if (d->d_mounted)
		err = -EBUSY;		/* something is mounted on it */
	else
		err = may_change(&parent);
	if (!err) {
		int (*op)(struct inode *, const char *, struct inode *) =
			dir_wanted ? dir->i_op->rmdir : dir->i_op->unlink;

		err = op ? op(dir, last, d->d_inode) : -EPERM;
	}
	if (!err) {
		if (dir_wanted)
			d->d_inode->i_flags |= S_DEAD;
		d_genocide(d);		/* cached children of an (empty) directory */
		d_delete(d);		/* the tree's reference */
	}
	dput(d);			/* ours; an open file may still hold one */
put_parent:
	path_put(&parent);
out:
	mutex_unlock(&vfs_lock);
	return err;
}

int do_rmdir(const char *name)
{
	return remove_entry(name, true);
}

int do_unlink(const char *name)
{
	return remove_entry(name, false);
}

static bool is_ancestor(struct dentry *a, struct dentry *d)
{
	for (;;) {
		if (d == a)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

int do_rename(const char *oldname, const char *newname)
{
	char old_last[NAME_MAX + 1], new_last[NAME_MAX + 1];
	struct path old_parent, new_parent;
	struct dentry *src, *dst;
	struct inode *old_dir, *new_dir;
	int err;

	mutex_lock(&vfs_lock);
	err = walk_parent(oldname, &old_parent, old_last);
	if (err)
		goto out;
	err = walk_parent(newname, &new_parent, new_last);
	if (err)
		goto put_old;
	old_dir = old_parent.dentry->d_inode;
	new_dir = new_parent.dentry->d_inode;
	if (old_parent.mnt != new_parent.mnt) {
		err = -EXDEV;
		goto put_new;
	}
	err = may_change(&old_parent);
	if (!err && IS_DEADDIR(new_dir))
		err = -ENOENT;		/* into a removed directory */
	if (err)
		goto put_new;
	src = lookup_child(old_parent.dentry, old_last);
	if (IS_ERR(src)) {
		err = PTR_ERR(src);
		goto put_new;
	}
	dst = lookup_child(new_parent.dentry, new_last);
	if (IS_ERR(dst) && PTR_ERR(dst) != -ENOENT) {
		err = PTR_ERR(dst);
		goto put_src;
	}
	if (IS_ERR(dst))
		dst = NULL;
	if (dst == src)
		goto put_dst;		/* renaming to itself: nothing to do */
	if ((ends_in_slash(oldname) || ends_in_slash(newname)) && !S_ISDIR(src->d_inode->i_mode))
		err = -ENOTDIR;		/* "file/" on either side */
	else if (src->d_mounted || (dst && dst->d_mounted))
		err = -EBUSY;
	else if (S_ISDIR(src->d_inode->i_mode) && is_ancestor(src, new_parent.dentry))
		err = -EINVAL;		/* a directory into itself */
	else if (dst && S_ISDIR(dst->d_inode->i_mode) && !S_ISDIR(src->d_inode->i_mode))
		err = -EISDIR;
	else if (dst && !S_ISDIR(dst->d_inode->i_mode) && S_ISDIR(src->d_inode->i_mode))
		err = -ENOTDIR;
	else if (!old_dir->i_op->rename)
		err = -EPERM;
	else
		err = old_dir->i_op->rename(old_dir, old_last, new_dir, new_last, src->d_inode);
	if (err)
		goto put_dst;
	/* The filesystem moved it; now the tree. */
	if (dst) {
		if (S_ISDIR(dst->d_inode->i_mode))
			dst->d_inode->i_flags |= S_DEAD;	/* replaced: gone */
		d_genocide(dst);
		d_delete(dst);
	}
	d_move_to(src, new_parent.dentry, new_last);
put_dst:
	if (dst)
		dput(dst);
put_src:
	dput(src);
put_new:
	path_put(&new_parent);
put_old:
	path_put(&old_parent);
out:
	mutex_unlock(&vfs_lock);
	return err;
}

int set_cwd(const char *name)
{
	struct task_struct *t = current;
	struct path p, old = { t->cwd_mnt, t->cwd_dentry };
	int err;

	mutex_lock(&vfs_lock);
	err = path_walk(name, &p, NULL);
	if (!err && !S_ISDIR(p.dentry->d_inode->i_mode)) {
		path_put(&p);
		err = -ENOTDIR;
	}
	if (!err) {
		t->cwd_mnt = p.mnt;
		t->cwd_dentry = p.dentry;
		if (old.mnt)
			path_put(&old);
	}
	mutex_unlock(&vfs_lock);
	return err;
}

/* Build the path string from the end of buf backwards. */
int d_path(const struct path *p, char *buf, size_t size)
{
	struct vfsmount *mnt = p->mnt;
	struct dentry *d = p->dentry;
	char *end = buf + size, *s = end - 1;
	size_t len;

	if (size < 2)
		return -ENAMETOOLONG;
	*s = '\0';
	for (;;) {
		if (d == root_path.dentry && mnt == root_path.mnt)
			break;
		if (d == mnt->mnt_root) {
			if (mnt->mnt_parent == mnt)
				break;
			d = mnt->mnt_mountpoint;
			mnt = mnt->mnt_parent;
			continue;
		}
		len = d->d_name.len;
		if ((size_t)(s - buf) < len + 1)
			return -ENAMETOOLONG;
		s -= len;
		memcpy(s, d->d_name.name, len);
		*--s = '/';
		d = d->d_parent;
	}
	if (*s == '\0')
		*--s = '/';
	len = end - 1 - s;
	memmove(buf, s, len + 1);
	return len;
}

int get_cwd(char *buf, size_t size)
{
	struct task_struct *t = current;
	struct path p = t->cwd_mnt ? (struct path){ t->cwd_mnt, t->cwd_dentry } : root_path;
	int len;

	mutex_lock(&vfs_lock);
	/* A removed directory has no path any more (Linux's getcwd says the same). */
	if (IS_DEADDIR(p.dentry->d_inode))
		len = -ENOENT;
	else
		len = d_path(&p, buf, size);
	mutex_unlock(&vfs_lock);
	return len;
}

/* A thread's end: let go of its working directory. */
void exit_fs(struct task_struct *t)
{
	struct path p = { t->cwd_mnt, t->cwd_dentry };

	if (p.mnt) {
		t->cwd_mnt = NULL;
		t->cwd_dentry = NULL;
		path_put(&p);
	}
}
