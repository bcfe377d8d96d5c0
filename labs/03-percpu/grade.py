"""Grader of the percpu lab (labs/03-percpu/handout.md says what each test
checks). Verdicts come from what the kernel reports (ps, lsmod, dmesg, the
debug kernel's fault on freed module memory), from totals the host
computes, and from pcount.ko read on the host; inputs are random."""

import os
import re
import struct
import time

import modpost
from gradelib import points
from qemu import ROOT, expect_eq, expect_not_in, fail, scaled

KO = "/lab/pcount.ko"
DEBUG_KERNEL = "build/debug/kernel.elf"
MODES = ("atomic", "spin", "percpu")


def read_pcount(q):
    text = q.run("cat /proc/pcount")
    st = {"cpus": {}}
    for line in text.splitlines():
        m = re.match(r"^cpu(\d+) (-?\d+)$", line)
        if m:
            st["cpus"][int(m.group(1))] = int(m.group(2))
            continue
        m = re.match(r"^(total|folded) (-?\d+)$", line)
        if m:
            st[m.group(1)] = int(m.group(2))
            continue
        m = re.match(r"^finished (\d+)/(\d+)$", line)
        if m:
            st["finished"] = (int(m.group(1)), int(m.group(2)))
    if "total" not in st or "finished" not in st:
        fail("cat /proc/pcount should show 'total N' and 'finished A/B' lines; it showed:\n"
             + text)
    return st


def wait_finished(q, what, timeout=40):
    deadline = time.monotonic() + scaled(timeout)
    while True:
        st = read_pcount(q)
        done, n = st["finished"]
        if done == n and n > 0:
            return st
        if n == 0:
            # insmod returned, so init has run: it made no counting thread.
            fail("%s: no counting threads after insmod returned; /proc/pcount: %s"
                 % (what, st))
        if time.monotonic() > deadline:
            fail("%s: the counting threads did not all finish within %ds; /proc/pcount: %s"
                 % (what, timeout, st))
        time.sleep(0.2)


def load(q, mode, per_cpu, iters):
    cmd = "insmod %s mode=%s per_cpu=%d iters=%d" % (KO, mode, per_cpu, iters)
    out = q.run(cmd)
    expect_not_in(out, "ERROR", "output of '%s'" % cmd)
    return cmd


def pcount_threads(q):
    """[(name, cpu)] of the module's threads, as ps shows them."""
    rows = []
    for line in q.run("ps").splitlines():
        f = line.split()
        if len(f) >= 5 and f[0].isdigit() and f[-1].startswith("pcount"):
            rows.append((f[-1], int(f[1])))
    return rows


def expect_clean_dmesg(q, what):
    log = q.run("dmesg")
    for bad in ("BUG", "Oops", "oops", "WARNING"):
        expect_not_in(log, bad, "kernel reports in dmesg " + what)


def spin_sizes(lab, smp):
    """per_cpu and iters for spin mode. When vCPUs outnumber the host's
    cores, a ticket lock hands over to vCPUs the host is not running, and
    each lock can cost milliseconds: so few adds at -smp 4, and many at
    -smp 2, where two vCPUs really run at once and adds without the lock
    lose updates."""
    if smp == 2:
        return 1, lab.rand_int(200000, 400000)
    return 1, lab.rand_int(2000, 4000)


@points(30)
def test_exact_totals(lab):
    lab.expect_built()
    for smp in (1, 2, 4):
        with lab.boot(smp=smp) as q:
            q.wait_prompt()
            for mode in MODES:
                per_cpu, iters = spin_sizes(lab, smp) if mode == "spin" else \
                    (lab.rand_int(1, 3), lab.rand_int(20000, 60000))
                cmd = load(q, mode, per_cpu, iters)
                st = wait_finished(q, cmd)
                expect_eq(st["total"], per_cpu * smp * iters,
                          "total after '%s' at -smp %d (%d threads x %d)"
                          % (cmd, smp, per_cpu * smp, iters))
                q.run("rmmod pcount")


@points(10)
def test_binding(lab):
    lab.expect_built()
    smp = 4
    with lab.boot(smp=smp) as q:
        q.wait_prompt()
        for _ in range(4):
            # Other threads made in between move the CPU a new thread would
            # get by itself, so only binding puts pcount/N on CPU N.
            for _ in range(lab.rand_int(0, 3)):
                q.run("echo x > /pcount-job &")
            q.run("wait")
            per_cpu, iters = lab.rand_int(1, 3), lab.rand_int(10000, 30000)
            cmd = load(q, "percpu", per_cpu, iters)
            st = wait_finished(q, cmd)
            expect_eq(st["cpus"], {c: per_cpu * iters for c in range(smp)},
                      "each CPU's slot after '%s'" % cmd)
            threads = [t for t in pcount_threads(q) if t[0].startswith("pcount/")]
            expect_eq(len(threads), per_cpu * smp, "pcount/N threads in ps after '%s'" % cmd)
            for name, cpu in threads:
                if name != "pcount/%d" % cpu:
                    fail("after '%s', ps shows thread %s on CPU %d: threads must be bound"
                         " to their CPU\n%s" % (cmd, name, cpu, q.run("ps")))
            q.run("rmmod pcount")


@points(10)
def test_fold(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        per_cpu, iters = lab.rand_int(1, 3), lab.rand_int(20000, 60000)
        cmd = load(q, "percpu", per_cpu, iters)
        st = wait_finished(q, cmd)
        deadline = time.monotonic() + scaled(1.0)     # ten fold periods
        while st.get("folded") != st["total"] and time.monotonic() < deadline:
            time.sleep(0.05)
            st = read_pcount(q)
        expect_eq(st.get("folded"), st["total"], "folded total after '%s' (then a second)" % cmd)
        # And it stays so: each fold is a fresh sum, not added to the last.
        for _ in range(5):
            time.sleep(0.1)     # one fold period between readings
            again = read_pcount(q)
            expect_eq(again.get("folded"), st["total"],
                      "folded total read again, a fold period later, after '%s'" % cmd)


@points(15)
def test_stop_on_rmmod(lab):
    lab.expect_built()
    with lab.boot(kernel=DEBUG_KERNEL) as q:
        q.wait_prompt()
        for _ in range(3):
            mode = lab.rng.choice(MODES)
            per_cpu = 1 if mode == "spin" else lab.rand_int(1, 3)
            cmd = load(q, mode, per_cpu, 10000000)
            expect_eq(len([t for t in pcount_threads(q) if t[0].startswith("pcount/")]),
                      per_cpu * 4, "pcount/N threads in ps after '%s' at -smp 4" % cmd)
            time.sleep(lab.rand_int(0, 200) / 1000.0)   # a random moment of the run
            out = q.run("rmmod pcount", timeout=30)
            expect_not_in(out, "ERROR", "rmmod while '%s' counts" % cmd)
            expect_eq(pcount_threads(q), [], "pcount threads in ps after rmmod")
            expect_not_in(q.run("lsmod"), "pcount", "lsmod after rmmod")
        expect_eq(q.run("echo alive"), "alive", "the shell after the unloads")
        expect_clean_dmesg(q, "after rmmod of running threads (debug kernel)")


@points(15)
def test_startup_race(lab):
    lab.expect_built()
    with lab.boot(kernel=DEBUG_KERNEL) as q:
        q.wait_prompt()
        # First a load whose threads must all be there.
        cmd = load(q, "percpu", 1, 10000000)
        expect_eq(len([t for t in pcount_threads(q) if t[0].startswith("pcount/")]), 4,
                  "pcount/N threads in ps after '%s' at -smp 4" % cmd)
        q.run("rmmod pcount", timeout=30)
        for i in range(30):
            mode = lab.rng.choice(MODES)
            # Both lines at once: rmmod comes right after init returns.
            q.send("insmod %s mode=%s per_cpu=%d iters=%d\nrmmod pcount\n"
                   % (KO, mode, 1 if mode == "spin" else lab.rand_int(1, 2),
                      lab.rand_int(1, 200000)))
            q.wait_prompt(timeout=30)
            q.wait_prompt(timeout=30)
        expect_eq(q.run("echo alive"), "alive", "the shell after 30 quick load/unloads")
        expect_eq(pcount_threads(q), [], "pcount threads in ps after the last rmmod")
        expect_clean_dmesg(q, "after 30 quick load/unloads (debug kernel)")


@points(10)
def test_lock_hygiene(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        for mode in MODES:
            per_cpu, iters = spin_sizes(lab, 4) if mode == "spin" else \
                (lab.rand_int(1, 3), lab.rand_int(20000, 40000))
            cmd = load(q, mode, per_cpu, iters)
            wait_finished(q, cmd)
            q.run("cat /proc/pcount")
            q.run("rmmod pcount")
        expect_clean_dmesg(q, "after every mode ran (lock debugging is on)")


def nr_cpus():
    with open(os.path.join(ROOT, "include", "modlab", "smpconfig.h")) as f:
        m = re.search(r"#define\s+NR_CPUS\s+(\d+)", f.read())
    return int(m.group(1))


@points(10)
def test_layout(lab):
    lab.expect_built()
    elf = modpost.Elf32(lab.ko("pcount.ko"))
    want = nr_cpus() * 64
    for sec in elf.sections:
        if sec["type"] != modpost.SHT_SYMTAB:
            continue
        strtab = elf.sections[sec["link"]]
        for off in range(sec["offset"] + 16, sec["offset"] + sec["size"], 16):
            name, value, size, info, _, shndx = struct.unpack_from("<IIIBBH", elf.data, off)
            if not name or elf._string(strtab, name) != "slots":
                continue
            home = elf.sections[shndx] if 0 < shndx < len(elf.sections) else None
            align = _addralign(elf, shndx)
            if size < want:
                fail("slots is %d bytes; one 64-byte line per CPU needs %d (NR_CPUS=%d)"
                     % (size, want, nr_cpus()))
            if value % 64 or align < 64:
                fail("slots is at offset %d of %s, aligned to %d: each slot must start a"
                     " 64-byte cache line" % (value, home["name"] if home else "?", align))
            return
    fail("pcount.ko has no symbol 'slots'")


def _addralign(elf, index):
    """sh_addralign of section index (modpost.Elf32 does not keep it)."""
    d = elf.data
    shoff, = struct.unpack_from("<I", d, 32)
    shentsize, = struct.unpack_from("<H", d, 46)
    return struct.unpack_from("<I", d, shoff + index * shentsize + 32)[0]
