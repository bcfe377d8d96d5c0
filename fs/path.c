/*
 * Path names as strings: components, lexical normalization, parent and
 * last component. Nothing here looks at a filesystem, so it is all pure
 * string work, tested on the host (tests/unit/test_path.c).
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <modlab/path.h>

int path_next_component(const char **pathp, char *name)
{
	const char *p = *pathp, *start;
	size_t n;

	while (*p == '/')
		p++;
	start = p;
	while (*p && *p != '/')
		p++;
	*pathp = p;
	n = p - start;
	name[0] = '\0';
	if (n > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(name, start, n);
	name[n] = '\0';
	return n;
}

/*
 * The result being built by path_normalize: buf[0..len) is "/a/b" with no
 * trailing '/', or empty for the root. Components that did not fit are
 * not stored but counted in lost: a ".." after them takes one of those
 * back before it touches buf, so "/a/<too long>/.." still ends as "/a".
 */
struct norm {
	char *buf;
	size_t len;
	size_t room;		/* longest result allowed, without the NUL */
	unsigned int lost;
};

static void norm_push(struct norm *nm, const char *comp, size_t n)
{
	if (nm->lost || nm->len + 1 + n > nm->room) {
		nm->lost++;
		return;
	}
	nm->buf[nm->len] = '/';
	memcpy(nm->buf + nm->len + 1, comp, n);
	nm->len += 1 + n;
}

static void norm_pop(struct norm *nm)
{
	if (nm->lost) {
		nm->lost--;
		return;
	}
	while (nm->len && nm->buf[nm->len - 1] != '/')
		nm->len--;
	if (nm->len)		/* the '/' before the component; "/.." stays "/" */
		nm->len--;
}

/* Applies each component of path to nm, in order. */
static void norm_walk(struct norm *nm, const char *path)
{
	const char *p = path;

	for (;;) {
		const char *start;
		size_t n;

		while (*p == '/')
			p++;
		if (!*p)
			return;
		start = p;
		while (*p && *p != '/')
			p++;
		n = p - start;
		if (n == 1 && start[0] == '.')
			continue;
		if (n == 2 && start[0] == '.' && start[1] == '.')
			norm_pop(nm);
		else
			norm_push(nm, start, n);
	}
}

int path_normalize(const char *cwd, const char *path, char *out, size_t size)
{
	struct norm nm = { .buf = out };

	if (size)
		out[0] = '\0';
	if (!path || !*path)
		return -EINVAL;
	if (strnlen(path, PATH_MAX) == PATH_MAX)
		return -ENAMETOOLONG;
	if (path[0] != '/') {
		if (!cwd || cwd[0] != '/')
			return -EINVAL;
		if (strnlen(cwd, PATH_MAX) == PATH_MAX)
			return -ENAMETOOLONG;
	}
	/* Room for "/" and its NUL at least; the longest result is room bytes. */
	if (size < 2)
		return -ENAMETOOLONG;
	nm.room = min(size, (size_t)PATH_MAX) - 1;

	if (path[0] != '/')
		norm_walk(&nm, cwd);
	norm_walk(&nm, path);
	if (nm.lost)
		return -ENAMETOOLONG;
	if (nm.len == 0)
		out[nm.len++] = '/';
	out[nm.len] = '\0';
	return nm.len;
}

const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int path_split_parent(const char *path, char *parent, size_t size, const char **last)
{
	const char *name = path_basename(path);
	size_t n = name - path;		/* bytes before name, its '/' included */

	if (size)
		parent[0] = '\0';
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	/* The parent is what comes before name, less the slashes between. */
	while (n && path[n - 1] == '/')
		n--;
	if (n == 0)
		path = name == path ? "." : "/";
	n = max(n, (size_t)1);
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(parent, path, n);
	parent[n] = '\0';
	*last = name;
	return 0;
}
