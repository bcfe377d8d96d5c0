"""Waits in the module subsystem that a user can end, on -smp 4: Ctrl-C
(sent as "\\x03" on the serial line) interrupts the shell's foreground
command; rmmod -f ends a background rmmod --wait. And a two-stage init
that fails while its filesystem is mounted: the module is freed only once
the VFS lets its filesystem go."""

import re
import time

from qemu import WITH_TESTS, Qemu, TestFailure, expect_eq, expect_in, expect_not_in

M = "/lib/modules/"


def wait_output(q, mark, text, what, timeout=30.0):
    """Wait until the console shows text after mark. Messages that threads
    print while the shell runs no command are awaited this way before the
    next command is typed, so they cannot land inside its echo."""
    end = time.monotonic() + timeout
    while text not in q.output_since(mark):
        if time.monotonic() > end:
            raise TestFailure("waited %.0f s for %s (%r); console since then:\n%s"
                              % (timeout, what, text, q.output_since(mark)[-2000:]))
        time.sleep(0.05)     # re-check the output; the text itself is the event


def lsmod_row(q, name):
    for line in q.run("lsmod").splitlines()[1:]:
        if line.split()[0] == name:
            return line.split()
    return None


def interrupt(q, cmd, waiting_for, what):
    """Start cmd in the foreground, wait for the message that says it
    sleeps, press Ctrl-C; returns what cmd printed up to the next prompt."""
    q.send(cmd + "\n")
    q.wait_for(re.compile(re.escape(cmd) + r"\r?\n"), what="echo of %r" % cmd)
    start = q.mark()
    q.wait_for(waiting_for, what=what)
    q.send("\x03")
    prompt = q.wait_for(re.compile(r"^# ", re.M), what="the prompt after Ctrl-C in " + cmd)
    del prompt
    return q.output_since(start)


def test_ctrl_c_ends_a_foreground_sleep_and_no_later_command():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        out = interrupt(q, "sleep 600", "", "sleep")
        expect_in(out, "^C", "the echo of Ctrl-C")
        expect_in(out, "sleep: interrupted", "sleep 600 after Ctrl-C")
        # The interrupt ended with its command: the next sleep runs out.
        expect_eq(q.run("sleep 1"), "", "sleep 1 after an interrupted sleep")
        q.send("\x03")           # at the prompt: readline's cancel-line key
        expect_eq(q.run("echo still here"), "still here", "the shell after Ctrl-C at the prompt")
        expect_eq(q.run("sleep soon"), "usage: sleep SECONDS (0 to 86400)", "sleep with a bad time")


def test_ctrl_c_ends_rmmod_wait_and_the_module_is_live_again():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        mark = q.mark()
        q.run("insmod " + M + "refmod.ko hold_ms=600000")
        wait_output(q, mark, "refmod: holding a reference", "the holder thread to start")
        out = interrupt(q, "rmmod --wait refmod", "waiting for its references to go",
                        "rmmod --wait to sleep")
        expect_in(out, "rmmod: ERROR: interrupted; module refmod is live again",
                  "rmmod --wait after Ctrl-C")
        row = lsmod_row(q, "refmod")
        expect_eq((row[2], row[-1]), ("1", "Live"), "refmod's count and state after Ctrl-C")
        expect_eq(q.run("mount -t reffs x /mnt"), "", "mounting its filesystem works again")
        expect_eq(lsmod_row(q, "refmod")[2], "2", "the mount's reference is counted")
        expect_eq(q.run("umount /mnt"), "", "umount")
        expect_not_in(q.run("lsmod"), "tainted", "an interrupted unload does not taint")


def test_rmmod_f_ends_a_background_wait_that_its_own_redirect_pins():
    """The hostile case: the job's output file is on the filesystem it
    removes, so its wait can never end by itself."""
    with Qemu(smp=4) as q:
        q.wait_prompt()
        q.run("insmod " + M + "memfs.ko")
        q.run("mkdir /m")
        expect_eq(q.run("mount -t memfs none /m"), "", "mount memfs")
        mark = q.mark()
        q.run("rmmod --wait memfs > /m/log &")
        wait_output(q, mark, "module memfs: waiting for its references", "rmmod --wait to sleep")
        expect_in(q.run("jobs"), "Running", "the rmmod --wait job")
        out = q.run("rmmod -f memfs", timeout=30)
        expect_eq(out.splitlines()[-1],
                  "rmmod: ERROR: could not remove module memfs: Device or resource busy",
                  "rmmod -f of a mounted filesystem's module")
        expect_in(q.run("wait", timeout=30), "Done (1)    rmmod --wait memfs > /m/log",
                  "the rmmod --wait job after rmmod -f")
        expect_in(q.run("cat /m/log"), "could not remove module memfs: Device or resource busy",
                  "what the job wrote to its log")
        expect_eq(lsmod_row(q, "memfs")[-1], "Live", "memfs after the veto")
        expect_not_in(q.run("lsmod"), "tainted", "a vetoed forced unload does not taint")
        expect_eq(q.run("umount /m"), "", "umount /m")
        expect_eq(q.run("rmmod memfs"), "", "rmmod memfs once unmounted")
        expect_eq(lsmod_row(q, "memfs"), None, "memfs at the end")


def test_rmmod_f_makes_a_background_wait_remove_the_module_and_taint():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        mark = q.mark()
        q.run("insmod " + M + "refmod.ko hold_ms=600000")
        wait_output(q, mark, "refmod: holding a reference", "the holder thread to start")
        mark = q.mark()
        q.run("rmmod --wait refmod &")
        wait_output(q, mark, "module refmod: waiting for its references", "rmmod --wait to sleep")
        expect_not_in(q.run("rmmod -f refmod", timeout=30), "ERROR", "rmmod -f during rmmod --wait")
        expect_eq(lsmod_row(q, "refmod"), None, "refmod after rmmod -f")
        expect_in(q.run("wait", timeout=30), "Done (0)    rmmod --wait refmod",
                  "the rmmod --wait job")
        expect_in(q.run("lsmod"), "(kernel tainted: R, 8)", "the taint in lsmod")
        expect_in(q.run("dmesg"), "forced unload with 1 references", "the forced unload in the log")


def test_ctrl_c_ends_the_wait_of_rmmod_f_not_the_removal():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        mark = q.mark()
        q.run("insmod " + M + "refmod.ko hold_ms=600000 exit_sleep_ms=600000")
        wait_output(q, mark, "refmod: holding a reference", "the holder thread to start")
        mark = q.mark()
        q.run("rmmod --wait refmod &")
        wait_output(q, mark, "module refmod: waiting for its references", "rmmod --wait to sleep")
        out = interrupt(q, "rmmod -f refmod", "refmod: exit sleeps", "the forced removal's exit")
        expect_in(out, "rmmod: ERROR: interrupted; the forced removal of refmod goes on in its "
                  "rmmod --wait", "rmmod -f after Ctrl-C")
        expect_in(q.run("jobs"), "Running", "the rmmod --wait job, running refmod's exit")
        expect_in(lsmod_row(q, "refmod"), "Unloading", "refmod during its exit")


def test_ctrl_c_ends_a_load_waiting_for_a_provider_in_its_init():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        mark = q.mark()
        q.run("insmod " + M + "provider.ko init_sleep_ms=600000 &")
        wait_output(q, mark, "provider: init sleeps", "provider's init to sleep")
        out = interrupt(q, "insmod " + M + "consumer.ko", "waiting for provider to finish its init",
                        "consumer's load to wait")
        expect_in(out, "insmod: ERROR: could not insert module " + M + "consumer.ko: "
                  "Interrupted system call", "insmod consumer after Ctrl-C")
        expect_eq(lsmod_row(q, "consumer"), None, "consumer after the interrupted load")
        expect_eq(lsmod_row(q, "provider")[-1], "Loading", "provider still in its init")


def test_failed_two_stage_init_frees_its_module_only_with_its_filesystem():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        mark = q.mark()
        q.run("insmod " + M + "refmod.ko two_stage=1 init_sleep_ms=3000 fail=1 > /tmp/log &")
        wait_output(q, mark, "refmod: init sleeps", "refmod's init to sleep")
        mark = q.mark()
        expect_eq(q.run("mount -t reffs x /mnt"), "", "mount during the two-stage init")
        wait_output(q, mark, "waiting for its 1 users", "the failed init to wait")
        expect_in(q.run("dmesg"), "unregister_filesystem(reffs): -16", "the module's own try")
        expect_in(q.run("cat /proc/filesystems"), "reffs", "reffs while mounted")
        expect_eq(lsmod_row(q, "refmod")[-1], "Unloading", "refmod while mounted")
        expect_eq(q.run("umount /mnt"), "", "umount")
        expect_in(q.run("wait", timeout=30), "Done (1)", "the failed insmod")
        expect_in(q.run("cat /tmp/log"), "No such device", "the failed insmod's message")
        expect_eq(lsmod_row(q, "refmod"), None, "refmod after its users went")
        expect_not_in(q.run("cat /proc/filesystems"), "reffs", "/proc/filesystems at the end")
        expect_in(q.run("mount -t reffs x /mnt"), "mount:", "mounting the freed type")
        expect_not_in(q.run("insmod " + M + "refmod.ko"), "ERROR", "loading refmod again")
        expect_eq(q.run("mount -t reffs x /mnt"), "", "mounting the new reffs")


def test_ctrl_c_leaves_a_failed_init_to_a_kernel_thread():
    with Qemu(smp=4) as q:
        q.wait_prompt()
        out = interrupt(q, "insmod " + M + "refmod.ko two_stage=1 hold_ms=6000 fail=1",
                        "waiting for its 1 users", "the failed init to wait")
        expect_in(out, "it is freed when its last user goes", "the loader's hand-over")
        expect_in(out, "insmod: ERROR: could not insert module", "insmod after Ctrl-C")
        mark = q.mark()
        expect_eq(lsmod_row(q, "refmod")[-1], "Unloading", "refmod while its user holds it")
        wait_output(q, mark, "last user is gone; freed", "the kernel thread to free refmod")
        expect_eq(lsmod_row(q, "refmod"), None, "refmod after its user went")
        log = q.run("dmesg")
        if log.index("refmod: dropping the reference") > log.index("last user is gone; freed"):
            raise TestFailure("expected the reference dropped before the free, saw:\n" + log)
        expect_not_in(q.run("cat /proc/filesystems"), "reffs", "/proc/filesystems at the end")


def hammer_total(q):
    out = q.run("cat /proc/hammer")
    m = re.search(r"^total: got (\d+) missed (\d+) held (\d+)", out, re.M)
    if not m:
        raise TestFailure("expected a 'total:' line in /proc/hammer, saw:\n" + out)
    return tuple(int(x) for x in m.groups())


ROUNDS = 6


def test_interrupted_waits_under_a_storm_keep_the_count_exact():
    """Stress: rmmod --wait interrupted by Ctrl-C, ROUNDS times, while
    threads on every CPU take and drop references; each restart must leave
    the count exact and the module usable."""
    with Qemu(smp=4, initrd=WITH_TESTS) as q:
        q.wait_prompt()
        mark = q.mark()
        q.run("insmod " + M + "refmod.ko hold_ms=600000")
        wait_output(q, mark, "refmod: holding a reference", "the holder thread to start")
        q.run("insmod " + M + "hammer.ko")
        got = 0
        for i in range(ROUNDS):
            out = interrupt(q, "rmmod --wait refmod", "waiting for its references to go",
                            "rmmod --wait to sleep (round %d)" % (i + 1))
            expect_in(out, "module refmod is live again", "rmmod --wait round %d" % (i + 1))
            now = hammer_total(q)[0]
            if i % 3 == 2 and now <= got:
                # Gets succeed again after each restart (checked every 3 rounds).
                raise TestFailure("expected more successful gets after round %d than %d, saw %d"
                                  % (i + 1, got, now))
            got = now
        q.run("echo pause > /proc/hammer_ctl")
        end = time.monotonic() + 30
        while hammer_total(q)[2] != 0:
            if time.monotonic() > end:
                raise TestFailure("the paused hammer threads still hold references")
        expect_eq(lsmod_row(q, "refmod")[2], "1", "refmod's count: only the holder thread's")
        expect_eq(lsmod_row(q, "refmod")[-1], "Live", "refmod's state after the interruptions")
        expect_not_in(q.run("dmesg"), "BUG", "the log after the storm")
