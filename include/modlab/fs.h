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

#endif
