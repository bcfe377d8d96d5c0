"""Block devices and the filesystems on them: RAM disks from *.img loader
modules in /dev, the romfs module reading build/romfs.img (genromfs of
tests/romfs/) from a RAM disk and from an IDE disk through the ata module,
corrupt images refused, the memfs module, and the rule that a mounted
filesystem or an open device keeps its module."""

import os
import re
import subprocess
import tempfile

from qemu import Qemu, TestFailure, expect_eq, expect_in, expect_not_in, repo_path

INITRD = "build/initrd.cpio"
ROMFS_IMG = "build/romfs.img"
CORRUPT_IMG = "build/romfs-corrupt.img"
ROMFS_SRC = repo_path("tests/romfs")
M = "/lib/modules/"


def need(path):
    if not os.path.exists(repo_path(path)):
        raise TestFailure("%s is missing: build it first (make)" % path)
    return path


def boot(images=(ROMFS_IMG,), disk=None, smp=2):
    """Boot with the initrd and images as RAM disks (ram0, ram1, ...); with
    disk, that image is also the primary IDE master (writes go to a
    temporary snapshot, never to the file)."""
    extra = []
    if disk:
        extra = ["-drive", "file=%s,if=ide,format=raw,snapshot=on" % repo_path(need(disk))]
    return Qemu(smp=smp, initrd=[INITRD] + [need(i) if not os.path.isabs(i) else i
                                            for i in images], extra=extra)


def host_cksum(data):
    """POSIX cksum of data, by the host's cksum: (crc, size)."""
    out = subprocess.run(["cksum"], input=data, stdout=subprocess.PIPE, check=True).stdout
    crc, size = out.split()[:2]
    return int(crc), int(size)


def kernel_cksum(q, path):
    out = q.run("cksum " + path)
    m = re.fullmatch(r"(\d+) (\d+) " + re.escape(path), out)
    if not m:
        raise TestFailure("cksum %s: expected 'CRC SIZE %s', saw %r" % (path, path, out))
    return int(m.group(1)), int(m.group(2))


def romfs_tree():
    """Every path under tests/romfs/ (relative, '/'-separated), sorted."""
    paths = []
    for top, dirs, files in os.walk(ROMFS_SRC):
        for name in dirs + files:
            paths.append(os.path.relpath(os.path.join(top, name), ROMFS_SRC).replace(os.sep, "/"))
    return sorted(paths)


def ls_expected(rel_dir):
    """What the shell's ls prints for a directory of tests/romfs/."""
    d = os.path.join(ROMFS_SRC, rel_dir)
    names = sorted(os.listdir(d))
    return "\n".join(n + "/" if os.path.isdir(os.path.join(d, n)) and
                     not os.path.islink(os.path.join(d, n)) else n for n in names)


def expect_romfs_matches_host(q, mnt):
    """Every directory listing, file and link under mnt is tests/romfs/'s,
    byte for byte: text files by cat, every file by cksum and stat."""
    expect_eq(q.run("ls " + mnt), ls_expected("."), "ls " + mnt)
    for rel in romfs_tree():
        host = os.path.join(ROMFS_SRC, rel)
        path = mnt + "/" + rel
        stat = q.run("stat " + path)
        if os.path.islink(host):
            target = os.readlink(host).encode()
            expect_in(stat, "symbolic link", "stat of the symlink " + path)
            expect_in(stat, "Size: %d " % len(target), "size of the symlink " + path)
            expect_eq(q.run("readlink " + path), target.decode(), "readlink " + path)
            with open(host, "rb") as f:     # what it points at, read through it
                expect_eq(kernel_cksum(q, path), host_cksum(f.read()),
                          "cksum through the link " + path)
        elif os.path.isdir(host):
            expect_in(stat, "directory", "stat of " + path)
            expect_eq(q.run("ls " + path), ls_expected(rel), "ls " + path)
        else:
            with open(host, "rb") as f:
                data = f.read()
            expect_in(stat, "Size: %d " % len(data), "stat of " + path)
            expect_in(stat, "regular file", "stat of " + path)
            expect_eq(kernel_cksum(q, path), host_cksum(data), "cksum of " + path)
            if data and not rel.endswith(".bin"):
                assert data.endswith(b"\n"), "test files end with a newline: " + rel
                expect_eq(q.run("cat " + path), data.decode()[:-1], "cat " + path)
            elif not data:
                expect_eq(q.run("cat " + path), "", "cat of the empty file " + path)


def used_kib(q):
    m = re.search(r"^Mem:\s+\d+\s+(\d+)", q.run("free"), re.M)
    return int(m.group(1))


# ---- RAM disks and /dev ----------------------------------------------------

def test_img_modules_become_ram_disks_listed_in_dev():
    with boot(images=(ROMFS_IMG, CORRUPT_IMG)) as q:
        q.wait_prompt()
        # input/ holds the keyboard's event device, always there.
        expect_eq(q.run("ls /dev"), "input/\nram0\nram1", "ls /dev")
        size = os.path.getsize(repo_path(ROMFS_IMG))
        expect_in(q.run("ls -l /dev"), "brw-rw----   1 %8d ram0" % size, "ls -l /dev")
        expect_in(q.run("stat /dev/ram0"), "block special file", "stat /dev/ram0")
        expect_not_in(q.run("ls /boot"), "romfs.img", "an image is a disk, not a /boot file")
        with open(repo_path(ROMFS_IMG), "rb") as f:
            image = f.read()
        expect_eq(kernel_cksum(q, "/dev/ram0"), host_cksum(image), "the raw bytes of /dev/ram0")
        # RAM disks are writable: the write lands at offset 0, the rest stays.
        text = b"written to the disk\n"
        expect_eq(q.run("echo written to the disk > /dev/ram0"), "", "writing /dev/ram0")
        changed = text + image[len(text):]
        expect_eq(kernel_cksum(q, "/dev/ram0"), host_cksum(changed), "/dev/ram0 after a write")
        expect_in(q.run("touch /dev/newdev"), "Operation not permitted", "creating in /dev")


# ---- romfs -----------------------------------------------------------------

def test_romfs_on_a_ram_disk_matches_the_host_files():
    with boot() as q:
        q.wait_prompt()
        expect_eq(q.run("insmod " + M + "romfs.ko"), "", "insmod romfs")
        out = q.run("mount -t romfs /dev/ram0 /mnt")
        expect_not_in(out, "mount:", "mount -t romfs /dev/ram0 /mnt")
        expect_in(q.run("mount"), "/dev/ram0 on /mnt type romfs (ro)", "the mount list")
        expect_in(q.run("cat /proc/filesystems"), "\tromfs", "romfs needs a device")
        expect_romfs_matches_host(q, "/mnt")
        expect_in(q.run("touch /mnt/new"), "Read-only file system", "creating on romfs")
        expect_in(q.run("echo x > /mnt/README"), "Read-only file system", "writing on romfs")
        expect_in(q.run("rm /mnt/README"), "Read-only file system", "removing on romfs")


def test_romfs_module_stays_while_mounted_and_goes_after_umount():
    with boot() as q:
        q.wait_prompt()
        q.run("insmod " + M + "romfs.ko")
        q.run("mount -t romfs /dev/ram0 /mnt")
        expect_in(q.run("rmmod romfs"), "rmmod: ERROR: Module romfs is in use",
                  "rmmod of a mounted filesystem's module")
        expect_in(q.run("lsmod"), "romfs", "lsmod after the refused rmmod")
        expect_eq(q.run("cat /mnt/dir/hello.txt"), "hello from a romfs image",
                  "the filesystem still works")
        expect_eq(q.run("umount /mnt"), "", "umount")
        expect_eq(q.run("rmmod romfs"), "", "rmmod once nothing is mounted")
        expect_not_in(q.run("lsmod"), "romfs", "lsmod after rmmod")
        expect_in(q.run("mount -t romfs /dev/ram0 /mnt"), "unknown filesystem type 'romfs'",
                  "mounting romfs without its module")


def romfs_headers(img):
    """The root's header offset and {path: header offset} of an image,
    found the way the kernel walks it."""
    def be32(off):
        return int.from_bytes(img[off:off + 4], "big")

    def name_at(off):
        return img[off + 16:img.index(b"\0", off + 16)].decode()

    vol_len = img.index(b"\0", 16) - 16
    root = 16 + ((vol_len + 1 + 15) & ~15)
    found = {}

    def walk(off, prefix):
        while off:
            name, nxt = name_at(off), be32(off)
            if name not in (".", ".."):
                found[prefix + name] = off
                if nxt & 7 == 1:
                    walk(be32(off + 4) & ~15, prefix + name + "/")
            off = nxt & ~15
    walk(be32(root + 4) & ~15, "")
    return root, found


def put32(img, off, value):
    img[off:off + 4] = (value & 0xffffffff).to_bytes(4, "big")


def sum32(img, start, length):
    return sum(int.from_bytes(img[i:i + 4], "big") for i in range(start, start + length, 4))


def fix_checksums(img, header):
    """Make the header at 'header' and the superblock add up again, so
    only the deliberate fault is left."""
    name_len = img.index(b"\0", header + 16) - header - 16
    put32(img, header + 12, 0)
    put32(img, header + 12, -sum32(img, header, 16 + ((name_len + 1 + 15) & ~15)))
    put32(img, 12, 0)
    put32(img, 12, -sum32(img, 0, min(int.from_bytes(img[8:12], "big"), 512) & ~3))


def corrupt_images(tmp):
    """Images each with one fault mount must find, and the reason it gives."""
    with open(repo_path(ROMFS_IMG), "rb") as f:
        good = f.read()
    root, headers = romfs_headers(good)
    cases = []

    def make(name, reason, change, fix_at=None):
        img = bytearray(good)
        change(img)
        if fix_at is not None:
            fix_checksums(img, fix_at)
        path = os.path.join(tmp, name)
        with open(path, "wb") as f:
            f.write(img)
        cases.append((path, reason))

    # A size past the end of the device (the image file rounds up to 512).
    make("too-big.img", "it says it is", lambda img: put32(img, 8, len(good) + 4096), root)
    # A file whose data would run past the end.
    large = headers["large.txt"]
    make("data-past-end.img", "file data runs past the end",
         lambda img: put32(img, large + 8, 0x7fffff00), large)
    # A directory whose entries point back at themselves.
    deep = headers["dir/sub/deep.txt"]
    make("loop.img", "loop",
         lambda img: put32(img, deep, deep | (int.from_bytes(img[deep:deep + 4], "big") & 15)),
         deep)
    # A directory whose first entry is outside the filesystem.
    sub = headers["dir/sub"]
    make("outside.img", "outside the filesystem",
         lambda img: put32(img, sub + 4, len(good) * 4), sub)
    # A header whose name changed but not its checksum.
    def rename(img):
        img[deep + 16] ^= 0x20
    make("bad-header.img", "file header checksum is wrong", rename)
    return cases


def test_corrupt_romfs_images_are_refused_and_change_nothing():
    with tempfile.TemporaryDirectory() as tmp:
        cases = [(repo_path(need(CORRUPT_IMG)), "checksum of the first 512 bytes is wrong")]
        cases += corrupt_images(tmp)
        with boot(images=[ROMFS_IMG] + [path for path, _ in cases]) as q:
            q.wait_prompt()
            q.run("insmod " + M + "romfs.ko")
            q.run("mount -t romfs /dev/ram1 /mnt")      # warm the allocator's caches
            mounts, before = q.run("mount"), used_kib(q)
            for _ in range(2):
                for i, (path, reason) in enumerate(cases, start=1):
                    out = q.run("mount -t romfs /dev/ram%d /mnt" % i)
                    what = "mounting %s (/dev/ram%d)" % (os.path.basename(path), i)
                    expect_in(out, "mount: /mnt: Invalid argument.", what)
                    expect_in(out, "romfs: ram%d: corrupt image: " % i, what + ": the message")
                    expect_in(out, reason, what + ": the reason")
            expect_eq(q.run("mount"), mounts, "the mount list after the refused mounts")
            expect_eq(q.run("ls /mnt"), "", "/mnt after the refused mounts")
            expect_eq(used_kib(q), before, "KiB in use after the refused mounts")
            # Not a romfs image at all (a memory disk with other bytes on it).
            q.run("echo not romfs > /dev/ram1")
            expect_in(q.run("mount -t romfs /dev/ram1 /mnt"), "not a romfs image",
                      "mounting a disk without romfs's magic")
            expect_in(q.run("mount -t romfs /dev/nosuch /mnt"), "No such device or address",
                      "mounting a device that does not exist")
            expect_in(q.run("mount -t romfs /etc/motd /mnt"), "Block device required",
                      "mounting a file")
            expect_eq(q.run("mount -t romfs /dev/ram0 /mnt"), "", "the good image still mounts")
            expect_eq(q.run("cat /mnt/dir/sub/deep.txt"), "two directories down\nand a second line",
                      "a file on the good image")
            q.run("umount /mnt")
            expect_eq(q.run("rmmod romfs"), "", "rmmod: no refused mount kept a reference")


# ---- the ata driver ----------------------------------------------------------

def test_romfs_on_an_ata_disk_and_the_disk_pins_its_driver():
    with boot(images=(), disk=ROMFS_IMG) as q:
        q.wait_prompt()
        expect_eq(q.run("ls /dev"), "input/", "no disks before the driver (input/: the keyboard)")
        out = q.run("insmod " + M + "ata.ko")
        expect_not_in(out, "ERROR", "insmod ata")
        expect_in(out, "QEMU HARDDISK", "the drive's model from IDENTIFY")
        size = os.path.getsize(repo_path(ROMFS_IMG))
        expect_in(q.run("ls -l /dev"), "brw-rw----   1 %8d hda" % size, "ls -l /dev")
        q.run("insmod " + M + "romfs.ko")
        expect_not_in(q.run("mount -t romfs /dev/hda /mnt"), "mount:", "mount /dev/hda")
        expect_romfs_matches_host(q, "/mnt")
        expect_in(q.run("rmmod ata"), "rmmod: ERROR: Module ata is in use",
                  "rmmod of the driver of a mounted disk")
        expect_in(q.run("rmmod romfs"), "rmmod: ERROR: Module romfs is in use",
                  "rmmod of the mounted filesystem's module")
        expect_eq(q.run("cat /mnt/dir/hello.txt"), "hello from a romfs image",
                  "the filesystem still works after the refused rmmods")
        q.run("umount /mnt")
        expect_eq(q.run("rmmod ata"), "", "rmmod ata once the disk is unmounted")
        expect_eq(q.run("ls /dev"), "input/", "hda is gone with its driver")
        expect_in(q.run("mount -t romfs /dev/hda /mnt"), "No such device or address",
                  "mounting hda without its driver")
        expect_eq(q.run("rmmod romfs"), "", "rmmod romfs")


def test_ata_writes_reach_the_disk():
    with open(repo_path(ROMFS_IMG), "rb") as f:
        image = f.read()
    with boot(images=(), disk=ROMFS_IMG) as q:
        q.wait_prompt()
        q.run("insmod " + M + "ata.ko")
        expect_eq(kernel_cksum(q, "/dev/hda"), host_cksum(image), "the raw bytes of /dev/hda")
        text = b"written by the ata driver\n"
        expect_eq(q.run("echo written by the ata driver > /dev/hda"), "", "writing /dev/hda")
        q.run("rmmod ata")                  # read back from the drive, through a new driver
        q.run("insmod " + M + "ata.ko")
        changed = text + image[len(text):]
        expect_eq(kernel_cksum(q, "/dev/hda"), host_cksum(changed), "/dev/hda after a write")
        q.run("insmod " + M + "romfs.ko")
        expect_in(q.run("mount -t romfs /dev/hda /mnt"), "not a romfs image",
                  "mounting the overwritten disk")
        expect_eq(q.run("rmmod ata"), "", "rmmod ata: the refused mount let go of hda")


def test_ata_without_a_disk_loads_nothing():
    with boot(images=()) as q:
        q.wait_prompt()
        out = q.run("insmod " + M + "ata.ko")
        expect_in(out, "no drive on the primary channel's master", "the reason")
        expect_in(out, "insmod: ERROR: could not insert module", "insmod without a disk")
        expect_not_in(q.run("lsmod"), "ata", "lsmod after the refused insmod")


def test_forced_rmmod_of_ata_cuts_off_the_mounted_disk():
    with boot(images=(), disk=ROMFS_IMG) as q:
        q.wait_prompt()
        q.run("insmod " + M + "ata.ko")
        q.run("insmod " + M + "romfs.ko")
        q.run("mount -t romfs /dev/hda /mnt")
        out = q.run("rmmod -f ata")
        expect_in(out, "hda removed while open", "the block layer's warning")
        expect_in(q.run("cat /mnt/dir/sub/deep.txt"), "Input/output error",
                  "reading the filesystem of a disk whose driver is gone")
        expect_eq(q.run("ls /dev"), "input/", "/dev after the forced rmmod")
        expect_eq(q.run("umount /mnt"), "", "umount still works")
        expect_in(q.run("insmod " + M + "ata.ko"), "QEMU HARDDISK", "the driver loads again")
        expect_eq(q.run("mount -t romfs /dev/hda /mnt"), "", "and the disk mounts again")
        expect_eq(q.run("cat /mnt/dir/hello.txt"), "hello from a romfs image", "a file on it")


# ---- memfs -------------------------------------------------------------------

def test_memfs_files_and_directories_round_trip():
    with boot() as q:
        q.wait_prompt()
        expect_eq(q.run("insmod " + M + "memfs.ko"), "", "insmod memfs")
        expect_eq(q.run("mount -t memfs scratch /mnt"), "", "mount memfs")
        expect_in(q.run("mount"), "scratch on /mnt type memfs (rw)", "the mount list")
        q.run("mkdir /mnt/a")
        q.run("mkdir /mnt/a/b")
        expect_eq(q.run("echo first line > /mnt/a/notes"), "", "create and write")
        q.run("echo second line >> /mnt/a/notes")
        expect_eq(q.run("cat /mnt/a/notes"), "first line\nsecond line", "read back")
        expect_in(q.run("stat /mnt/a/notes"), "Size: 23 ", "size after two writes")
        expect_in(q.run("stat /mnt/a"), "Links: 3", "a directory's links: ., its name, b's ..")
        expect_eq(q.run("mv /mnt/a/notes /mnt/a/b/renamed"), "", "rename into a subdirectory")
        expect_eq(q.run("ls /mnt/a"), "b/", "ls after the rename")
        expect_eq(q.run("cat /mnt/a/b/renamed"), "first line\nsecond line", "the renamed file")
        q.run("echo other > /mnt/a/other")
        expect_eq(q.run("mv /mnt/a/other /mnt/a/b/renamed"), "", "rename over a file")
        expect_eq(q.run("cat /mnt/a/b/renamed"), "other", "the replaced file")
        expect_in(q.run("rmdir /mnt/a"), "Directory not empty", "rmdir of a full directory")
        expect_eq(q.run("echo short > /mnt/a/b/renamed"), "", "truncate and rewrite")
        expect_eq(q.run("cat /mnt/a/b/renamed"), "short", "after truncation")
        # A file bigger than a page, from romfs, and back by cksum.
        q.run("insmod " + M + "romfs.ko")
        q.run("mount -t romfs /dev/ram0 /tmp")
        for name in ("large.txt", "bytes.bin"):
            q.run("cat /tmp/%s > /mnt/%s" % (name, name))
            with open(os.path.join(ROMFS_SRC, name), "rb") as f:
                expect_eq(kernel_cksum(q, "/mnt/" + name), host_cksum(f.read()),
                          "a copy of %s on memfs" % name)
        df = q.run("df")
        m = re.search(r"^scratch\s+(\d+)\s+(\d+)", df, re.M)
        if not m or int(m.group(2)) < 80:
            raise TestFailure("df: expected scratch to use at least 80 KiB, saw:\n" + df)
        expect_in(q.run("rmmod memfs"), "rmmod: ERROR: Module memfs is in use",
                  "rmmod while mounted")
        for cmd in ("rm /mnt/large.txt", "rm /mnt/bytes.bin", "rm /mnt/a/b/renamed",
                    "rmdir /mnt/a/b", "rmdir /mnt/a"):
            expect_eq(q.run(cmd), "", cmd)
        expect_eq(q.run("ls /mnt"), "", "everything removed")
        df = q.run("df")
        if not re.search(r"^scratch\s+8192\s+0\s", df, re.M):
            raise TestFailure("df: expected scratch with 8192 KiB, none used, saw:\n" + df)
        q.run("umount /mnt")
        expect_eq(q.run("rmmod memfs"), "", "rmmod after umount")


def test_memfs_refuses_to_grow_past_max_kib():
    with boot() as q:
        q.wait_prompt()
        q.run("insmod " + M + "memfs.ko max_kib=16")
        q.run("mount -t memfs small /mnt")
        q.run("insmod " + M + "romfs.ko")
        q.run("mount -t romfs /dev/ram0 /tmp")
        expect_in(q.run("cat /tmp/large.txt > /mnt/big"), "No space left on device",
                  "writing 69000 bytes into 16 KiB")
        expect_in(q.run("stat /mnt/big"), "Size: 16384 ", "what fitted: four pages")
        expect_eq(q.run("rm /mnt/big"), "", "rm")
        expect_eq(q.run("echo fits > /mnt/small"), "", "space is free again")
        q.run("umount /mnt")
        expect_eq(q.run("rmmod memfs"), "", "rmmod memfs")
