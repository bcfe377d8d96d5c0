/*
 * cpio archives in the "newc" format: walking one and checking all of it.
 *
 * A newc archive (cpio(5), "New ASCII Format") is a run of members, each:
 *
 *	header	110 bytes: the magic "070701", then thirteen fields of eight
 *		hex digits (ino, mode, uid, gid, nlink, mtime, filesize,
 *		devmajor, devminor, rdevmajor, rdevminor, namesize, check)
 *	name	namesize bytes, the last of them its NUL
 *	padding	zero bytes up to a multiple of 4 from the archive's start
 *	data	filesize bytes (a symlink's target for a symlink)
 *	padding	zero bytes up to a multiple of 4
 *
 * The last member is named "TRAILER!!!"; cpio then pads the archive with
 * zeros to a whole block. The magic "070702" marks the same format with
 * "check" holding the sum of a regular file's data bytes; we verify that
 * sum. (GNU cpio writes 0 there for other types, even a symlink with data,
 * and checks only regular files when reading: so do we.)
 *
 * The archive comes from outside the kernel (the boot loader hands it over),
 * so nothing in it is trusted: every field is checked to be eight hex
 * digits, every size against what is left of the buffer before a byte of
 * it is read (comparing with "len - off", which cannot overflow, rather
 * than adding to off), and padding must be zero. Damage that loses our
 * place in the archive ends the walk: we cannot know where the next member
 * starts. Entries before it have already gone to the callback, so the
 * caller keeps the good part; the return value says the rest is missing.
 */
#define pr_fmt(fmt) "cpio: " fmt

#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/stat.h>
#include <modlab/cpio.h>

#define CPIO_MAGIC_LEN	6
#define CPIO_FIELD_LEN	8
#define CPIO_HDR_SIZE	110	/* magic and 13 fields */
#define CPIO_ALIGN	4
#define CPIO_TRAILER	"TRAILER!!!"

enum cpio_field {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
	CPIO_NR_FIELDS
};

static const char *const field_name[CPIO_NR_FIELDS] = {
	"ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
	"devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check",
};

/* Where the walk is; the archive is arch[0..len). */
struct cpio_walk {
	const u8 *arch;
	size_t len;
	size_t *err_offset;
};

/* Ends the walk on damage found at offset at: the message is already out. */
static int corrupt(struct cpio_walk *w, size_t at)
{
	if (w->err_offset)
		*w->err_offset = at;
	return -EINVAL;
}

/* Eight hex digits, either case, and nothing else (no sign, space or 0x). */
static bool parse_field(const u8 *p, u32 *val)
{
	u32 v = 0;
	int i;

	for (i = 0; i < CPIO_FIELD_LEN; i++) {
		u8 c = p[i];
		u32 digit;

		if (c >= '0' && c <= '9')
			digit = c - '0';
		else if (c >= 'a' && c <= 'f')
			digit = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			digit = c - 'A' + 10;
		else
			return false;
		v = (v << 4) | digit;
	}
	*val = v;
	return true;
}

/* Bytes from off to the next multiple of CPIO_ALIGN. */
static size_t pad_after(size_t off)
{
	return (CPIO_ALIGN - (off & (CPIO_ALIGN - 1))) & (CPIO_ALIGN - 1);
}

/* The offset of the first non-zero byte in arch[off..off+n), or off+n. */
static size_t first_nonzero(const u8 *arch, size_t off, size_t n)
{
	while (n && arch[off] == 0) {
		off++;
		n--;
	}
	return off;
}

/*
 * Steps *off over the padding after a part that ends there (named by what,
 * for the message), which must be in the archive and zero.
 */
static int skip_padding(struct cpio_walk *w, size_t *off, const char *what)
{
	size_t pad = pad_after(*off), bad;

	if (pad > w->len - *off) {
		pr_warn("archive ends inside the padding after the %s at offset %zu\n", what, *off);
		return corrupt(w, w->len);
	}
	bad = first_nonzero(w->arch, *off, pad);
	if (bad != *off + pad) {
		pr_warn("non-zero padding after the %s at offset %zu\n", what, bad);
		return corrupt(w, bad);
	}
	*off += pad;
	return 0;
}

/* The length of the longest component of path. */
static size_t longest_component(const char *path)
{
	size_t longest = 0;

	while (*path) {
		size_t n = strcspn(path, "/");

		longest = max(longest, n);
		path += n;
		if (*path)
			path++;
	}
	return longest;
}

/* Whether the path has a ".." component: "..", "../x", "x/..", "x/../y". */
static bool has_dotdot(const char *path)
{
	const char *p = path;

	while (*p) {
		const char *end = p;

		while (*end && *end != '/')
			end++;
		if (end - p == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p = *end ? end + 1 : end;
	}
	return false;
}

/*
 * Turns the archive's name into the one the callback sees, relative to '/':
 * archives made with "find . | cpio" or with absolute paths name their
 * members "./etc/motd" or "/etc/motd", and the kernel unpacks into '/'
 * either way, so any leading "/" and "./" go. Returns false to skip the
 * member: the root itself ("." or "/"), which is there already; a name
 * the VFS could not take (longer than CPIO_PATH_MAX, or with a component
 * longer than NAME_MAX); and a name with a ".." component, which could
 * reach outside the tree being unpacked (or, resolved lexically, mean
 * something other than what the archive's maker saw), so it is refused
 * rather than interpreted. The walk goes on after a skipped member: its
 * framing is intact, only its name is unusable.
 */
static bool entry_name(struct cpio_entry *e, const char *raw, size_t at)
{
	const char *name = raw;
	size_t n;

	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else
			break;
	}
	if (name[0] == '\0' || strcmp(name, ".") == 0)
		return false;
	if (has_dotdot(name)) {
		pr_warn("skipping \"%.*s\" at offset %zu: the name has a '..' component\n",
			NAME_MAX, raw, at);
		return false;
	}
	n = strlen(name);
	if (n > CPIO_PATH_MAX) {
		pr_warn("skipping \"%.40s...\" at offset %zu: name longer than %d bytes\n",
			name, at, CPIO_PATH_MAX);
		return false;
	}
	if (longest_component(name) > NAME_MAX) {
		pr_warn("skipping \"%.40s...\" at offset %zu: a component longer than %d bytes\n",
			name, at, NAME_MAX);
		return false;
	}
	memcpy(e->name_buf, name, n + 1);
	e->name = e->name_buf;
	return true;
}

/* The 070702 check field of a regular file: its bytes summed modulo 2^32. */
static u32 data_checksum(const u8 *data, u32 size)
{
	u32 sum = 0;

	while (size--)
		sum += *data++;
	return sum;
}

int cpio_parse(const void *buf, size_t len, cpio_actor_t fn, void *arg, size_t *err_offset)
{
	struct cpio_walk w = { .arch = buf, .len = len, .err_offset = err_offset };
	struct cpio_entry e;
	size_t off = 0;
	int count = 0;

	for (;;) {
		u32 f[CPIO_NR_FIELDS];
		size_t name_off, data_off, end, at;
		const char *raw;
		bool with_crc;
		int i, ret;

		/* The header. */
		if (off == len) {
			pr_warn("archive ends at offset %zu without a " CPIO_TRAILER " entry\n",
				off);
			return corrupt(&w, off);
		}
		if (len - off < CPIO_HDR_SIZE) {
			pr_warn("truncated header at offset %zu: %zu of %d bytes\n",
				off, len - off, CPIO_HDR_SIZE);
			return corrupt(&w, off);
		}
		if (memcmp(w.arch + off, "070701", CPIO_MAGIC_LEN) == 0) {
			with_crc = false;
		} else if (memcmp(w.arch + off, "070702", CPIO_MAGIC_LEN) == 0) {
			with_crc = true;
		} else {
			pr_warn("bad magic at offset %zu (not a newc cpio archive)\n", off);
			return corrupt(&w, off);
		}
		for (i = 0; i < CPIO_NR_FIELDS; i++) {
			at = off + CPIO_MAGIC_LEN + i * CPIO_FIELD_LEN;
			if (!parse_field(w.arch + at, &f[i])) {
				pr_warn("header field %s at offset %zu is not 8 hex digits\n",
					field_name[i], at);
				return corrupt(&w, at);
			}
		}

		/* The name: namesize bytes, including one NUL, at their end. */
		name_off = off + CPIO_HDR_SIZE;
		if (f[F_NAMESIZE] == 0) {
			pr_warn("entry at offset %zu has name size 0\n", off);
			return corrupt(&w, off + CPIO_MAGIC_LEN + F_NAMESIZE * CPIO_FIELD_LEN);
		}
		if (f[F_NAMESIZE] > len - name_off) {
			pr_warn("truncated name at offset %zu: %u bytes, %zu left\n",
				name_off, f[F_NAMESIZE], len - name_off);
			return corrupt(&w, name_off);
		}
		raw = (const char *)w.arch + name_off;
		if (strnlen(raw, f[F_NAMESIZE]) != f[F_NAMESIZE] - 1) {
			pr_warn("name at offset %zu is not %u bytes ending in its only NUL\n",
				name_off, f[F_NAMESIZE]);
			return corrupt(&w, name_off);
		}
		end = name_off + f[F_NAMESIZE];

		/* Zeros, and nothing else, may follow the trailer. */
		if (strcmp(raw, CPIO_TRAILER) == 0) {
			at = first_nonzero(w.arch, end, len - end);
			if (at != len) {
				pr_warn("junk after " CPIO_TRAILER " at offset %zu\n", at);
				return corrupt(&w, at);
			}
			return count;
		}

		/* The data. */
		data_off = end;
		ret = skip_padding(&w, &data_off, "name");
		if (ret)
			return ret;
		if (f[F_FILESIZE] > len - data_off) {
			pr_warn("truncated data of \"%.64s\" at offset %zu: %u bytes, %zu left\n",
				raw, data_off, f[F_FILESIZE], len - data_off);
			return corrupt(&w, data_off);
		}
		if (with_crc && S_ISREG(f[F_MODE]) &&
		    data_checksum(w.arch + data_off, f[F_FILESIZE]) != f[F_CHECK]) {
			pr_warn("checksum mismatch in the data of \"%.64s\" at offset %zu\n",
				raw, data_off);
			return corrupt(&w, data_off);
		}
		end = data_off + f[F_FILESIZE];

		/* The entry is whole: hand it over before looking further. */
		if (entry_name(&e, raw, off)) {
			e.ino = f[F_INO];
			e.mode = f[F_MODE];
			e.uid = f[F_UID];
			e.gid = f[F_GID];
			e.nlink = f[F_NLINK];
			e.mtime = f[F_MTIME];
			e.data = w.arch + data_off;
			e.size = f[F_FILESIZE];
			ret = fn(&e, arg);
			if (ret)
				return ret;
			count++;
		}

		off = end;
		ret = skip_padding(&w, &off, "data");
		if (ret)
			return ret;
	}
}
