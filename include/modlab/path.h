/*
 * Path names as strings: splitting into components and lexical
 * normalization, with no lookups (fs/path.c). The VFS walks what these
 * give it.
 */
#ifndef _MODLAB_PATH_H
#define _MODLAB_PATH_H

#include <linux/types.h>

#define PATH_MAX	1024	/* bytes in a path, including its NUL */
#define NAME_MAX	255	/* bytes in one component, without a NUL */

/*
 * Kernel-only from here: modules reach this header through Linux-named
 * ones, and a module's own names must not collide with these (Linux does
 * not declare them).
 */
#ifndef MODULE
/*
 * path_next_component - take the next component of a path
 * @pathp: the rest of the path; advanced past the component taken
 * @name: NAME_MAX + 1 bytes; gets the component, NUL-terminated
 *
 * Skips any '/' first, so "//a///b" gives "a", then "b", then the end.
 * Returns the component's length; 0 at the end of the path (name is "");
 * -ENAMETOOLONG for a component longer than NAME_MAX, which is skipped all
 * the same (*pathp is past it, name is "").
 */
int path_next_component(const char **pathp, char *name);

/*
 * path_normalize - the absolute, normal form of a path
 * @cwd: absolute directory a relative path starts from (unused for an
 *	absolute one); already normal, though "." and ".." in it are resolved too
 * @path: absolute or relative
 * @out, @size: buffer for the result
 *
 * Resolves "." and ".." by the letters alone, without looking at the
 * filesystem ("/.." is "/"; "a/link/.." is "a" even if link is a symlink),
 * collapses repeated '/', and leaves no '/' at the end except for "/".
 * Returns the result's length; -EINVAL for an empty path or a cwd that is
 * not absolute; -ENAMETOOLONG if path or cwd is not shorter than PATH_MAX,
 * or the result is not shorter than PATH_MAX or size (out is then "").
 */
int path_normalize(const char *cwd, const char *path, char *out, size_t size);

/*
 * path_basename - the part after the last '/'
 *
 * "/etc/motd" and "motd" give "motd"; "/etc/" and "/" give "" (normalize
 * first to name the last directory). Returns a pointer into path.
 */
const char *path_basename(const char *path);

/*
 * path_split_parent - the directory to create in and the name to create
 * @path: normally path_normalize()'s result
 * @parent, @size: buffer for everything before the last '/' ("/" for an
 *	entry of the root, "." for a path with no '/')
 * @last: set to the final component, inside path
 *
 * "/usr/lib" gives "/usr" and "lib"; "/etc" gives "/" and "etc".
 * Returns 0; -EINVAL if there is no final component to create ("/", "",
 * a path ending in '/', or one ending in "." or ".."); -ENAMETOOLONG if
 * the final component is longer than NAME_MAX or parent does not fit.
 */
int path_split_parent(const char *path, char *parent, size_t size, const char **last);
#endif /* !MODULE */

#endif
