"""Grader of the params lab (labs/01-params/handout.md says what each test
checks). Verdicts come from the kernel (the loader's errors, lsmod, free)
and from the host's own reading of greeter.ko; inputs are random from the
run's seed."""

import re
import struct

import modpost
from gradelib import points
from qemu import expect_eq, expect_in, expect_not_in, fail

KO = "/lab/greeter.ko"


def greeter_lines(text):
    """The greeter's own lines in a transcript, without the log prefix."""
    return [m.group(1) for m in re.finditer(r"^(?:\[[\s\d.]+\] )?greeter: (.*)$", text, re.M)]


def lsmod_names(q):
    return [line.split()[0] for line in q.run("lsmod").splitlines()[1:]]


def used_kib(q):
    m = re.search(r"^Mem:\s+\d+\s+(\d+)", q.run("free"), re.M)
    if not m:
        fail("free printed no Mem: line")
    return int(m.group(1))


def expect_no_bug(q, what):
    expect_not_in(q.run("dmesg"), "BUG", "kernel reports (BUG lines) in dmesg " + what)


def symbols(path):
    """{name: defined?} of the module's symbols, and the source files it was
    compiled from (its STT_FILE symbols)."""
    elf = modpost.Elf32(path)
    syms, files = {}, set()
    for sec in elf.sections:
        if sec["type"] != modpost.SHT_SYMTAB:
            continue
        strtab = elf.sections[sec["link"]]
        for off in range(sec["offset"] + 16, sec["offset"] + sec["size"], 16):
            name, _, _, info, _, shndx = struct.unpack_from("<IIIBBH", elf.data, off)
            if not name:
                continue
            text = elf._string(strtab, name)
            if info & 0xf == 4:         # STT_FILE
                files.add(text)
            else:
                syms[text] = shndx != 0
    return syms, files


@points(10, infra=True)
def test_builds_clean(lab):
    lab.expect_built()
    expect_not_in(lab.build_output.lower(), "warning:", "make's output (no warnings)")
    syms, files = symbols(lab.ko("greeter.ko"))
    for f in ("main.c", "fmt.c"):
        if f not in files:
            fail("greeter.ko should be linked from main.o and fmt.o; its objects come from: %s"
                 % ", ".join(sorted(files)))
    for fn in ("greeter_format", "greeter_sum"):
        if not syms.get(fn):
            fail("greeter.ko should define %s (fmt.c); it does not" % fn)


@points(10)
def test_modinfo(lab):
    lab.expect_built()
    info = modpost.Elf32(lab.ko("greeter.ko")).section_bytes(".modinfo") or b""
    entries = [e.decode(errors="replace") for e in info.split(b"\0") if e]
    for want in ("license=GPL", "parmtype=count:int", "parmtype=whom:charp",
                 "parmtype=loud:bool", "parmtype=nums:array of int"):
        if want not in entries:
            fail("greeter.ko's .modinfo should hold '%s'; it holds: %s" % (want, entries))
    if not any(e.startswith("description=") and len(e) > len("description=") for e in entries):
        fail("greeter.ko's .modinfo has no description; it holds: %s" % entries)
    for p in ("count", "whom", "loud", "nums"):
        if not any(e.startswith("parm=%s:" % p) and len(e) > len("parm=%s:" % p)
                   for e in entries):
            fail("no description (MODULE_PARM_DESC) of parameter %s in .modinfo: %s"
                 % (p, entries))


@points(20)
def test_greets(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        for count in (1, lab.rand_int(2, 9), 100):
            whom, loud = lab.rand_word(), lab.rand_int(0, 1)
            cmd = "insmod %s count=%d whom=%s loud=%d" % (KO, count, whom, loud)
            out = q.run(cmd)
            expect_not_in(out, "ERROR", "output of '%s'" % cmd)
            word = "HELLO" if loud else "hello"
            want = ["%s, %s (%d/%d)" % (word, whom, i, count) for i in range(1, count + 1)]
            seen = [l for l in greeter_lines(out) if l.lower().startswith("hello")]
            expect_eq(seen, want, "the greetings of '%s'" % cmd)
            expect_in(lsmod_names(q), "greeter", "lsmod after insmod")
            q.run("rmmod greeter")
        expect_no_bug(q, "after the loads")


@points(15)
def test_array(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        nums = lab.rand_list(lab.rand_int(1, 8), -1000, 1000)
        cmd = "insmod %s nums=%s" % (KO, ",".join(map(str, nums)))
        out = q.run(cmd)
        expect_not_in(out, "ERROR", "output of '%s'" % cmd)
        expect_in(greeter_lines(out), "%d number(s), sum=%d" % (len(nums), sum(nums)),
                  "the sum line of '%s'" % cmd)
        q.run("rmmod greeter")
        nine = lab.rand_list(9, 1, 99)
        cmd = "insmod %s nums=%s" % (KO, ",".join(map(str, nine)))
        out = q.run(cmd)
        expect_in(out, "insmod: ERROR: could not insert module", "'%s' (nine numbers)" % cmd)
        expect_not_in(lsmod_names(q), "greeter", "lsmod after the refused load")
        expect_no_bug(q, "after the array loads")


@points(15)
def test_bad_count(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        # The edges of 1..100 and a value beyond each.
        for count in (0, 101, lab.rand_int(-1000, -1), lab.rand_int(102, 10000)):
            before = lsmod_names(q)
            cmd = "insmod %s count=%d whom=%s" % (KO, count, lab.rand_word())
            out = q.run(cmd)
            # init's -EINVAL, as kmod's insmod words it
            expect_in(out, "insmod: ERROR: could not insert module %s: Invalid parameters" % KO,
                      "'%s' (count out of range)" % cmd)
            expect_eq([l for l in greeter_lines(out) if l.lower().startswith("hello")], [],
                      "greetings printed by '%s'" % cmd)
            expect_eq(lsmod_names(q), before, "lsmod after '%s'" % cmd)
        expect_no_bug(q, "after the refused loads")


@points(10)
def test_goodbye(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        whom, nums = lab.rand_word(), lab.rand_list(lab.rand_int(0, 8), 0, 500)
        cmd = "insmod %s whom=%s" % (KO, whom) + (" nums=%s" % ",".join(map(str, nums))
                                                  if nums else "")
        expect_not_in(q.run(cmd), "ERROR", "output of '%s'" % cmd)
        out = q.run("rmmod greeter")
        expect_in(greeter_lines(out), "goodbye, %s, sum=%d" % (whom, sum(nums)),
                  "rmmod's goodbye after '%s'" % cmd)
        expect_not_in(lsmod_names(q), "greeter", "lsmod after rmmod")
        expect_no_bug(q, "after rmmod")


@points(20)
def test_no_leak(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        q.run("insmod %s whom=%s" % (KO, lab.rand_word()))   # warm the allocator's caches
        q.run("rmmod greeter")
        before = used_kib(q)
        for i in range(200):
            args = "count=%d whom=%s nums=%d,%d" % (lab.rand_int(1, 3), lab.rand_word(),
                                                    lab.rand_int(0, 9), lab.rand_int(0, 9))
            out = q.run("insmod %s %s" % (KO, args))
            if "ERROR" in out:
                fail("cycle %d: 'insmod %s %s' failed:\n%s" % (i, KO, args, out))
            q.run("rmmod greeter")
        after = used_kib(q)
        if after > before + 4:
            fail("memory in use grew from %d KiB to %d KiB over 200 load/unload cycles"
                 % (before, after))
        expect_no_bug(q, "after 200 cycles")
