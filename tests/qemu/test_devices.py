"""The device model above the core and the input layer, driven from the
shell: input devices and /dev/input/eventN (the PS/2 keyboard, a module's
virtual keyboard), buses with drivers and devices, the platform bus, devres
and coherent DMA memory. The modules are tutorial-style sources in
tests/linux-modules/ (vkeys, widget, toybus), built as Linux users build
theirs."""

import re

from corpus import corpus_initrd
from qemu import Qemu, TestFailure, expect_eq, expect_in, expect_match, expect_not_in

L = "/lib/modules/devices/"
# Each module, and the corpus directory it is built in.
MODULES = {"vkeys": "vkeys/vkeys.ko", "widget_dev": "widget/widget_dev.ko",
           "widget_drv": "widget/widget_drv.ko", "toybus": "toybus/toybus.ko",
           "toydrv": "toybus/toydrv.ko"}
CYCLES = 100
EVENT = re.compile(r"^Event: time \d+\.\d{6}, (?:type (\d+) \((\w+)\), code (\d+)(?: \((\w+)\))?, "
                   r"value (-?\d+)|-------------- (SYN_\w+) ------------)$", re.M)

def build():
    """This file's corpus modules, built once; returns the extra initrd."""
    return corpus_initrd("devices", sorted({ko.split("/")[0] for ko in MODULES.values()}), L)


def boot(**kw):
    return Qemu(smp=4, initrd=["build/initrd.cpio", build()], timeout=60, **kw)


def poll(q, cmd, pred, what, tries=200):
    """Run cmd until pred(output) holds (a state to wait for, not a delay)."""
    out = ""
    for _ in range(tries):
        out = q.run(cmd)
        if pred(out):
            return out
    raise TestFailure("waited for %s; last output of %r:\n%s" % (what, cmd, out))


def events(text):
    """(type name, code name or number, value) for each evtest line; SYN_REPORT
    lines as ('SYN_REPORT', None, None)."""
    out = []
    for m in EVENT.finditer(text):
        if m.group(6):
            out.append((m.group(6), None, None))
        else:
            out.append((m.group(2), m.group(4) or int(m.group(3)), int(m.group(5))))
    return out


def typed(*keys):
    """What evtest prints for each key pressed and released, as events()."""
    out = []
    for k in keys:
        out += [("EV_KEY", k, 1), ("SYN_REPORT", None, None),
                ("EV_KEY", k, 0), ("SYN_REPORT", None, None)]
    return out


def input_nodes(q):
    out = q.run("ls /dev/input")
    return set(re.findall(r"event\d+", out))


def lsmod_row(q, name):
    for line in q.run("lsmod").splitlines()[1:]:
        if line.split()[0] == name:
            return line.split()
    return None


def meminfo(q):
    text = q.run("cat /proc/meminfo")
    return {k: int(re.search(r"^%s:\s+(\d+)" % k, text, re.M).group(1))
            for k in ("MemFree", "Slab", "SlabObjects")}

def expect_memory_kept(after, before, what):
    """Objects exactly; pages may move from MemFree into Slab (a cache that
    keeps one more empty page) but not go missing."""
    expect_eq((after["SlabObjects"], after["MemFree"] + after["Slab"]),
              (before["SlabObjects"], before["MemFree"] + before["Slab"]),
              "(SlabObjects, MemFree + Slab) %s (before %r, after %r)" % (what, before, after))


def load_vkeys(q):
    """insmod vkeys; returns the event node its keyboard got."""
    before = input_nodes(q)
    out = q.run("insmod " + L + "vkeys.ko")
    expect_in(out, "vkeys: ready, write to /dev/vkeys to type", "insmod vkeys.ko's output")
    expect_not_in(out, "ERROR", "insmod vkeys.ko's output")
    new = input_nodes(q) - before
    if len(new) != 1:
        raise TestFailure("expected one new /dev/input/eventN after insmod vkeys, saw %s "
                          "(before: %s)" % (sorted(new), sorted(before)))
    return "/dev/input/" + new.pop()


# ---- the input layer ----

def wait_reader_blocked(q):
    """Wait until the background evtest sleeps: it has opened the device and
    is waiting in read (its open does not sleep, so a sleeping evtest is a
    reading one)."""
    poll(q, "ps", lambda o: re.search(r"^.*\bsleeping\b.*\bevtest\b", o, re.M),
         "the background evtest to sleep in read")


def test_ps2_keys_reach_event0_and_the_shell_still_gets_them():
    with Qemu(smp=4, monitor=True, timeout=60) as q:
        q.wait_prompt()
        expect_in(q.run("dmesg"), "input: AT Translated Set 2 keyboard as input0",
                  "the boot log")
        q.run("evtest -c 8 /dev/input/event0 > /tmp/ev &")
        wait_reader_blocked(q)
        mark = q.mark()
        q.sendkey(["b", "shift-x"])
        q.wait_for("bX", since=mark)		# the shell's line got the keys as text
        q.send("\x15")				# Ctrl-U: forget the line
        q.run("wait")
        expect_eq(events(q.run("cat /tmp/ev")), typed("KEY_B") + [
            ("EV_KEY", "KEY_LEFTSHIFT", 1), ("SYN_REPORT", None, None),
            ("EV_KEY", "KEY_X", 1), ("SYN_REPORT", None, None)],
            "the first 8 events evtest read from /dev/input/event0")


def test_module_keys_reach_an_event_reader_and_rmmod_waits_for_the_close():
    with boot() as q:
        q.wait_prompt()
        node = load_vkeys(q)
        q.run("evtest -c 8 %s > /tmp/ev &" % node)
        wait_reader_blocked(q)
        # While the event device is open, its module is pinned.
        out = q.run("rmmod vkeys")
        expect_in(out, "rmmod: ERROR: Module vkeys is in use",
                  "rmmod vkeys while %s is open" % node)
        expect_eq(lsmod_row(q, "vkeys")[2], "1", "vkeys's reference count while open")
        expect_eq(q.run("echo -n ab > /dev/vkeys"), "", "typing 'ab' through /dev/vkeys")
        q.run("wait")
        expect_eq(events(q.run("cat /tmp/ev")), typed("KEY_A", "KEY_B"),
                  "what evtest read from %s" % node)
        expect_eq(lsmod_row(q, "vkeys")[2], "0", "vkeys's reference count after the close")
        expect_in(q.run("rmmod vkeys"), "vkeys: gone", "rmmod vkeys once closed")
        expect_eq(input_nodes(q), {"event0"}, "the event nodes after rmmod")


def test_bad_input_is_refused_and_changes_nothing():
    with boot() as q:
        q.wait_prompt()
        node = load_vkeys(q)
        out = q.run("echo -n aB > /dev/vkeys")
        expect_in(out, "Invalid argument", "writing an upper-case letter to /dev/vkeys")
        q.run("evtest -c 4 %s > /tmp/ev &" % node)
        wait_reader_blocked(q)
        q.run("echo -n c > /dev/vkeys")
        q.run("wait")
        expect_eq(events(q.run("cat /tmp/ev")), typed("KEY_C"),
                  "the events after a refused write and a good one")
        expect_in(q.run("evtest /dev/input/event31"), "evtest: /dev/input/event31: No such",
                  "evtest of a node that does not exist")
        expect_in(q.run("evtest -c x %s" % node), "evtest: invalid event count 'x'",
                  "evtest -c x")
        expect_in(q.run("mknod /dev/input/event9 c 13 73"), "", "mknod of an unused minor")
        expect_in(q.run("evtest -c 1 /dev/input/event9"), "No such device",
                  "reading a node whose minor has no device")
        q.run("rm /dev/input/event9")
        expect_in(q.run("rmmod vkeys"), "vkeys: gone", "rmmod vkeys")


def test_blocking_read_ends_with_ctrl_c_and_the_device_stays_usable():
    with boot() as q:
        q.wait_prompt()
        node = load_vkeys(q)
        mark = q.mark()
        q.send("evtest %s\r" % node)
        q.wait_for("evtest %s" % node)
        q.send("\x03")
        q.wait_prompt()
        expect_not_in(q.output_since(mark), "error", "evtest ended by Ctrl-C")
        expect_eq(lsmod_row(q, "vkeys")[2], "0", "vkeys's reference count after Ctrl-C")
        expect_in(q.run("rmmod vkeys"), "vkeys: gone", "rmmod vkeys after Ctrl-C")


def test_every_open_reader_gets_every_event():
    """Three readers of one event device, blocked in read on several CPUs,
    each get the whole stream; a reader opened later gets only what comes
    after its open."""
    with boot() as q:
        q.wait_prompt()
        node = load_vkeys(q)
        for i in range(3):
            q.run("evtest -c 8 %s > /tmp/ev%d &" % (node, i))
        poll(q, "ps", lambda o: len(re.findall(r"\bsleeping\b.*\bevtest\b", o)) == 3,
             "three evtests to sleep in read")
        expect_eq(lsmod_row(q, "vkeys")[2], "3", "vkeys's reference count with three readers")
        expect_eq(q.run("echo -n xy > /dev/vkeys"), "", "typing 'xy'")
        q.run("wait")
        for i in range(3):
            expect_eq(events(q.run("cat /tmp/ev%d" % i)), typed("KEY_X", "KEY_Y"),
                      "what reader %d read" % i)
        q.run("evtest -c 4 %s > /tmp/late &" % node)
        wait_reader_blocked(q)
        q.run("echo -n z > /dev/vkeys")
        q.run("wait")
        expect_eq(events(q.run("cat /tmp/late")), typed("KEY_Z"), "what the later reader read")
        expect_eq(lsmod_row(q, "vkeys")[2], "0", "vkeys's reference count after the readers")
        expect_in(q.run("rmmod vkeys"), "vkeys: gone", "rmmod vkeys")


def test_input_module_100_load_unload_cycles_leave_memory_unchanged():
    with boot(extra=["-append", "loglevel=4"]) as q:
        q.wait_prompt()

        def cycle(n):
            for _ in range(n):
                out = q.run("insmod " + L + "vkeys.ko") + q.run("echo -n z > /dev/vkeys")
                out += q.run("rmmod vkeys")
                if "ERROR" in out or "rror" in out:
                    raise TestFailure("expected vkeys to load, type and unload, saw:\n" + out)

        cycle(1)
        before = meminfo(q)
        cycle(CYCLES)
        expect_memory_kept(meminfo(q), before, "after %d cycles" % CYCLES)
        expect_eq(input_nodes(q), {"event0"}, "the event nodes after the cycles")


# ---- buses, drivers, the platform bus, devres ----

def run_ok(q, cmd):
    out = q.run(cmd)
    if "ERROR" in out or "rror" in out:
        raise TestFailure("expected %r to succeed, saw:\n%s" % (cmd, out))
    return out


def in_order(text, lines, what):
    """Each of lines appears in text, in this order."""
    at = 0
    for line in lines:
        i = text.find(line, at)
        if i < 0:
            raise TestFailure("%s: expected %r after offset %d, in this order: %s; saw:\n%s"
                              % (what, line, at, lines, text))
        at = i + len(line)


PROBE = "widget widget: probe: left widget, 4 channels, regs 0xfed40000 size 0x1000, irq 7"
REMOVE = "widget widget: remove: left widget"
RELEASED = "widget_drv: devres released for widget"
W = "/sys/devices/platform/widget"


def test_platform_probe_and_remove_in_either_order():
    with boot() as q:
        q.wait_prompt()
        # The device first: the driver's arrival probes it.
        expect_not_in(run_ok(q, "insmod %swidget_dev.ko" % L), "probe", "insmod widget_dev alone")
        expect_eq(q.run("ls /sys/bus/platform/devices"), "widget", "the platform devices (a link)")
        out = run_ok(q, "insmod %swidget_drv.ko" % L)
        expect_in(out, PROBE, "insmod widget_drv after the device")
        # DMA: a mask below the top of RAM is refused; the ring is page-aligned.
        expect_in(out, "widget widget: 24-bit DMA mask: -5", "the 24-bit DMA mask")
        expect_match(out, r"widget widget: DMA ring of 8192 bytes at 0x[0-9a-f]{8}, page-aligned",
                     "the coherent DMA ring")
        expect_eq(q.run("cat %s/label" % W), "left widget (4 channels)", "the bound device's label")
        expect_eq(q.run("ls /sys/bus/platform/drivers/widget"), "widget",
                  "the driver's directory: its bound device")
        # The device goes first: remove runs, then devres is released.
        in_order(run_ok(q, "rmmod widget_dev"),
                 [REMOVE, RELEASED, "widget_dev: device unregistered"],
                 "rmmod widget_dev while bound")
        expect_eq(q.run("ls /sys/bus/platform/devices"), "", "the platform devices after it went")
        run_ok(q, "rmmod widget_drv")
        # The driver first: the device's arrival probes it.
        expect_eq(run_ok(q, "insmod %swidget_drv.ko" % L), "", "insmod widget_drv alone")
        in_order(run_ok(q, "insmod %swidget_dev.ko" % L),
                 [PROBE, "widget_dev: device widget registered"],
                 "insmod widget_dev after the driver")
        # The driver goes first: remove, devres; the device stays, unbound.
        in_order(run_ok(q, "rmmod widget_drv"), [REMOVE, RELEASED], "rmmod widget_drv while bound")
        expect_eq(q.run("ls %s" % W), "", "the device's directory once unbound (no label)")
        expect_eq(q.run("ls /sys/bus/platform/drivers"), "", "the platform drivers after rmmod")
        expect_in(run_ok(q, "insmod %swidget_drv.ko" % L), PROBE, "binding again on reload")
        run_ok(q, "rmmod widget_drv")
        run_ok(q, "rmmod widget_dev")


def test_devm_memory_is_freed_after_remove_and_after_a_failed_probe():
    with boot() as q:
        q.wait_prompt()

        def bind_and_remove(params=""):
            out = run_ok(q, "insmod %swidget_dev.ko" % L)
            out += q.run("insmod %swidget_drv.ko %s" % (L, params))
            out += run_ok(q, "rmmod widget_drv") + run_ok(q, "rmmod widget_dev")
            return out

        bind_and_remove()		# caches that grow once do so now
        before = meminfo(q)
        in_order(bind_and_remove(), [PROBE, REMOVE, RELEASED], "a bind and remove")
        expect_memory_kept(meminfo(q), before, "after a probe and remove (64 KiB devm buffer)")
        out = bind_and_remove("fail_probe=1")
        in_order(out, ["widget widget: failing probe on purpose", RELEASED,
                       "widget: probe of widget failed with error -5"], "a failed probe")
        expect_not_in(out, REMOVE, "a failed probe's output (no remove)")
        expect_memory_kept(meminfo(q), before, "after a failed probe (64 KiB devm buffer)")


def test_bus_driver_and_device_attributes_in_sys():
    with boot() as q:
        q.wait_prompt()
        expect_in(run_ok(q, "insmod %stoybus.ko devices=2" % L), "toybus: 2 devices",
                  "insmod toybus")
        expect_eq(q.run("ls /sys/bus/toy"), "count\ndevices/\ndrivers/\nversion", "/sys/bus/toy")
        expect_eq(q.run("ls /sys/bus/toy/devices"), "toy0\ntoy1", "/sys/bus/toy/devices")
        expect_eq(q.run("cat /sys/bus/toy/version"), "toybus 1.0", "the bus attribute version")
        expect_eq(q.run("cat /sys/devices/toy1/serial"), "1001", "toy1's serial (bus dev_groups)")
        expect_eq(q.run("ls /sys/devices/toy0"), "serial", "toy0's files while unbound")
        out = run_ok(q, "insmod %stoydrv.ko" % L)
        in_order(out, ["toy toy0: probe: hello, serial 1000",
                       "toy toy1: probe: hello, serial 1001"], "insmod toydrv")
        expect_eq(q.run("ls /sys/bus/toy/drivers/toy"), "greeting\ntoy0\ntoy1",
                  "the driver's directory")
        expect_eq(q.run("cat /sys/devices/toy0/state"), "bound to toy",
                  "toy0's state (driver dev_groups)")
        expect_eq(q.run("echo bonjour > /sys/bus/toy/drivers/toy/greeting"), "",
                  "writing the driver attribute")
        expect_eq(q.run("cat /sys/bus/toy/drivers/toy/greeting"), "bonjour", "the driver attribute")
        # A device added now is probed with the new greeting.
        expect_in(q.run("echo 3 > /sys/bus/toy/count"), "toy toy2: probe: bonjour, serial 1002",
                  "a third device")
        # Bad writes are refused and change nothing.
        expect_in(q.run("echo 9 > /sys/bus/toy/count"), "Invalid argument", "count of 9 (max 8)")
        expect_in(q.run("echo x > /sys/bus/toy/count"), "Invalid argument", "count of x")
        expect_in(q.run("echo > /sys/bus/toy/drivers/toy/greeting"), "Invalid argument",
                  "an empty greeting")
        expect_eq(q.run("cat /sys/bus/toy/count"), "3", "the count after the bad writes")
        expect_eq(q.run("cat /sys/bus/toy/drivers/toy/greeting"), "bonjour",
                  "the greeting after the bad write")
        expect_in(q.run("cat /sys/bus/toy/nothing"), "No such file", "a file the bus does not have")
        expect_in(q.run("rmmod toybus"), "rmmod: ERROR: Module toybus is in use by: toydrv",
                  "rmmod of the bus under its driver")
        in_order(q.run("echo 1 > /sys/bus/toy/count"), ["toy toy2: remove", "toy toy1: remove"],
                 "going down to one device")
        expect_eq(q.run("ls /sys/bus/toy/devices"), "toy0", "the devices after count=1")
        run_ok(q, "rmmod toydrv")
        expect_in(run_ok(q, "rmmod toybus"), "toybus: gone", "rmmod toybus")
        expect_eq(q.run("ls /sys/bus"), "platform/", "/sys/bus after the bus went")


def test_driver_module_unloads_while_its_devices_are_bound():
    with boot() as q:
        q.wait_prompt()
        run_ok(q, "insmod %stoybus.ko devices=2" % L)
        run_ok(q, "insmod %stoydrv.ko" % L)
        expect_eq(lsmod_row(q, "toydrv")[2], "0", "toydrv's reference count while bound")
        in_order(run_ok(q, "rmmod toydrv"),
                 ["toy toy0: remove", "toy toy1: remove", "toydrv: gone"],
                 "rmmod toydrv with two devices bound")
        expect_eq(q.run("ls /sys/bus/toy/devices"), "toy0\ntoy1", "the devices stay")
        expect_eq(q.run("ls /sys/devices/toy0"), "serial", "toy0's files once unbound (no state)")
        expect_eq(q.run("ls /sys/bus/toy/drivers"), "", "the bus's drivers")
        in_order(run_ok(q, "insmod %stoydrv.ko" % L), ["toy toy0: probe", "toy toy1: probe"],
                 "binding again on reload")
        run_ok(q, "rmmod toydrv")
        run_ok(q, "rmmod toybus")


def test_device_model_100_load_unload_cycles_leave_memory_unchanged():
    with boot(extra=["-append", "loglevel=4"]) as q:
        q.wait_prompt()

        def cycle(n):
            for i in range(n):
                a, b = ("widget_dev", "widget_drv") if i % 2 else ("widget_drv", "widget_dev")
                for cmd in ("insmod %s%s.ko" % (L, a), "insmod %s%s.ko" % (L, b),
                            "rmmod " + a, "rmmod " + b,
                            "insmod %stoybus.ko devices=3" % L, "insmod %stoydrv.ko" % L,
                            "rmmod toydrv", "rmmod toybus"):
                    run_ok(q, cmd)

        cycle(2)
        before = meminfo(q)
        cycle(CYCLES)
        expect_memory_kept(meminfo(q), before, "after %d cycles" % CYCLES)
        expect_eq(q.run("lsmod").count("\n"), 0, "modules left loaded (lines after lsmod's header)")
        expect_eq(q.run("ls /sys/bus"), "platform/", "/sys/bus after the cycles")


def test_driver_and_device_registering_at_once_on_four_cpus():
    """Two scripts run side by side on -smp 4: one loads and unloads the
    driver, the other the device, so probe and remove race with both
    registrations; every probe must be matched by a remove, and nothing
    may leak."""
    rounds = 40
    with boot(extra=["-append", "loglevel=4"]) as q:
        q.wait_prompt()
        for name in ("widget_drv", "widget_dev"):
            q.run("rm /tmp/%s.sh" % name)
            for _ in range(rounds):
                q.run("echo insmod %s%s.ko >> /tmp/%s.sh" % (L, name, name))
                q.run("echo rmmod %s >> /tmp/%s.sh" % (name, name))
        # A first round of each, in the background, so that what grows
        # once (the job table, the output files) has grown.
        q.run("echo insmod %swidget_dev.ko > /tmp/once.sh" % L)
        q.run("echo insmod %swidget_drv.ko >> /tmp/once.sh" % L)
        q.run("echo rmmod widget_drv >> /tmp/once.sh")
        q.run("echo rmmod widget_dev >> /tmp/once.sh")
        q.run("sh /tmp/once.sh > /tmp/a &")
        q.run("sh /tmp/once.sh > /tmp/b &")
        q.run("wait", timeout=60)
        before = meminfo(q)
        q.run("sh /tmp/widget_drv.sh > /tmp/a &")
        q.run("sh /tmp/widget_dev.sh > /tmp/b &")
        q.run("wait", timeout=600)
        for f in ("/tmp/a", "/tmp/b"):
            expect_not_in(q.run("cat " + f), "ERROR", "the output of the script in " + f)
        log = q.run("dmesg")
        probes, removes = log.count(PROBE), log.count(REMOVE)
        releases = log.count(RELEASED)
        # dmesg holds the binds of the first rounds as well.
        print("%d probes, %d removes, %d devres releases" % (probes, removes, releases))
        if probes < 2 or probes != removes or probes != releases:
            raise TestFailure("expected as many removes and devres releases as probes; saw "
                              "%d probes, %d removes, %d releases" % (probes, removes, releases))
        # Slab pages may be handed back and taken again in another order
        # when two CPUs allocate at once: count objects, and slab pages
        # together with free memory.
        after = meminfo(q)
        expect_eq((after["SlabObjects"], after["MemFree"] + after["Slab"]),
                  (before["SlabObjects"], before["MemFree"] + before["Slab"]),
                  "(SlabObjects, MemFree + Slab) after the racing rounds, against before")
        expect_eq(q.run("lsmod").count("\n"), 0, "modules left loaded")
        expect_not_in(q.output, "Oops", "the serial output")
