"""Linux 6.1's block-driver API for modules: tutorial-style disks written as
for Linux (tests/linux-modules/mqdisk: blk-mq with queue_rq;
tests/linux-modules/biodisk: bio-based with submit_bio), built with
`make -C <tree> M=<dir> modules`, loaded under QEMU on -smp 4 and driven
from the shell: /dev/NAME and /proc/devices, a romfs image copied onto the
disk and mounted from it, the disk keeping its driver while mounted,
requests the driver fails reaching the shell as EIO, and 100 load/unload
rounds leaving memory as it was."""

import os
import re
import subprocess

from corpus import corpus_initrd
from qemu import ROOT, Qemu, expect_eq, expect_in, expect_not_in, fail, repo_path

CORPUS = os.path.join(ROOT, "tests", "linux-modules")
GUEST_DIR = "/lib/linux-block"
DRIVERS = ("mqdisk", "biodisk")
ROMFS_IMG = "build/romfs.img"
DISK_BYTES = 2048 * 512         # both drivers' default size
CYCLES = 100
WARMUP = 10

def corpus():
    """The two drivers, built once as a Linux user builds them; an initrd
    archive holding them."""
    return corpus_initrd("linux-block", DRIVERS, GUEST_DIR)


def boot(smp=4):
    """The kernel with the drivers, and build/romfs.img as /dev/ram0."""
    if not os.path.exists(repo_path(ROMFS_IMG)):
        fail("%s is missing: build it first (make)" % ROMFS_IMG)
    return Qemu(smp=smp, initrd=["build/initrd.cpio", corpus(), ROMFS_IMG], timeout=120)


def insmod(q, name, args=""):
    out = q.run(("insmod %s/%s.ko %s" % (GUEST_DIR, name, args)).strip())
    expect_not_in(out, "ERROR", "insmod %s %s" % (name, args))
    return out


def rmmod(q, name, what):
    """rmmod name, which must work: no error, and the module gone."""
    out = q.run("rmmod " + name)
    expect_not_in(out, "ERROR", what)
    expect_not_in(q.run("lsmod"), name, "lsmod after " + what)
    return out


def host_cksum(data):
    out = subprocess.run(["cksum"], input=data, stdout=subprocess.PIPE, check=True).stdout
    crc, size = out.split()[:2]
    return "%s %s" % (crc.decode(), size.decode())


def kernel_cksum(q, path):
    out = q.run("cksum " + path)
    m = re.fullmatch(r"(\d+ \d+) " + re.escape(path), out)
    if not m:
        fail("cksum %s: expected 'CRC SIZE %s', saw %r" % (path, path, out))
    return m.group(1)


def romfs_bytes():
    with open(repo_path(ROMFS_IMG), "rb") as f:
        return f.read()


def copy_romfs_and_mount(q, dev):
    """romfs.img onto dev through /dev, then mounted from dev; checks files."""
    expect_eq(q.run("cat /dev/ram0 > /dev/%s" % dev), "", "copying the image onto /dev/" + dev)
    image = romfs_bytes()
    expect_eq(kernel_cksum(q, "/dev/" + dev),
              host_cksum(image + b"\0" * (DISK_BYTES - len(image))),
              "cksum of /dev/%s: the image, then the zeros of a new disk" % dev)
    q.run("insmod /lib/modules/romfs.ko")
    expect_eq(q.run("mount -t romfs /dev/%s /mnt" % dev), "", "mount -t romfs /dev/" + dev)
    expect_in(q.run("mount"), "/dev/%s on /mnt type romfs (ro)" % dev, "the mount list")
    expect_eq(q.run("cat /mnt/dir/hello.txt"), "hello from a romfs image", "a file on the disk")
    with open(os.path.join(ROOT, "tests", "romfs", "large.txt"), "rb") as f:
        expect_eq(kernel_cksum(q, "/mnt/large.txt"), host_cksum(f.read()),
                  "cksum of large.txt (several pages) read through the disk")


# ---- a disk a module adds is a block device -------------------------------------------

def test_mqdisk_is_a_block_device_with_a_major_in_proc_devices():
    with boot() as q:
        q.wait_prompt()
        out = insmod(q, "mqdisk")
        m = re.search(r"mqdisk: /dev/mqdisk0, 2048 sectors, 512-byte blocks, major (\d+)", out)
        if not m:
            fail("insmod mqdisk to print its disk and major, saw:\n" + out)
        devices = q.run("cat /proc/devices")
        blocks = devices.split("Block devices:")[-1]
        expect_in(blocks, "%3s mqdisk" % m.group(1), "the Block devices: part of /proc/devices")
        expect_in(q.run("ls -l /dev"), "brw-rw----   1 %8d mqdisk0" % DISK_BYTES, "ls -l /dev")
        expect_in(q.run("stat /dev/mqdisk0"), "block special file", "stat /dev/mqdisk0")
        rmmod(q, "mqdisk", "rmmod mqdisk")
        expect_not_in(q.run("ls /dev"), "mqdisk0", "/dev after rmmod")
        expect_not_in(q.run("cat /proc/devices"), "mqdisk", "/proc/devices after rmmod")


def test_bytes_written_to_the_disk_read_back_and_survive_a_reopen():
    # Reads end in the newline echo wrote, so the shell's prompt starts a line.
    zeros = host_cksum(b"\0" * DISK_BYTES)
    for name, args in (("mqdisk", ""), ("mqdisk", "deferred=1"), ("mqdisk", "block_size=4096"),
                       ("biodisk", "")):
        with boot() as q:
            q.wait_prompt()
            insmod(q, name, args)
            dev = "/dev/%s0" % name
            expect_eq(kernel_cksum(q, dev), zeros, "cksum of a new %s (%s): zeros" % (name, args))
            text = "written through " + name
            expect_eq(q.run("echo %s > %s" % (text, dev)), "", "writing " + dev)
            expect_eq(q.run("head -c %d %s" % (len(text) + 1, dev)), text,
                      "the bytes read back from %s (%s)" % (name, args))
            # Part of a block, in the middle of the disk's bytes: a read-modify-write.
            expect_eq(q.run("echo over > " + dev), "", "a shorter write over the start")
            expect_eq(q.run("head -c %d %s" % (len(text) + 1, dev)), "over\n" + text[5:],
                      "the first 5 bytes replaced, the rest kept (%s %s)" % (name, args))
            rmmod(q, name, "rmmod " + name)


def test_a_romfs_image_copied_onto_each_disk_mounts_and_reads_back():
    for name, args in (("mqdisk", ""), ("mqdisk", "deferred=1 depth=2"),
                       ("mqdisk", "block_size=2048"), ("biodisk", "")):
        with boot() as q:
            q.wait_prompt()
            insmod(q, name, args)
            copy_romfs_and_mount(q, name + "0")
            q.run("umount /mnt")


def test_the_disk_keeps_its_driver_while_mounted_and_lets_go_after_umount():
    for name in DRIVERS:
        with boot() as q:
            q.wait_prompt()
            insmod(q, name)
            copy_romfs_and_mount(q, name + "0")
            expect_in(q.run("rmmod " + name), "rmmod: ERROR: Module %s is in use" % name,
                      "rmmod %s while its disk is mounted" % name)
            expect_in(q.run("lsmod"), name, "lsmod after the refused rmmod")
            expect_eq(q.run("cat /mnt/dir/hello.txt"), "hello from a romfs image",
                      "the mounted disk after the refused rmmod")
            expect_eq(q.run("umount /mnt"), "", "umount")
            rmmod(q, name, "rmmod %s once unmounted" % name)
            expect_not_in(q.run("ls /dev"), name + "0", "/dev after rmmod")
            expect_in(q.run("mount -t romfs /dev/%s0 /mnt" % name), "No such device or address",
                      "mounting the removed disk")


def test_a_disk_held_open_by_a_job_keeps_its_driver():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "mqdisk", "verbose=1")
        mark = q.mark()
        q.run("sleep 3 > /dev/mqdisk0 &")
        q.wait_for("mqdisk: open, 1 user(s)", since=mark, what="the job's open of the disk")
        out = q.run("rmmod mqdisk")
        # The refusal only counts if the job still held the disk then.
        expect_in(q.run("jobs"), "sleep 3", "the job holding /dev/mqdisk0 open")
        expect_in(out, "rmmod: ERROR: Module mqdisk is in use", "rmmod while the disk is open")
        q.run("wait", timeout=60)
        expect_in(q.output_since(mark), "mqdisk: release, 0 user(s)", "the job's close")
        rmmod(q, "mqdisk", "rmmod once the job has closed the disk")


def test_forced_rmmod_cuts_off_a_mounted_disk_and_the_kernel_stays_up():
    for name, args in (("mqdisk", "deferred=1"), ("biodisk", "")):
        with boot() as q:
            q.wait_prompt()
            insmod(q, name, args)
            copy_romfs_and_mount(q, name + "0")
            out = q.run("rmmod -f " + name)
            expect_in(out, "%s0 removed while open" % name, "the block layer's warning")
            expect_not_in(q.run("lsmod"), name, "lsmod after the forced rmmod")
            expect_in(q.run("cat /mnt/dir/sub/deep.txt"), "Input/output error",
                      "reading the filesystem of a disk whose driver is gone")
            expect_not_in(q.run("ls /dev"), name + "0", "/dev after the forced rmmod")
            expect_eq(q.run("umount /mnt"), "", "umount still works")
            insmod(q, name, args)
            copy_romfs_and_mount(q, name + "0")
            expect_eq(q.run("umount /mnt"), "", "umount of the new disk")


def test_open_and_release_reach_the_driver_once_per_open():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "mqdisk", "verbose=1")
        mark = q.mark()
        q.run("cksum /dev/mqdisk0")
        log = q.output_since(mark)
        expect_in(log, "mqdisk: open, 1 user(s)", "the driver's open for cksum")
        expect_in(log, "mqdisk: release, 0 user(s)", "the driver's release after cksum")
        q.run("insmod /lib/modules/romfs.ko")
        q.run("cat /dev/ram0 > /dev/mqdisk0")
        mark = q.mark()
        q.run("mount -t romfs /dev/mqdisk0 /mnt")
        q.run("head -c 1 /dev/mqdisk0")
        log = q.output_since(mark)
        expect_in(log, "mqdisk: open, 1 user(s)", "open for the mount")
        expect_in(log, "mqdisk: open, 2 user(s)", "open for head while mounted")
        expect_in(log, "mqdisk: release, 1 user(s)", "release after head; the mount stays")
        mark = q.mark()
        q.run("umount /mnt")
        expect_in(q.output_since(mark), "mqdisk: release, 0 user(s)", "release at umount")
        rmmod(q, "mqdisk", "rmmod mqdisk")


def test_the_drivers_ioctl_answers_through_dev_and_others_get_enotty():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "mqdisk")
        get_requests = "0x80046d01"       # _IOR('m', 1, unsigned int)
        expect_eq(q.run("ioctl /dev/mqdisk0 " + get_requests), "0", "no request served yet")
        q.run("echo one > /dev/mqdisk0")
        q.run("cksum /dev/mqdisk0")
        out = q.run("ioctl /dev/mqdisk0 " + get_requests)
        if not out.isdigit() or int(out) < 2:
            fail("at least a write and a read served after echo and cksum, saw %r" % out)
        expect_in(q.run("ioctl /dev/mqdisk0 0x80046d02"), "Inappropriate ioctl for device",
                  "a command the driver does not know")
        expect_in(q.run("ioctl /dev/ram0 " + get_requests), "Inappropriate ioctl for device",
                  "the same command on a disk without a driver ioctl")
        rmmod(q, "mqdisk", "rmmod after the ioctls")


# ---- errors --------------------------------------------------------------------------

def test_a_request_the_driver_fails_gives_eio_to_the_shell():
    for name, args in (("mqdisk", "bad_sector=20"), ("mqdisk", "bad_sector=20 deferred=1"),
                       ("biodisk", "bad_sector=20")):
        with boot() as q:
            q.wait_prompt()
            insmod(q, name, args)
            dev = "/dev/%s0" % name
            expect_eq(q.run("echo before the bad sector > " + dev), "", "a write to sector 0")
            expect_eq(q.run("head -c 22 " + dev), "before the bad sector",
                      "sector 0 of %s (%s) reads back" % (name, args))
            expect_in(q.run("cat " + dev), "cat: %s: Input/output error" % dev,
                      "reading across the bad sector of %s (%s)" % (name, args))
            expect_in(q.run("cat /dev/ram0 > " + dev), "Input/output error",
                      "writing across the bad sector of %s (%s)" % (name, args))
            expect_eq(q.run("echo still fine > " + dev), "", "a write before the bad sector")
            expect_eq(q.run("head -c 11 " + dev), "still fine", "and reading it back")
            rmmod(q, name, "rmmod after the errors: nothing held")


def test_an_error_returned_for_an_already_ended_request_only_warns():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "mqdisk", "bad_sector=0 end_twice=1")
        expect_in(q.run("head -c 4 /dev/mqdisk0"), "Input/output error", "the failed read")
        expect_in(q.run("dmesg"), "queue_rq returned status 10 for a request it had already "
                  "ended", "the warning for the second end")
        # Requests are still handed out right: many reads, all failing cleanly.
        for _ in range(40):
            expect_in(q.run("head -c 4 /dev/mqdisk0"), "Input/output error", "a later read")
        rmmod(q, "mqdisk", "rmmod: no request or reference leaked")
        expect_in(q.run("echo still up"), "still up", "the shell")


def test_add_disk_refuses_a_taken_or_bad_name_and_the_failed_load_leaves_nothing():
    cases = (("name=ram0", "a block device has that name", "File exists"),
             ("name=a/b", "no valid disk_name", "Invalid parameters"))
    with boot() as q:
        q.wait_prompt()
        round_trip(q, "mqdisk", "", 0)
        before = None
        # The first rounds warm the caches a failed load uses (slabs that then stay).
        for rnd in range(WARMUP + 10):
            for args, why, err in cases:
                out = q.run("insmod %s/mqdisk.ko %s" % (GUEST_DIR, args))
                expect_in(out, "add_disk: %s: %s" % (args[5:], why), "insmod mqdisk " + args)
                expect_in(out, "insmod: ERROR: could not insert module", "insmod " + args)
                expect_in(out, err, "insmod mqdisk " + args)
                expect_not_in(q.run("lsmod"), "mqdisk", "lsmod after the refused load")
                expect_not_in(q.run("cat /proc/devices"), "mqdisk",
                              "/proc/devices: the major given back")
                expect_eq(q.run("ls /dev"), "input/\nram0", "/dev after the refused load")
            now = meminfo(q)    # every round reads it: the same allocations each round
            if rnd == WARMUP - 1:
                before = now
        expect_eq(now, before, "MemFree and Slab after 10 rounds of refused loads")
        round_trip(q, "mqdisk", "", 1)


def test_a_bad_logical_block_size_is_refused_and_512_kept():
    with boot() as q:
        q.wait_prompt()
        out = insmod(q, "mqdisk", "block_size=3000")
        expect_in(out, "blk_queue_logical_block_size: 3000 is not a power of two", "insmod")
        expect_in(out, "512-byte blocks", "the block size kept")
        q.run("rmmod mqdisk")


# ---- SMP and leaks ---------------------------------------------------------------------

def test_parallel_readers_on_four_cpus_see_the_same_bytes():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "mqdisk", "deferred=1 depth=2")
        q.run("cat /dev/ram0 > /dev/mqdisk0")
        image = romfs_bytes()
        want = host_cksum(image + b"\0" * (DISK_BYTES - len(image)))
        for _ in range(3):
            for i in range(4):
                q.run("cksum /dev/mqdisk0 > /tmp/sum%d &" % i)
            q.run("wait", timeout=120)
            sums = [q.run("cat /tmp/sum%d" % i) for i in range(4)]
            expect_eq(sums, [want + " /dev/mqdisk0"] * 4, "four parallel cksums of /dev/mqdisk0")
        rmmod(q, "mqdisk", "rmmod after the parallel reads")


def meminfo(q):
    out = q.run("cat /proc/meminfo")
    vals = {}
    for key in ("MemFree", "Slab"):
        m = re.search(r"^%s:\s+(\d+) kB" % key, out, re.M)
        if not m:
            fail("expected a %s line in /proc/meminfo, saw:\n%s" % (key, out))
        vals[key] = int(m.group(1))
    return vals


def round_trip(q, name, args, i):
    """Load, write and read back through the disk, unload."""
    insmod(q, name, args)
    text = "round %03d" % i     # every round's commands the same length (shell history)
    expect_eq(q.run("echo %s > /dev/%s0" % (text, name)), "", "a write")
    expect_eq(q.run("head -c %d /dev/%s0" % (len(text) + 1, name)), text, "reading it back")
    rmmod(q, name, "rmmod %s, round %d" % (name, i))


def test_100_load_unload_rounds_with_io_leave_memfree_and_slab_unchanged():
    with boot() as q:
        q.wait_prompt()
        for name, args in (("mqdisk", "deferred=1"), ("mqdisk", ""), ("biodisk", "")):
            # Warm the allocator's caches: the first loads, the first head and the
            # first read of /proc/meminfo grow slabs that then stay.
            for i in range(WARMUP):
                round_trip(q, name, args, i)
                meminfo(q)
            before = meminfo(q)
            for i in range(CYCLES):
                round_trip(q, name, args, i)
            after = meminfo(q)
            expect_eq(after, before, "MemFree and Slab after %d rounds of %s %s"
                      % (CYCLES, name, args))
        expect_not_in(q.run("dmesg"), "WARNING", "the log after the rounds")
