/*
 * The path helpers (fs/path.c): components, lexical normalization,
 * basename and parent splitting, with their limits.
 */
#define UNIT_MAIN
#include "unit.h"
#include <linux/errno.h>
#include <linux/string.h>
#include <modlab/path.h>

/* A string of n copies of c, in a static buffer big enough for any test. */
static const char *repeat(char c, size_t n)
{
	static char buf[4 * PATH_MAX];

	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* ---- path_next_component ---- */

TEST(next_component_walks_an_absolute_path)
{
	const char *p = "/usr/share/doc";
	char name[NAME_MAX + 1];

	EXPECT_EQ_INT(path_next_component(&p, name), 3);
	EXPECT_STREQ(name, "usr");
	EXPECT_STREQ(p, "/share/doc");
	EXPECT_EQ_INT(path_next_component(&p, name), 5);
	EXPECT_STREQ(name, "share");
	EXPECT_EQ_INT(path_next_component(&p, name), 3);
	EXPECT_STREQ(name, "doc");
	EXPECT_STREQ(p, "");
	EXPECT_EQ_INT(path_next_component(&p, name), 0);
	EXPECT_STREQ(name, "");
	EXPECT_EQ_INT(path_next_component(&p, name), 0);
}

TEST(next_component_skips_repeated_and_trailing_slashes)
{
	const char *p = "//a///bc//";
	char name[NAME_MAX + 1];

	EXPECT_EQ_INT(path_next_component(&p, name), 1);
	EXPECT_STREQ(name, "a");
	EXPECT_EQ_INT(path_next_component(&p, name), 2);
	EXPECT_STREQ(name, "bc");
	EXPECT_STREQ(p, "//");
	EXPECT_EQ_INT(path_next_component(&p, name), 0);
	EXPECT_STREQ(p, "");
}

TEST(next_component_of_relative_path_and_dots)
{
	const char *p = "./x/..";
	char name[NAME_MAX + 1];

	EXPECT_EQ_INT(path_next_component(&p, name), 1);
	EXPECT_STREQ(name, ".");
	EXPECT_EQ_INT(path_next_component(&p, name), 1);
	EXPECT_STREQ(name, "x");
	EXPECT_EQ_INT(path_next_component(&p, name), 2);
	EXPECT_STREQ(name, "..");
	EXPECT_EQ_INT(path_next_component(&p, name), 0);
}

TEST(next_component_of_empty_and_root_is_the_end)
{
	const char *p = "";
	char name[NAME_MAX + 1] = "junk";

	EXPECT_EQ_INT(path_next_component(&p, name), 0);
	EXPECT_STREQ(name, "");
	p = "/";
	EXPECT_EQ_INT(path_next_component(&p, name), 0);
	EXPECT_STREQ(p, "");
}

TEST(next_component_of_NAME_MAX_bytes_fits)
{
	char path[NAME_MAX + 3];
	const char *p = path;
	char name[NAME_MAX + 1];

	path[0] = '/';
	memset(path + 1, 'n', NAME_MAX);
	path[NAME_MAX + 1] = '\0';
	EXPECT_EQ_INT(path_next_component(&p, name), NAME_MAX);
	EXPECT_EQ_UINT(strlen(name), NAME_MAX);
	EXPECT_EQ_INT(path_next_component(&p, name), 0);
}

TEST(next_component_too_long_is_refused_and_skipped)
{
	char path[NAME_MAX + 16];
	const char *p = path;
	char name[NAME_MAX + 1];

	path[0] = '/';
	memset(path + 1, 'n', NAME_MAX + 1);
	strcpy(path + NAME_MAX + 2, "/ok");
	EXPECT_EQ_INT(path_next_component(&p, name), -ENAMETOOLONG);
	EXPECT_STREQ(name, "");
	EXPECT_STREQ(p, "/ok");
	EXPECT_EQ_INT(path_next_component(&p, name), 2);
	EXPECT_STREQ(name, "ok");
}

/* ---- path_normalize ---- */

/* Normalizes path from cwd into out, which holds PATH_MAX bytes. */
static int norm(const char *cwd, const char *path, char *out)
{
	return path_normalize(cwd, path, out, PATH_MAX);
}

#define EXPECT_NORM(cwd, path, expected)				\
	do {								\
		char out_[PATH_MAX];					\
		int n_ = norm(cwd, path, out_);				\
		EXPECT_STREQ(out_, expected);				\
		EXPECT_EQ_INT(n_, (int)strlen(expected));		\
	} while (0)

TEST(normalize_keeps_a_normal_absolute_path)
{
	EXPECT_NORM("/", "/", "/");
	EXPECT_NORM("/", "/etc", "/etc");
	EXPECT_NORM("/", "/usr/share/doc", "/usr/share/doc");
}

TEST(normalize_ignores_cwd_for_an_absolute_path)
{
	EXPECT_NORM("/home/user", "/etc/motd", "/etc/motd");
	EXPECT_NORM(NULL, "/etc/motd", "/etc/motd");
	EXPECT_NORM("not absolute", "/etc", "/etc");
}

TEST(normalize_joins_a_relative_path_to_cwd)
{
	EXPECT_NORM("/", "etc", "/etc");
	EXPECT_NORM("/usr", "share/doc", "/usr/share/doc");
	EXPECT_NORM("/usr/share", "doc/modlab/README", "/usr/share/doc/modlab/README");
}

TEST(normalize_drops_dot_components)
{
	EXPECT_NORM("/usr", ".", "/usr");
	EXPECT_NORM("/usr", "./", "/usr");
	EXPECT_NORM("/", "/./etc/./motd/.", "/etc/motd");
	EXPECT_NORM("/", "/.", "/");
	EXPECT_NORM("/a", "./././b", "/a/b");
}

TEST(normalize_resolves_dotdot_lexically)
{
	EXPECT_NORM("/usr/share", "..", "/usr");
	EXPECT_NORM("/usr/share", "../..", "/");
	EXPECT_NORM("/usr/share", "../lib", "/usr/lib");
	EXPECT_NORM("/", "/a/b/../c", "/a/c");
	EXPECT_NORM("/", "/a/b/c/../../d", "/a/d");
	EXPECT_NORM("/", "/a/../b/../c/..", "/");
}

TEST(normalize_dotdot_of_root_is_root)
{
	EXPECT_NORM("/", "/..", "/");
	EXPECT_NORM("/", "/../..", "/");
	EXPECT_NORM("/", "..", "/");
	EXPECT_NORM("/a", "../../../b", "/b");
	EXPECT_NORM("/", "/../etc", "/etc");
}

TEST(normalize_collapses_slashes_and_drops_trailing_ones)
{
	EXPECT_NORM("/", "//", "/");
	EXPECT_NORM("/", "///usr//share///", "/usr/share");
	EXPECT_NORM("/usr", "share//doc/", "/usr/share/doc");
	EXPECT_NORM("/", "/etc/", "/etc");
}

TEST(normalize_keeps_names_that_only_look_like_dots)
{
	EXPECT_NORM("/", "/...", "/...");
	EXPECT_NORM("/", "/.a/..b/a./b..", "/.a/..b/a./b..");
	EXPECT_NORM("/", "/.hidden", "/.hidden");
}

TEST(normalize_resolves_dots_in_cwd_too)
{
	EXPECT_NORM("/a/./b/..", "c", "/a/c");
	EXPECT_NORM("//a//", "b", "/a/b");
}

TEST(normalize_refuses_an_empty_path)
{
	char out[16] = "junk";

	EXPECT_EQ_INT(path_normalize("/", "", out, sizeof(out)), -EINVAL);
	EXPECT_STREQ(out, "");
	EXPECT_EQ_INT(path_normalize("/", NULL, out, sizeof(out)), -EINVAL);
}

TEST(normalize_refuses_a_relative_path_without_an_absolute_cwd)
{
	char out[16];

	EXPECT_EQ_INT(path_normalize(NULL, "etc", out, sizeof(out)), -EINVAL);
	EXPECT_EQ_INT(path_normalize("", "etc", out, sizeof(out)), -EINVAL);
	EXPECT_EQ_INT(path_normalize("usr", "etc", out, sizeof(out)), -EINVAL);
}

TEST(normalize_result_must_fit_in_size)
{
	char out[8];

	EXPECT_EQ_INT(path_normalize("/", "/abcdef", out, sizeof(out)), 7);	/* 7 + NUL */
	EXPECT_STREQ(out, "/abcdef");
	EXPECT_EQ_INT(path_normalize("/", "/abcdefg", out, sizeof(out)), -ENAMETOOLONG);
	EXPECT_STREQ(out, "");
	EXPECT_EQ_INT(path_normalize("/abc", "defg", out, sizeof(out)), -ENAMETOOLONG);
	EXPECT_EQ_INT(path_normalize("/", "/", out, 2), 1);
	EXPECT_STREQ(out, "/");
	EXPECT_EQ_INT(path_normalize("/", "/", out, 1), -ENAMETOOLONG);
	EXPECT_EQ_INT(path_normalize("/", "/", out, 0), -ENAMETOOLONG);
}

TEST(normalize_only_the_result_needs_to_fit)
{
	char out[8];

	/* Longer than out on the way, short in the end. */
	EXPECT_EQ_INT(path_normalize("/", "/a/very/long/way/../../../..", out, sizeof(out)), 1);
	EXPECT_STREQ(out, "/");
	EXPECT_EQ_INT(path_normalize("/ab", "cdefghijkl/../x", out, sizeof(out)), 5);
	EXPECT_STREQ(out, "/ab/x");
	EXPECT_EQ_INT(path_normalize("/", "/a/bcdefghij/x/../../c", out, sizeof(out)), 4);
	EXPECT_STREQ(out, "/a/c");
	/* A dropped component followed by a short one does not sneak in. */
	EXPECT_EQ_INT(path_normalize("/", "/a/bcdefghij/c", out, sizeof(out)), -ENAMETOOLONG);
}

TEST(normalize_limits_the_result_to_PATH_MAX)
{
	static char path[PATH_MAX + 8], out[2 * PATH_MAX];

	/* "/" and PATH_MAX - 2 letters: PATH_MAX - 1 bytes, fits. */
	path[0] = '/';
	strcpy(path + 1, repeat('a', PATH_MAX - 2));
	EXPECT_EQ_INT(path_normalize("/", path, out, sizeof(out)), PATH_MAX - 1);
	/* One more is refused although out could hold it. */
	strcpy(path + 1, repeat('a', PATH_MAX - 1));
	EXPECT_EQ_INT(path_normalize("/", path, out, sizeof(out)), -ENAMETOOLONG);
}

TEST(normalize_refuses_inputs_of_PATH_MAX_bytes)
{
	static char path[PATH_MAX + 8], cwd[PATH_MAX + 8];
	char out[64];

	/* Resolves to "/" but is itself too long. */
	strcpy(path, repeat('/', PATH_MAX));
	EXPECT_EQ_INT(path_normalize("/", path, out, sizeof(out)), -ENAMETOOLONG);
	strcpy(path, repeat('/', PATH_MAX - 1));
	EXPECT_EQ_INT(path_normalize("/", path, out, sizeof(out)), 1);

	strcpy(cwd, repeat('/', PATH_MAX));
	EXPECT_EQ_INT(path_normalize(cwd, "a", out, sizeof(out)), -ENAMETOOLONG);
	strcpy(cwd, repeat('/', PATH_MAX - 1));
	EXPECT_EQ_INT(path_normalize(cwd, "a", out, sizeof(out)), 2);
	EXPECT_STREQ(out, "/a");
}

TEST(normalize_cwd_plus_path_too_long)
{
	static char cwd[PATH_MAX], out[PATH_MAX];

	cwd[0] = '/';
	strcpy(cwd + 1, repeat('c', 1000));
	EXPECT_EQ_INT(path_normalize(cwd, repeat('p', 100), out, sizeof(out)), -ENAMETOOLONG);
	EXPECT_EQ_INT(path_normalize(cwd, "../p", out, sizeof(out)), 2);
	EXPECT_STREQ(out, "/p");
}

/* ---- path_basename ---- */

TEST(basename_is_after_the_last_slash)
{
	EXPECT_STREQ(path_basename("/etc/motd"), "motd");
	EXPECT_STREQ(path_basename("motd"), "motd");
	EXPECT_STREQ(path_basename("a/b"), "b");
	EXPECT_STREQ(path_basename("/etc/"), "");
	EXPECT_STREQ(path_basename("/"), "");
	EXPECT_STREQ(path_basename(""), "");
}

TEST(basename_points_into_the_path)
{
	const char *p = "/usr/lib";

	EXPECT_PTR_EQ(path_basename(p), p + 5);
}

/* ---- path_split_parent ---- */

#define EXPECT_SPLIT(path, want_parent, want_last)			\
	do {								\
		char parent_[PATH_MAX];					\
		const char *last_ = NULL;				\
		const char *path_ = (path);				\
		EXPECT_EQ_INT(path_split_parent(path_, parent_, sizeof(parent_), &last_), 0); \
		EXPECT_STREQ(parent_, want_parent);			\
		EXPECT_STREQ(last_, want_last);				\
	} while (0)

TEST(split_parent_of_absolute_paths)
{
	EXPECT_SPLIT("/usr/lib", "/usr", "lib");
	EXPECT_SPLIT("/usr/share/doc/modlab", "/usr/share/doc", "modlab");
	EXPECT_SPLIT("/etc", "/", "etc");
}

TEST(split_parent_of_relative_paths)
{
	EXPECT_SPLIT("a/b", "a", "b");
	EXPECT_SPLIT("name", ".", "name");
}

TEST(split_parent_drops_slashes_before_the_last_component)
{
	EXPECT_SPLIT("//etc", "/", "etc");
	EXPECT_SPLIT("/usr//lib", "/usr", "lib");
}

TEST(split_parent_last_points_into_the_path)
{
	const char *p = "/usr/lib", *last;
	char parent[16];

	EXPECT_EQ_INT(path_split_parent(p, parent, sizeof(parent), &last), 0);
	EXPECT_PTR_EQ(last, p + 5);
}

TEST(split_parent_needs_a_last_component)
{
	char parent[16] = "junk";
	const char *last = NULL;

	EXPECT_EQ_INT(path_split_parent("/", parent, sizeof(parent), &last), -EINVAL);
	EXPECT_STREQ(parent, "");
	EXPECT_PTR_EQ(last, NULL);
	EXPECT_EQ_INT(path_split_parent("", parent, sizeof(parent), &last), -EINVAL);
	EXPECT_EQ_INT(path_split_parent("/etc/", parent, sizeof(parent), &last), -EINVAL);
	EXPECT_EQ_INT(path_split_parent("/etc/.", parent, sizeof(parent), &last), -EINVAL);
	EXPECT_EQ_INT(path_split_parent("/etc/..", parent, sizeof(parent), &last), -EINVAL);
	EXPECT_EQ_INT(path_split_parent("..", parent, sizeof(parent), &last), -EINVAL);
	EXPECT_SPLIT("/etc/...", "/etc", "...");
}

TEST(split_parent_refuses_a_last_component_over_NAME_MAX)
{
	static char path[NAME_MAX + 16];
	char parent[16];
	const char *last;

	path[0] = '/';
	strcpy(path + 1, repeat('n', NAME_MAX));
	EXPECT_EQ_INT(path_split_parent(path, parent, sizeof(parent), &last), 0);
	EXPECT_STREQ(parent, "/");
	strcpy(path + 1, repeat('n', NAME_MAX + 1));
	EXPECT_EQ_INT(path_split_parent(path, parent, sizeof(parent), &last), -ENAMETOOLONG);
}

TEST(split_parent_refuses_a_parent_that_does_not_fit)
{
	char parent[5];
	const char *last;

	EXPECT_EQ_INT(path_split_parent("/abcd/x", parent, sizeof(parent), &last), -ENAMETOOLONG);
	EXPECT_STREQ(parent, "");
	EXPECT_EQ_INT(path_split_parent("/abc/x", parent, sizeof(parent), &last), 0);
	EXPECT_STREQ(parent, "/abc");
	EXPECT_EQ_INT(path_split_parent("/x", parent, 2, &last), 0);
	EXPECT_STREQ(parent, "/");
	EXPECT_EQ_INT(path_split_parent("/x", parent, 1, &last), -ENAMETOOLONG);
}

TEST(split_parent_of_a_normalized_path_round_trips)
{
	char norm_out[PATH_MAX], parent[PATH_MAX], joined[PATH_MAX];
	const char *last;
	int n;

	n = path_normalize("/usr", "share/./doc//../doc/modlab/", norm_out, sizeof(norm_out));
	EXPECT_EQ_INT(n, (int)strlen("/usr/share/doc/modlab"));
	EXPECT_EQ_INT(path_split_parent(norm_out, parent, sizeof(parent), &last), 0);
	EXPECT_STREQ(parent, "/usr/share/doc");
	EXPECT_EQ_INT(path_normalize(parent, last, joined, sizeof(joined)), n);
	EXPECT_STREQ(joined, norm_out);
}
