"""Grader of the fs lab (labs/07-fs/handout.md says what each test checks).
Verdicts come from what the kernel reports (/proc/filesystems, mount,
lsmod, the errors of mount and rmmod, dmesg, the debug kernel's fault on
freed module memory), from the trusted probe fsprobe.ko, built from the
pristine tree, which prints what register_filesystem and
unregister_filesystem returned, and from file contents the host computes.
Inputs (file counts, words, directory names, mount counts, orders and
rounds) are random from the seed."""

import re

from gradelib import points
from qemu import TestFailure, expect_eq, expect_in, expect_not_in, fail, scaled

KO = "/lab/labfs.ko"
PROBE = "/lab/fsprobe.ko"
DEBUG_KERNEL = "build/debug/kernel.elf"
# An oops anywhere (a mount that used a freed type, say) stops the machine,
# and the test fails saying so.
PANIC_ON_OOPS = ("-append", "panic_on_oops=1")


def file_text(word, i):
    """What labfs's file f<i> must hold."""
    return ("%s %d\n" % (word, i)) * (i + 1)


def load(q, lab, nfiles=None, word=None):
    nfiles = nfiles or lab.rand_int(1, 16)
    word = word or lab.rand_word()
    cmd = "insmod %s nfiles=%d word=%s" % (KO, nfiles, word)
    out = q.run(cmd)
    expect_not_in(out, "ERROR", "output of '%s'" % cmd)
    return nfiles, word


def filesystems(q):
    return [l.split()[-1] for l in q.run("cat /proc/filesystems").splitlines() if l.strip()]


def expect_listed(q, name, listed, when):
    types = filesystems(q)
    if (name in types) != listed:
        fail("/proc/filesystems %s: expected %s %s, saw %s"
             % (when, name, "listed" if listed else "not listed", types))


def mounted(q, mp):
    return any(l.split()[2:3] == [mp] for l in q.run("mount").splitlines())


def do_mount(q, mp):
    q.run("mkdir -p " + mp)
    out = q.run("mount -t labfs none " + mp)
    if out.strip() or not mounted(q, mp):
        fail("'mount -t labfs none %s': expected it mounted, silently; it said:\n%s\n"
             "and mount lists:\n%s" % (mp, out, q.run("mount")))


def do_umount(q, mp):
    out = q.run("umount " + mp)
    if out.strip() or mounted(q, mp):
        fail("'umount %s': expected it unmounted, silently; it said:\n%s" % (mp, out))


def users(q, name="labfs"):
    """lsmod's 'Used by' count of name, or None if not loaded."""
    for line in q.run("lsmod").splitlines():
        f = line.split()
        if f and f[0] == name:
            return int(f[2])
    return None


def probe(q, args, call, name):
    """Load fsprobe with args; the value its line says call(name) returned."""
    cmd = "insmod %s %s" % (PROBE, args)
    out = q.run(cmd)
    q.run("rmmod fsprobe")
    m = re.search(r"fsprobe: %s\(%s\) = (-?\d+)" % (call, re.escape(name)), out)
    if not m:
        fail("'%s': expected the line 'fsprobe: %s(%s) = N', saw:\n%s" % (cmd, call, name, out))
    return int(m.group(1))


def expect_files(q, mp, nfiles, word):
    names = sorted(q.run("ls " + mp).split())
    want = sorted("f%d" % i for i in range(nfiles))
    expect_eq(names, want, "'ls %s' with nfiles=%d" % (mp, nfiles))
    for i in range(nfiles):
        got = q.run("cat %s/f%d" % (mp, i)) + "\n"
        expect_eq(got, file_text(word, i), "'cat %s/f%d' with word=%s" % (mp, i, word))


def expect_clean_dmesg(q, what):
    log = q.run("dmesg")
    for bad in ("BUG", "Oops", "WARNING", "page fault"):
        expect_not_in(log, bad, "kernel reports in dmesg " + what)


@points(10)
def test_register(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        load(q, lab)
        expect_listed(q, "labfs", True, "after insmod labfs")
        err = probe(q, "name=labfs", "register_filesystem", "labfs")
        expect_eq(err, -16, "register_filesystem of a second type called labfs (-EBUSY)")
        other = "p" + lab.rand_word()
        err = probe(q, "name=" + other, "register_filesystem", other)
        expect_eq(err, 0, "register_filesystem of a new type %s" % other)
        expect_listed(q, other, False, "after rmmod of the probe that registered " + other)
        out = q.run("rmmod labfs")
        expect_not_in(out, "ERROR", "'rmmod labfs' with nothing mounted")
        expect_listed(q, "labfs", False, "after rmmod labfs")
        q.run("mkdir -p /mnt/gone")
        out = q.run("mount -t labfs none /mnt/gone")
        expect_in(out, "unknown filesystem type", "mount -t labfs after rmmod labfs")


@points(20)
def test_files(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        nfiles, word = load(q, lab)
        mp = "/mnt/" + lab.rand_word()
        do_mount(q, mp)
        expect_files(q, mp, nfiles, word)
        out = q.run("cat %s/f%d" % (mp, nfiles))
        expect_in(out, "No such file", "'cat %s/f%d' (one past the last file)" % (mp, nfiles))
        do_umount(q, mp)
        # A second mount builds its inodes again; the first one's are gone.
        do_mount(q, mp)
        expect_files(q, mp, nfiles, word)
        do_umount(q, mp)
        out = q.run("rmmod labfs")
        expect_not_in(out, "ERROR", "'rmmod labfs' after the umounts")
        expect_clean_dmesg(q, "after mounting, reading and unmounting labfs")


@points(15)
def test_pins_on_mount(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        load(q, lab)
        expect_eq(users(q), 0, "lsmod's user count of labfs before any mount")
        points_ = ["/mnt/%s%d" % (lab.rand_word(3, 6), i) for i in range(lab.rand_int(2, 4))]
        for i, mp in enumerate(points_):
            do_mount(q, mp)
            expect_eq(users(q), i + 1, "lsmod's user count of labfs after %d mounts" % (i + 1))
        lab.rng.shuffle(points_)
        for i, mp in enumerate(points_):
            do_umount(q, mp)
            left = len(points_) - i - 1
            expect_eq(users(q), left, "lsmod's user count of labfs with %d mounts left" % left)
        out = q.run("rmmod labfs")
        expect_not_in(out, "ERROR", "'rmmod labfs' after every umount")


@points(20)
def test_veto(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        nfiles, word = load(q, lab)
        mp = "/mnt/" + lab.rand_word()
        do_mount(q, mp)
        out = q.run("rmmod labfs")
        expect_in(out, "in use", "'rmmod labfs' while %s is mounted" % mp)
        out = q.run("rmmod -f labfs")
        expect_in(out, "ERROR", "'rmmod -f labfs' while %s is mounted (the VFS's veto)" % mp)
        if users(q) is None:
            fail("lsmod after a refused 'rmmod -f labfs': expected labfs still loaded")
        expect_in(q.run("lsmod"), "Live", "labfs's state after the refused unloads")
        expect_files(q, mp, nfiles, word)
        do_umount(q, mp)
        out = q.run("rmmod labfs")
        expect_not_in(out, "ERROR", "'rmmod labfs' after 'umount %s'" % mp)
        expect_eq(users(q), None, "labfs in lsmod after rmmod")
        expect_listed(q, "labfs", False, "after rmmod labfs")


@points(10)
def test_unregister_mounted(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        nfiles, word = load(q, lab)
        mp = "/mnt/" + lab.rand_word()
        do_mount(q, mp)
        err = probe(q, "name=labfs unregister=1", "unregister_filesystem", "labfs")
        expect_eq(err, -16, "unregister_filesystem(labfs) while mounted (-EBUSY)")
        expect_listed(q, "labfs", True, "after the refused unregister")
        expect_files(q, mp, nfiles, word)
        do_umount(q, mp)
        err = probe(q, "name=labfs unregister=1", "unregister_filesystem", "labfs")
        expect_eq(err, 0, "unregister_filesystem(labfs) after umount")
        expect_listed(q, "labfs", False, "after unregister_filesystem(labfs)")
        out = q.run("mount -t labfs none " + mp)
        expect_in(out, "unknown filesystem type", "mount -t labfs after it was unregistered")
        out = q.run("rmmod labfs")
        expect_not_in(out, "ERROR", "'rmmod labfs' after its type was unregistered")


@points(5)
def test_not_while_loading(lab):
    """A type whose module is still in its init cannot be mounted: refmod
    registers reffs and then sleeps in its init."""
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        # labfs itself must work, or nothing here depends on the lab's code.
        load(q, lab)
        mp = "/mnt/" + lab.rand_word()
        do_mount(q, mp)
        do_umount(q, mp)
        q.run("rmmod labfs")
        ms = lab.rand_int(1500, 2500)
        mark = q.mark()
        q.run("insmod /lib/modules/refmod.ko init_sleep_ms=%d &" % ms)
        q.wait_for("refmod: init sleeps", timeout=scaled(20), what="refmod's init to begin",
                   since=mark)
        out = q.run("mount -t reffs none " + mp)
        expect_in(out, "mount:", "'mount -t reffs' while refmod's init sleeps")
        if mounted(q, mp):
            fail("reffs was mounted while its module was still in its init")
        q.run("wait", timeout=scaled(30))
        expect_in(q.run("lsmod"), "refmod", "lsmod after refmod's init ended")
        do_mountpoint = q.run("mount -t reffs none " + mp)
        if do_mountpoint.strip() or not mounted(q, mp):
            fail("'mount -t reffs' once refmod is live: expected it mounted; it said:\n"
                 + do_mountpoint)
        expect_eq(users(q, "refmod"), 1, "lsmod's user count of refmod with reffs mounted")
        do_umount(q, mp)
        expect_not_in(q.run("rmmod refmod"), "ERROR", "'rmmod refmod' after the umount")


@points(20)
def test_race_mount_rmmod(lab):
    """-smp 4, the debug kernel: mount and rmmod at the same moment, many
    times. Each round ends with exactly one of them done, and no mount ever
    uses a freed type (freed module memory is unmapped: an oops panics)."""
    lab.expect_built()
    with lab.boot(kernel=DEBUG_KERNEL, extra=PANIC_ON_OOPS) as q:
        q.wait_prompt()
        load(q, lab)
        mp = "/mnt/race"
        do_mount(q, mp)
        do_umount(q, mp)
        expect_not_in(q.run("rmmod labfs"), "ERROR", "'rmmod labfs' before the race")
        rounds = lab.rand_int(12, 20)
        outcomes = {"mounted": 0, "removed": 0}
        try:
            race_rounds(q, lab, mp, rounds, outcomes)
        except TestFailure as e:
            if "Oops" not in q.output:
                raise
            raise TestFailure("%s\nhint: an oops in a mount after rmmod usually means the mount"
                              " used a filesystem type whose module was already freed: is the"
                              " lock held from the lookup to the pin and the count?" % e)
        expect_eq(q.run("echo alive"), "alive", "the shell after %d rounds %s" % (rounds, outcomes))
        expect_clean_dmesg(q, "after the mount/rmmod rounds (debug kernel)")


def race_rounds(q, lab, mp, rounds, outcomes):
    """Each round: load labfs, start a mount in the background and an rmmod
    at once (in a random order), and check the outcome."""
    for r in range(rounds):
        load(q, lab)
        lines = ["mount -t labfs none %s &" % mp, "rmmod labfs"]
        if lab.rand_int(0, 3) == 0:
            lines.reverse()
        q.send("\n".join(lines) + "\n")
        q.wait_prompt(timeout=scaled(30))
        q.wait_prompt(timeout=scaled(30))
        q.run("wait", timeout=scaled(30))
        is_mounted, loaded = mounted(q, mp), users(q)
        what = "round %d of %d ('%s')" % (r + 1, rounds, "' and '".join(lines))
        if is_mounted:
            expect_eq(loaded, 1, "lsmod's user count of labfs after %s left it mounted"
                      % what)
            outcomes["mounted"] += 1
            do_umount(q, mp)
            expect_not_in(q.run("rmmod labfs"), "ERROR", "rmmod after %s" % what)
        else:
            expect_eq(loaded, None, "labfs in lsmod after %s, with nothing mounted" % what)
            expect_listed(q, "labfs", False, "after %s removed labfs" % what)
            outcomes["removed"] += 1

