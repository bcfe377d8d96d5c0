"""Grader of the exports lab (labs/02-exports/handout.md says what each test
checks). Verdicts come from the kernel (the loader's refusals, lsmod and
/proc/modules, free, dmesg), from the trusted probes in probe/ that call
kvstore's API and check every answer, from tables the host recomputes from
the seed, and from the student's modules read on the host."""

import re

import modpost
from gradelib import points
from qemu import expect_eq, expect_in, expect_not_in, fail

STORE, CLIENT = "/lab/kvstore.ko", "/lab/kvclient.ko"
PROBE, PROP, PROPDEL = "/lab/probe/kvprobe.ko", "/lab/probe/kvprop.ko", "/lab/probe/kvpropdel.ko"
DEBUG_KERNEL = "build/debug/kernel.elf"
REFUSED = "insmod: ERROR: could not insert module"


# ---- the host's model of kvprobe (probe/kvprobe.c) ----
def xorshift32(x):
    x ^= (x << 13) & 0xffffffff
    x ^= x >> 17
    x ^= (x << 5) & 0xffffffff
    return x


def probe_model(seed, threads, span, ops, fill=False):
    """{key: value} that kvprobe leaves in an empty table."""
    table = {}
    for t in range(threads):
        x = (seed ^ ((0x9e3779b9 * (t + 1)) & 0xffffffff)) or 1
        mine = {}

        def rand():
            nonlocal x
            x = xorshift32(x)
            return x

        def value(r):
            return (r >> 2) - 0x20000000

        for j in range(span if fill else 0):
            mine[j] = value(rand())
        for _ in range(ops):
            r, r2 = rand(), rand()
            j = r % span
            if r2 % 4 == 0:
                mine.pop(j, None)
            else:
                mine[j] = value(r2)
        for j, v in mine.items():
            table[j * threads + t] = v
    return table


def run_probe(q, lab, threads, span, ops, fill=False):
    """Load kvprobe with a random seed; check its verdict line against the
    host's model; return (the command, the model)."""
    seed = lab.rand_int(1, (1 << 32) - 1)
    cmd = "insmod %s seed=%d threads=%d span=%d ops=%d%s" % (PROBE, seed, threads, span, ops,
                                                            " fill=1" if fill else "")
    out = q.run(cmd, timeout=120)
    model = probe_model(seed, threads, span, ops, fill)
    expect_in(out, "kvprobe: seed=%d threads=%d present=%d mismatches=0"
              % (seed, threads, len(model)),
              "'%s': the probe checks each kv_put/kv_get/kv_del result against its own copy"
              " (the host expects %d keys present)" % (cmd, len(model)))
    return cmd, model


def listing(q, what, most):
    """/proc/kvstore as [(key, value)], every line checked. At most most + 1
    lines are read: a walk that never ends is cut there."""
    text = q.run("head -n %d /proc/kvstore" % (most + 1), timeout=60)
    rows = []
    for line in text.splitlines():
        m = re.match(r"^(\d+) (-?\d+)$", line)
        if not m:
            fail("%s: /proc/kvstore should have only 'KEY VALUE' lines; it has %r" % (what, line))
        rows.append((int(m.group(1)), int(m.group(2))))
    return rows


def expect_listing(q, model, what):
    want = sorted(model.items())
    rows = listing(q, what, len(want))
    if rows != want:
        keys = [k for k, _ in rows]
        dup = sorted({k for k in keys if keys.count(k) > 1})[:5] if len(keys) < 5000 else []
        missing = sorted(set(model) - set(keys))[:5]
        extra = sorted(set(keys) - set(model))[:5]
        fail("%s: /proc/kvstore should list %d pairs sorted by key; it lists %d.\n"
             "  keys listed twice (first 5): %s\n  keys missing: %s\n  keys not in the table: %s\n"
             "  out of order: %s\n  wrong values: %s"
             % (what, len(want), len(rows), dup, missing, extra, keys != sorted(keys),
                [(k, v, model[k]) for k, v in rows if k in model and model[k] != v][:5]))


def lsmod_rows(q):
    """{name: (users, used by)} from lsmod."""
    rows = {}
    for line in q.run("lsmod").splitlines()[1:]:
        f = line.split()
        rows[f[0]] = (int(f[2]), f[3] if len(f) == 5 else "")
    return rows


def proc_modules(q):
    """{name: (refcount, [users])} from /proc/modules, as Linux prints it."""
    rows = {}
    for line in q.run("cat /proc/modules").splitlines():
        f = line.split()
        users = [u for u in f[3].split(",") if u and u != "-"]
        rows[f[0]] = (int(f[2]), users)
    return rows


def expect_clean_dmesg(q, what):
    log = q.run("dmesg")
    for bad in ("BUG", "Oops", "WARNING"):
        expect_not_in(log, bad, "kernel reports in dmesg " + what)


def used_kib(q):
    m = re.search(r"^Mem:\s+\d+\s+(\d+)", q.run("free"), re.M)
    if not m:
        fail("free printed no Mem: line")
    return int(m.group(1))


def load_store(q):
    out = q.run("insmod " + STORE)
    expect_not_in(out, "ERROR", "insmod " + STORE)


def modinfo(path):
    info = modpost.Elf32(path).section_bytes(".modinfo") or b""
    return [e.decode(errors="replace") for e in info.split(b"\0") if e]


@points(10, infra=True)
def test_builds_clean(lab):
    lab.expect_built()
    expect_not_in(lab.build_output.lower(), "warning", "make's output (no warnings)")
    entries = modinfo(lab.ko("kvclient.ko"))
    if "depends=kvstore" not in entries:
        fail("kvclient.ko's .modinfo should say depends=kvstore (modpost writes it when"
             " kvclient calls kvstore's exports); it holds: %s" % entries)


@points(10)
def test_exports(lab):
    lab.expect_built()
    want = {"kv_put": "EXPORT_SYMBOL", "kv_get": "EXPORT_SYMBOL", "kv_del": "EXPORT_SYMBOL_GPL"}
    seen = {}
    with open(lab.ko("Module.symvers")) as f:
        for line in f:
            f5 = line.rstrip("\n").split("\t")
            if len(f5) >= 4 and f5[1] in want:
                seen[f5[1]] = (f5[2].split("/")[-1], f5[3])
    for sym, kind in want.items():
        expect_eq(seen.get(sym), ("kvstore", kind),
                  "%s in kvstore/Module.symvers (module, export flavour)" % sym)


@points(20)
def test_load_order(lab):
    lab.expect_built()
    keys = sorted(set(lab.rand_list(lab.rand_int(2, 8), 0, 100000)))
    lab.rng.shuffle(keys)
    base = lab.rand_int(-100000, 100000)
    cmd = "insmod %s keys=%s base=%d" % (CLIENT, ",".join(map(str, keys)), base)
    with lab.boot() as q:
        q.wait_prompt()
        out = q.run(cmd)
        expect_in(out, "%s %s: Unknown symbol in module" % (REFUSED, CLIENT),
                  "'%s' before kvstore is loaded" % cmd)
        expect_not_in(lsmod_rows(q), "kvclient", "lsmod after the refused kvclient")
        load_store(q)
        expect_not_in(q.run(cmd), "ERROR", "'%s' after kvstore" % cmd)
        expect_eq(proc_modules(q).get("kvstore"), (1, ["kvclient"]),
                  "kvstore's line in /proc/modules (refcount, used by) with kvclient loaded")
        expect_eq(lsmod_rows(q).get("kvstore", (None, ""))[1], "kvclient",
                  "kvstore's 'Used by' column in lsmod")
        expect_listing(q, {k: base + i for i, k in enumerate(keys)}, "after '%s'" % cmd)
        expect_eq(q.run("rmmod kvstore"), "rmmod: ERROR: Module kvstore is in use by: kvclient",
                  "rmmod kvstore while kvclient is loaded")
        expect_not_in(q.run("rmmod kvclient"), "ERROR", "rmmod kvclient")
        expect_listing(q, {}, "after rmmod kvclient (it deletes its keys)")
        expect_eq(proc_modules(q).get("kvstore"), (0, []),
                  "kvstore's line in /proc/modules after rmmod kvclient")
        expect_not_in(q.run("rmmod kvstore"), "ERROR", "rmmod kvstore once unused")
        expect_eq(lsmod_rows(q), {}, "lsmod at the end")


@points(15)
def test_gpl_only(lab):
    lab.expect_built()
    key, value = lab.rand_int(0, 1 << 30), lab.rand_int(-(1 << 30), 1 << 30)
    with lab.boot() as q:
        q.wait_prompt()
        load_store(q)
        cmd = "insmod %s key=%d value=%d" % (PROP, key, value)
        out = q.run(cmd)
        expect_not_in(out, "ERROR", "'%s': a proprietary module may call kv_put and kv_get"
                      % cmd)
        expect_in(out, "kvprop: %d=%d (0)" % (key, value),
                  "'%s': what the probe read back with kv_get" % cmd)
        cmd = "insmod %s key=%d" % (PROPDEL, key)
        out = q.run(cmd)
        expect_in(out, "%s %s: Unknown symbol in module" % (REFUSED, PROPDEL),
                  "'%s': kv_del must be refused to a proprietary module" % cmd)
        expect_in(q.run("dmesg"), "module kvpropdel: Unknown symbol kv_del (GPL-only export",
                  "the loader's reason in dmesg")
        expect_eq(proc_modules(q).get("kvstore"), (1, ["kvprop"]),
                  "kvstore's line in /proc/modules (the refused module is not a user)")
        run_probe(q, lab, 1, lab.rand_int(4, 12), lab.rand_int(20, 60))
        expect_eq(sorted(proc_modules(q).get("kvstore", (0, []))[1]), ["kvprobe", "kvprop"],
                  "kvstore's users in /proc/modules (a GPL module may call kv_del)")


@points(15)
def test_model(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        load_store(q)
        cmd, model = run_probe(q, lab, 1, lab.rand_int(20, 60), lab.rand_int(200, 400))
        expect_listing(q, model, "after '%s'" % cmd)


@points(10)
def test_long_listing(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        load_store(q)
        cmd, model = run_probe(q, lab, 4, lab.rand_int(700, 900), lab.rand_int(100, 300),
                               fill=True)
        expect_listing(q, model, "after '%s' (a listing of many pages)" % cmd)


@points(5)
def test_concurrency(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        for _ in range(3):
            load_store(q)
            cmd, model = run_probe(q, lab, 4, lab.rand_int(16, 48), lab.rand_int(1000, 2000))
            expect_listing(q, model, "after '%s' (4 threads on 4 CPUs)" % cmd)
            q.run("rmmod kvprobe")
            q.run("rmmod kvstore")
        expect_clean_dmesg(q, "after 3 rounds of 4 threads on 4 CPUs")


@points(10)
def test_unload_cleanup(lab):
    lab.expect_built()
    with lab.boot(kernel=DEBUG_KERNEL) as q:
        q.wait_prompt()
        for _ in range(2):
            load_store(q)
            run_probe(q, lab, 2, lab.rand_int(50, 100), lab.rand_int(50, 200), fill=True)
            q.run("rmmod kvprobe")
            expect_not_in(q.run("rmmod kvstore"), "ERROR", "rmmod kvstore")
            expect_not_in(q.run("ls /proc").split(), "kvstore", "ls /proc after rmmod kvstore")
            expect_eq(q.run("cat /proc/kvstore"),
                      "cat: /proc/kvstore: No such file or directory",
                      "reading /proc/kvstore after rmmod kvstore")
        load_store(q)
        expect_listing(q, {}, "after loading kvstore again")
        expect_clean_dmesg(q, "after the unloads (debug kernel: freed module memory is unmapped)")


@points(5)
def test_no_leak(lab):
    lab.expect_built()
    with lab.boot() as q:
        q.wait_prompt()
        load_store(q)       # warm the allocator's caches
        q.run("rmmod kvstore")
        before = used_kib(q)
        for i in range(10):
            load_store(q)
            run_probe(q, lab, 1, lab.rand_int(50, 100), lab.rand_int(50, 100), fill=True)
            q.run("rmmod kvprobe")
            expect_not_in(q.run("rmmod kvstore"), "ERROR", "rmmod kvstore, cycle %d" % (i + 1))
        after = used_kib(q)
        if after > before + 4:
            fail("memory in use grew from %d KiB to %d KiB over 10 cycles of load, fill, unload"
                 " (the pairs must be freed at exit)" % (before, after))
