/* Filesystem set-up at boot, and the built-in filesystems' extra entry points. */
#ifndef _MODLAB_FS_H
#define _MODLAB_FS_H

#include <linux/fs.h>

extern struct file_system_type ramfs_fs_type;

/* Mount a filesystem of type 'type' as the root of the tree (boot only). */
int mount_root(const char *type);
/* A read-only ramfs file in dir showing size bytes at data, which stay put. */
int ramfs_add_external_file(struct inode *dir, const char *name, const void *data, size_t size);
/* Unpack the loader's .cpio modules into / and show the others in /boot. */
void populate_rootfs(void);
/* Register devfs and mount it on /dev. */
void devfs_init(void);
/* A character special file /dev/name for device rdev, and its removal
 * (misc devices' nodes). 0 or a negative errno (-EEXIST, -ENOENT). */
int devfs_add_chr(const char *name, umode_t mode, dev_t rdev);
int devfs_remove_chr(const char *name);
/* Claim the misc major and make /proc/misc (fs/misc.c). */
void misc_init(void);
/* A read-write block device ramN showing size bytes at data (a boot module
 * named what); returns 0 or a negative errno. */
int ramdisk_add(const char *what, void *data, size_t size);
/* A thread's end: drop its working directory. */
void exit_fs(struct task_struct *t);

/* Unregister every type mod owns, or none (-EBUSY if one is mounted). */
int unregister_module_filesystems(struct module *mod);

/* A whole file in memory (kmalloc'd; kfree it), as insmod reads a module.
 * NULL with *err set on failure. May sleep. */
void *kernel_read_whole_file(const char *path, unsigned long *size, int *err);

extern struct mutex vfs_lock;

/* Move d to new_parent under new_name (rename; under vfs_lock). */
void d_move_to(struct dentry *d, struct dentry *new_parent, const char *new_name);

unsigned int dt_type(const struct inode *inode);

/* ramfs's superblock, for a filesystem that is a ramfs under another name. */
struct super_block *ramfs_mount(struct file_system_type *fs, const char *source, void *data);
void ramfs_kill_sb(struct super_block *sb);

int do_mkdir(const char *name, umode_t mode);
/* Make a special file (mode S_IFCHR | permissions) for device dev. */
int do_mknod(const char *name, umode_t mode, dev_t dev);
int do_rmdir(const char *name);
int do_unlink(const char *name);
int do_rename(const char *oldname, const char *newname);
/* Make the symbolic link linkname -> target (fs/namei.c). */
int do_symlink(const char *target, const char *linkname);
/* The target of the link name, NUL-terminated in buf; its length or -errno. */
int do_readlink(const char *name, char *buf, size_t size);
int do_mount(const char *source, const char *target, const char *type, void *data);
int do_umount(const char *target);
int set_cwd(const char *name);
/* The calling thread's working directory as a path string. */
int get_cwd(char *buf, size_t size);

/* Walk the mount list: fn(mnt, arg) under vfs_lock (may not sleep long). */
void for_each_mount(void (*fn)(struct vfsmount *mnt, void *arg), void *arg);
/* Walk the registered types under file_systems_lock. */
void for_each_filesystem(void (*fn)(struct file_system_type *fs, void *arg), void *arg);

/* Boot: mount the root (ramfs), then the rest. */
void vfs_init(void);

/* Where debugfs is mounted at boot (fs/debugfs/inode.c), made if missing. */
#define DEBUGFS_MOUNT_POINT	"/sys/kernel/debug"
void debugfs_init(void);

#endif
