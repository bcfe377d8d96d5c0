"""sysfs, kobjects and the device core, driven from the shell on -smp 4.

The modules are tutorial-style sources in tests/linux-modules/sysfs_*/
(a kobject with attribute files, a character device class whose nodes
appear in /dev by themselves, a module that holds a file open), built
with make -C <tree> M=<dir> modules as a Linux user builds them. The
tests read and write their files with cat and echo, check what
/sys/module/NAME shows, remove a module while one of its files is being
read or held open, and load and unload them 100 times with the memory
figures checked unchanged."""

import re

from corpus import corpus_initrd
from qemu import (Qemu, expect_eq, expect_in, expect_line, expect_match, expect_not_in,
                  fail)

NAMES = ("sysfs_kobj", "sysfs_class", "sysfs_holder")
G = "/lib/linux-modules/sysfs/"
K = "/sys/kernel/sysfs_kobj/"
CYCLES = 100

def corpus():
    """The sysfs modules, built once as external modules; an initrd archive
    holding them in /lib/linux-modules/sysfs/."""
    return corpus_initrd("sysfs", NAMES, G)


def boot(**kw):
    return Qemu(smp=4, initrd=["build/initrd.cpio", corpus()], timeout=60, **kw)


def insmod(q, name, args=""):
    out = q.run(("insmod %s%s.ko %s" % (G, name, args)).strip())
    expect_not_in(out, "ERROR", "insmod %s" % name)
    return out


def rmmod(q, name):
    out = q.run("rmmod " + name)
    expect_not_in(out, "ERROR", "rmmod %s" % name)
    return out


def cat(q, path):
    return q.run("cat " + path)


def memory(q):
    """The figures that must come back after load/unload rounds."""
    info = q.run("cat /proc/meminfo")
    figures = {}
    for key in ("MemFree", "Slab", "SlabObjects", "LargeKmalloc"):
        m = re.search(r"^%s:\s+(\d+)" % key, info, re.M)
        if not m:
            fail("expected a %s line in /proc/meminfo, saw:\n%s" % (key, info))
        figures[key] = int(m.group(1))
    return figures


# ---- /sys itself -----------------------------------------------------------------

def test_sys_is_mounted_at_boot_with_its_top_directories():
    with boot() as q:
        q.wait_prompt()
        expect_line(q.run("mount"), "sysfs on /sys type sysfs (rw)", "mount")
        top = q.run("ls /sys").split()
        for d in ("class/", "devices/", "firmware/", "kernel/", "module/"):
            expect_in(top, d, "ls /sys")
        # The place debugfs mounts on: an empty directory.
        expect_eq(q.run("ls /sys/kernel"), "debug/", "ls /sys/kernel")
        expect_eq(q.run("ls /sys/kernel/debug"), "", "ls /sys/kernel/debug")
        expect_eq(cat(q, "/sys/kernel"), "cat: /sys/kernel: Is a directory", "cat a directory")
        expect_eq(cat(q, "/sys/nothing"), "cat: /sys/nothing: No such file or directory",
                  "cat of a name that is not there")
        expect_eq(q.run("mkdir /sys/mine"), "mkdir: cannot create directory '/sys/mine': "
                  "Operation not permitted", "mkdir in /sys")


def test_mounting_sysfs_again_is_accepted_and_shows_the_same_tree():
    with boot() as q:
        q.wait_prompt()
        expect_eq(q.run("mount -t sysfs none /sys"), "", "mount -t sysfs none /sys")
        expect_eq(q.run("mount -t sysfs none /mnt"), "", "mount -t sysfs none /mnt")
        insmod(q, "sysfs_kobj")
        expect_eq(cat(q, "/mnt/kernel/sysfs_kobj/level"), "10", "level through the /mnt mount")
        expect_eq(cat(q, K + "level"), "10", "level through the second /sys mount")
        rmmod(q, "sysfs_kobj")
        expect_eq(q.run("ls /mnt/kernel"), "debug/", "/mnt/kernel after the rmmod")
        expect_eq(q.run("umount /mnt"), "", "umount /mnt")
        expect_eq(q.run("umount /sys"), "", "umount of the second /sys mount")
        expect_in(q.run("ls /sys"), "module/", "/sys after taking the second mount off")


# ---- kobjects and attribute files -------------------------------------------------

def test_kobject_attributes_read_and_write_through_show_and_store():
    with boot() as q:
        q.wait_prompt()
        out = insmod(q, "sysfs_kobj")
        expect_in(out, "sysfs_kobj: /sys/kernel/sysfs_kobj ready (secret 42)", "insmod")
        expect_eq(q.run("ls " + K).split(), ["info/", "level", "motto", "reads", "slow"],
                  "ls " + K)
        expect_match(q.run("ls -l " + K), r"^-rw-r--r-- .* 4096 level$", "the mode of level")
        expect_match(q.run("ls -l " + K), r"^-r--r--r-- .* 4096 reads$", "the mode of reads")
        expect_eq(cat(q, K + "level"), "10", "level at first")
        expect_in(q.run("echo 55 > " + K + "level"), "sysfs_kobj: level set to 55",
                  "echo 55 > level")
        expect_eq(cat(q, K + "level"), "55", "level after echo 55")
        expect_eq(cat(q, K + "reads"), "2", "reads: show ran once per cat of level")
        q.run("echo the quick fox > " + K + "motto")
        expect_eq(cat(q, K + "motto"), "the quick fox", "motto after echo")
        expect_eq(cat(q, K + "info/tag"), "plain", "a file of the named group")
        expect_eq(cat(q, K + "info/cpus"), "online: 4", "sysfs_emit then sysfs_emit_at")


def test_bad_input_to_store_is_an_error_and_changes_nothing():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "sysfs_kobj")
        q.run("echo 20 > " + K + "level")
        for value, error in (("abc", "Invalid argument"), ("101", "Numerical result out of range"),
                             ("-1", "Numerical result out of range"), ("", "Invalid argument")):
            expect_eq(q.run("echo %s > %slevel" % (value, K)), "sh: write error: " + error,
                      "echo '%s' > level" % value)
            expect_eq(cat(q, K + "level"), "20", "level after echo '%s'" % value)
        expect_eq(q.run("echo %s > %smotto" % ("x" * 80, K)),
                  "sh: write error: File name too long", "a motto too long")
        expect_eq(cat(q, K + "motto"), "keep it simple", "motto after the refused write")
        # A read-only file cannot be opened for writing at all.
        expect_eq(q.run("echo 5 > " + K + "reads"),
                  "sh: %sreads: Permission denied" % K, "echo into a read-only file")
        expect_eq(q.run("echo 5 > " + K + "newfile"),
                  "sh: %snewfile: Operation not permitted" % K, "making a file in /sys")
        expect_eq(cat(q, K + "reads"), "4", "reads: one per cat of level, none for the writes")


# ---- /sys/module/NAME ---------------------------------------------------------------

def test_module_directory_shows_refcnt_initstate_and_parameters():
    with boot() as q:
        q.wait_prompt()
        out = insmod(q, "sysfs_kobj", "tag=fancy pause_ms=7")
        # Its init read its own initstate: "coming"; its exit will read "going".
        expect_in(out, "sysfs_kobj: init: initstate is coming", "insmod")
        M = "/sys/module/sysfs_kobj/"
        expect_eq(q.run("ls " + M).split(), ["holders/", "initstate", "parameters/", "refcnt"],
                  "ls " + M)
        expect_eq(cat(q, M + "initstate"), "live", "initstate after init")
        expect_eq(cat(q, M + "refcnt"), "0", "refcnt")
        # secret has perm 0: not in sysfs.
        expect_eq(q.run("ls " + M + "parameters").split(), ["pause_ms", "step", "tag"],
                  "the parameters with a non-zero perm")
        expect_eq(cat(q, M + "parameters/tag"), "fancy", "tag given at insmod")
        expect_eq(cat(q, M + "parameters/pause_ms"), "7", "pause_ms given at insmod")
        expect_eq(q.run("echo 250 > %sparameters/pause_ms" % M), "", "echo 250 > pause_ms")
        expect_eq(cat(q, M + "parameters/pause_ms"), "250", "pause_ms after echo")
        expect_eq(q.run("echo x > %sparameters/pause_ms" % M), "sh: write error: Invalid argument",
                  "a non-number into an int parameter")
        expect_eq(cat(q, M + "parameters/pause_ms"), "250", "pause_ms after the refused write")
        # step's own ops refuse odd numbers: the write goes through them.
        expect_eq(q.run("echo 3 > %sparameters/step" % M), "sh: write error: Invalid argument",
                  "an odd step")
        expect_eq(cat(q, M + "parameters/step"), "2", "step after the refused write")
        q.run("echo 8 > %sparameters/step" % M)
        expect_eq(cat(q, M + "parameters/step"), "8", "step after echo 8")
        q.run("echo -n bright > %sparameters/tag" % M)
        expect_eq(cat(q, K + "info/tag"), "bright", "the module sees the new tag")
        # A charp keeps what was written, newline included, as in Linux.
        q.run("echo dim > %sparameters/tag" % M)
        expect_eq(cat(q, M + "parameters/tag"), "dim\n", "a charp written with its newline")
        out = rmmod(q, "sysfs_kobj")
        expect_in(out, "sysfs_kobj: exit: initstate is going", "rmmod")
        expect_eq(q.run("ls /sys/module"), "", "/sys/module after the rmmod")


def test_parameters_print_as_linux_prints_them_and_read_only_ones_refuse_writes():
    with boot() as q:
        q.wait_prompt()
        q.run("insmod /lib/modules/hello.ko count=3 whom=you loud=1 values=4,5,6")
        P = "/sys/module/hello/parameters/"
        expect_eq(cat(q, P + "count"), "3", "an int")
        expect_eq(cat(q, P + "whom"), "you", "a charp")
        expect_eq(cat(q, P + "loud"), "Y", "a bool")
        expect_eq(cat(q, P + "values"), "4,5,6", "an array of the 3 given")
        expect_match(q.run("ls -l " + P), r"^-r--r--r-- .* count$", "a 0444 parameter's mode")
        expect_eq(q.run("echo 9 > " + P + "count"), "sh: %scount: Permission denied" % P,
                  "echo into a 0444 parameter")
        expect_eq(cat(q, P + "count"), "3", "count after the refused write")
        q.run("rmmod hello")


def test_refcnt_follows_the_users_of_a_module():
    with boot() as q:
        q.wait_prompt()
        q.run("insmod /lib/modules/memfs.ko")
        R = "/sys/module/memfs/refcnt"
        expect_eq(cat(q, R), "0", "memfs refcnt unused")
        q.run("mount -t memfs none /mnt")
        expect_eq(cat(q, R), "1", "memfs refcnt while mounted")
        q.run("umount /mnt")
        expect_eq(cat(q, R), "0", "memfs refcnt after umount")
        q.run("rmmod memfs")


# ---- the device core ----------------------------------------------------------------

def test_device_create_makes_the_dev_node_and_device_destroy_removes_it():
    with boot() as q:
        q.wait_prompt()
        out = insmod(q, "sysfs_class", "units=2")
        # dev_info prints "CLASS DEVICE: message", as Linux does.
        expect_in(out, "beacon beacon0: unit 0 ready", "dev_info of unit 0")
        expect_in(out, "beacon beacon1: unit 1 ready", "dev_info of unit 1")
        major = int(re.search(r"beacon: 2 unit\(s\) on major (\d+)", out).group(1))
        expect_match(q.run("cat /proc/devices"), r"^\s*%d beacon$" % major, "/proc/devices")
        dev = q.run("ls -l /dev")
        expect_match(dev, r"^crw------- .* beacon0$", "/dev/beacon0, a character device")
        expect_match(dev, r"^crw------- .* beacon1$", "/dev/beacon1, a character device")
        C = "/sys/class/beacon/"
        expect_eq(q.run("ls " + C).split(), ["beacon0", "beacon1", "version"], "ls " + C)
        expect_eq(q.run("ls %sbeacon1" % C).split(), ["dev", "pulses", "rate"], "a device's files")
        expect_eq(cat(q, C + "beacon1/dev"), "%d:1" % major, "MAJOR:MINOR of beacon1")
        expect_eq(cat(q, C + "version"), "beacon 1.0 for Linux 6.1", "the class attribute")
        expect_eq(cat(q, "/dev/beacon1"), "beacon 1 at rate 10", "reading /dev/beacon1")
        expect_eq(cat(q, C + "beacon1/pulses"), "1", "pulses of unit 1")
        expect_eq(cat(q, C + "beacon0/pulses"), "0", "pulses of unit 0")
        out = q.run("echo 0 > %sbeacon1/rate" % C)
        expect_in(out, "beacon beacon1: rate 0 out of range 1..1000", "dev_warn of the store")
        expect_in(out, "sh: write error: Invalid argument", "the refused rate")
        expect_eq(cat(q, C + "beacon1/rate"), "10", "rate after the refused write")
        expect_in(q.run("echo 250 > %sbeacon1/rate" % C), "beacon beacon1: rate now 250",
                  "dev_info of the store")
        expect_eq(cat(q, "/dev/beacon1"), "beacon 1 at rate 250", "the driver sees the rate")
        expect_in(rmmod(q, "sysfs_class"), "beacon: gone", "rmmod")
        # input/ and the input class: the keyboard's, always there.
        expect_eq(q.run("ls /dev"), "input/", "/dev after the devices went")
        expect_eq(q.run("ls /sys/class"), "input/", "/sys/class after class_destroy")
        expect_eq(cat(q, "/dev/beacon1"), "cat: /dev/beacon1: No such file or directory",
                  "the node after device_destroy")


def test_a_failing_init_leaves_no_class_device_or_node_behind():
    with boot() as q:
        q.wait_prompt()
        out = q.run("insmod %ssysfs_class.ko units=9" % G)
        expect_in(out, "beacon: units=9: must be 1..4", "insmod with units=9")
        expect_in(out, "insmod: ERROR: could not insert module", "insmod with units=9")
        expect_eq(q.run("ls /sys/class /sys/module /dev").split(),
                  ["/sys/class:", "input/", "/sys/module:", "/dev:", "input/"],
                  "what the failed load left (input/: the keyboard's)")
        insmod(q, "sysfs_class", "units=4")
        expect_eq(len(q.run("ls /dev").split()), 5, "nodes after the failed load, and input/")
        rmmod(q, "sysfs_class")


# ---- removal while the files are in use -----------------------------------------------

def test_rmmod_waits_for_a_show_in_progress_and_later_opens_fail():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "sysfs_kobj", "pause_ms=1500")
        mark = q.mark()
        q.run("cat %sslow &" % K)
        q.wait_for("sysfs_kobj: slow read begins", since=mark, what="the slow show starting")
        q.run("rmmod sysfs_kobj")
        q.wait_for("slept 1500 ms", since=mark, what="the cat's output")
        expect_match(q.run("wait"), r"Done \(0\)\s+cat %sslow" % K, "the cat job")
        log = q.output_since(mark)
        end, removed = log.find("sysfs_kobj: slow read ends"), log.find("sysfs_kobj: removed")
        if end < 0 or removed < 0 or end > removed:
            fail("the show to finish before kobject_put returned in the exit; saw:\n" + log)
        expect_eq(cat(q, K + "slow"), "cat: %sslow: No such file or directory" % K,
                  "the file after the rmmod")
        expect_eq(q.run("ls /sys/module"), "", "/sys/module after the rmmod")
        expect_not_in(q.run("dmesg"), "Oops", "the log")


def test_a_file_held_open_across_the_rmmod_reads_enodev():
    with boot() as q:
        q.wait_prompt()
        insmod(q, "sysfs_kobj")
        q.run("echo 77 > %slevel" % K)
        out = insmod(q, "sysfs_holder", "path=%slevel" % K)
        expect_in(out, "sysfs_holder: init: read '77'", "the holder's first read")
        # An open sysfs file pins no module: the rmmod goes ahead.
        expect_in(rmmod(q, "sysfs_kobj"), "sysfs_kobj: removed", "rmmod with the file open")
        out = rmmod(q, "sysfs_holder")
        expect_in(out, "sysfs_holder: exit: read gave error -19", "the read after the owner left")
        expect_eq(q.run("echo still up"), "still up", "the shell afterwards")


def _read_script(q, name, target):
    """/tmp/NAME: 625 lines of 'cat K/level >> target' (5 times longer a round)."""
    q.run("echo 'cat %slevel >> %s' > /tmp/%s" % (K, target, name))
    for _ in range(4):
        q.run("cat /tmp/%s /tmp/%s /tmp/%s /tmp/%s > /tmp/more" % ((name,) * 4))
        q.run("cat /tmp/more >> /tmp/%s" % name)
    q.run("rm /tmp/more")
    expect_eq(len(q.run("cat /tmp/" + name).splitlines()), 625, "lines of /tmp/" + name)


def test_reads_racing_loads_and_unloads_on_four_cpus():
    with boot() as q:
        q.wait_prompt()
        # Two scripts of reads run in the background, on other CPUs, while
        # the module comes and goes: each read gets the value or no file.
        _read_script(q, "reads1", "/tmp/seen1")
        _read_script(q, "reads2", "/tmp/seen2")
        # One round first: what the first load, job and lookups cache stays.
        insmod(q, "sysfs_kobj")
        q.run("sh /tmp/reads1 &")
        q.run("wait")
        rmmod(q, "sysfs_kobj")
        cat(q, K + "level")
        q.run("rm /tmp/seen1")
        before = memory(q)
        mark = q.mark()
        q.run("sh /tmp/reads1 &")
        q.run("sh /tmp/reads2 &")
        # Load and unload until both scripts are done (at least 20 times),
        # so the reads overlap the module's comings and goings however
        # fast or slow the other CPUs run them.
        rounds = 0
        while rounds < 20 or "Running" in q.run("jobs"):
            insmod(q, "sysfs_kobj")
            rmmod(q, "sysfs_kobj")
            rounds += 1
            if rounds > 2000:
                fail("the two read scripts to end within 2000 loads and unloads; jobs: %r"
                     % q.run("jobs"))
        q.run("wait")
        seen = q.run("cat /tmp/seen1 /tmp/seen2").splitlines()
        expect_eq(len(seen), 1250, "reads done by the two scripts")
        # A cat that opened the file just before its removal reads ENODEV.
        ok = ("10", "cat: %slevel: No such file or directory" % K,
              "cat: %slevel: No such device" % K)
        bad = [s for s in seen if s not in ok]
        if bad:
            fail("each read to give 10, no file or no device, saw %r" % bad[:5])
        if "10" not in seen:
            fail("some reads to find the module loaded (none did: no race was run)")
        log = q.output_since(mark)
        expect_not_in(log, "Oops", "the log of the race")
        expect_not_in(log, "WARNING", "the log of the race")
        q.run("rm /tmp/seen1 /tmp/seen2")
        # A dentry cached for a removed file goes at the next lookup of it.
        expect_eq(cat(q, K + "level"), "cat: %slevel: No such file or directory" % K,
                  "level after the last rmmod")
        expect_eq(memory(q)["SlabObjects"], before["SlabObjects"],
                  "slab objects after the race (its output files removed)")


def test_load_unload_cycles_leave_memory_unchanged():
    with boot() as q:
        q.wait_prompt()
        rounds = {"sysfs_kobj": ("", "cat %slevel %sinfo/cpus /sys/module/sysfs_kobj/refcnt"
                                 % (K, K)),
                  "sysfs_class": ("units=3", "cat /sys/class/beacon/beacon2/dev /dev/beacon1")}
        for name, (args, reads) in rounds.items():
            insmod(q, name, args)       # one round first: caches fill once
            q.run(reads)
            rmmod(q, name)
            before = memory(q)
            for _ in range(CYCLES):
                insmod(q, name, args)
                out = q.run(reads)
                expect_not_in(out, "No such file", "the reads of round with %s" % name)
                rmmod(q, name)
            after = memory(q)
            # Objects and large blocks must match exactly; a slab page may
            # move between MemFree and Slab (each cache keeps one empty
            # slab and gives back the rest), so those two count as a sum.
            for figures in (before, after):
                figures["MemFree"] += figures.pop("Slab")
            if after != before:
                fail("memory figures unchanged after %d loads and unloads of %s: %r before, "
                     "%r after" % (CYCLES, name, before, after))
        expect_not_in(q.run("dmesg"), "WARNING", "the log after the rounds")
