"""Drivers in the style of LDD3's examples, written for this tree
(tests/linux-modules/): a scull-like memory device and pipe with only
read_iter/write_iter, a module that claims the PC parallel port and drives
its data latch, and a tty driver whose lines read back what is written.
Each is built with `make -C <tree> M=<dir> modules`, loaded under QEMU and
driven from the shell: outputs, the errors (a claimed region gives EBUSY),
a pipe read woken by a background writer, Ctrl-C of a blocked read, and
100 load/unload rounds that leave MemFree unchanged.
"""

import os
import re

from corpus import corpus_initrd
from qemu import ROOT, Qemu, expect_eq, expect_in, expect_not_in, fail, scaled

CORPUS = os.path.join(ROOT, "tests", "linux-modules")
DIRS = ("iter_mem", "parport_claim", "tiny_tty_loop")
GUEST = "/lib/ldd3-style"
CYCLES = 100

def _cpio():
    """The three directories' modules, built once; an initrd archive of them."""
    return corpus_initrd("ldd3-style", DIRS, GUEST)


def _boot(**kw):
    return Qemu(smp=4, initrd=["build/initrd.cpio", _cpio()], **kw)


def _insmod(q, name, args=""):
    out = q.run(("insmod %s/%s.ko %s" % (GUEST, name, args)).strip())
    expect_not_in(out, "ERROR", "insmod %s" % name)
    return out


def _major(q, name):
    m = re.search(r"^\s*(\d+) %s$" % name, q.run("cat /proc/devices"), re.M)
    if not m:
        fail("expected a line '<major> %s' in /proc/devices" % name)
    return int(m.group(1))


def _memfree(q):
    """(SlabObjects, MemFree + Slab in kB) from /proc/meminfo: objects must
    match exactly; a slab may keep one more empty page (moved from MemFree
    into Slab), but no page may go missing."""
    info = q.run("cat /proc/meminfo")
    found = [re.search(r"^%s:\s+(\d+)" % k, info, re.M)
             for k in ("SlabObjects", "MemFree", "Slab")]
    if not all(found):
        fail("expected SlabObjects, MemFree and Slab lines in /proc/meminfo, saw:\n%s" % info)
    objects, free, slab = (int(m.group(1)) for m in found)
    return objects, free + slab


def test_iter_mem_stores_through_write_iter_and_reads_through_read_iter():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "iter_mem")
        expect_in(q.run("dmesg"), "first cdev named iter_mem0, no controlling tty",
                  "the cdev's kobject name and current->signal->tty")
        major = _major(q, "iter_mem")
        q.run("mknod /dev/im0 c %d 0" % major)
        q.run("echo hello iter > /dev/im0")
        expect_eq(q.run("cat /dev/im0").strip(), "hello iter", "cat /dev/im0 after the echo")
        # /proc/iter_mem is walked by a seq_operations iterator.
        expect_eq(q.run("cat /proc/iter_mem"), "store 0: 11 bytes\npipe 1: 0 bytes",
                  "cat /proc/iter_mem")
        # The position read_iter leaves in ki_pos is the file's: head reads
        # the first line only, and a new open starts again at 0.
        q.run("echo second > /dev/im0")
        expect_eq(q.run("head -c 7 /dev/im0").strip(), "second", "head -c 7 /dev/im0")
        # capable(CAP_SYS_ADMIN) holds for the shell: the clear ioctl works.
        out = q.run("ioctl /dev/im0 0x6901")
        expect_not_in(out, "ioctl:", "the clear ioctl (_IO('i', 1))")
        expect_eq(q.run("cat /dev/im0").strip(), "", "cat /dev/im0 after the clear")
        out = q.run("ioctl /dev/im0 0x6902")
        expect_in(out, "Inappropriate ioctl", "an unknown ioctl's error")
        out = q.run("rmmod iter_mem")
        expect_not_in(out, "ERROR", "rmmod iter_mem")
        expect_in(q.run("cat /dev/im0"), "No such device or address",
                  "opening the node once the driver is gone")
        expect_in(q.run("cat /proc/iter_mem"), "No such file",
                  "/proc/iter_mem once the driver is gone")


def test_iter_mem_pipe_read_is_woken_by_a_background_writer_and_by_ctrl_c():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "iter_mem")
        q.run("mknod /dev/imp c %d 1" % _major(q, "iter_mem"))
        # A reader in the background blocks; the writer's data wakes it.
        expect_in(q.run("head -c 6 /dev/imp &"), "[1]", "the background reader's job line")
        mark = q.mark()
        q.run("echo woken > /dev/imp")
        q.wait_for(r"woken", timeout=scaled(10), since=mark,
                   what="the background reader printing what the writer wrote")
        q.run("wait")
        # A foreground read with nothing to read ends with Ctrl-C.
        mark = q.mark()
        q.send("cat /dev/imp\n")
        q.wait_for(r"cat /dev/imp", since=mark, what="the echo of the blocked command")
        q.send("\x03")
        q.wait_for(r"Interrupted system call", timeout=scaled(10), since=mark,
                   what="cat's error after Ctrl-C")
        q.wait_prompt()
        out = q.run("rmmod iter_mem")
        expect_not_in(out, "ERROR", "rmmod iter_mem after the interrupted read closed")


def test_parport_claim_drives_the_latch_lists_its_region_and_refuses_a_rival():
    with _boot() as q:
        q.wait_prompt()
        out = _insmod(q, "parport_claim")
        log = q.run("dmesg")
        expect_in(log, "parport_claim: data latch read 0x5a after 0x5a, 0xa5 after 0xa5",
                  "what the data register read back (inb, then ioread8 via ioport_map)")
        expect_in(q.run("cat /proc/ioports"), "0378-037a : parport_claim",
                  "/proc/ioports while parport_claim holds the port")
        # -7000000001 ns: quotient -7, remainder -1 (C's signs); 7000000001 % 7 = 1.
        expect_in(log, "parport_claim: -7000000001 ns = -7 s -1 ns; 7000000001 % 7 = 1",
                  "64-bit division and remainder in a module")
        out = q.run("insmod %s/parport_rival.ko" % GUEST)
        expect_in(out, "Device or resource busy", "insmod of a rival for 0x37a")
        expect_not_in(q.run("lsmod"), "parport_rival", "lsmod after the refused rival")
        # A second claim of the same ports by the same driver: refused too.
        out = q.run("insmod %s/parport_claim.ko" % GUEST)
        expect_in(out, "ERROR", "a second insmod of parport_claim")
        q.run("rmmod parport_claim")
        expect_not_in(q.run("cat /proc/ioports"), "parport_claim",
                      "/proc/ioports after rmmod parport_claim")
        _insmod(q, "parport_rival")
        expect_in(q.run("cat /proc/ioports"), "037a-037a : parport_rival",
                  "/proc/ioports once the rival could load")
        out = q.run("insmod %s/parport_claim.ko" % GUEST)
        expect_in(out, "Device or resource busy", "parport_claim while the rival holds 0x37a")
        q.run("rmmod parport_rival")
        out = q.run("insmod %s/parport_claim.ko base=0x3f8000" % GUEST)
        expect_in(out, "Device or resource busy", "a region beyond the 64 KiB port space")


def test_irq_autoprobe_finds_the_parallel_port_line_only_when_it_interrupts():
    with _boot() as q:
        q.wait_prompt()
        # The port raises IRQ 7 at the end of a strobe pulse when its
        # interrupt is enabled: probe_irq_off must name that line.
        _insmod(q, "parport_claim", "probe=1")
        expect_in(q.run("dmesg"), "parport_claim: probe found IRQ 7", "the probe with a pulse")
        q.run("rmmod parport_claim")
        # Enabled but no pulse: nothing fires, the answer is 0.
        _insmod(q, "parport_claim", "probe=2")
        log = q.run("dmesg")
        expect_in(log, "parport_claim: probe found no IRQ", "the probe without a pulse")
        q.run("rmmod parport_claim")
        # The probe left no line unmasked: a third probe still finds 7 only.
        _insmod(q, "parport_claim", "probe=1")
        log = q.run("dmesg")
        expect_eq(log.count("parport_claim: probe found IRQ 7"), 2,
                  "probes that found IRQ 7 after the second pulse")
        expect_not_in(log, "several IRQs", "the probes' answers")


def test_tiny_tty_loop_lines_read_back_what_is_written_and_a_read_ends_with_ctrl_c():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "tiny_tty_loop")
        expect_in(q.run("dmesg"), "tiny_tty_loop: 2 lines at major", "the driver's init line")
        expect_in(q.run("ls /dev"), "ttytiny1", "ls /dev after tty_register_device")
        mark = q.mark()
        # 10 bytes: "loop back" and its newline, so what the reader prints
        # ends its line and the shell's next prompt starts a line of its own.
        expect_in(q.run("head -c 10 /dev/ttytiny0 &"), "[1]", "the background reader")
        # Its open message comes from the job's thread: wait for it, so it
        # cannot land in the middle of the next command line.
        q.wait_for(r"ttytiny0 opened", timeout=scaled(10), since=mark,
                   what="the driver's open message")
        mark = q.mark()
        q.run("echo loop back > /dev/ttytiny0")
        q.wait_for(r"LOOP BACK", timeout=scaled(10), since=mark,
                   what="the reader printing the line's input (upper-cased by the driver)")
        q.run("wait")
        out = q.run("rmmod tiny_tty_loop")
        expect_not_in(out, "ERROR", "rmmod with no line open")
        expect_not_in(q.run("ls /dev"), "ttytiny", "ls /dev after the unload")
        _insmod(q, "tiny_tty_loop")
        mark = q.mark()
        expect_in(q.run("head -c 3 /dev/ttytiny1 &"), "[1]", "the background reader")
        q.wait_for(r"ttytiny1 opened", timeout=scaled(10), since=mark,
                   what="the driver's open message")
        expect_in(q.run("rmmod tiny_tty_loop"), "in use", "rmmod while a line is open")
        mark = q.mark()
        q.run("echo ab > /dev/ttytiny1")
        q.wait_for(r"AB", timeout=scaled(10), since=mark, what="the second line's reader")
        q.run("wait")
        mark = q.mark()
        q.send("cat /dev/ttytiny1\n")
        q.wait_for(r"ttytiny1 opened", timeout=scaled(10), since=mark,
                   what="the driver's open message")
        q.send("\x03")
        q.wait_for(r"Interrupted system call", timeout=scaled(10), since=mark,
                   what="cat's error after Ctrl-C")
        q.wait_prompt()
        expect_not_in(q.run("rmmod tiny_tty_loop"), "ERROR", "rmmod after the reader is gone")


def test_ldd3_style_modules_load_and_unload_100_times_without_leaking():
    use = {"iter_mem": "echo x > /dev/im0; cat /dev/im0",
           "tiny_tty_loop": "echo x > /dev/ttytiny0",
           "parport_claim": "cat /proc/ioports"}
    with _boot(timeout=60, extra=("-append", "quiet")) as q:
        q.wait_prompt()
        q.run("mknod /dev/im0 c 254 0")
        for name in ("iter_mem", "parport_claim", "tiny_tty_loop"):
            # One whole round first, its commands too: what their first run
            # caches (a /proc file's dentry and inode) stays.
            _insmod(q, name)
            for cmd in use[name].split("; "):
                q.run(cmd)
            q.run("rmmod " + name)
            before = _memfree(q)
            for _ in range(CYCLES):
                _insmod(q, name)
                for cmd in use[name].split("; "):
                    q.run(cmd)
                q.run("rmmod " + name)
            after = _memfree(q)
            if after != before:
                fail("(SlabObjects, MemFree + Slab) unchanged after %d rounds of %s: %s kB before, %s kB after"
                     % (CYCLES, name, before, after))
        expect_not_in(q.run("dmesg"), "WARNING", "the log after the rounds")


# ---- races on -smp 4 ----------------------------------------------------------------

def test_concurrent_writers_lose_no_byte_in_the_pipe_or_the_tty_flip_buffer():
    """Four background writers on different CPUs append to one iter_mem
    pipe, then to one tty line, while a reader collects a known total:
    every byte of every writer must arrive exactly once (the device's
    mutex; the port's flip-buffer lock)."""
    letters = "abcd"
    n = 60
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "iter_mem")
        _insmod(q, "tiny_tty_loop")
        q.run("mknod /dev/imp c %d 1" % _major(q, "iter_mem"))
        for dev, upper in (("/dev/imp", False), ("/dev/ttytiny0", True)):
            total = len(letters) * (n + 1)
            mark = q.mark()
            q.run("head -c %d %s > /tmp/got &" % (total, dev))
            if upper:
                q.wait_for(r"ttytiny0 opened", timeout=scaled(10), since=mark,
                           what="the reader's open")
            # Typed in one go, so the writers start together; the jobs'
            # messages cannot cut into a command line the test waits for,
            # because the next one is echoed only once 'wait' is over.
            q.send("".join("echo %s > %s &\n" % (c * n, dev) for c in letters) + "wait\n")
            q.run("echo writers done")
            got = q.run("cat /tmp/got")
            for c in letters:
                want = c.upper() if upper else c
                expect_eq(got.count(want), n, "bytes '%s' read back through %s" % (want, dev))
            expect_eq(len(got.replace("\n", "")), len(letters) * n,
                      "letters read back through %s" % dev)
        q.run("rmmod tiny_tty_loop")
        q.run("rmmod iter_mem")


def test_two_drivers_racing_for_one_port_region_never_both_get_it():
    with _boot() as q:
        q.wait_prompt()
        for round_ in range(20):
            # Both typed in one go (see above), so both loads run at once.
            q.send("insmod %s/parport_claim.ko &\ninsmod %s/parport_rival.ko &\nwait\n"
                   % (GUEST, GUEST))
            q.run("echo round %d" % round_)
            mods = q.run("lsmod")
            held = [m for m in ("parport_claim", "parport_rival") if m in mods]
            expect_eq(len(held), 1, "drivers holding the port after round %d (lsmod:\n%s)"
                      % (round_, mods))
            ports = q.run("cat /proc/ioports")
            expect_eq(ports.count("parport_"), 1, "claims in /proc/ioports:\n%s" % ports)
            q.run("rmmod " + held[0])
        expect_not_in(q.run("cat /proc/ioports"), "parport_", "/proc/ioports at the end")
