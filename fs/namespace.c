/*
 * Mounts: joining a filesystem's tree to the global one, and taking it off.
 *
 * The mount list (under vfs_lock) holds every vfsmount, oldest first; a
 * mount point is a dentry with d_mounted > 0, and lookup_mnt finds the
 * newest mount on it. Each mount counts its users in mnt_count: the mount
 * list holds one, and so does every open file, working directory, child
 * mount and walk in progress inside it. umount takes a mount off only when
 * the list's is the only one left, so nothing can be using it.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include "internal.h"
#include <modlab/fs.h>

static LIST_HEAD(mount_list);

/* The newest mount on the dentry p (under vfs_lock). */
struct vfsmount *lookup_mnt(const struct path *p)
{
	struct vfsmount *m, *found = NULL;

	list_for_each_entry(m, &mount_list, mnt_list)
		if (m->mnt_parent == p->mnt && m->mnt_mountpoint == p->dentry &&
		    m->mnt_parent != m)
			found = m;
	return found;
}

/* Make a superblock of type 'type' and a vfsmount for it (not yet attached). */
static struct vfsmount *vfs_kern_mount(const char *type, const char *source, void *data)
{
	struct file_system_type *fs;
	struct super_block *sb;
	struct vfsmount *mnt;
	int err;

	fs = get_fs_type_for_mount(type, &err);
	if (!fs)
		return ERR_PTR(err);
	mnt = kzalloc(sizeof(*mnt), GFP_KERNEL);
	if (!mnt) {
		err = -ENOMEM;
		goto put_fs;
	}
	sb = fs->mount(fs, source, data);
	if (IS_ERR(sb)) {
		err = PTR_ERR(sb);
		goto free_mnt;
	}
	sb->s_type = fs;
	mnt->mnt_sb = sb;
	mnt->mnt_root = dget(sb->s_root);
	mnt->mnt_count = 1;		/* the mount list's */
	strscpy(mnt->mnt_devname, source && *source ? source : "none", sizeof(mnt->mnt_devname));
	INIT_LIST_HEAD(&mnt->mnt_list);
	return mnt;

free_mnt:
	kfree(mnt);
put_fs:
	put_fs_type_after_mount(fs);
	return ERR_PTR(err);
}

/* Free what vfs_kern_mount made, once nothing uses it (under vfs_lock). */
static void kill_mount(struct vfsmount *mnt)
{
	struct super_block *sb = mnt->mnt_sb;
	struct file_system_type *fs = sb->s_type;

	d_genocide(sb->s_root);
	dput(mnt->mnt_root);		/* the mount's reference */
	dput(sb->s_root);		/* the superblock's: frees the root */
	if (fs->kill_sb)
		fs->kill_sb(sb);
	else
		kfree(sb);
	kfree(mnt);
	put_fs_type_after_mount(fs);
}

/* The root filesystem, at boot. */
int mount_root(const char *type)
{
	struct vfsmount *mnt = vfs_kern_mount(type, "rootfs", NULL);

	if (IS_ERR(mnt))
		return PTR_ERR(mnt);
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = mnt->mnt_root;
	mutex_lock(&vfs_lock);
	list_add_tail(&mnt->mnt_list, &mount_list);
	root_path.mnt = mnt;
	root_path.dentry = mnt->mnt_root;
	path_get(&root_path);		/* root_path's own reference */
	mutex_unlock(&vfs_lock);
	return 0;
}

int do_mount(const char *source, const char *target, const char *type, void *data)
{
	struct vfsmount *mnt;
	struct path mp;
	int err;

	mutex_lock(&vfs_lock);
	err = path_walk(target, &mp, NULL);
	if (err)
		goto out;
	if (!S_ISDIR(mp.dentry->d_inode->i_mode)) {
		err = -ENOTDIR;
		goto put_mp;
	}
	if (IS_DEADDIR(mp.dentry->d_inode)) {
		/* A removed directory (reached as "." from inside): the mount
		 * could never be reached or taken off by name again. */
		err = -ENOENT;
		goto put_mp;
	}
	mnt = vfs_kern_mount(type, source, data);
	if (IS_ERR(mnt)) {
		err = PTR_ERR(mnt);
		goto put_mp;
	}
	/* The new mount keeps a reference on where it hangs (mp's). */
	mnt->mnt_parent = mp.mnt;
	mnt->mnt_mountpoint = mp.dentry;
	mp.dentry->d_mounted++;
	list_add_tail(&mnt->mnt_list, &mount_list);
	mutex_unlock(&vfs_lock);
	return 0;
put_mp:
	path_put(&mp);
out:
	mutex_unlock(&vfs_lock);
	return err;
}

int do_umount(const char *target)
{
	struct vfsmount *mnt;
	struct path p, mp;
	int err;

	mutex_lock(&vfs_lock);
	err = path_walk(target, &p, NULL);
	if (err)
		goto out;
	mnt = p.mnt;
	if (p.dentry != mnt->mnt_root) {
		err = -EINVAL;		/* not a mount point */
		path_put(&p);
		goto out;
	}
	path_put(&p);
	if (mnt->mnt_parent == mnt) {
		err = -EBUSY;		/* the root stays */
		goto out;
	}
	/* Only the mount list's reference may be left: no open file, working
	 * directory, walk or mount below it. */
	if (__atomic_load_n(&mnt->mnt_count, __ATOMIC_ACQUIRE) != 1) {
		err = -EBUSY;
		goto out;
	}
	list_del(&mnt->mnt_list);
	mp.mnt = mnt->mnt_parent;
	mp.dentry = mnt->mnt_mountpoint;
	mp.dentry->d_mounted--;
	kill_mount(mnt);
	path_put(&mp);			/* the reference do_mount kept */
out:
	mutex_unlock(&vfs_lock);
	return err;
}

void for_each_mount(void (*fn)(struct vfsmount *mnt, void *arg), void *arg)
{
	struct vfsmount *m;

	mutex_lock(&vfs_lock);
	list_for_each_entry(m, &mount_list, mnt_list)
		fn(m, arg);
	mutex_unlock(&vfs_lock);
}
