"""Grader of the refcount lab (labs/04-refcount/handout.md says what each
test checks). The student's code is the kernel's own, rebuilt from their
files; the verdicts come from modules and commands they did not write
(refmod, hammer, rmmod, lsmod, mount, `selftest module-race`) and from
refcount.o read on the host. Hold counts, thread counts, mount counts and
rounds are random from the seed."""

import os
import re
import subprocess
import time

from gradelib import points
from qemu import ROOT, expect_eq, expect_in, expect_not_in, fail, scaled

M = "/lib/modules/"
TESTS = "build/tests.cpio"              # hammer is test material
DEBUG_KERNEL = "build/debug/kernel.elf"
OBJ = os.path.join(ROOT, "build", "obj", "kernel", "module", "refcount.o")
IN_USE = "rmmod: ERROR: Module refmod is in use"


def poll(q, cmd, pred, what, timeout=20):
    """Run cmd until pred(output) holds: a state to wait for, not a delay.
    (q.run's own timeouts are scaled by qemu; this loop's is scaled here.)"""
    end = time.monotonic() + scaled(timeout)
    out = ""
    while time.monotonic() < end:
        out = q.run(cmd)
        if pred(out):
            return out
    fail("waited %d s for %s; the last output of '%s' was:\n%s" % (timeout, what, cmd, out))


def lsmod_row(q, name):
    for line in q.run("lsmod").splitlines()[1:]:
        f = line.split()
        if f and f[0] == name:
            return f
    return None


def refcount_of(q, name):
    row = lsmod_row(q, name)
    if row is None:
        fail("lsmod does not list %s:\n%s" % (name, q.run("lsmod")))
    return int(row[2])


def hammer_total(text):
    """(got, missed, held) from /proc/hammer's total line, or None."""
    m = re.search(r"^total: got (\d+) missed (\d+) held (\d+)", text, re.M)
    return tuple(int(x) for x in m.groups()) if m else None


def hammer(q):
    out = q.run("cat /proc/hammer")
    t = hammer_total(out)
    if t is None:
        fail("cat /proc/hammer should show a 'total: got N missed N held N' line; it showed:\n"
             + out)
    return t


def start_holder(q, hold_ms):
    cmd = "insmod %srefmod.ko hold_ms=%d" % (M, hold_ms)
    expect_not_in(q.run(cmd), "ERROR", "output of '%s'" % cmd)
    poll(q, "dmesg", lambda o: "holding a reference" in o, "refmod's holder thread to start")


def start_wait(q):
    """rmmod --wait refmod in the background. Its kernel message is waited
    for before the next command, so it cannot land inside that command's
    echo on the console."""
    if "waiting for its references to go" not in q.run("rmmod --wait refmod &"):
        q.wait_for("waiting for its references to go", timeout=30,
                   what="the kernel's message that rmmod --wait waits for refmod's references")


def expect_clean_dmesg(q, what):
    log = q.run("dmesg")
    for bad in ("BUG", "Oops", "WARNING"):
        expect_not_in(log, bad, "kernel reports in dmesg " + what)


@points(10)
def test_held_ref(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        start_holder(q, 60000)
        for _ in range(lab.rand_int(1, 3)):
            expect_eq(q.run("rmmod refmod"), IN_USE, "plain rmmod while a thread holds refmod")
        row = lsmod_row(q, "refmod")
        if row is None:
            fail("refmod is gone after a refused rmmod:\n" + q.run("lsmod"))
        expect_eq(row[2], "1", "refmod's count in lsmod while its thread holds one reference")
        expect_eq(row[-1], "Live", "refmod's state after the refused rmmod")


@points(20)
def test_storm_exact(lab):
    lab.expect_built()
    per_cpu, hold = lab.rand_int(1, 2), lab.rand_int(1, 5)
    want = 4 * per_cpu * hold
    with lab.boot(initrd=[TESTS], timeout=60) as q:
        q.wait_prompt()
        q.run("insmod %srefmod.ko" % M)
        cmd = "insmod %shammer.ko per_cpu=%d" % (M, per_cpu)
        expect_not_in(q.run(cmd), "ERROR", "output of '%s'" % cmd)
        storm = lab.rand_int(2000, 5000)
        poll(q, "cat /proc/hammer", lambda o: (hammer_total(o) or (0,))[0] > storm,
             "%d gets and puts from %d threads" % (storm, 4 * per_cpu), timeout=60)
        q.run("echo hold %d > /proc/hammer_ctl" % hold)
        q.run("echo pause > /proc/hammer_ctl")
        poll(q, "cat /proc/hammer",
             lambda o: (hammer_total(o) or (0, 0, -1))[2] == want and " paused" in o,
             "%d threads to hold %d references each, all paused" % (4 * per_cpu, hold))
        expect_eq(refcount_of(q, "refmod"), want,
                  "refmod's count while %d threads hold %d each (paused)" % (4 * per_cpu, hold))
        expect_eq(q.run("rmmod refmod"), IN_USE, "plain rmmod while %d references are held"
                  % want)
        q.run("echo release > /proc/hammer_ctl")
        poll(q, "cat /proc/hammer", lambda o: (hammer_total(o) or (0, 0, -1))[2] == 0,
             "the threads to release their references")
        expect_eq(refcount_of(q, "refmod"), 0, "refmod's count after the storm, all released")
        expect_not_in(q.run("rmmod refmod"), "ERROR", "plain rmmod once nothing holds refmod")
        q.run("echo resume > /proc/hammer_ctl")
        expect_not_in(q.run("rmmod hammer"), "ERROR", "rmmod hammer")


@points(15)
def test_rmmod_wait(lab):
    lab.expect_built()
    with lab.boot(initrd=[TESTS], timeout=60) as q:
        q.wait_prompt()
        start_holder(q, lab.rand_int(15000, 25000))   # outlasts slow shells
        q.run("insmod %shammer.ko" % M)
        poll(q, "cat /proc/hammer", lambda o: (hammer_total(o) or (0,))[0] > 100,
             "the hammer threads to take references")
        start_wait(q)
        poll(q, "lsmod", lambda o: "Unloading" in o, "refmod to be Unloading in lsmod")
        got = hammer(q)[0]
        expect_in(q.run("jobs"), "Running", "jobs: rmmod --wait while the reference is held")
        expect_in(q.run("mount -t reffs x /mnt"), "loading or being removed",
                  "mount of refmod's filesystem while it is going")
        expect_eq(hammer(q)[0], got, "the hammer's successful gets once the unload began")
        # Its failing gets would go on taking the filesystems' lock on every
        # CPU while the holder sleeps; on an overloaded host the ticket lock
        # then crawls (each hand-over waits for a virtual CPU to be run)
        # and the holder's wake-up can wait longer than the test.
        q.run("echo pause > /proc/hammer_ctl")
        # The holder's put prints (on the console, so not while a command is
        # typed); then the job can end.
        q.wait_for("refmod: dropping the reference", timeout=60,
                   what="refmod's holder to drop the last reference")
        out = q.run("wait", timeout=30)
        expect_in(out, "Done (0)    rmmod --wait refmod", "the rmmod --wait job")
        log = q.run("dmesg")
        expect_in(log, "refmod: dropping the reference", "the holder's message in dmesg")
        expect_in(log, "refmod: unloaded", "refmod's exit message in dmesg")
        if log.index("refmod: dropping the reference") > log.index("refmod: unloaded"):
            fail("expected the reference dropped before refmod unloaded; dmesg:\n" + log)
        expect_eq(lsmod_row(q, "refmod"), None, "refmod in lsmod after rmmod --wait")


@points(25)
def test_race(lab):
    lab.expect_built()
    # module-gap: the unload's decision (a stop that finds only its own
    # reference and clears live), made over and over while threads on the
    # other CPUs get and put in preemptible code; on the debug kernel they
    # linger with preemption on after every preempt_enable, so a get that
    # re-enables preemption before its increment is stopped there and
    # counted within a few rounds. module-race: whole unloads the same way.
    gap, rounds = lab.rand_int(100, 150), lab.rand_int(5, 10)
    with lab.boot(kernel=DEBUG_KERNEL, initrd=[TESTS], timeout=60) as q:
        q.wait_prompt()
        out = q.run("selftest module-gap %d" % gap, timeout=120)
        expect_in(out, "window debug on", "the gap test's banner (the debug kernel)")
        expect_in(out, "selftest module-gap: PASS",
                  "the verdict of 'selftest module-gap %d'" % gap)
        out = q.run("selftest module-race %d" % rounds, timeout=120)
        expect_in(out, "window debug on", "the race test's banner (the debug kernel)")
        expect_in(out, "selftest module-race: PASS",
                  "the verdict of 'selftest module-race %d'" % rounds)
        expect_eq(lsmod_row(q, "refmod"), None, "refmod in lsmod after the race tests")
        expect_eq(q.run("echo alive"), "alive", "the shell after the race tests")
        expect_clean_dmesg(q, "after the race tests (debug kernel)")


@points(10)
def test_mount_pins(lab):
    lab.expect_built()
    n = lab.rand_int(1, 3)
    with lab.boot() as q:
        q.wait_prompt()
        q.run("insmod %srefmod.ko" % M)
        for i in range(n):
            q.run("mkdir /m%d" % i)
            expect_eq(q.run("mount -t reffs x /m%d" % i), "", "mount -t reffs x /m%d" % i)
        expect_eq(refcount_of(q, "refmod"), n, "refmod's count with %d mounts" % n)
        expect_eq(q.run("rmmod refmod"), IN_USE, "plain rmmod while mounted")
        start_wait(q)
        poll(q, "lsmod", lambda o: "Unloading" in o, "refmod to be Unloading in lsmod")
        for i in range(n):
            expect_in(q.run("jobs"), "Running",
                      "jobs: rmmod --wait with %d of %d mounts left" % (n - i, n))
            expect_eq(q.run("umount /m%d" % i), "", "umount /m%d" % i)
        expect_in(q.run("wait", timeout=30), "Done (0)",
                  "rmmod --wait after the last umount")
        expect_eq(lsmod_row(q, "refmod"), None, "refmod in lsmod after the last umount")


def objdump(args):
    tool = "i686-linux-gnu-objdump"
    try:
        p = subprocess.run([tool] + args + [OBJ], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    except FileNotFoundError:
        p = subprocess.run(["objdump"] + args + [OBJ], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    if p.returncode:
        fail("objdump %s %s failed:\n%s" % (" ".join(args), OBJ, p.stdout))
    return p.stdout


def functions(text):
    """{name: [instruction text]} from objdump -d."""
    funcs, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"^[0-9a-f]+ <([^>]+)>:$", line)
        if m:
            cur = funcs.setdefault(m.group(1), [])
            continue
        m = re.match(r"^\s+[0-9a-f]+:\t(.+)$", line)     # '  2a:\tincl   (%edx,%eax,1)'
        if cur is not None and m:
            cur.append(m.group(1).strip())
    return funcs


# The full fence that module_put needs (its pairing with set_current_state):
# gcc writes __atomic_thread_fence(SEQ_CST) for i686 as a locked or of zero
# into the stack, which changes no memory.
FENCE = re.compile(r"^lock or[lb]? +\$0x0,\(%esp\)$")


@points(10)
def test_no_locked_ops(lab):
    lab.expect_built()
    funcs = functions(objdump(["-d", "--no-show-raw-insn"]))
    rmw = {"try_module_get": r"^(inc|add)l?\s", "__module_get": r"^(inc|add)l?\s",
           "module_put": r"^(dec|sub)l?\s"}
    for name, want in rmw.items():
        body = funcs.get(name)
        if body is None:
            fail("refcount.o has no function %s" % name)
        for ins in body:
            # xchg with memory is locked; xchg %ax,%ax is only gcc's padding.
            if (ins.startswith("xchg") and "(" in ins) or \
                    (ins.startswith("lock") and not FENCE.match(ins)):
                fail("%s uses '%s': a get or put changes only this CPU's counter, and needs"
                     " no locked instruction" % (name, ins))
            if re.search(r"call.*<(_raw_)?spin_lock", ins):
                fail("%s takes a spinlock ('%s')" % (name, ins))
        if not any(re.match(want, i) and "(" in i for i in body):
            fail("%s changes no counter in memory with one instruction (%s); its code is:\n  %s"
                 % (name, want, "\n  ".join(body)))


ALLOWED = {"wake_up_process", "udelay", "__udelay", "preempt_schedule", "__stack_chk_fail",
           "__fentry__", "mcount"}


@points(10)
def test_symbols(lab):
    lab.expect_built()
    undef = set()
    for line in objdump(["-t"]).splitlines():
        f = line.split()
        if len(f) >= 4 and "*UND*" in f:
            undef.add(f[-1])
    extra = sorted(undef - ALLOWED)
    if extra:
        fail("refcount.o calls %s; a get or put may call only %s" % (", ".join(extra),
                                                                     ", ".join(sorted(ALLOWED))))
    if "wake_up_process" not in undef:
        fail("refcount.o calls no wake_up_process (it calls: %s): module_put must wake the"
             " waiting remover" % (", ".join(sorted(undef)) or "nothing"))
