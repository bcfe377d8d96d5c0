"""Module reference counts and the unload protocol, on -smp 4: rmmod,
rmmod --wait and rmmod -f against references held by a thread, by
hammering threads on every CPU, and by mounts."""

import re
import time

from qemu import WITH_TESTS, Qemu, TestFailure, expect_eq, expect_in, expect_not_in

M = "/lib/modules/"


def poll(q, cmd, pred, what, timeout=20.0):
    """Run cmd until pred(output) holds (a state to wait for, not a delay)."""
    end = time.monotonic() + timeout
    out = ""
    while time.monotonic() < end:
        out = q.run(cmd)
        if pred(out):
            return out
    raise TestFailure("waited %.0f s for %s; last output of %r:\n%s" % (timeout, what, cmd, out))


def lsmod_row(q, name):
    for line in q.run("lsmod").splitlines()[1:]:
        if line.split()[0] == name:
            return line.split()
    return None


def hammer_total(q):
    m = re.search(r"^total: got (\d+) missed (\d+) held (\d+) threads (\d+)",
                  q.run("cat /proc/hammer"), re.M)
    return tuple(int(x) for x in m.groups())


def test_rmmod_of_a_referenced_module_fails_and_changes_nothing():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("insmod " + M + "refmod.ko hold_ms=60000")
        poll(q, "dmesg", lambda o: "holding a reference" in o, "the holder thread to start")
        expect_eq(q.run("rmmod refmod"), "rmmod: ERROR: Module refmod is in use", "rmmod output")
        row = lsmod_row(q, "refmod")
        expect_eq(row[2], "1", "reference count after the refused rmmod")
        expect_eq(row[-1], "Live", "state after the refused rmmod")
        expect_eq(q.run("mount -t reffs x /mnt"), "", "mounting its filesystem still works")


def test_rmmod_wait_returns_after_the_last_reference_and_blocks_new_ones():
    with Qemu(smp=4, initrd=WITH_TESTS) as q:
        q.wait_prompt()
        q.run("insmod " + M + "refmod.ko hold_ms=1500")
        poll(q, "dmesg", lambda o: "holding a reference" in o, "the holder thread to start")
        q.run("insmod " + M + "hammer.ko")
        poll(q, "cat /proc/hammer", lambda o: hammer_total_from(o)[0] > 100,
             "the hammer threads to take references")
        mark = q.mark()
        q.run("rmmod --wait refmod &")
        # The job says it waits at a moment of its own: let it, before typing.
        q.wait_for("waiting for its references to go", since=mark,
                   what="rmmod --wait's message that it waits")
        # Once the unload has begun, 'live' is clear: no get succeeds.
        poll(q, "lsmod", lambda o: "Unloading" in o, "refmod to be unloading")
        got = hammer_total(q)[0]
        expect_in(q.run("jobs"), "Running", "rmmod --wait while the reference is held")
        mount = q.run("mount -t reffs x /mnt")
        expect_in(mount, "loading or being removed", "mounting while the module is going")
        expect_eq(hammer_total(q)[0], got, "successful gets after the unload began")
        out = q.run("wait", timeout=30)
        expect_in(out, "Done (0)    rmmod --wait refmod", "the rmmod --wait job")
        log = q.run("dmesg")
        expect_in(log, "refmod: dropping the reference", "the holder's message")
        if log.index("refmod: dropping the reference") > log.index("refmod: unloaded"):
            raise TestFailure("expected the reference dropped before the unload, saw:\n" + log)
        expect_eq(lsmod_row(q, "refmod"), None, "refmod in lsmod after rmmod --wait")


def hammer_total_from(out):
    m = re.search(r"^total: got (\d+) missed (\d+) held (\d+)", out, re.M)
    return tuple(int(x) for x in m.groups()) if m else (0, 0, 0)


def test_forced_rmmod_unloads_a_referenced_module_and_taints():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("insmod " + M + "refmod.ko hold_ms=60000")
        poll(q, "dmesg", lambda o: "holding a reference" in o, "the holder thread to start")
        out = q.run("rmmod -f refmod")
        expect_not_in(out, "ERROR", "rmmod -f output")
        expect_eq(lsmod_row(q, "refmod"), None, "refmod after rmmod -f")
        expect_in(q.run("lsmod"), "(kernel tainted: R, 8)", "the taint in lsmod")
        expect_in(q.run("dmesg"), "forced unload", "the forced unload in the log")


def test_reference_count_is_exact_after_a_storm_on_every_cpu():
    with Qemu(smp=4, initrd=WITH_TESTS) as q:
        q.wait_prompt()
        q.run("insmod " + M + "refmod.ko")
        q.run("insmod " + M + "hammer.ko per_cpu=2")
        poll(q, "cat /proc/hammer", lambda o: hammer_total_from(o)[0] > 2000,
             "a storm of gets and puts")
        q.run("echo hold 3 > /proc/hammer_ctl")
        q.run("echo pause > /proc/hammer_ctl")
        poll(q, "cat /proc/hammer", lambda o: hammer_total_from(o)[2] == 24 and " paused" in o,
             "8 threads holding 3 references each, all paused")
        expect_eq(lsmod_row(q, "refmod")[2], "24", "refmod's reference count while paused")
        expect_eq(q.run("rmmod refmod"), "rmmod: ERROR: Module refmod is in use",
                  "rmmod while 24 references are held")
        q.run("echo release > /proc/hammer_ctl")
        poll(q, "cat /proc/hammer", lambda o: hammer_total_from(o)[2] == 0, "all released")
        expect_eq(lsmod_row(q, "refmod")[2], "0", "refmod's reference count after the storm")
        expect_not_in(q.run("rmmod refmod"), "ERROR", "plain rmmod once nothing holds it")
        q.run("echo resume > /proc/hammer_ctl")
        expect_not_in(q.run("rmmod hammer"), "ERROR", "rmmod hammer")


def test_a_mount_pins_its_filesystem_module():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("insmod " + M + "refmod.ko")
        expect_eq(q.run("mount -t reffs x /mnt"), "", "mount reffs")
        expect_eq(lsmod_row(q, "refmod")[2], "1", "the mount's reference")
        proc = [l.split() for l in q.run("cat /proc/modules").splitlines()
                if l.startswith("refmod ")]
        expect_eq(proc and proc[0][2], "1", "the mount's reference in /proc/modules")
        expect_eq(q.run("rmmod refmod"), "rmmod: ERROR: Module refmod is in use",
                  "rmmod while mounted")
        q.run("rmmod --wait refmod &")
        poll(q, "lsmod", lambda o: "Unloading" in o, "refmod to be unloading")
        expect_in(q.run("jobs"), "Running", "rmmod --wait while mounted")
        expect_eq(q.run("umount /mnt"), "", "umount")
        expect_in(q.run("wait", timeout=30), "Done (0)", "rmmod --wait after the umount")
        expect_eq(lsmod_row(q, "refmod"), None, "refmod after the umount and rmmod --wait")


def test_mount_is_refused_while_the_module_is_in_its_init():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("insmod " + M + "refmod.ko init_sleep_ms=3000 &")
        poll(q, "dmesg", lambda o: "init sleeps" in o, "refmod's init to start sleeping")
        expect_in(q.run("mount -t reffs x /mnt"), "loading or being removed",
                  "mount during the module's init")
        expect_eq(lsmod_row(q, "refmod")[-1], "Loading", "refmod's state during its init")
        q.run("wait", timeout=30)
        expect_eq(q.run("mount -t reffs x /mnt"), "", "mount once the module is live")


def test_two_stage_init_makes_the_module_usable_during_its_init():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("insmod " + M + "refmod.ko init_sleep_ms=3000 two_stage=1 &")
        poll(q, "dmesg", lambda o: "init sleeps" in o, "refmod's init to start sleeping")
        expect_eq(q.run("mount -t reffs x /mnt"), "", "mount during a two-stage init")
        q.run("wait", timeout=30)
        q.run("umount /mnt")


def test_forced_unload_of_a_mounted_filesystem_module_is_refused():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("insmod " + M + "refmod.ko")
        q.run("mount -t reffs x /mnt")
        q.run("echo before > /mnt/file")
        out = q.run("rmmod -f refmod")
        expect_in(out, "Device or resource busy", "rmmod -f of a mounted filesystem's module")
        expect_in(q.run("dmesg"), "filesystem reffs is mounted; the module stays", "the veto")
        row = lsmod_row(q, "refmod")
        expect_eq((row[2], row[-1]), ("1", "Live"), "refmod's count and state after the veto")
        q.run("echo after >> /mnt/file")
        expect_eq(q.run("cat /mnt/file"), "before\nafter", "the filesystem still works")
        expect_not_in(q.run("lsmod"), "tainted", "a refused forced unload does not taint")
