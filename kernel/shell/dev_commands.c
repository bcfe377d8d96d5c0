/*
 * Shell commands for device files: mknod, head, ioctl. Errors read as the
 * GNU tools' do ("mknod: /dev/x: File exists").
 */
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/ioctl.h>
#include <modlab/console.h>
#include <modlab/shell.h>
#include <modlab/fs.h>
#include <modlab/errno.h>

/* ---- mknod ---- */

static int cmd_mknod(int argc, char **argv)
{
	unsigned int mode = 0644, major, minor;
	int i = 1, err;

	if (argc > 2 && !strcmp(argv[1], "-m")) {
		if (kstrtouint(argv[2], 8, &mode) || mode > 07777) {
			printf("mknod: invalid mode '%s'\n", argv[2]);
			return 1;
		}
		i = 3;
	}
	if (argc - i != 4) {
		printf("usage: mknod [-m MODE] NAME c MAJOR MINOR\n");
		return 1;
	}
	if (strcmp(argv[i + 1], "c") && strcmp(argv[i + 1], "u")) {
		printf("mknod: invalid device type '%s' %s\n", argv[i + 1],
		       "(only character devices, c, are made by name)");
		return 1;
	}
	if (kstrtouint(argv[i + 2], 0, &major) || major > MAJOR(~0u)) {
		printf("mknod: invalid major device number '%s'\n", argv[i + 2]);
		return 1;
	}
	if (kstrtouint(argv[i + 3], 0, &minor) || minor > MINORMASK) {
		printf("mknod: invalid minor device number '%s'\n", argv[i + 3]);
		return 1;
	}
	err = do_mknod(argv[i], S_IFCHR | mode, MKDEV(major, minor));
	if (err) {
		printf("mknod: %s: %s\n", argv[i], strerror(err));
		return 1;
	}
	return 0;
}
SHELL_COMMAND("mknod", cmd_mknod, "[-m MODE] NAME c MAJOR MINOR",
	      "make a character special file for device MAJOR:MINOR");

/* ---- head ---- */

#define HEAD_BUF	512

/* Print the first 'limit' lines (or bytes) of f; stops reading there, so
 * it ends on a file that never does (a device). */
static int head_one(struct file *f, const char *name, unsigned long limit, bool bytes, char *buf)
{
	loff_t pos = 0;

	while (limit) {
		size_t want = bytes ? min_t(unsigned long, limit, HEAD_BUF) : HEAD_BUF;
		ssize_t n = kernel_read(f, buf, want, &pos), used = 0;

		if (n < 0) {
			printf("head: error reading '%s': %s\n", name, strerror(n));
			return 1;
		}
		if (n == 0)
			break;
		if (bytes) {
			used = n;
			limit -= n;
		} else {
			while (used < n && limit)
				if (buf[used++] == '\n')
					limit--;
		}
		out_write(buf, used);
	}
	return 0;
}

static int cmd_head(int argc, char **argv)
{
	unsigned long limit = 10;
	bool bytes = false;
	int i = 1, ret = 0;
	char *buf;

	if (argc > 2 && (!strcmp(argv[1], "-n") || !strcmp(argv[1], "-c"))) {
		bytes = argv[1][1] == 'c';
		if (kstrtoul(argv[2], 10, &limit)) {
			printf("head: invalid number of %s: '%s'\n", bytes ? "bytes" : "lines",
			       argv[2]);
			return 1;
		}
		i = 3;
	}
	if (i >= argc) {
		printf("usage: head [-n LINES | -c BYTES] FILE...\n");
		return 1;
	}
	buf = kmalloc(HEAD_BUF, GFP_KERNEL);
	if (!buf)
		return 1;
	for (; i < argc; i++) {
		struct file *f = filp_open(argv[i], O_RDONLY, 0);

		if (IS_ERR(f)) {
			printf("head: cannot open '%s' for reading: %s\n", argv[i],
			       strerror(PTR_ERR(f)));
			ret = 1;
			continue;
		}
		ret |= head_one(f, argv[i], limit, bytes, buf);
		filp_close(f);
	}
	kfree(buf);
	return ret;
}
SHELL_COMMAND("head", cmd_head, "[-n LINES | -c BYTES] FILE...",
	      "print the first lines (default 10) or bytes of files");

/* ---- ioctl ---- */

/*
 * ioctl FILE CMD [ARG]: CMD is the number (_IOR('k', 1, int) = 0x80046b01).
 * For a command that moves data (_IOR/_IOW/_IOWR) the driver gets the
 * address of a buffer of _IOC_SIZE(CMD) bytes holding ARG (little-endian);
 * after the call a read command's buffer is printed (as a number when it
 * is 1, 2, 4 or 8 bytes long). Otherwise ARG itself is the argument.
 */
static void ioctl_print(const u8 *data, unsigned int size)
{
	unsigned long long v = 0;
	unsigned int i;

	if (size == 1 || size == 2 || size == 4 || size == 8) {
		for (i = size; i-- > 0;)
			v = (v << 8) | data[i];
		printf("%llu\n", v);
		return;
	}
	for (i = 0; i < size; i++)
		printf("%02x%c", data[i], i + 1 == size ? '\n' : ' ');
}

static int cmd_ioctl(int argc, char **argv)
{
	unsigned long cmd, arg = 0;
	unsigned int size, i;
	unsigned long long value = 0;
	u8 *data = NULL;
	struct file *f;
	long ret;

	if (argc < 3 || argc > 4) {
		printf("usage: ioctl FILE CMD [ARG]\n");
		return 1;
	}
	if (kstrtoul(argv[2], 0, &cmd)) {
		printf("ioctl: invalid command number '%s'\n", argv[2]);
		return 1;
	}
	if (argc == 4 && kstrtoul(argv[3], 0, &arg)) {
		printf("ioctl: invalid argument '%s'\n", argv[3]);
		return 1;
	}
	size = _IOC_DIR(cmd) ? _IOC_SIZE(cmd) : 0;
	if (size) {
		data = kzalloc(size, GFP_KERNEL);
		if (!data)
			return 1;
		value = arg;
		for (i = 0; i < size && i < sizeof(value); i++)
			data[i] = value >> (8 * i);
		arg = (unsigned long)data;
	}
	f = filp_open(argv[1], O_RDWR, 0);
	if (IS_ERR(f) && PTR_ERR(f) == -EACCES)
		f = filp_open(argv[1], O_RDONLY, 0);
	if (IS_ERR(f)) {
		printf("ioctl: %s: %s\n", argv[1], strerror(PTR_ERR(f)));
		kfree(data);
		return 1;
	}
	ret = vfs_ioctl(f, cmd, arg);
	filp_close(f);
	if (ret < 0) {
		printf("ioctl: %s: %s\n", argv[1], strerror(ret));
		kfree(data);
		return 1;
	}
	if (size && (_IOC_DIR(cmd) & _IOC_READ))
		ioctl_print(data, size);
	else if (ret)
		printf("%ld\n", ret);
	kfree(data);
	return 0;
}
SHELL_COMMAND("ioctl", cmd_ioctl, "FILE CMD [ARG]",
	      "call a device's ioctl; print what a read command returns");
