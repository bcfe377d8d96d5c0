"""Symbolic links: the path walk follows them (in the middle of a path and
at its end, relative and absolute targets, at most 40 per walk), the shell's
ln -s, readlink, ls -l, cat and cd use them, an initrd's cpio links become
links, and sysfs shows /sys/class/C/N and /sys/module/M/holders/ as links
that go with their objects."""

import os
import re
import shutil
import subprocess
import tempfile
import atexit

from corpus import corpus_initrd, newc
from qemu import Qemu, expect_eq, expect_in, expect_line, expect_not_in, fail

INITRD = "build/initrd.cpio"
LOOP = "Too many levels of symbolic links"
NOENT = "No such file or directory"


def boot(smp=1, extra=()):
    return Qemu(smp=smp, initrd=[INITRD, *extra], timeout=60)


def memory(q):
    info = q.run("cat /proc/meminfo")
    figures = {}
    for key in ("SlabObjects", "LargeKmalloc"):
        m = re.search(r"^%s:\s+(\d+)" % key, info, re.M)
        if not m:
            fail("expected a %s line in /proc/meminfo, saw:\n%s" % (key, info))
        figures[key] = int(m.group(1))
    return figures


def test_links_are_followed_in_the_middle_and_at_the_end():
    with boot() as q:
        q.wait_prompt()
        q.run("mkdir -p /t/real/sub")
        q.run("echo inside > /t/real/sub/f")
        expect_eq(q.run("ln -s real /t/rel"), "", "ln -s of a relative target")
        expect_eq(q.run("ln -s /t/real/sub /t/abs"), "", "ln -s of an absolute target")
        expect_eq(q.run("ln -s rel/sub/f /t/chain"), "", "ln -s through another link")
        expect_eq(q.run("cat /t/rel/sub/f"), "inside", "a relative link in the middle")
        expect_eq(q.run("cat /t/abs/f"), "inside", "an absolute link in the middle")
        expect_eq(q.run("cat /t/chain"), "inside", "a link at the end, itself via a link")
        q.run("ln -s ../real/sub/f /t/real/up")
        expect_eq(q.run("cat /t/rel/up"), "inside", "a target with .., from the link's directory")
        expect_eq(q.run("readlink /t/chain"), "rel/sub/f", "readlink prints the target as stored")
        expect_in(q.run("readlink /t/real"), "readlink: /t/real: Invalid argument",
                  "readlink of a directory")
        q.run("cd /t/rel/sub")
        expect_eq(q.run("cat f"), "inside", "cat after cd through a link")
        expect_eq(q.run("pwd"), "/t/real/sub", "pwd after cd through a link (the real path)")
        q.run("cd /")
        expect_eq(q.run("echo more >> /t/chain"), "", "writing through a link")
        expect_eq(q.run("cat /t/real/sub/f"), "inside\nmore", "the target got the write")
        expect_eq(q.run("ls /t/rel"), "sub/\nup", "ls of a link to a directory lists it")


def test_ls_l_and_stat_show_the_link_itself():
    with boot() as q:
        q.wait_prompt()
        q.run("mkdir /t")
        q.run("echo x > /t/file")
        q.run("ln -s file /t/lnk")
        q.run("ln -s /nowhere /t/dangling")
        out = q.run("ls -l /t")
        expect_line(out, "lrwxrwxrwx   1        8 dangling -> /nowhere", "ls -l of a dangling link")
        expect_line(out, "lrwxrwxrwx   1        4 lnk -> file", "ls -l of a link")
        expect_line(q.run("ls -l /t/lnk"), "lrwxrwxrwx   1        4 /t/lnk -> file",
                    "ls -l naming the link")
        expect_in(q.run("stat /t/lnk"), "symbolic link", "stat describes the link")
        expect_eq(q.run("ls /t/dangling"), "/t/dangling", "ls of a dangling link names it")


def test_errors_dangling_links_loops_and_ln_refusals():
    with boot() as q:
        q.wait_prompt()
        q.run("mkdir /t")
        q.run("echo x > /t/file")
        q.run("ln -s /nowhere /t/dangling")
        q.run("ln -s b /t/a")
        q.run("ln -s a /t/b")
        q.run("ln -s self /t/self")
        cases = [
            ("cat /t/dangling", "cat: /t/dangling: %s" % NOENT),
            ("cat /t/a", "cat: /t/a: %s" % LOOP),
            ("cat /t/self/x", "cat: /t/self/x: %s" % LOOP),
            ("cd /t/a", "cd: /t/a: %s" % LOOP),
            ("ls /t/b/", "ls: cannot access '/t/b/': %s" % LOOP),
            ("ln -s file /t/file", "ln: failed to create symbolic link '/t/file': File exists"),
            ("ln -s x /t/a", "ln: failed to create symbolic link '/t/a': File exists"),
            ("ln -s x /t/dangling",
             "ln: failed to create symbolic link '/t/dangling': File exists"),
            ("ln -s x /nope/l", "ln: failed to create symbolic link '/nope/l': %s" % NOENT),
            ("ln -s '' /t/empty", "ln: failed to create symbolic link '/t/empty': %s" % NOENT),
            ("ln -s x /proc/l", "ln: failed to create symbolic link '/proc/l'"),
            ("ln x /t/hard", "usage: ln -s TARGET LINK_NAME"),
            ("readlink /t/nope", "readlink: /t/nope: %s" % NOENT),
            ("rmdir /t/a", "rmdir: failed to remove '/t/a': Not a directory"),
        ]
        for cmd, message in cases:
            expect_in(q.run(cmd), message, "output of '%s'" % cmd)
        # Nothing was changed by the failures; the kernel is up.
        expect_eq(q.run("readlink /t/a"), "b", "the loop's link after the refusals")
        expect_eq(q.run("cat /t/file"), "x", "the file after ln -s onto it")
        expect_eq(q.run("ls /t"), "a\nb\ndangling\nfile\nself", "the directory after the errors")
        # A chain of 40 links is followed; the 41st is one too many.
        q.run("echo end > /t/c0")
        for i in range(1, 42):
            q.run("ln -s c%d /t/c%d" % (i - 1, i))
        expect_eq(q.run("cat /t/c40"), "end", "a chain of 40 links")
        expect_in(q.run("cat /t/c41"), LOOP, "a chain of 41 links")


def test_unlink_and_rename_act_on_the_link_not_its_target():
    with boot() as q:
        q.wait_prompt()
        q.run("mkdir -p /t/d")
        q.run("echo kept > /t/d/f")
        q.run("ln -s d /t/ld")
        q.run("ln -s d/f /t/lf")
        expect_eq(q.run("mv /t/lf /t/lf2"), "", "mv of a link")
        expect_eq(q.run("readlink /t/lf2"), "d/f", "the moved link")
        expect_eq(q.run("rm /t/lf2"), "", "rm of a link to a file")
        expect_eq(q.run("rm /t/ld"), "", "rm of a link to a directory")
        expect_eq(q.run("ls /t"), "d/", "only the target directory is left")
        expect_eq(q.run("cat /t/d/f"), "kept", "the target after its links are removed")


def test_cpio_symlink_in_an_initrd_becomes_a_link():
    tmp = tempfile.mkdtemp(prefix="symlink-cpio-")
    atexit.register(shutil.rmtree, tmp, True)
    stage = os.path.join(tmp, "stage")
    os.makedirs(os.path.join(stage, "lnk", "real"))
    with open(os.path.join(stage, "lnk", "real", "data"), "w") as f:
        f.write("from the archive\n")
    os.symlink("real/data", os.path.join(stage, "lnk", "rel"))
    os.symlink("/lnk/real", os.path.join(stage, "lnk", "abs"))
    names = "lnk\nlnk/real\nlnk/real/data\nlnk/rel\nlnk/abs\n"
    cpio = os.path.join(tmp, "links.cpio")
    with open(cpio, "wb") as f:
        subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"], input=names.encode(),
                       stdout=f, check=True, cwd=stage)
    with boot(extra=(cpio,)) as q:
        q.wait_prompt()
        expect_eq(q.run("readlink /lnk/rel"), "real/data", "the archive's relative link")
        expect_eq(q.run("readlink /lnk/abs"), "/lnk/real", "the archive's absolute link")
        expect_eq(q.run("cat /lnk/rel"), "from the archive", "cat through the archive's link")
        expect_eq(q.run("cat /lnk/abs/data"), "from the archive", "a walk through it")


def test_bad_cpio_links_are_reported_and_skipped():
    tmp = tempfile.mkdtemp(prefix="symlink-cpio-")
    atexit.register(shutil.rmtree, tmp, True)
    cpio = os.path.join(tmp, "bad-links.cpio")
    with open(cpio, "wb") as f:
        f.write(newc([("etc", 0o120777, b"/tmp"),          # onto an existing directory
                       ("empty", 0o120777, b""),            # no target
                       ("good", 0o120777, b"etc/motd")]))
    with boot(extra=(cpio,)) as q:
        q.wait_prompt()
        log = q.output
        expect_in(log, "initramfs: bad-links.cpio: cannot unpack /etc: error -17",
                  "the boot log on a link over a directory")
        expect_in(log, "initramfs: bad-links.cpio: cannot unpack /empty: error -22",
                  "the boot log on a link with no target")
        expect_in(log,
                  "bad-links.cpio: 0 files, 0 directories unpacked into /, and 1 symbolic links",
                  "the boot log's count")
        expect_in(q.run("cat /good"), "Welcome to modlab", "the good link of the archive")
        expect_in(q.run("ls -l /etc/motd"), "motd", "/etc is still the directory")
        expect_in(q.run("ls /empty"), NOENT, "no link made for the empty target")


def _script(q, path, lines):
    q.run("echo '%s' > %s" % (lines[0], path))
    for line in lines[1:]:
        q.run("echo '%s' >> %s" % (line, path))


def test_links_made_and_removed_while_walked_on_four_cpus():
    with boot(smp=4) as q:
        q.wait_prompt()
        q.run("mkdir -p /r/real")
        q.run("echo ok > /r/real/f")
        # Two jobs make and remove links; two walk them at the same time.
        _script(q, "/tmp/mk1", ["ln -s real /r/l1", "ln -s l1 /r/m1", "rm /r/m1", "rm /r/l1"])
        _script(q, "/tmp/mk2", ["ln -s /r/real /r/l2", "ln -s l2 /r/loop", "rm /r/loop",
                                "ln -s loop /r/loop", "rm /r/loop", "rm /r/l2"])
        _script(q, "/tmp/rd1", ["cat /r/m1/f >> /tmp/seen1", "cat /r/l2/f >> /tmp/seen1"])
        _script(q, "/tmp/rd2", ["cat /r/loop/f >> /tmp/seen2", "cat /r/l1/f >> /tmp/seen2"])
        for s in ("mk1", "mk2", "rd1", "rd2"):
            q.run("cat /tmp/%s /tmp/%s /tmp/%s /tmp/%s > /tmp/more" % ((s,) * 4))
            q.run("cat /tmp/more /tmp/more /tmp/more /tmp/more /tmp/more > /tmp/%s" % s)
            q.run("cat /tmp/%s /tmp/%s /tmp/%s /tmp/%s /tmp/%s > /tmp/more" % ((s,) * 5))
            q.run("cat /tmp/more > /tmp/%s" % s)
        q.run("rm /tmp/more")
        mark = q.mark()
        for s in ("mk1", "mk2", "rd1", "rd2"):
            out = " > /tmp/out-" + s if s.startswith("mk") else ""
            q.run("sh /tmp/%s%s &" % (s, out))
        q.run("wait", timeout=240)
        seen = q.run("cat /tmp/seen1 /tmp/seen2").splitlines()
        expect_eq(len(seen), 400, "reads done by the two walking scripts")
        ok = {"ok"}
        for p in ("/r/m1/f", "/r/l2/f", "/r/loop/f", "/r/l1/f"):
            ok.add("cat: %s: %s" % (p, NOENT))
            ok.add("cat: %s: %s" % (p, LOOP))
        bad = [s for s in seen if s not in ok]
        if bad:
            fail("each read to give ok, no file or a loop, saw %r" % bad[:5])
        if "ok" not in seen:
            fail("some reads to find their link in place (none did: no race was run)")
        log = q.output_since(mark)
        expect_not_in(log, "Oops", "the log of the race")
        expect_not_in(log, "WARNING", "the log of the race")
        expect_eq(q.run("ls /r"), "real/", "every link removed at the end")


def test_create_remove_cycles_leave_memory_unchanged():
    with boot() as q:
        q.wait_prompt()
        q.run("mkdir /m")
        q.run("echo x > /m/f")
        _script(q, "/tmp/cycle", ["ln -s f /m/l", "cat /m/l > /tmp/o", "ls -l /m > /tmp/o",
                                  "readlink /m/l > /tmp/o", "rm /m/l"])
        q.run("sh /tmp/cycle")		# what the first round caches stays
        before = memory(q)
        for _ in range(4):
            q.run("cat /tmp/cycle /tmp/cycle /tmp/cycle /tmp/cycle /tmp/cycle > /tmp/c5")
            q.run("cat /tmp/c5 /tmp/c5 /tmp/c5 /tmp/c5 /tmp/c5 > /tmp/c25")
            q.run("sh /tmp/c25")
        q.run("rm /tmp/c5 /tmp/c25")
        expect_eq(q.run("cat /tmp/o"), "f", "the last cycle's readlink")
        expect_eq(q.run("ls /m"), "f", "no link left after the cycles")
        expect_eq(memory(q), before, "slab objects and large allocations after 100 cycles")


# ---- sysfs links ----------------------------------------------------------------

M = "/lib/modules/"


def test_module_holders_are_links_that_go_with_their_module():
    with boot() as q:
        q.wait_prompt()
        q.run("insmod " + M + "provider.ko")
        expect_eq(q.run("ls /sys/module/provider/holders"), "", "holders/ with no user")
        expect_not_in(q.run("insmod " + M + "consumer.ko"), "ERROR", "insmod consumer")
        expect_eq(q.run("ls /sys/module/provider/holders"), "consumer", "holders/ with a user")
        expect_eq(q.run("readlink /sys/module/provider/holders/consumer"), "../../consumer",
                  "the holder link's target")
        expect_line(q.run("ls -l /sys/module/provider/holders"),
                    "lrwxrwxrwx   1        0 consumer -> ../../consumer",
                    "ls -l of holders/ (size 0, as Linux shows a sysfs link)")
        expect_in(q.run("ls /sys/module/provider/holders/consumer/"), "refcnt",
                  "a walk through the link to the user's directory")
        expect_eq(q.run("cat /sys/module/provider/holders/consumer/initstate"), "live",
                  "a file read through the link")
        expect_not_in(q.run("rmmod consumer"), "ERROR", "rmmod consumer")
        expect_eq(q.run("ls /sys/module/provider/holders"), "", "the link goes with its module")
        expect_in(q.run("cat /sys/module/provider/holders/consumer/initstate"), NOENT,
                  "a read through the removed link")
        expect_not_in(q.run("rmmod provider"), "ERROR", "rmmod provider")
        expect_in(q.run("ls /sys/module/provider"), NOENT, "the provider's directory is gone")


def test_holder_link_load_unload_cycles_leave_memory_unchanged():
    with boot() as q:
        q.wait_prompt()
        q.run("insmod " + M + "provider.ko")
        _script(q, "/tmp/cycle", ["insmod %sconsumer.ko" % M,
                                  "readlink /sys/module/provider/holders/consumer > /tmp/o",
                                  "cat /sys/module/provider/holders/consumer/refcnt > /tmp/o",
                                  "rmmod consumer"])
        q.run("sh /tmp/cycle")		# what the first round caches stays
        before = memory(q)
        for _ in range(4):
            q.run("cat /tmp/cycle /tmp/cycle /tmp/cycle /tmp/cycle /tmp/cycle > /tmp/c5")
            q.run("cat /tmp/c5 /tmp/c5 /tmp/c5 /tmp/c5 /tmp/c5 > /tmp/c25")
            q.run("sh /tmp/c25", timeout=120)
        q.run("rm /tmp/c5 /tmp/c25")
        expect_eq(q.run("cat /tmp/o"), "0", "the last round's read through the link")
        expect_eq(q.run("ls /sys/module/provider/holders"), "", "no link left after the rounds")
        expect_eq(memory(q), before, "slab objects and large allocations after 100 rounds")


def link_module_cpio():
    """tests/linux-modules/sysfs_link built as an external module, in an
    initrd archive at /lib/linux-modules/sysfs_link.ko."""
    return corpus_initrd("sysfs-link", ["sysfs_link"], "/lib/linux-modules")


L = "/sys/kernel/sysfs_link/"


def test_driver_links_their_errors_and_a_removed_target():
    with boot(smp=4, extra=(link_module_cpio(),)) as q:
        q.wait_prompt()
        out = q.run("insmod /lib/linux-modules/sysfs_link.ko")
        expect_in(out, "sysfs: /kernel/sysfs_link/shelf/box exists already",
                  "sysfs_create_link on a taken name says so")
        expect_in(out, "sysfs_link: again, with a warning: -17", "its return")
        expect_in(out, "sysfs_link: again, quietly: -17", "sysfs_create_link_nowarn's return")
        expect_not_in(out, "sysfs_link/latest exists", "the nowarn call's log")
        expect_eq(q.run("readlink %sshelf/box" % L), "../store", "a link to a sibling")
        expect_eq(q.run("readlink %slatest" % L), "store", "a link within its directory")
        expect_eq(q.run("cat %sshelf/box/label" % L), "the store", "a read through a link")
        q.run("cd %sshelf/box" % L)
        expect_eq(q.run("cat label"), "the store", "cd through a sysfs link")
        expect_eq(q.run("pwd"), "/sys/kernel/sysfs_link/store", "pwd after the cd")
        q.run("cd /")
        expect_eq(q.run("ls %s" % L), "drop\nlatest\nshelf/\nstore/", "the module's directory")
        # The target goes while the links are still made: they are hidden,
        # and a walk through one says no such file; nothing oopses.
        mark = q.mark()
        expect_in(q.run("echo 1 > %sdrop" % L), "sysfs_link: store dropped", "dropping the store")
        expect_eq(q.run("ls %s" % L), "drop\nshelf/", "links to a removed target are hidden")
        expect_in(q.run("cat %sshelf/box/label" % L), NOENT, "a read through the hidden link")
        expect_in(q.run("readlink %slatest" % L), NOENT, "readlink of the hidden link")
        expect_not_in(q.run("rmmod sysfs_link"), "ERROR",
                      "rmmod with a link to a removed target")
        log = q.output_since(mark)
        expect_not_in(log, "Oops", "the log")
        expect_not_in(log, "WARNING", "the log")
        expect_in(log, "sysfs_link: removed", "the module's exit")
        expect_in(q.run("ls /sys/kernel"), "debug/", "/sys/kernel after the rmmod")
        expect_not_in(q.run("ls /sys/kernel"), "sysfs_link", "/sys/kernel after the rmmod")


def test_driver_link_load_unload_cycles_leave_memory_unchanged():
    with boot(extra=(link_module_cpio(),)) as q:
        q.wait_prompt()
        _script(q, "/tmp/cycle", ["insmod /lib/linux-modules/sysfs_link.ko",
                                  "cat %sshelf/box/label > /tmp/o" % L,
                                  "rmmod sysfs_link"])
        q.run("sh /tmp/cycle")
        before = memory(q)
        for _ in range(4):
            q.run("cat /tmp/cycle /tmp/cycle /tmp/cycle /tmp/cycle /tmp/cycle > /tmp/c5")
            q.run("cat /tmp/c5 /tmp/c5 /tmp/c5 /tmp/c5 /tmp/c5 > /tmp/c25")
            q.run("sh /tmp/c25", timeout=120)
        q.run("rm /tmp/c5 /tmp/c25")
        expect_eq(q.run("cat /tmp/o"), "the store", "the last round's read through the link")
        expect_eq(memory(q), before, "slab objects and large allocations after 100 rounds")


def test_class_devices_are_links_into_sys_devices():
    from test_sysfs import corpus, G
    with boot(smp=4, extra=(corpus(),)) as q:
        q.wait_prompt()
        expect_not_in(q.run("insmod %ssysfs_class.ko units=2" % G), "ERROR", "insmod sysfs_class")
        C = "/sys/class/beacon/"
        expect_eq(q.run("readlink %sbeacon1" % C), "../../devices/virtual/beacon/beacon1",
                  "/sys/class/beacon/beacon1's target")
        expect_line(q.run("ls -l " + C),
                    "lrwxrwxrwx   1        0 beacon0 -> ../../devices/virtual/beacon/beacon0",
                    "ls -l of the class directory")
        expect_eq(q.run("ls /sys/devices/virtual/beacon"), "beacon0/\nbeacon1/",
                  "the devices' own directories")
        expect_eq(q.run("cat %sbeacon1/pulses" % C), "0", "a device file read through the link")
        q.run("cd %sbeacon0" % C)
        expect_eq(q.run("pwd"), "/sys/devices/virtual/beacon/beacon0", "cd through the class link")
        q.run("cd /")
        expect_in(q.run("ls /sys/class/input"), "input0", "the keyboard's class link")
        expect_not_in(q.run("rmmod sysfs_class"), "ERROR", "rmmod sysfs_class")
        expect_in(q.run("ls " + C), NOENT, "the class directory after rmmod")
        expect_not_in(q.run("ls /sys/devices/virtual"), "beacon", "the glue directory after rmmod")


def test_kernel_calls_fail_with_the_errno_they_promise():
    with boot() as q:
        q.wait_prompt()
        out = q.run("selftest symlink-errors", timeout=30)
        expect_in(out, "selftest symlink-errors: PASS", "selftest output")
        expect_not_in(q.run("ls /tmp"), "symlink-selftest", "what the selftest left")


def test_bus_devices_and_bound_devices_are_links():
    import test_devices as td
    with Qemu(smp=4, initrd=[INITRD, td.build()], timeout=60) as q:
        q.wait_prompt()
        expect_not_in(q.run("insmod %stoybus.ko devices=2" % td.L), "ERROR", "insmod toybus")
        expect_eq(q.run("readlink /sys/bus/toy/devices/toy1"), "../../../devices/toy1",
                  "/sys/bus/toy/devices/toy1's target")
        expect_eq(q.run("cat /sys/bus/toy/devices/toy1/serial"), "1001",
                  "a device file read through the bus's link")
        expect_not_in(q.run("insmod %stoydrv.ko" % td.L), "ERROR", "insmod toydrv")
        expect_eq(q.run("readlink /sys/bus/toy/drivers/toy/toy0"), "../../../../devices/toy0",
                  "the driver's link to its bound device")
        expect_eq(q.run("cat /sys/bus/toy/drivers/toy/toy0/state"), "bound to toy",
                  "the bound device's state through the driver's link")
        expect_not_in(q.run("rmmod toydrv"), "ERROR", "rmmod toydrv")
        expect_eq(q.run("ls /sys/bus/toy/drivers"), "", "the driver's directory goes")
        expect_eq(q.run("ls /sys/bus/toy/devices"), "toy0\ntoy1", "the bus's links stay")
        expect_not_in(q.run("rmmod toybus"), "ERROR", "rmmod toybus")
        expect_in(q.run("readlink /sys/bus/toy/devices/toy1"), NOENT, "the link after rmmod")
