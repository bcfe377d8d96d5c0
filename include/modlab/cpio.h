/*
 * Reading cpio archives in the "newc" format (cpio -H newc), the format of
 * Linux's initramfs and of modlab's initrd. fs/cpio.c only walks the
 * archive and checks it; what to do with each entry is the caller's.
 */
#ifndef _MODLAB_CPIO_H
#define _MODLAB_CPIO_H

#include <linux/types.h>
#include <modlab/path.h>

/*
 * Longest entry name handed to a callback, in bytes, without the NUL: a
 * path, so "/" before it and its NUL fit the VFS's PATH_MAX. Each of its
 * components may be up to NAME_MAX bytes, as in the VFS.
 */
#define CPIO_PATH_MAX	(PATH_MAX - 2)

/* One archive member, as cpio_parse() passes it to its callback. */
struct cpio_entry {
	const char *name;	/* points at name_buf */
	char name_buf[CPIO_PATH_MAX + 1];	/* relative to '/', NUL-terminated */
	u32 ino;		/* equal in hard links to the same file */
	u32 mode;		/* file type (S_IFREG...) and permissions, as in st_mode */
	u32 uid, gid, nlink, mtime;
	const void *data;	/* file contents, inside the archive */
	u32 size;		/* bytes at data (a symlink's target, for S_IFLNK) */
};

typedef int (*cpio_actor_t)(const struct cpio_entry *e, void *arg);

/*
 * cpio_parse - walk a newc archive, calling fn for each entry
 * @buf, @len: the archive; nothing outside it is read
 * @fn, @arg: called once per entry, in archive order, up to "TRAILER!!!"
 *	(the entry is valid only during the call: copy what you keep)
 * @err_offset: if not NULL, set to the byte offset of the damage when the
 *	archive is corrupt; left alone otherwise
 *
 * Returns the number of entries passed to fn; or -EINVAL if the archive is
 * corrupt, after fn has seen every entry before the damage; or fn's value
 * when fn returns non-zero, which stops the walk (return a negative errno).
 * Only zero bytes may follow the trailer: anything else (a second archive,
 * say) is damage. Names lose a leading "/" or "./"; the root entry (".") is
 * skipped quietly; a name with a ".." component, longer than
 * CPIO_PATH_MAX, or with a component longer than NAME_MAX is reported and
 * skipped, and the walk goes on. Skipped
 * entries are not counted. Hard links share ino, and newc stores the data
 * with the last of them only (the others have size 0). Each problem is
 * printed with pr_warn. Pure computation: may be called in any context fn
 * may run in.
 */
int cpio_parse(const void *buf, size_t len, cpio_actor_t fn, void *arg, size_t *err_offset);

#endif
