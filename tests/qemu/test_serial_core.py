"""The serial core (linux/serial_core.h) with a UART driver of our own:
tests/linux-modules/uart_loop holds uart_loop (two loopback UARTs whose
transmit timer moves bytes from the core's ring to the receive side,
swapping the case of letters) and uart_rival (a one-port driver that asks
the core for what it must refuse). Both are built with
`make -C <tree> M=<dir> modules`, loaded under QEMU on -smp 4 and driven
from the shell: the nodes, a write through start_tx back to a blocked
reader, startup/set_termios/shutdown at first open and last close, the
drain before shutdown, Ctrl-C, rmmod refused while a line is open, a port
unplugged under its reader, the refused registrations (nothing changed),
100 load/unload rounds with no memory lost, and concurrent writers.
"""

import re

from qemu import Qemu, expect_eq, expect_in, expect_not_in, fail, scaled
from corpus import corpus_initrd

GUEST = "/lib/serial-core"
CYCLES = 100

def _cpio():
    """The corpus module, built once; an initrd archive holding it."""
    return corpus_initrd("serial-core", ["uart_loop"], GUEST)


def _boot(**kw):
    return Qemu(smp=4, initrd=["build/initrd.cpio", _cpio()], **kw)


def _insmod(q, name, args=""):
    out = q.run(("insmod %s/%s.ko %s" % (GUEST, name, args)).strip())
    expect_not_in(out, "ERROR", "insmod %s %s" % (name, args))
    return out


def _memory(q):
    """(SlabObjects, MemFree + Slab in kB), as test_ldd3_style.py reads
    them: objects exact; a page may move from MemFree into Slab, none may
    go missing."""
    info = q.run("cat /proc/meminfo")
    found = [re.search(r"^%s:\s+(\d+)" % k, info, re.M)
             for k in ("SlabObjects", "MemFree", "Slab")]
    if not all(found):
        fail("expected SlabObjects, MemFree and Slab lines in /proc/meminfo, saw:\n%s" % info)
    objects, free, slab = (int(m.group(1)) for m in found)
    return objects, free + slab


def _start_reader(q, cmd, line):
    """Start a background reader of /dev/ttyuloopN and wait until its open
    has started the port (and set its speed), so nothing it should read
    can come before it."""
    mark = q.mark()
    expect_in(q.run(cmd + " &"), "[1]", "the background reader's job line")
    q.wait_for(r"ttyuloop%d at 9600 baud, divisor 12, 8 data bits, frame 1041667 ns" % line,
               timeout=scaled(10), since=mark,
               what="startup and then set_termios, called at the reader's open")


def test_uart_loop_nodes_appear_and_a_write_goes_through_start_tx_to_a_blocked_reader():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "uart_loop")
        expect_in(q.run("dmesg"), "uart_loop: 2 ports at major", "the driver's init line")
        devs = q.run("ls /dev")
        expect_in(devs, "ttyuloop0", "ls /dev after uart_add_one_port")
        expect_in(devs, "ttyuloop1", "ls /dev after uart_add_one_port")
        expect_in(q.run("cat /proc/devices"), " ttyuloop", "/proc/devices")
        # 12 bytes: "Hello World" and its newline.
        _start_reader(q, "head -c 12 /dev/ttyuloop0", 0)
        mark = q.mark()
        q.run("echo Hello World > /dev/ttyuloop0")
        q.wait_for(r"hELLO wORLD", timeout=scaled(10), since=mark,
                   what="the reader printing the bytes the transmit timer carried over")
        q.run("wait")
        # The reader's close was the last: shutdown ran, after the 12 bytes.
        expect_in(q.run("dmesg"), "ttyuloop0 shutdown after 12 bytes sent, 12 received",
                  "shutdown at the last close, with the port's counters")
        # No reader: the echo's own close must wait for the ring to drain
        # before shutdown (without the drain, shutdown comes first, at 12).
        q.run("echo Bye now > /dev/ttyuloop0")
        log = q.run("dmesg")
        expect_in(log, "ttyuloop0 shutdown after 20 bytes sent, 20 received",
                  "shutdown after the echo's close: its 8 bytes sent first")
        expect_eq(log.count("ttyuloop0 startup"), 2, "startups of ttyuloop0 (one per first open)")
        expect_not_in(log, "ttyuloop1 startup", "the log: nobody opened ttyuloop1")
        out = q.run("ioctl /dev/ttyuloop0 0x5502")
        expect_in(out, "Inappropriate ioctl", "an ioctl neither the core nor the driver knows")
        expect_not_in(q.run("rmmod uart_loop"), "ERROR", "rmmod with no line open")
        expect_not_in(q.run("ls /dev"), "ttyuloop", "ls /dev after the unload")
        expect_not_in(q.run("cat /proc/devices"), "ttyuloop", "/proc/devices after the unload")
        expect_not_in(q.run("dmesg"), "WARNING", "the log")


def test_uart_loop_is_pinned_while_open_and_a_read_ends_with_ctrl_c():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "uart_loop")
        _start_reader(q, "head -c 3 /dev/ttyuloop1", 1)
        expect_in(q.run("rmmod uart_loop"), "in use", "rmmod while a reader holds ttyuloop1")
        expect_in(q.run("ls /dev"), "ttyuloop1", "ls /dev after the refused rmmod")
        mark = q.mark()
        q.run("echo ab > /dev/ttyuloop1")
        q.wait_for(r"AB", timeout=scaled(10), since=mark,
                   what="the reader, woken by the bytes of a line still working")
        q.run("wait")
        # A foreground read with nothing to read ends with Ctrl-C.
        mark = q.mark()
        q.send("cat /dev/ttyuloop1\n")
        q.wait_for(r"ttyuloop1 at 9600 baud", timeout=scaled(10), since=mark,
                   what="the port started by cat's open")
        q.send("\x03")
        q.wait_for(r"Interrupted system call", timeout=scaled(10), since=mark,
                   what="cat's error after Ctrl-C")
        q.wait_prompt()
        expect_eq(q.run("dmesg").count("ttyuloop1 shutdown"), 2,
                  "shutdowns of ttyuloop1 (one per last close)")
        expect_not_in(q.run("rmmod uart_loop"), "ERROR", "rmmod once the reader is gone")


def test_a_port_unplugged_under_its_reader_gives_eio_and_the_rest_keeps_working():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "uart_loop")
        _start_reader(q, "cat /dev/ttyuloop1", 1)
        mark = q.mark()
        # UART_LOOP_UNPLUG (_IO('U', 1)) line 1, asked through line 0.
        q.run("ioctl /dev/ttyuloop0 0x5501 1")
        q.wait_for(r"line 1 unplugged", timeout=scaled(10), since=mark,
                   what="the driver's unplug work (uart_remove_one_port)")
        q.wait_for(r"cat: /dev/ttyuloop1: Input/output error", timeout=scaled(10), since=mark,
                   what="the blocked reader woken with EIO")
        q.run("wait")
        expect_in(q.run("dmesg"), "ttyuloop1 shutdown", "shutdown of the line that was open")
        devs = q.run("ls /dev")
        expect_not_in(devs, "ttyuloop1", "ls /dev after the unplug")
        expect_in(devs, "ttyuloop0", "ls /dev after the unplug")
        expect_in(q.run("ioctl /dev/ttyuloop0 0x5501 1"), "No such device",
                  "unplugging the same line again")
        _start_reader(q, "head -c 4 /dev/ttyuloop0", 0)
        mark = q.mark()
        q.run("echo Abc > /dev/ttyuloop0")
        q.wait_for(r"aBC", timeout=scaled(10), since=mark, what="the other line's reader")
        q.run("wait")
        expect_not_in(q.run("rmmod uart_loop"), "ERROR", "rmmod after an unplug")
        expect_not_in(q.run("ls /dev"), "ttyuloop", "ls /dev after the unload")
        expect_not_in(q.run("dmesg"), "WARNING", "the log")


def test_refused_registrations_say_why_and_change_nothing():
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "uart_loop")
        before = (q.run("ls /dev"), q.run("cat /proc/devices"))
        cases = (
            ("", "Device or resource busy",
             "serial: a driver for ttyuloop lines is already registered"),
            ("name=ttyr line=1", "Invalid parameters",
             "serial: ttyr: port line 1 out of range (0 to 0)"),
            ("name=ttyr twice=1", "Invalid parameters", "serial: ttyr0 already has a port"),
            ("name=ttyr nr=0", "Invalid parameters", "need a dev_name and 1 to 32 lines, not 0"),
            ("name=ttyr nr=33", "Invalid parameters", "need a dev_name and 1 to 32 lines, not 33"),
        )
        for args, error, why in cases:
            mark = q.mark()
            out = q.run("insmod %s/uart_rival.ko %s" % (GUEST, args))
            expect_in(out, error, "insmod uart_rival %s" % args)
            q.wait_for(why, timeout=scaled(5), since=mark,
                       what="the serial core's reason for refusing uart_rival %s" % args)
            expect_not_in(q.run("lsmod"), "uart_rival", "lsmod after uart_rival %s" % args)
            expect_eq((q.run("ls /dev"), q.run("cat /proc/devices")), before,
                      "/dev and /proc/devices after the refused uart_rival %s" % args)
        # The refusals left uart_loop working.
        _start_reader(q, "head -c 3 /dev/ttyuloop0", 0)
        mark = q.mark()
        q.run("echo ok > /dev/ttyuloop0")
        q.wait_for(r"OK", timeout=scaled(10), since=mark, what="uart_loop after the refusals")
        q.run("wait")
        # And the same driver with nothing wrong loads: the refusals were
        # for what was asked, not for uart_rival itself.
        _insmod(q, "uart_rival", "name=ttyr")
        expect_in(q.run("ls /dev"), "ttyr0", "ls /dev with uart_rival name=ttyr")
        mark = q.mark()
        q.send("cat /dev/ttyr0\n")
        q.wait_for("uart_rival: ttyr0 startup", timeout=scaled(10), since=mark,
                   what="startup at cat's open of ttyr0")
        q.send("\x03")
        q.wait_for(r"Interrupted system call", timeout=scaled(10), since=mark,
                   what="cat ended by Ctrl-C")
        q.wait_prompt()
        expect_not_in(q.run("rmmod uart_rival"), "ERROR", "rmmod uart_rival")
        expect_not_in(q.run("rmmod uart_loop"), "ERROR", "rmmod uart_loop")
        expect_not_in(q.run("dmesg"), "WARNING", "the log")


def test_a_port_nothing_identified_opens_but_is_never_started_and_gives_eio():
    """As on Linux 6.1 (and what LDD3's tiny_serial meets): a port whose
    type is PORT_UNKNOWN is registered and its node opens, but startup and
    set_termios are never called and reads and writes fail with EIO."""
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "uart_rival", "name=ttyr unknown=1")
        expect_in(q.run("ls /dev"), "ttyr0", "ls /dev with an unknown port")
        expect_in(q.run("cat /dev/ttyr0"), "cat: /dev/ttyr0: Input/output error",
                  "reading a port never started")
        expect_in(q.run("echo hi > /dev/ttyr0"), "Input/output error",
                  "writing to a port never started")
        expect_not_in(q.run("dmesg"), "ttyr0 startup", "the log: startup was never called")
        expect_not_in(q.run("rmmod uart_rival"), "ERROR", "rmmod uart_rival")
        # The same port with a type is started at its open.
        _insmod(q, "uart_rival", "name=ttyr")
        mark = q.mark()
        q.send("cat /dev/ttyr0\n")
        q.wait_for("uart_rival: ttyr0 startup", timeout=scaled(10), since=mark,
                   what="startup at cat's open of a port with a type")
        q.send("\x03")
        q.wait_prompt()
        expect_not_in(q.run("rmmod uart_rival"), "ERROR", "rmmod uart_rival")


def test_uart_loop_loads_and_unloads_100_times_without_leaking():
    """100 rounds of a load, a write and an unload; then, with uart_loop
    loaded, 100 rounds of the three refused uart_rival loads (a taken
    dev_name, a line out of range, a port added twice), whose error paths
    must give back what they took."""
    refused = ("", "name=ttyr line=1", "name=ttyr twice=1")

    def loop_round():
        _insmod(q, "uart_loop")
        q.run("echo x > /dev/ttyuloop0")
        q.run("rmmod uart_loop")

    def refused_round():
        for args in refused:
            out = q.run("insmod %s/uart_rival.ko %s" % (GUEST, args))
            expect_in(out, "ERROR", "the refused insmod uart_rival %s" % args)

    with _boot(timeout=60, extra=("-append", "quiet")) as q:
        q.wait_prompt()
        for what, one_round in (("uart_loop", loop_round), ("refused uart_rival", refused_round)):
            if one_round is refused_round:
                _insmod(q, "uart_loop")
            # One whole round first: what its first run caches stays.
            one_round()
            before = _memory(q)
            for _ in range(CYCLES):
                one_round()
            after = _memory(q)
            if after != before:
                fail("(SlabObjects, MemFree + Slab) unchanged after %d rounds of %s: "
                     "%s before, %s after" % (CYCLES, what, before, after))
        q.run("rmmod uart_loop")
        expect_not_in(q.run("lsmod"), "uart_", "lsmod after the rounds")
        expect_not_in(q.run("dmesg"), "WARNING", "the log after the rounds")


def test_concurrent_writers_lose_no_byte_through_the_transmit_ring():
    """Four background writers on different CPUs write into one line's
    ring (port->lock) while the transmit timer empties it: every byte of
    every writer must come back exactly once."""
    letters = "abcd"
    n = 60
    with _boot() as q:
        q.wait_prompt()
        _insmod(q, "uart_loop")
        for round_ in range(3):
            total = len(letters) * (n + 1)
            _start_reader(q, "head -c %d /dev/ttyuloop0 > /tmp/got" % total, 0)
            # Typed in one go, so the writers start together.
            q.send("".join("echo %s > /dev/ttyuloop0 &\n" % (c * n) for c in letters) + "wait\n")
            q.run("echo writers done")
            got = q.run("cat /tmp/got")
            for c in letters:
                expect_eq(got.count(c.upper()), n, "bytes '%s' read back in round %d"
                          % (c.upper(), round_))
            expect_eq(len(got.replace("\n", "")), len(letters) * n,
                      "letters read back in round %d" % round_)
        q.run("rmmod uart_loop")
        expect_not_in(q.run("dmesg"), "WARNING", "the log")


def test_unplug_racing_with_writers_and_a_reader_leaves_nothing_behind():
    """A port pulled out (uart_remove_one_port) while four writers and a
    reader open, write and close it on other CPUs: each call either goes
    through or gets an error, the removal waits for the calls still
    running (state->refcount), and the module then unloads cleanly."""
    with _boot() as q:
        q.wait_prompt()
        for round_ in range(20):
            _insmod(q, "uart_loop")
            mark = q.mark()
            # Typed in one go, so the jobs and the unplug run at once.
            q.send("cat /dev/ttyuloop1 > /tmp/got &\n"
                   + "echo %s > /dev/ttyuloop1 &\n" % ("z" * 40) * 4
                   + "ioctl /dev/ttyuloop0 0x5501 1\nwait\n")
            q.wait_for(r"line 1 unplugged", timeout=scaled(20), since=mark,
                       what="the unplug in round %d" % round_)
            q.run("echo round %d done" % round_)
            expect_not_in(q.run("ls /dev"), "ttyuloop1", "ls /dev after round %d" % round_)
            out = q.run("rmmod uart_loop")
            expect_not_in(out, "ERROR", "rmmod after round %d" % round_)
        expect_not_in(q.run("lsmod"), "uart_loop", "lsmod after the rounds")
        log = q.run("dmesg")
        expect_not_in(log, "WARNING", "the log after the rounds")
        expect_not_in(log, "BUG", "the log after the rounds")


def test_uart_speed_arithmetic_clips_falls_back_and_encodes_like_linux():
    """tests/kernel/selftest_serial.c: uart_get_baud_rate's fallbacks (old
    setting, nearest limit, UPF_SPD_* for 38400, B0), uart_get_divisor,
    uart_update_timeout and BOTHER, which uart_loop at 9600 never reaches."""
    with Qemu(smp=1) as q:
        q.wait_prompt()
        out = q.run("selftest uart-baud")
        expect_in(out, "selftest uart-baud: PASS", "the verdict of 'selftest uart-baud'")
