"""The device model above the core and the input layer, driven from the
shell: input devices and /dev/input/eventN (the PS/2 keyboard, a module's
virtual keyboard), buses with drivers and devices, the platform bus, devres
and coherent DMA memory. The modules are tutorial-style sources in
tests/linux-modules/ (vkeys, ...), built as Linux users build theirs."""

import os
import re
import shutil
import subprocess
import tempfile

from qemu import ROOT, Qemu, TestFailure, expect_eq, expect_in, expect_not_in, fail

CORPUS = os.path.join(ROOT, "tests", "linux-modules")
L = "/lib/modules/devices/"
# Each module, and the corpus directory it is built in.
MODULES = {"vkeys": "vkeys/vkeys.ko"}
CYCLES = 100
EVENT = re.compile(r"^Event: time \d+\.\d{6}, (?:type (\d+) \((\w+)\), code (\d+)(?: \((\w+)\))?, "
                   r"value (-?\d+)|-------------- (SYN_\w+) ------------)$", re.M)

_built = {}


def make(*args):
    env = dict(os.environ)
    for var in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "W"):
        env.pop(var, None)
    p = subprocess.run(["make", "--no-print-directory", "-C", ROOT] + list(args),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                       timeout=300, text=True)
    return p.returncode, p.stdout


def build():
    """Build this file's corpus modules once; returns the extra initrd."""
    if _built:
        return _built["cpio"]
    if not os.path.exists(os.path.join(ROOT, "build", "Module.symvers")):
        fail("build/Module.symvers is missing: run make first")
    tmp = tempfile.mkdtemp(prefix="devices-")
    stage = os.path.join(tmp, "stage", "lib", "modules", "devices")
    os.makedirs(stage)
    for d in sorted({ko.split("/")[0] for ko in MODULES.values()}):
        src = os.path.join(tmp, d)
        shutil.copytree(os.path.join(CORPUS, d), src)
        status, out = make("M=" + src, "modules")
        if status or "warning:" in out:
            fail("make M=.../%s modules: status %d, expected 0 and no warning:\n%s"
                 % (d, status, out))
    for ko in MODULES.values():
        shutil.copy(os.path.join(tmp, ko), stage)
    cpio = os.path.join(tmp, "devices.cpio")
    names = subprocess.run("cd %s && find . -mindepth 1 | sort" % os.path.join(tmp, "stage"),
                           shell=True, stdout=subprocess.PIPE, text=True, check=True).stdout
    with open(cpio, "wb") as f:
        subprocess.run(["cpio", "-o", "-H", "newc", "-R", "0:0", "--quiet"],
                       input=names.encode(), stdout=f, check=True,
                       cwd=os.path.join(tmp, "stage"))
    _built["cpio"] = cpio
    return cpio


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
        expect_eq(meminfo(q), before, "MemFree, Slab, SlabObjects after %d cycles" % CYCLES)
        expect_eq(input_nodes(q), {"event0"}, "the event nodes after the cycles")
