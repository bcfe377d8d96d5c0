/*
 * The newc cpio parser (fs/cpio.c) on archives written here, byte by byte,
 * with each kind of damage it must survive; on the seed archives of the
 * fuzz corpus (made by GNU cpio); and on build/initrd.cpio against the
 * initrd/ tree it was made from.
 *
 * Every archive is copied into a heap block of exactly its length before
 * it is parsed, so AddressSanitizer reports any read past its end.
 */
#define _GNU_SOURCE		/* nftw */
#define UNIT_MAIN
#include "unit.h"
#include <stdlib.h>
#include <sys/stat.h>
#include <ftw.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <modlab/cpio.h>
#include "printk_host.h"

#define HDR	110		/* header bytes */

/* ---- writing archives ---- */

struct archive {
	u8 b[16384];
	size_t len;
};

static void put(struct archive *a, const void *p, size_t n)
{
	memcpy(a->b + a->len, p, n);
	a->len += n;
}

static void pad4(struct archive *a)
{
	while (a->len & 3)
		a->b[a->len++] = 0;
}

/* Every header field, so a test can set any of them. */
struct hdr {
	const char *magic;
	u32 ino, mode, uid, gid, nlink, mtime, filesize;
	u32 devmajor, devminor, rdevmajor, rdevminor, namesize, check;
};

static void put_header(struct archive *a, const struct hdr *h)
{
	const u32 f[13] = {
		h->ino, h->mode, h->uid, h->gid, h->nlink, h->mtime, h->filesize,
		h->devmajor, h->devminor, h->rdevmajor, h->rdevminor, h->namesize, h->check,
	};
	char field[9];
	int i;

	put(a, h->magic, 6);
	for (i = 0; i < 13; i++) {
		snprintf(field, sizeof(field), "%08X", f[i]);
		put(a, field, 8);
	}
}

/* The 070702 check value: the sum of the data bytes. */
static u32 sum_bytes(const void *data, u32 size)
{
	const u8 *p = data;
	u32 s = 0;

	while (size--)
		s += *p++;
	return s;
}

/* Appends a well-formed member; returns the offset of its header. */
static size_t add_full(struct archive *a, const char *magic, const char *name, u32 mode,
		       const void *data, u32 size)
{
	static u32 next_ino = 100;
	size_t at = a->len;
	struct hdr h = {
		.magic = magic, .ino = next_ino++, .mode = mode, .uid = 0, .gid = 0,
		.nlink = (mode & S_IFMT) == S_IFDIR ? 2 : 1, .mtime = 0x5f000000,
		.filesize = size, .devmajor = 0, .devminor = 1,
		.namesize = (u32)strlen(name) + 1,
		.check = magic[5] == '2' ? sum_bytes(data, size) : 0,
	};

	put_header(a, &h);
	put(a, name, strlen(name) + 1);
	pad4(a);
	put(a, data, size);
	pad4(a);
	return at;
}

static size_t add(struct archive *a, const char *name, u32 mode, const void *data, u32 size)
{
	return add_full(a, "070701", name, mode, data, size);
}

static size_t add_file(struct archive *a, const char *name, const char *text)
{
	return add(a, name, S_IFREG | 0644, text, (u32)strlen(text));
}

static size_t add_dir(struct archive *a, const char *name)
{
	return add(a, name, S_IFDIR | 0755, "", 0);
}

static size_t add_trailer(struct archive *a)
{
	return add(a, "TRAILER!!!", 0, "", 0);
}

/* Offset of header field i (0 = ino ... 12 = check) in the member at. */
static size_t field_at(size_t member, int i)
{
	return member + 6 + 8 * i;
}

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR,
       F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK };

/* Overwrites header field i of the member at with v. */
static void set_field(struct archive *a, size_t member, int i, u32 v)
{
	char field[9];

	snprintf(field, sizeof(field), "%08X", v);
	memcpy(a->b + field_at(member, i), field, 8);
}

/* ---- parsing and what the callback saw ---- */

#define MAX_SEEN	64

struct seen {
	int n;
	int stop_at;		/* return stop_ret for entry number stop_at (from 1) */
	int stop_ret;
	struct {
		char name[CPIO_PATH_MAX + 1];
		u32 ino, mode, uid, gid, nlink, mtime, size;
		u8 data[300];
	} e[MAX_SEEN];
};

static int collect(const struct cpio_entry *e, void *arg)
{
	struct seen *s = arg;

	if (s->n < MAX_SEEN) {
		strcpy(s->e[s->n].name, e->name);
		s->e[s->n].ino = e->ino;
		s->e[s->n].mode = e->mode;
		s->e[s->n].uid = e->uid;
		s->e[s->n].gid = e->gid;
		s->e[s->n].nlink = e->nlink;
		s->e[s->n].mtime = e->mtime;
		s->e[s->n].size = e->size;
		memcpy(s->e[s->n].data, e->data, min(e->size, (u32)sizeof(s->e[0].data)));
	}
	s->n++;
	if (s->stop_at && s->n == s->stop_at)
		return s->stop_ret;
	return 0;
}

/* Parses the first len bytes of a, from a heap block of exactly len bytes. */
static int parse_n(const struct archive *a, size_t len, struct seen *s, size_t *err)
{
	u8 *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, a->b, len);
	host_printk_clear();
	ret = cpio_parse(copy, len, collect, s, err);
	free(copy);
	return ret;
}

static int parse(const struct archive *a, struct seen *s, size_t *err)
{
	return parse_n(a, a->len, s, err);
}

static struct archive ar;	/* each test starts with ar.len = 0 */
static struct seen sn;

static void start(void)
{
	memset(&ar, 0, sizeof(ar));
	memset(&sn, 0, sizeof(sn));
}

/* An archive that is corrupt at `at`: checks the result and the message. */
#define EXPECT_CORRUPT(len, want_at, want_kept, message)		\
	do {								\
		size_t err_ = (size_t)-1;				\
		memset(&sn, 0, sizeof(sn));				\
		EXPECT_EQ_INT(parse_n(&ar, (len), &sn, &err_), -EINVAL); \
		EXPECT_EQ_UINT(err_, (want_at));			\
		EXPECT_EQ_INT(sn.n, (want_kept));			\
		EXPECT_TRUE(host_printk_saw(message));			\
		EXPECT_TRUE(host_printk_warnings >= 1);			\
	} while (0)

/* ---- good archives ---- */

TEST(parses_dirs_files_and_a_symlink)
{
	size_t err = 12345;

	start();
	add_dir(&ar, "etc");
	add_file(&ar, "etc/motd", "Welcome to modlab!\n");
	add(&ar, "etc/empty", S_IFREG | 0600, "", 0);
	add(&ar, "etc/link", S_IFLNK | 0777, "motd", 4);
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, &err), 4);
	EXPECT_EQ_INT(sn.n, 4);
	EXPECT_EQ_UINT(err, 12345);		/* untouched without damage */
	EXPECT_EQ_UINT(host_printk_warnings, 0);

	EXPECT_STREQ(sn.e[0].name, "etc");
	EXPECT_EQ_UINT(sn.e[0].mode, S_IFDIR | 0755);
	EXPECT_EQ_UINT(sn.e[0].nlink, 2);
	EXPECT_EQ_UINT(sn.e[0].size, 0);

	EXPECT_STREQ(sn.e[1].name, "etc/motd");
	EXPECT_EQ_UINT(sn.e[1].mode, S_IFREG | 0644);
	EXPECT_EQ_UINT(sn.e[1].size, 19);
	EXPECT_MEM_EQ(sn.e[1].data, "Welcome to modlab!\n", 19);
	EXPECT_EQ_UINT(sn.e[1].mtime, 0x5f000000);
	EXPECT_EQ_UINT(sn.e[1].ino, sn.e[0].ino + 1);

	EXPECT_STREQ(sn.e[2].name, "etc/empty");
	EXPECT_EQ_UINT(sn.e[2].mode, S_IFREG | 0600);
	EXPECT_EQ_UINT(sn.e[2].size, 0);

	EXPECT_STREQ(sn.e[3].name, "etc/link");
	EXPECT_EQ_UINT(sn.e[3].mode & S_IFMT, S_IFLNK);
	EXPECT_EQ_UINT(sn.e[3].size, 4);
	EXPECT_MEM_EQ(sn.e[3].data, "motd", 4);
}

TEST(passes_uid_gid_and_other_fields_from_the_header)
{
	size_t m;

	start();
	m = add_file(&ar, "f", "x");
	set_field(&ar, m, F_UID, 1000);
	set_field(&ar, m, F_GID, 0xfffffffe);
	set_field(&ar, m, F_NLINK, 3);
	set_field(&ar, m, F_MTIME, 0xffffffff);
	set_field(&ar, m, F_INO, 0xabcdef01);
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 1);
	EXPECT_EQ_UINT(sn.e[0].uid, 1000);
	EXPECT_EQ_UINT(sn.e[0].gid, 0xfffffffe);
	EXPECT_EQ_UINT(sn.e[0].nlink, 3);
	EXPECT_EQ_UINT(sn.e[0].mtime, 0xffffffff);
	EXPECT_EQ_UINT(sn.e[0].ino, 0xabcdef01);
}

TEST(data_of_every_length_is_padded_and_delivered)
{
	static const char text[] = "0123456789abcdef";
	u32 size;
	int i;

	start();
	for (size = 0; size <= 9; size++) {
		char name[8];

		snprintf(name, sizeof(name), "f%u", size);
		add(&ar, name, S_IFREG | 0644, text, size);
	}
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 10);
	for (i = 0; i < 10; i++) {
		EXPECT_EQ_UINT(sn.e[i].size, i);
		EXPECT_MEM_EQ(sn.e[i].data, text, i);
	}
}

TEST(names_of_every_length_are_padded_and_delivered)
{
	static const char letters[] = "abcdefghij";
	int i;

	start();
	for (i = 1; i <= 9; i++) {
		char name[16];

		memcpy(name, letters, i);
		name[i] = '\0';
		add_file(&ar, name, "data");
	}
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 9);
	for (i = 1; i <= 9; i++) {
		EXPECT_EQ_UINT(strlen(sn.e[i - 1].name), i);
		EXPECT_MEM_EQ(sn.e[i - 1].data, "data", 4);
	}
}

TEST(binary_data_with_every_byte_value)
{
	u8 bytes[259];
	int i;

	for (i = 0; i < 259; i++)
		bytes[i] = (u8)(i * 7);
	start();
	add(&ar, "bin", S_IFREG | 0644, bytes, sizeof(bytes));
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 1);
	EXPECT_EQ_UINT(sn.e[0].size, 259);
	EXPECT_MEM_EQ(sn.e[0].data, bytes, 259);
}

TEST(an_archive_of_only_the_trailer_is_empty)
{
	start();
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 0);
	EXPECT_EQ_INT(sn.n, 0);
	EXPECT_EQ_UINT(host_printk_warnings, 0);
}

TEST(zero_padding_after_the_trailer_is_fine)
{
	start();
	add_file(&ar, "a", "1");
	add_trailer(&ar);
	memset(ar.b + ar.len, 0, 512 - ar.len);		/* cpio pads to a block */
	ar.len = 512;
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 1);
	EXPECT_EQ_UINT(host_printk_warnings, 0);
}

TEST(trailer_without_its_padding_at_the_very_end_is_fine)
{
	start();
	add_file(&ar, "a", "1");
	add_trailer(&ar);
	ar.len -= 3;		/* 110 + 11 bytes of header and name: 3 of padding */
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 1);
}

TEST(lowercase_hex_digits_are_accepted)
{
	size_t m;

	start();
	m = add(&ar, "d", S_IFDIR | 0755, "", 0);
	memcpy(ar.b + field_at(m, F_MODE), "000041ed", 8);
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 1);
	EXPECT_EQ_UINT(sn.e[0].mode, S_IFDIR | 0755);
}

TEST(crc_variant_with_right_sums_is_accepted)
{
	start();
	add_full(&ar, "070702", "d", S_IFDIR | 0755, "", 0);
	add_full(&ar, "070702", "d/f", S_IFREG | 0644, "\xff\xfe\x01", 3);
	add_full(&ar, "070702", "TRAILER!!!", 0, "", 0);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 2);
	EXPECT_MEM_EQ(sn.e[1].data, "\xff\xfe\x01", 3);
}

TEST(crc_variant_with_a_wrong_sum_is_corrupt_after_the_good_part)
{
	size_t m;

	start();
	add_full(&ar, "070702", "good", S_IFREG | 0644, "abc", 3);
	m = add_full(&ar, "070702", "bad", S_IFREG | 0644, "abc", 3);
	set_field(&ar, m, F_CHECK, 'a' + 'b' + 'c' + 1);
	add_full(&ar, "070702", "TRAILER!!!", 0, "", 0);
	EXPECT_CORRUPT(ar.len, m + HDR + 6, 1, "checksum mismatch");	/* 110 + 4, padded */
	EXPECT_STREQ(sn.e[0].name, "good");
}

TEST(crc_variant_checks_regular_files_only)
{
	size_t m;

	/* As GNU cpio writes them: check 0 for a symlink's target. */
	start();
	m = add_full(&ar, "070702", "link", S_IFLNK | 0777, "target", 6);
	set_field(&ar, m, F_CHECK, 0);
	add_full(&ar, "070702", "TRAILER!!!", 0, "", 0);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 1);
}

TEST(newc_ignores_the_check_field)
{
	size_t m;

	start();
	m = add_file(&ar, "f", "abc");
	set_field(&ar, m, F_CHECK, 0x12345678);
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 1);
}

TEST(mixed_newc_and_crc_members)
{
	start();
	add_full(&ar, "070701", "a", S_IFREG | 0644, "1", 1);
	add_full(&ar, "070702", "b", S_IFREG | 0644, "2", 1);
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 2);
}

TEST(leading_dot_slash_and_slashes_are_stripped)
{
	start();
	add_dir(&ar, "./etc");
	add_file(&ar, "/etc/motd", "x");
	add_file(&ar, "///etc/a", "x");
	add_file(&ar, "././etc/b", "x");
	add_file(&ar, "/./etc/c", "x");
	add_file(&ar, ".hidden", "x");
	add_file(&ar, "..dots", "x");
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 7);
	EXPECT_STREQ(sn.e[0].name, "etc");
	EXPECT_STREQ(sn.e[1].name, "etc/motd");
	EXPECT_STREQ(sn.e[2].name, "etc/a");
	EXPECT_STREQ(sn.e[3].name, "etc/b");
	EXPECT_STREQ(sn.e[4].name, "etc/c");
	EXPECT_STREQ(sn.e[5].name, ".hidden");
	EXPECT_STREQ(sn.e[6].name, "..dots");
}

TEST(the_root_entry_is_skipped_quietly)
{
	start();
	add_dir(&ar, ".");
	add_dir(&ar, "/");
	add_dir(&ar, "./");
	add_file(&ar, "f", "x");
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 1);
	EXPECT_STREQ(sn.e[0].name, "f");
	EXPECT_EQ_UINT(host_printk_warnings, 0);
}

TEST(names_with_dotdot_components_are_skipped_and_the_walk_goes_on)
{
	static const char *const bad[] = {
		"..", "../etc/passwd", "a/../../b", "a/..", "./../x", "/..", "a/../b",
	};
	unsigned int i;

	start();
	add_file(&ar, "first", "1");
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		add_file(&ar, bad[i], "evil");
	add_file(&ar, "a..b/c..", "ok");
	add_file(&ar, "last", "2");
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 3);
	EXPECT_STREQ(sn.e[0].name, "first");
	EXPECT_STREQ(sn.e[1].name, "a..b/c..");
	EXPECT_STREQ(sn.e[2].name, "last");
	EXPECT_EQ_UINT(host_printk_warnings, ARRAY_SIZE(bad));
	EXPECT_TRUE(host_printk_saw("'..'"));
}

TEST(a_name_of_NAME_MAX_bytes_is_delivered)
{
	char name[NAME_MAX + 1];

	memset(name, 'n', NAME_MAX);
	name[NAME_MAX] = '\0';
	start();
	add_file(&ar, name, "x");
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 1);
	EXPECT_STREQ(sn.e[0].name, name);
}

TEST(a_component_longer_than_NAME_MAX_is_skipped_and_the_walk_goes_on)
{
	char name[NAME_MAX + 4], deep[NAME_MAX + 8];

	name[0] = '/';		/* stripped: 256 bytes remain */
	memset(name + 1, 'n', NAME_MAX + 1);
	name[NAME_MAX + 2] = '\0';
	snprintf(deep, sizeof(deep), "d/%s/f", name + 1);	/* 256 bytes in the middle */
	start();
	add_file(&ar, name, "x");
	add_file(&ar, deep, "z");
	add_file(&ar, name + 2, "y");	/* 255 bytes: fine */
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 1);
	EXPECT_MEM_EQ(sn.e[0].data, "y", 1);
	EXPECT_EQ_UINT(host_printk_warnings, 2);
	EXPECT_TRUE(host_printk_saw("a component longer than 255 bytes"));
}

/* A path of len bytes in components of up to 200 bytes: "ccc.../ccc.../c". */
static void long_path(char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = i % 201 == 200 ? '/' : 'c';
	buf[len] = '\0';
}

TEST(a_path_longer_than_a_name_is_delivered_up_to_CPIO_PATH_MAX_bytes)
{
	static char fits[CPIO_PATH_MAX + 1], too_long[CPIO_PATH_MAX + 2];
	char mid[400];

	/* Before, the name limit (255) was applied to the whole path. */
	long_path(mid, 390);
	long_path(fits, CPIO_PATH_MAX);
	long_path(too_long, CPIO_PATH_MAX + 1);
	start();
	add_file(&ar, mid, "1");
	add_file(&ar, fits, "2");
	add_file(&ar, too_long, "3");
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 2);
	EXPECT_EQ_UINT(strlen(sn.e[0].name), 390);
	EXPECT_MEM_EQ(sn.e[0].data, "1", 1);
	EXPECT_STREQ(sn.e[1].name, fits);
	EXPECT_MEM_EQ(sn.e[1].data, "2", 1);
	EXPECT_EQ_UINT(host_printk_warnings, 1);
	EXPECT_TRUE(host_printk_saw("name longer than 1022 bytes"));
}

TEST(hard_links_arrive_as_newc_writes_them)
{
	size_t m1, m2;

	/* GNU cpio writes the data with the last link only. */
	start();
	m1 = add(&ar, "a", S_IFREG | 0644, "", 0);
	m2 = add_file(&ar, "b", "shared");
	set_field(&ar, m1, F_INO, 7);
	set_field(&ar, m2, F_INO, 7);
	set_field(&ar, m1, F_NLINK, 2);
	set_field(&ar, m2, F_NLINK, 2);
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 2);
	EXPECT_EQ_UINT(sn.e[0].ino, sn.e[1].ino);
	EXPECT_EQ_UINT(sn.e[0].size, 0);
	EXPECT_EQ_UINT(sn.e[1].size, 6);
}

TEST(a_non_zero_callback_result_stops_the_walk_and_is_returned)
{
	start();
	add_file(&ar, "a", "1");
	add_file(&ar, "b", "2");
	add_file(&ar, "c", "3");
	add_trailer(&ar);
	sn.stop_at = 2;
	sn.stop_ret = -ENOSPC;
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), -ENOSPC);
	EXPECT_EQ_INT(sn.n, 2);
	EXPECT_EQ_UINT(host_printk_warnings, 0);
}

TEST(a_callback_stop_wins_over_later_damage)
{
	start();
	add_file(&ar, "a", "1");
	memcpy(ar.b + ar.len, "garbage!", 8);
	ar.len += 8;
	sn.stop_at = 1;
	sn.stop_ret = 5;
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 5);
	EXPECT_EQ_INT(sn.n, 1);
}

/* ---- damaged archives ---- */

TEST(an_empty_buffer_has_no_trailer)
{
	start();
	EXPECT_CORRUPT(0, 0, 0, "without a TRAILER!!!");
}

TEST(bad_magic_in_the_first_member)
{
	static const char *const magics[] = { "070707", "070700", "07070 ", "\0\0\0\0\0\0",
					      "170701", "0707O1" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(magics); i++) {
		start();
		add_file(&ar, "a", "1");
		add_trailer(&ar);
		memcpy(ar.b, magics[i], 6);
		EXPECT_CORRUPT(ar.len, 0, 0, "bad magic at offset 0");
	}
}

TEST(bad_magic_later_keeps_the_members_before_it)
{
	size_t m;

	start();
	add_dir(&ar, "d");
	add_file(&ar, "d/f", "hello");
	m = add_file(&ar, "d/g", "world");
	add_trailer(&ar);
	ar.b[m + 5] = '7';
	EXPECT_CORRUPT(ar.len, m, 2, "bad magic");
	EXPECT_STREQ(sn.e[0].name, "d");
	EXPECT_STREQ(sn.e[1].name, "d/f");
	EXPECT_MEM_EQ(sn.e[1].data, "hello", 5);
}

TEST(a_zeroed_archive_is_bad_magic)
{
	start();
	ar.len = 512;
	EXPECT_CORRUPT(ar.len, 0, 0, "bad magic");
}

TEST(each_header_field_must_be_eight_hex_digits)
{
	static const char junk[] = { ' ', 'g', 'G', 'x', '-', '+', '\0', '\n', (char)0xb0, '/', ':',
				     '@', '`' };
	int field;
	unsigned int j, pos;

	for (field = 0; field < 13; field++) {
		for (j = 0; j < sizeof(junk); j++) {
			for (pos = 0; pos < 8; pos += 7) {	/* first and last digit */
				size_t m;

				start();
				add_file(&ar, "ok", "1");
				m = add_file(&ar, "f", "2");
				add_trailer(&ar);
				ar.b[field_at(m, field) + pos] = (u8)junk[j];
				EXPECT_CORRUPT(ar.len, field_at(m, field), 1, "not 8 hex digits");
			}
		}
	}
}

TEST(a_0x_prefix_or_sign_in_a_field_is_junk)
{
	size_t m;

	start();
	m = add_file(&ar, "f", "1");
	add_trailer(&ar);
	memcpy(ar.b + field_at(m, F_FILESIZE), "0x000001", 8);
	EXPECT_CORRUPT(ar.len, field_at(m, F_FILESIZE), 0, "filesize");

	start();
	m = add_file(&ar, "f", "1");
	add_trailer(&ar);
	memcpy(ar.b + field_at(m, F_NAMESIZE), "-0000002", 8);
	EXPECT_CORRUPT(ar.len, field_at(m, F_NAMESIZE), 0, "namesize");
}

TEST(truncated_header)
{
	size_t m;

	start();
	add_file(&ar, "a", "1");
	m = add_file(&ar, "b", "2");
	EXPECT_CORRUPT(m + 50, m, 1, "truncated header");
	EXPECT_CORRUPT(m + HDR - 1, m, 1, "truncated header");
	EXPECT_CORRUPT(m + 1, m, 1, "truncated header");
}

TEST(truncated_name)
{
	size_t m;

	start();
	add_file(&ar, "a", "1");
	m = add_file(&ar, "long-name", "2");
	EXPECT_CORRUPT(m + HDR, m + HDR, 1, "truncated name");
	EXPECT_CORRUPT(m + HDR + 5, m + HDR, 1, "truncated name");
	EXPECT_CORRUPT(m + HDR + 9, m + HDR, 1, "truncated name");	/* NUL missing */
}

TEST(truncated_data)
{
	size_t m;

	start();
	add_file(&ar, "a", "1");
	m = add_file(&ar, "bb", "0123456789");
	/* header 110 + name 3 = 113, padded to 116 */
	EXPECT_CORRUPT(m + 116, m + 116, 1, "truncated data");
	EXPECT_CORRUPT(m + 116 + 9, m + 116, 1, "truncated data");
}

TEST(truncated_padding)
{
	size_t m;

	start();
	m = add_file(&ar, "bb", "0123456789");
	EXPECT_CORRUPT(m + 114, m + 114, 0, "inside the padding after the name");
	/* The member is whole without its last padding: delivered. */
	EXPECT_CORRUPT(m + 116 + 10 + 1, m + 116 + 10 + 1, 1, "inside the padding after the data");
}

TEST(name_size_zero)
{
	size_t m;

	start();
	add_file(&ar, "a", "1");
	m = add_file(&ar, "b", "2");
	add_trailer(&ar);
	set_field(&ar, m, F_NAMESIZE, 0);
	EXPECT_CORRUPT(ar.len, field_at(m, F_NAMESIZE), 1, "name size 0");
}

TEST(name_without_its_nul_at_the_end)
{
	size_t m;

	/* namesize one short: the last byte counted is 'e', not NUL */
	start();
	add_file(&ar, "a", "1");
	m = add_file(&ar, "name", "2");
	add_trailer(&ar);
	set_field(&ar, m, F_NAMESIZE, 4);
	EXPECT_CORRUPT(ar.len, m + HDR, 1, "NUL");
}

TEST(name_with_a_nul_inside)
{
	size_t m;

	/* namesize one long: a NUL before the last byte */
	start();
	m = add_file(&ar, "name", "2");
	add_trailer(&ar);
	set_field(&ar, m, F_NAMESIZE, 6);
	EXPECT_CORRUPT(ar.len, m + HDR, 0, "NUL");

	start();
	m = add_file(&ar, "naXe", "2");
	ar.b[m + HDR + 2] = '\0';		/* "na\0e\0", namesize 5 */
	add_trailer(&ar);
	EXPECT_CORRUPT(ar.len, m + HDR, 0, "NUL");
}

TEST(huge_sizes_are_caught_without_overflow)
{
	static const u32 sizes[] = { 0xffffffff, 0xfffffffc, 0xfffffff0, 0x80000000, 0x7fffffff,
				     0x10000 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t m;

		start();
		add_file(&ar, "a", "1");
		m = add_file(&ar, "b", "2");
		add_trailer(&ar);
		set_field(&ar, m, F_FILESIZE, sizes[i]);
		EXPECT_CORRUPT(ar.len, m + HDR + 2, 1, "truncated data");

		start();
		add_file(&ar, "a", "1");
		m = add_file(&ar, "b", "2");
		add_trailer(&ar);
		set_field(&ar, m, F_NAMESIZE, sizes[i]);
		EXPECT_CORRUPT(ar.len, m + HDR, 1, "truncated name");
	}
}

TEST(a_wrong_file_size_is_caught_by_the_padding_or_the_next_magic)
{
	size_t m;

	/* One byte short: the last data byte lands in the padding. */
	start();
	m = add_file(&ar, "f", "hello!");
	add_trailer(&ar);
	set_field(&ar, m, F_FILESIZE, 5);
	EXPECT_CORRUPT(ar.len, m + HDR + 2 + 5, 1, "non-zero padding after the data");

	/* Four bytes long: the next header is read from the wrong place. */
	start();
	add_file(&ar, "a", "1");
	m = add_file(&ar, "f", "hell");
	add_trailer(&ar);
	set_field(&ar, m, F_FILESIZE, 8);
	EXPECT_CORRUPT(ar.len, m + HDR + 2 + 8, 2, "bad magic");
}

TEST(non_zero_padding_after_the_name)
{
	size_t m;

	start();
	add_file(&ar, "f", "hello");	/* 112 bytes of header and name: no padding */
	m = add_file(&ar, "gg", "x");	/* 113: 3 bytes of padding */
	add_trailer(&ar);
	ar.b[m + HDR + 3 + 1] = 'P';
	EXPECT_CORRUPT(ar.len, m + HDR + 3 + 1, 1, "non-zero padding after the name");
}

TEST(missing_trailer_keeps_every_member)
{
	start();
	add_dir(&ar, "d");
	add_file(&ar, "d/f", "abc");
	add_file(&ar, "d/g", "abcd");
	EXPECT_CORRUPT(ar.len, ar.len, 3, "without a TRAILER!!!");
	EXPECT_STREQ(sn.e[2].name, "d/g");
}

TEST(junk_after_the_trailer_is_corrupt)
{
	size_t t;

	start();
	add_file(&ar, "a", "1");
	t = add_trailer(&ar);
	memset(ar.b + ar.len, 0, 100);
	ar.b[ar.len + 60] = 1;
	ar.len += 100;
	EXPECT_CORRUPT(ar.len, t + 124 + 60, 1, "junk after TRAILER!!!");
}

TEST(a_second_archive_after_the_trailer_is_not_read)
{
	start();
	add_file(&ar, "a", "1");
	add_trailer(&ar);
	add_file(&ar, "b", "2");
	add_trailer(&ar);
	EXPECT_CORRUPT(ar.len, 116 + 124, 1, "junk after");
}

TEST(trailer_name_must_match_exactly)
{
	start();
	add_file(&ar, "a", "1");
	add_dir(&ar, "TRAILER!!");
	add_dir(&ar, "./TRAILER!!!");	/* a file of that name, not the end */
	add_trailer(&ar);
	EXPECT_EQ_INT(parse(&ar, &sn, NULL), 3);
}

/*
 * Cut a good archive at every length: each cut before the end of the
 * trailer's name is corrupt, and exactly the members whose data ends by
 * the cut have been delivered.
 */
TEST(every_truncation_is_caught_and_keeps_the_whole_members)
{
	size_t data_end[8], trailer_end, cut;
	int members = 0, i;

	start();
	add_dir(&ar, "d");
	data_end[members++] = ar.len;
	add_file(&ar, "d/motd", "Hello there\n");
	data_end[members++] = ar.len;		/* 12 bytes: no padding */
	add(&ar, "d/e", S_IFREG | 0644, "", 0);
	data_end[members++] = ar.len;
	add_file(&ar, "d/odd", "12345");
	data_end[members++] = ar.len - 3;
	trailer_end = add_trailer(&ar) + HDR + 11;

	for (cut = 0; cut < ar.len; cut++) {
		size_t err = (size_t)-1;
		int want = 0, ret;

		for (i = 0; i < members; i++)
			if (data_end[i] <= cut)
				want++;
		memset(&sn, 0, sizeof(sn));
		ret = parse_n(&ar, cut, &sn, &err);
		if (cut < trailer_end) {
			EXPECT_EQ_INT(ret, -EINVAL);
			EXPECT_TRUE(err <= cut);
		} else {
			EXPECT_EQ_INT(ret, members);
		}
		EXPECT_EQ_INT(sn.n, want);
	}
}

/* Flip each byte of a good archive in turn: never a crash, never an entry
 * outside the buffer (ASan watches), and the result is a count or -EINVAL. */
TEST(every_single_byte_corruption_is_survived)
{
	static struct archive good;
	size_t i;
	int ret;

	start();
	add_dir(&ar, "d");
	add_file(&ar, "d/motd", "Hello there\n");
	add_full(&ar, "070702", "d/odd", S_IFREG | 0644, "12345", 5);
	add_trailer(&ar);
	good = ar;
	for (i = 0; i < good.len; i++) {
		static const u8 flips[] = { 0x00, 0x01, 0x20, 0xff };
		unsigned int f;

		for (f = 0; f < sizeof(flips); f++) {
			ar = good;
			if (flips[f])
				ar.b[i] ^= flips[f];
			else
				ar.b[i] = 0;
			memset(&sn, 0, sizeof(sn));
			ret = parse(&ar, &sn, NULL);
			EXPECT_TRUE(ret == -EINVAL || (ret >= 0 && ret <= 3));
		}
	}
}

/* ---- archives made by GNU cpio ---- */

/* Reads a whole file into a heap block of exactly its size; NULL if absent. */
static u8 *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n ? n : 1);
	if (fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* The seeds hold the same tree: see tests/fuzz/README. */
static void expect_seed(const char *path)
{
	size_t len;
	u8 *buf = read_file(path, &len);
	int ret;

	if (!buf) {
		unit_fail_start(__FILE__, __LINE__);
		unit_puts("to read ");
		unit_puts(path);
		return;
	}
	memset(&sn, 0, sizeof(sn));
	host_printk_clear();
	ret = cpio_parse(buf, len, collect, &sn, NULL);
	free(buf);
	EXPECT_EQ_INT(ret, 6);
	EXPECT_EQ_UINT(host_printk_warnings, 0);
	EXPECT_STREQ(sn.e[0].name, "d");
	EXPECT_EQ_UINT(sn.e[0].mode, S_IFDIR | 0755);
	EXPECT_STREQ(sn.e[1].name, "d/empty");
	EXPECT_EQ_UINT(sn.e[1].size, 0);
	EXPECT_STREQ(sn.e[2].name, "d/five");
	EXPECT_MEM_EQ(sn.e[2].data, "abcde", 5);
	EXPECT_STREQ(sn.e[3].name, "d/hello");		/* a hard link: data comes */
	EXPECT_EQ_UINT(sn.e[3].size, 0);		/* with the last of them */
	EXPECT_STREQ(sn.e[4].name, "d/hello2");
	EXPECT_EQ_UINT(sn.e[4].ino, sn.e[3].ino);
	EXPECT_MEM_EQ(sn.e[4].data, "hello, world\n", 13);
	EXPECT_STREQ(sn.e[5].name, "d/link");
	EXPECT_EQ_UINT(sn.e[5].mode, S_IFLNK | 0777);
	EXPECT_MEM_EQ(sn.e[5].data, "hello", 5);
}

TEST(gnu_cpio_newc_archive)
{
	expect_seed("tests/fuzz/corpus_cpio/newc.cpio");
}

TEST(gnu_cpio_crc_archive)
{
	expect_seed("tests/fuzz/corpus_cpio/crc.cpio");
}

TEST(gnu_cpio_archive_with_the_root_entry)
{
	expect_seed("tests/fuzz/corpus_cpio/root_entry.cpio");
}

TEST(gnu_cpio_empty_archive)
{
	size_t len;
	u8 *buf = read_file("tests/fuzz/corpus_cpio/trailer_only.cpio", &len);

	EXPECT_TRUE(buf != NULL);
	EXPECT_EQ_UINT(len, 512);
	EXPECT_EQ_INT(cpio_parse(buf, len, collect, &sn, NULL), 0);
	free(buf);
}

TEST(gnu_cpio_archive_with_a_path_longer_than_a_name)
{
	size_t len;
	u8 *buf = read_file("tests/fuzz/corpus_cpio/long_name.cpio", &len);

	/* Its last file's path is 263 bytes, each component under 255: the
	 * VFS takes it, so the parser hands it over. */
	EXPECT_TRUE(buf != NULL);
	memset(&sn, 0, sizeof(sn));
	host_printk_clear();
	EXPECT_EQ_INT(cpio_parse(buf, len, collect, &sn, NULL), 4);
	free(buf);
	EXPECT_STREQ(sn.e[0].name, "x");
	EXPECT_EQ_UINT(strlen(sn.e[1].name), 202);
	EXPECT_EQ_UINT(strlen(sn.e[2].name), 263);
	EXPECT_EQ_UINT(strlen(sn.e[3].name), 205);
	EXPECT_MEM_EQ(sn.e[3].data, "fits\n", 5);
	EXPECT_EQ_UINT(host_printk_warnings, 0);
}

/* ---- build/initrd.cpio against initrd/ ---- */

static int initrd_files;	/* paths under initrd/, found by nftw */
static int initrd_matched;	/* archive entries equal to their initrd/ file */
static int initrd_entries;
static char initrd_problem[512];

static int count_file(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (ftw->level > 0)
		initrd_files++;
	return 0;
}

static void problem(const char *what, const char *name)
{
	if (!initrd_problem[0])
		snprintf(initrd_problem, sizeof(initrd_problem), "%s: %s", name, what);
}

/* Each entry that exists under initrd/ must be the same there. Entries
 * from other staging sources (the modules) exist only in the archive. */
static int check_initrd_entry(const struct cpio_entry *e, void *arg)
{
	char path[CPIO_PATH_MAX + 16];
	struct stat st;
	size_t len;
	u8 *buf;

	initrd_entries++;
	if (e->uid != 0 || e->gid != 0)
		problem("not owned by root", e->name);
	snprintf(path, sizeof(path), "initrd/%s", e->name);
	if (lstat(path, &st) != 0)
		return 0;
	if ((st.st_mode & S_IFMT) != (e->mode & S_IFMT)) {
		problem("file type differs", e->name);
		return 0;
	}
	if (S_ISREG(st.st_mode)) {
		buf = read_file(path, &len);
		if (!buf || len != e->size || memcmp(buf, e->data, len) != 0) {
			problem("contents differ", e->name);
			free(buf);
			return 0;
		}
		free(buf);
	}
	initrd_matched++;
	return 0;
}

TEST(initrd_cpio_holds_the_initrd_tree)
{
	size_t len;
	u8 *buf = read_file("build/initrd.cpio", &len);
	int ret;

	EXPECT_TRUE(buf != NULL);	/* built by make before the unit tests */
	EXPECT_EQ_INT(nftw("initrd", count_file, 16, FTW_PHYS), 0);
	host_printk_clear();
	ret = cpio_parse(buf, len, check_initrd_entry, NULL, NULL);
	free(buf);
	EXPECT_EQ_INT(ret, initrd_entries);
	EXPECT_EQ_UINT(host_printk_warnings, 0);
	EXPECT_STREQ(initrd_problem, "");
	EXPECT_TRUE(initrd_files >= 5);
	EXPECT_EQ_INT(initrd_matched, initrd_files);
}
