#!/usr/bin/env python3
"""Module benchmark for modlab under QEMU: loading, unloading, counting users.

Boots build/kernel.elf with build/initrd.cpio and build/bench.cpio (which
holds bench_relocs.ko) at each -smp value, waits for
the shell prompt and, over the serial port:

  bench modules    load_module()/delete_module() of hello.ko and of
                   bench_relocs.ko (about 2000 relocations against every
                   kernel export; tools/bench/gen_relocmod.py), and one
                   export lookup, timed inside the kernel with the TSC
  bench refcount   get+put pairs on threads on 1, 2, 4, ... CPUs for four
                   reference-count schemes (per-CPU counters as modlab has
                   them, one shared atomic as Linux has today, a spinlocked
                   counter, the bench lab's), and each scheme's unload check
  insmod/rmmod     `insmod /lib/modules/hello.ko` then `rmmod hello`, typed
                   at the shell: wall clock from sending each line to the
                   next prompt, as a person sees it

The kernel prints one line per figure (see tests/kernel/bench.c):

  bench: NAME median=X min=Y n=N

and this script prints tables: load/unload latency (kernel and shell),
export lookups per second, and the reference-count table (one row per
scheme and CPU count; in it the CPU count is the boot's -smp value, with a
hammering thread on every CPU).

QEMU is killed after each boot, and no boot or command may take longer
than its timeout, so the script never hangs.

Standard library only.
"""

import argparse
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from boot import (KERNEL, QEMU_FLAGS, ROOT, core_count, cpu_model,  # noqa: E402
                  parse_smp, positive, qemu_version, rel, shell_marker, stop)
from smp import BootError, parse, read_until  # noqa: E402

INITRD = ROOT / "build" / "initrd.cpio"
BENCH_INITRD = ROOT / "build" / "bench.cpio"
MODDIR = ROOT / "build" / "modules"
SCHEMES = [
    ("percpu", "per-CPU counters (modlab)"),
    ("atomic", "one atomic, biased (Linux today)"),
    ("spin", "spinlocked counter"),
    ("lab", "the bench lab's scheme (tests/kernel/labref.c)"),
]

PROMPT = re.compile(rb"^# ", re.M)
DONE = re.compile(rb"^bench: done\s*$", re.M)
EXPORTS = re.compile(rb"^bench: exports kernel=(\d+)", re.M)


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


# ---------------------------------------------------------------- the .ko files

def ko_facts(path):
    """(relocations applied to loaded sections, undefined symbols), or None."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    if data[:4] != b"\x7fELF" or data[4] != 1:
        return None
    try:
        shoff, = struct.unpack_from("<I", data, 32)
        shentsize, shnum = struct.unpack_from("<HH", data, 46)
        secs = [struct.unpack_from("<IIIIIIIIII", data, shoff + i * shentsize)
                for i in range(shnum)]
        relocs = undefined = 0
        for (_name, typ, _flags, _addr, off, size, link, info, _al, entsize) in secs:
            if typ == 9 and info < shnum and secs[info][2] & 2:     # SHT_REL of SHF_ALLOC
                relocs += size // (entsize or 8)
            elif typ == 2:                                          # SHT_SYMTAB
                for i in range(1, size // (entsize or 16)):
                    st_name, _v, _s, _i, _o, shndx = struct.unpack_from(
                        "<IIIBBH", data, off + i * (entsize or 16))
                    if shndx == 0 and st_name:
                        undefined += 1
        return relocs, undefined
    except struct.error:
        return None


# ---------------------------------------------------------------- one boot

class Boot:
    """A QEMU at the shell prompt; commands typed, output collected."""

    def __init__(self, cmd, boot_timeout):
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.err,
                                     start_new_session=True)
        self.fd = self.proc.stdout.fileno()
        self.buf = b""
        try:
            self.wait(shell_marker, boot_timeout, "the prompt")
        except BaseException:
            # The caller never gets this object to close: kill QEMU here.
            self.close()
            raise

    def wait(self, done, timeout, what):
        self.buf = read_until(self.proc, self.fd, self.buf, done,
                              time.monotonic() + timeout, what)

    def send(self, line):
        try:
            self.proc.stdin.write(line.encode() + b"\n")
            self.proc.stdin.flush()
        except OSError as e:
            raise BootError("cannot write to QEMU: %s" % e, self.buf[-300:])

    def run(self, line, timeout):
        """Type a line; return (output between echo and prompt, seconds
        from sending to the prompt)."""
        start = len(self.buf)
        echo = re.compile(re.escape(line.encode()) + rb"\r?\n")
        t0 = time.perf_counter()
        self.send(line)
        found = {}

        def done(buf):
            e = found.get("echo") or echo.search(buf, start)
            if not e:
                return False
            found["echo"] = e
            p = PROMPT.search(buf, e.end())
            if p:
                found["prompt"] = p
            return p is not None

        self.wait(done, timeout, "the prompt after %r" % line)
        secs = time.perf_counter() - t0
        out = self.buf[found["echo"].end():found["prompt"].start()]
        return out.replace(b"\r", b"").decode(errors="replace"), secs

    def bench(self, sub, timeout):
        start = len(self.buf)
        self.send("bench " + sub)
        self.wait(lambda b: DONE.search(b, start) is not None, timeout,
                  "'bench: done' of bench %s" % sub)
        part = self.buf[start:]
        results, cpus = parse(part)
        m = EXPORTS.search(part)
        return results, cpus, int(m.group(1)) if m else None

    def close(self):
        stop(self.proc)
        self.err.close()

    def stderr_line(self):
        self.err.seek(0)
        msg = self.err.read().decode(errors="replace").strip()
        return msg.splitlines()[0] if msg else ""


def shell_rounds(boot, warmup, rounds, timeout):
    """insmod+rmmod of hello.ko at the prompt: lists of seconds."""
    ins, rm = [], []
    for i in range(warmup + rounds):
        out1, t1 = boot.run("insmod /lib/modules/hello.ko", timeout)
        out2, t2 = boot.run("rmmod hello", timeout)
        for out, what in ((out1, "insmod"), (out2, "rmmod")):
            if "ERROR" in out:
                raise BootError("%s failed: %s" % (what, out.strip()[:200]))
        if i >= warmup:
            ins.append(t1)
            rm.append(t2)
    return ins, rm


# ---------------------------------------------------------------- formatting

def med(res):
    return None if res is None or res.median is None else res.median


def fmt(v, digits=1):
    if v is None:
        return "-"
    if v >= 1000:
        return "%d" % round(v)
    if v >= 100:
        return "%.*f" % (max(0, digits - 1), v)
    return "%.*f" % (digits, v)


def cell(res, scale=1.0, digits=1, with_min=True):
    if res is None:
        return "-"
    if res.median is None:
        return "err" if res.error is not None else "skip"
    text = fmt(res.median / scale, digits)
    if with_min:
        text += " (%s)" % fmt(res.minimum / scale, digits)
    return text


def table(out, title, cols, rows, width=None):
    """rows: [(label, [cell text per column])]"""
    lw = max([len(title)] + [len(r[0]) for r in rows])
    cw = max([len(c) for c in cols] + [len(x) for r in rows for x in r[1]]) + 2
    print(file=out)
    print("%-*s%s" % (lw, title, "".join("%*s" % (cw, c) for c in cols)), file=out)
    for label, cells in rows:
        print("%-*s%s" % (lw, label, "".join("%*s" % (cw, c) for c in cells)), file=out)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(
        description="Time module loading and reference counting in modlab "
                    "under QEMU at several CPU counts.")
    ap.add_argument("--kernel", type=Path, default=KERNEL,
                    help="kernel ELF (default: build/kernel.elf)")
    ap.add_argument("--initrd", type=Path, default=INITRD,
                    help="initrd with /lib/modules (default: build/initrd.cpio)")
    ap.add_argument("--bench-initrd", type=Path, default=BENCH_INITRD,
                    help="archive with bench_relocs.ko, unpacked after the initrd "
                         "(default: build/bench.cpio)")
    ap.add_argument("--smp", type=parse_smp, default=[1, 2, 4, 8],
                    help="comma-separated CPU counts (default 1,2,4,8)")
    ap.add_argument("--shell-rounds", type=positive, default=20,
                    help="timed insmod+rmmod pairs at the shell (default 20)")
    ap.add_argument("--boot-timeout", type=float, default=30.0,
                    help="seconds to reach the prompt (default 30)")
    ap.add_argument("--timeout", type=float, default=240.0,
                    help="seconds for each bench command (default 240)")
    ap.add_argument("--qemu", default="qemu-system-i386",
                    help="QEMU binary (default qemu-system-i386)")
    ap.add_argument("--accel",
                    help="pass -accel ACCEL (default: QEMU's own, i.e. tcg)")
    args = ap.parse_args()

    qver = qemu_version(args.qemu)
    if qver is None:
        print("modules.py: cannot run %s (try tools/setup)" % args.qemu,
              file=sys.stderr)
        return 2
    for path in (args.kernel, args.initrd, args.bench_initrd):
        if not path.is_file():
            print("modules.py: %s not found (run make first)" % rel(path),
                  file=sys.stderr)
            return 2
    extra = ["-accel", args.accel] if args.accel else []

    out = sys.stdout
    print("modlab module benchmark (in-kernel 'bench modules' and 'bench refcount', "
          "TSC-timed; shell round trips by wall clock)", file=out)
    print("machine : %s, %s" % (cpu_model(), core_count()), file=out)
    print("qemu    : %s" % qver, file=out)
    print("accel   : %s" % (args.accel or "QEMU default (tcg)"), file=out)
    print("host    : load average %s at the start (1, 5, 15 min)" % loadavg(), file=out)
    print("flags   : %s" % " ".join(QEMU_FLAGS + extra), file=out)
    print("kernel  : %s, initrd %s,%s" % (rel(args.kernel), rel(args.initrd),
                                          rel(args.bench_initrd)), file=out)
    for name in ("hello", "bench_relocs"):
        facts = ko_facts(MODDIR / (name + ".ko"))
        if facts:
            print("module  : %s.ko: %d relocations, %d undefined symbols"
                  % (name, facts[0], facts[1]), file=out)
    print("runs    : one boot per CPU count; %d shell round(s) after 3 warm-up; "
          "timeouts %g s to the prompt, %g s per bench command"
          % (args.shell_rounds, args.boot_timeout, args.timeout), file=out)
    out.flush()

    mods, rcs, shells, exports, notes = {}, {}, {}, None, []
    failed = False
    progress = sys.stderr.isatty()
    for smp in args.smp:
        cmd = ([args.qemu] + QEMU_FLAGS + ["-smp", str(smp)] + extra
               + ["-kernel", str(args.kernel),
                  "-initrd", "%s,%s" % (args.initrd, args.bench_initrd)])
        boot = None
        step = "boot"
        try:
            if progress:
                print("\rsmp %d: booting      " % smp, end="", file=sys.stderr, flush=True)
            t0 = time.monotonic()
            boot = Boot(cmd, args.boot_timeout)
            step = "bench modules"
            if progress:
                print("\rsmp %d: %s" % (smp, step), end="", file=sys.stderr, flush=True)
            mods[smp], cpus, n = boot.bench("modules", args.timeout)
            exports = exports or n
            if cpus != smp:
                notes.append("smp %d: kernel reports %s CPUs online" % (smp, cpus))
            step = "bench refcount"
            if progress:
                print("\rsmp %d: %s" % (smp, step), end="", file=sys.stderr, flush=True)
            rcs[smp], _, _ = boot.bench("refcount", args.timeout)
            step = "insmod/rmmod at the shell"
            if progress:
                print("\rsmp %d: shell rounds  " % smp, end="", file=sys.stderr, flush=True)
            shells[smp] = shell_rounds(boot, 3, args.shell_rounds, 30.0)
            notes.append("smp %d: boot and all measurements took %.0f s"
                         % (smp, time.monotonic() - t0))
        except BootError as e:
            failed = True
            problem = e.problem
            if boot is not None and "exited" in problem and boot.stderr_line():
                problem += ": " + boot.stderr_line()
            notes.append("smp %d, %s: %s" % (smp, step, problem))
            tail = e.tail.decode(errors="replace").replace("\r", "")
            tail = [l for l in tail.strip().splitlines() if l.strip()][-4:]
            if tail:
                notes.append("smp %d: last output: %s" % (smp, " | ".join(tail)))
        finally:
            if boot is not None:
                boot.close()
        for res in list(mods.get(smp, {}).values()) + list(rcs.get(smp, {}).values()):
            if res.error is not None:
                failed = True
        for name, res in sorted(list(mods.get(smp, {}).items()) + list(rcs.get(smp, {}).items())):
            if res.error is not None:
                notes.append("smp %d: %s failed (error %s)" % (smp, name, res.error))
    if progress:
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr, flush=True)

    cols = ["smp %d" % s for s in args.smp]

    # ---- load and unload
    rows = []
    for key, label in (("load_hello_ns", "hello.ko load_module"),
                       ("unload_hello_ns", "hello.ko delete_module"),
                       ("load_relocs_ns", "bench_relocs.ko load_module"),
                       ("unload_relocs_ns", "bench_relocs.ko delete_module")):
        rows.append((label, [cell(mods.get(s, {}).get(key), 1000.0)
                             for s in args.smp]))
    table(out, "in-kernel, us: median (min)", cols, rows)
    first = args.smp[0]
    lo = med(mods.get(first, {}).get("load_hello_ns"))
    hi = med(mods.get(first, {}).get("load_relocs_ns"))
    fh, fr = ko_facts(MODDIR / "hello.ko"), ko_facts(MODDIR / "bench_relocs.ko")
    if lo and hi and fh and fr and fr[0] > fh[0]:
        print("  at -smp %d bench_relocs.ko takes %s us more to load than hello.ko: "
              "+%d relocations, +%d symbols to look up;\n  about %.0f ns per extra "
              "relocation, everything included" % (first, fmt((hi - lo) / 1000.0),
                                                   fr[0] - fh[0], fr[1] - fh[1],
                                                   (hi - lo) / (fr[0] - fh[0])), file=out)
    print("  (load_module: checks, layout, copy, link, init; delete_module: two "
          "stop_machine calls, exit, free)", file=out)

    rows = []

    def shell_cell(smp, which):
        if smp not in shells:
            return "-"
        ins, rm = shells[smp]
        vals = {"insmod": ins, "rmmod": rm,
                "pair": [a + b for a, b in zip(ins, rm)]}[which]
        return "%s (%s)" % (fmt(statistics.median(vals) * 1e3), fmt(min(vals) * 1e3))

    for which, label in (("insmod", "insmod hello.ko"), ("rmmod", "rmmod hello"),
                         ("pair", "insmod + rmmod")):
        rows.append((label, [shell_cell(s, which) for s in args.smp]))
    table(out, "at the shell, ms: median (min)", cols, rows)
    print("  (each line's whole round trip; tools/bench/shell.py takes the echo off, "
          "and make bench-linux\n  measures Linux the same way beside modlab)", file=out)

    # ---- export lookups
    rows = [("ns per lookup", [cell(mods.get(s, {}).get("export_lookup_ns"))
                               for s in args.smp]),
            ("lookups per second (median)",
             ["%.2fM" % (1e3 / med(mods[s]["export_lookup_ns"]))
              if med(mods.get(s, {}).get("export_lookup_ns")) else "-"
              for s in args.smp])]
    table(out, "export lookup (find_export%s)"
          % (", %d kernel exports" % exports if exports else ""), cols, rows)

    # ---- reference counts
    def rc(smp, scheme, k, kind):
        return rcs.get(smp, {}).get("rc_%s_t%d_%s" % (scheme, k, kind))

    def rc_row(smp, scheme, k):
        pair = rc(smp, scheme, k, "pair_ns")
        rate = rc(smp, scheme, k, "kpairs_s")
        unl = rc(smp, scheme, k, "unload_ns")
        return [cell(pair, digits=1),
                fmt(med(rate) / 1000.0, 2) if med(rate) is not None else "-",
                cell(unl, 1000.0, digits=2)]

    rc_cols = ["ns/pair", "Mpairs/s total", "unload us"]
    rows = []
    for scheme, label in SCHEMES:
        for s in args.smp:
            rows.append(("%-7s %2d CPU%s" % (scheme, s, "s" if s > 1 else " "),
                         rc_row(s, scheme, s)))
    table(out, "reference counts, N CPUs, N threads", rc_cols, rows)
    for line in (
            "ns/pair: one get+put on one thread while its CPU runs (median batch of 64",
            "  pairs), median (min) over threads and five 100 ms windows",
            "Mpairs/s: all threads together by wall clock, median window",
            "unload: the scheme's release check on CPU 0 while the other threads hammer,",
            "  median (min): percpu = stop_machine + sum, atomic = subtract bias + test,",
            "  spin = lock + test",
            "schemes: " + "; ".join("%s = %s" % sl for sl in SCHEMES)):
        print("  " + line, file=out)

    big = max(args.smp)
    ks = sorted({int(m.group(1)) for name in rcs.get(big, {})
                 for m in [re.match(r"rc_\w+?_t(\d+)_", name)] if m})
    if len(ks) > 1:
        rows = []
        for scheme, _ in SCHEMES:
            for k in ks:
                rows.append(("%-7s %2d thread%s" % (scheme, k, "s" if k > 1 else " "),
                             rc_row(big, scheme, k)))
        table(out, "the same inside the -smp %d boot, fewer threads than CPUs" % big,
              rc_cols, rows)

    notes.append("host load average at the end: %s" % loadavg())
    print(file=out)
    print("notes:", file=out)
    for n in notes:
        print("  - " + n, file=out)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
