/*
 * ata: the master drive of the primary IDE channel as block device "hda",
 * read and written with LBA28 PIO commands, as a module.
 *
 *	qemu-system-i386 ... -drive file=build/romfs.img,if=ide,format=raw
 *	insmod /lib/modules/ata.ko
 *	mount -t romfs /dev/hda /mnt
 *
 * The hardware (ATA/ATAPI-6, the PIO register interface): eight I/O ports
 * from 0x1f0 and a control port at 0x3f6.
 *
 *   0x1f0 data (16 bits)     0x1f4 LBA bits 8-15
 *   0x1f1 error              0x1f5 LBA bits 16-23
 *   0x1f2 sector count       0x1f6 drive select, LBA mode, LBA bits 24-27
 *   0x1f3 LBA bits 0-7       0x1f7 status (read) / command (write)
 *   0x3f6 alternate status (read, no side effects) / device control (write)
 *
 * A command: wait until the drive is not busy (BSY clear), select the
 * drive and write the LBA and count, write the command; then for each
 * sector wait until the drive has data or wants it (DRQ set, BSY clear)
 * and move 256 words through the data port. ERR or DF in the status ends
 * the command with an error.
 *
 * Polling, no interrupts: the driver sets nIEN in the device control
 * register so the drive never raises IRQ 14, and watches the status
 * register instead (each wait gives up after ATA_TIMEOUT_MS). A PIO
 * transfer keeps the CPU busy either way; polling keeps the driver short.
 * The thread waiting stays preemptible, so other threads still run.
 *
 * Locking: ata_lock (a mutex) makes one command at a time own the
 * channel's registers, from selecting the drive to the last word.
 *
 * Unloading: while hda is open (mounted, or /dev/hda open) the block layer
 * holds a reference on this module, so rmmod fails and ata_exit is not
 * reached; only a forced rmmod gets here with hda open, and then hda is
 * cut off and its users get I/O errors.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/jiffies.h>
#include <linux/delay.h>
#include <linux/blkdev.h>
#include <asm/io.h>
#include <asm/processor.h>
#include <modlab/errno.h>

#define ATA_DATA	0x1f0
#define ATA_ERROR	0x1f1
#define ATA_COUNT	0x1f2
#define ATA_LBA_LO	0x1f3
#define ATA_LBA_MID	0x1f4
#define ATA_LBA_HI	0x1f5
#define ATA_DRIVE	0x1f6
#define ATA_STATUS	0x1f7		/* read */
#define ATA_COMMAND	0x1f7		/* write */
#define ATA_ALTSTATUS	0x3f6		/* read */
#define ATA_CONTROL	0x3f6		/* write */

#define ATA_SR_BSY	0x80		/* busy: the other bits mean nothing yet */
#define ATA_SR_DRDY	0x40		/* ready for commands */
#define ATA_SR_DF	0x20		/* device fault */
#define ATA_SR_DRQ	0x08		/* data to move */
#define ATA_SR_ERR	0x01		/* the command failed: see ATA_ERROR */

#define ATA_CTL_NIEN	0x02		/* no interrupts */
#define ATA_CTL_SRST	0x04		/* software reset */

#define ATA_DRIVE_MASTER	0xa0	/* bits 7 and 5 are always set */
#define ATA_DRIVE_LBA		0x40

#define ATA_CMD_READ_SECTORS	0x20
#define ATA_CMD_WRITE_SECTORS	0x30
#define ATA_CMD_FLUSH_CACHE	0xe7
#define ATA_CMD_IDENTIFY	0xec

#define ATA_MAX_SECTORS	256		/* a count of 0 in the register means 256 */
#define ATA_LBA28_LIMIT	(1u << 28)	/* sectors LBA28 can address */
#define ATA_TIMEOUT_MS	5000
#define ATA_WORDS	(SECTOR_SIZE / 2)

static DEFINE_MUTEX(ata_lock);
static struct block_device *hda;
static char ata_model[41];

/* About 400 ns: the drive needs that after a select or a command before
 * its status means anything. Each alternate-status read takes ~100 ns. */
static void ata_delay400(void)
{
	int i;

	for (i = 0; i < 4; i++)
		inb(ATA_ALTSTATUS);
}

/* Wait until BSY is clear and (if want) the bits of want are set; the last
 * status, or -ETIMEDOUT, or -EIO if the drive reports an error. */
static int ata_wait(u8 want)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(ATA_TIMEOUT_MS);
	u8 status;

	for (;;) {
		status = inb(ATA_ALTSTATUS);
		if (!(status & ATA_SR_BSY)) {
			if (status & (ATA_SR_ERR | ATA_SR_DF))
				return -EIO;
			if ((status & want) == want)
				return status;
		}
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		cpu_relax();
	}
}

static int ata_error(const char *what, unsigned long lba, int err)
{
	pr_err("ata: hda: %s at sector %lu failed: %s (status %#x, error %#x)\n", what, lba,
	       strerror(err), inb(ATA_ALTSTATUS), inb(ATA_ERROR));
	return err;
}

/* Select the master with LBA bits 24-27 and load the count and LBA. */
static int ata_setup(u32 lba, unsigned int count)
{
	int err = ata_wait(0);

	if (err < 0)
		return err;
	outb(ATA_DRIVE_MASTER | ATA_DRIVE_LBA | ((lba >> 24) & 0x0f), ATA_DRIVE);
	ata_delay400();
	outb(count == ATA_MAX_SECTORS ? 0 : count, ATA_COUNT);
	outb(lba, ATA_LBA_LO);
	outb(lba >> 8, ATA_LBA_MID);
	outb(lba >> 16, ATA_LBA_HI);
	return 0;
}

static int ata_read(struct block_device *bdev, sector_t sector, unsigned int count, void *buf)
{
	u16 *words = buf;
	int err = 0;

	mutex_lock(&ata_lock);
	while (count && !err) {
		u32 lba = sector;
		unsigned int n = min(count, (unsigned int)ATA_MAX_SECTORS), i;

		err = ata_setup(lba, n);
		if (!err)
			outb(ATA_CMD_READ_SECTORS, ATA_COMMAND);
		for (i = 0; i < n && !err; i++) {
			ata_delay400();
			err = ata_wait(ATA_SR_DRQ);
			if (err >= 0) {
				err = 0;
				insw(ATA_DATA, words, ATA_WORDS);
				words += ATA_WORDS;
			}
		}
		if (err)
			err = ata_error("read", lba + (i ? i - 1 : 0), err);
		sector += n;
		count -= n;
	}
	mutex_unlock(&ata_lock);
	return err;
}

static int ata_write(struct block_device *bdev, sector_t sector, unsigned int count,
		     const void *buf)
{
	const u16 *words = buf;
	int err = 0;

	mutex_lock(&ata_lock);
	while (count && !err) {
		u32 lba = sector;
		unsigned int n = min(count, (unsigned int)ATA_MAX_SECTORS), i;

		err = ata_setup(lba, n);
		if (!err)
			outb(ATA_CMD_WRITE_SECTORS, ATA_COMMAND);
		for (i = 0; i < n && !err; i++) {
			ata_delay400();
			err = ata_wait(ATA_SR_DRQ);
			if (err >= 0) {
				err = 0;
				outsw(ATA_DATA, words, ATA_WORDS);
				words += ATA_WORDS;
			}
		}
		if (!err) {
			/* The data may sit in the drive's cache: write it out. */
			ata_delay400();
			err = ata_wait(0);
			if (err >= 0) {
				outb(ATA_CMD_FLUSH_CACHE, ATA_COMMAND);
				ata_delay400();
				err = ata_wait(0);
			}
			err = err < 0 ? err : 0;
		}
		if (err)
			err = ata_error("write", lba + (i ? i - 1 : 0), err);
		sector += n;
		count -= n;
	}
	mutex_unlock(&ata_lock);
	return err;
}

static const struct block_device_operations ata_ops = {
	.read = ata_read,
	.write = ata_write,
};

/* ATA strings hold two characters per word, the first in the high byte. */
static void ata_string(char *out, const u16 *words, unsigned int nwords)
{
	unsigned int i;
	int end;

	for (i = 0; i < nwords; i++) {
		out[2 * i] = words[i] >> 8;
		out[2 * i + 1] = words[i] & 0xff;
	}
	for (end = 2 * nwords; end > 0 && out[end - 1] == ' '; end--)
		;
	out[end] = '\0';
}

/* Reset the channel, turn its interrupts off, and ask the master who it
 * is. The number of LBA28 sectors, or a negative errno. */
static long ata_identify(u16 *id)
{
	u32 sectors;
	int err;

	if (inb(ATA_STATUS) == 0xff) {
		pr_err("ata: no IDE controller or no drives on the primary channel\n");
		return -ENODEV;
	}
	outb(ATA_CTL_SRST | ATA_CTL_NIEN, ATA_CONTROL);
	udelay(5);
	outb(ATA_CTL_NIEN, ATA_CONTROL);
	msleep(2);

	outb(ATA_DRIVE_MASTER, ATA_DRIVE);
	ata_delay400();
	outb(0, ATA_COUNT);
	outb(0, ATA_LBA_LO);
	outb(0, ATA_LBA_MID);
	outb(0, ATA_LBA_HI);
	outb(ATA_CMD_IDENTIFY, ATA_COMMAND);
	ata_delay400();
	if (inb(ATA_STATUS) == 0) {
		pr_err("ata: no drive on the primary channel's master\n");
		return -ENODEV;
	}
	/* An ATAPI (CD) or SATA drive answers IDENTIFY with a signature in
	 * the LBA registers and an error; it needs other commands. */
	err = ata_wait(0);
	if (inb(ATA_LBA_MID) || inb(ATA_LBA_HI)) {
		pr_err("ata: the primary master is not an ATA disk (ATAPI or SATA)\n");
		return -ENODEV;
	}
	if (err >= 0)
		err = ata_wait(ATA_SR_DRQ);
	if (err < 0) {
		pr_err("ata: IDENTIFY of the primary master failed: %s\n", strerror(err));
		return err;
	}
	insw(ATA_DATA, id, ATA_WORDS);

	if (!(id[49] & (1 << 9))) {
		pr_err("ata: the primary master cannot do LBA addressing\n");
		return -ENODEV;
	}
	sectors = id[60] | (u32)id[61] << 16;	/* words 60-61: LBA28 sectors */
	if (!sectors || sectors > ATA_LBA28_LIMIT) {
		pr_err("ata: the primary master reports %u LBA28 sectors\n", sectors);
		return -ENODEV;
	}
	ata_string(ata_model, id + 27, 20);	/* words 27-46: the model */
	return sectors;
}

static int __init ata_init(void)
{
	u16 *id = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	long sectors;
	int err;

	if (!id)
		return -ENOMEM;
	mutex_lock(&ata_lock);
	sectors = ata_identify(id);
	mutex_unlock(&ata_lock);
	kfree(id);
	if (sectors < 0)
		return sectors;
	hda = blkdev_alloc("hda", sectors, &ata_ops);
	if (!hda)
		return -ENOMEM;
	err = register_blkdev_device(hda);
	if (err) {
		pr_err("ata: cannot register hda: %s\n", strerror(err));
		blkdev_free(hda);
		return err;
	}
	pr_info("ata: hda: \"%s\", %ld sectors (%ld KiB), LBA28 PIO, polled\n", ata_model,
		sectors, sectors / 2);
	return 0;
}

static void __exit ata_exit(void)
{
	/* hda is closed here unless this is a forced rmmod: an open hda pins
	 * this module. Forced: cut hda off; its users get I/O errors. */
	if (unregister_blkdev_device(hda) == -EBUSY)
		del_blkdev_device(hda);
}

module_init(ata_init);
module_exit(ata_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("ata: the primary IDE master as /dev/hda (LBA28 PIO, polled)");
MODULE_VERSION("1.0");
