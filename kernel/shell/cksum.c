/*
 * cksum: a file's CRC and size, as POSIX cksum prints them, so a test can
 * compare a file read in the kernel with the host's copy (cksum FILE on
 * both sides gives the same line).
 *
 * The CRC is POSIX's: polynomial 0x04c11db7, most significant bit first,
 * starting from 0, over the bytes and then over the length (its bytes,
 * least significant first, as few as it needs), complemented at the end.
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <modlab/console.h>
#include <modlab/shell.h>
#include <modlab/errno.h>

#define CKSUM_POLY	0x04c11db7u
#define CKSUM_BUF	4096

static u32 crc_table[256];	/* filled once, by the shell thread */

static void crc_init(void)
{
	u32 i, c;
	int bit;

	if (crc_table[1])
		return;
	for (i = 0; i < 256; i++) {
		c = i << 24;
		for (bit = 0; bit < 8; bit++)
			c = (c & 0x80000000u) ? (c << 1) ^ CKSUM_POLY : c << 1;
		crc_table[i] = c;
	}
}

static u32 crc_byte(u32 crc, u8 b)
{
	return (crc << 8) ^ crc_table[(crc >> 24) ^ b];
}

static int cksum_file(const char *name, char *buf)
{
	struct file *f = filp_open(name, O_RDONLY, 0);
	loff_t pos = 0, size;
	u32 crc = 0;
	ssize_t n, i;

	if (IS_ERR(f)) {
		printf("cksum: %s: %s\n", name, strerror(PTR_ERR(f)));
		return 1;
	}
	while ((n = kernel_read(f, buf, CKSUM_BUF, &pos)) > 0)
		for (i = 0; i < n; i++)
			crc = crc_byte(crc, buf[i]);
	filp_close(f);
	if (n < 0) {
		printf("cksum: %s: %s\n", name, strerror(n));
		return 1;
	}
	for (size = pos; size; size >>= 8)
		crc = crc_byte(crc, size & 0xff);
	printf("%u %lld %s\n", ~crc, (long long)pos, name);
	return 0;
}

static int cmd_cksum(int argc, char **argv)
{
	char *buf;
	int i, ret = 0;

	if (argc < 2) {
		printf("usage: cksum FILE...\n");
		return 1;
	}
	buf = kmalloc(CKSUM_BUF, GFP_KERNEL);
	if (!buf) {
		for (i = 1; i < argc; i++)
			printf("cksum: %s: %s\n", argv[i], strerror(-ENOMEM));
		return 1;
	}
	crc_init();
	for (i = 1; i < argc; i++)
		ret |= cksum_file(argv[i], buf);
	kfree(buf);
	return ret;
}
SHELL_COMMAND("cksum", cmd_cksum, "FILE...", "print each file's CRC and size, as POSIX cksum");
